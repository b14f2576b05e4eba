/**
 * Reader for PDF files — stage 0 for `.pdf`: the text layer (no OCR) through PDF.js, turned into
 * the intermediate's conventions (see types.ts) from the page geometry alone:
 *  - text items are grouped into printed lines by baseline and ordered by x; a page is its lines
 *    top to bottom, pages are separated by a line holding only "\f";
 *  - a line starting ≥ 1.5 character widths right of the page's body margin is indented (two
 *    spaces per character of indent); a column-like gap (≥ 2 character widths) between two items
 *    on one line is a tab, so a table comes out as tab-separated rows;
 *  - a line in a clearly larger font than the body, or in a bold/黑体 font when the body is not,
 *    starts with "# ";
 *  - a vertical gap ≥ 1.8× the page's normal line spacing is one blank line;
 *  - a space PDF.js inserted where the layout shows no real gap (< 0.25 em next to CJK, < 0.2 em
 *    between Latin letters or digits) is removed: "2 0 2 1 年" → "2021年";
 *  - Kangxi/supplement radicals become the unified ideographs (radicals.ts).
 * Wrapped lines are NOT joined and running headers and page numbers stay: the shared layout
 * repair does that for every format. Every line of the output has an origin (page, line on page).
 */
import { createRequire } from 'node:module';
import { IngestError } from '../errors.ts';
import type { Diagnostic } from '../schema.ts';
import { unifyRadicals } from './radicals.ts';
import type { Origin, ReadContext, ReadDoc, Reader } from './types.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** Fewer characters than this over all pages: the PDF has no usable text layer. */
const MIN_TEXT_CHARS = 20;
/** Indent (in body character widths) from which a line counts as indented. */
const INDENT_EM = 1.5;
/** Horizontal gap (in character widths of the line) from which two items are separate cells. */
const TAB_EM = 2;
/** Smallest gap (em) that is a real space next to a CJK character, and between two Latin/digit characters. */
const SPACE_CJK_EM = 0.25;
const SPACE_LATIN_EM = 0.2;
/** Vertical gap (× normal line spacing) from which a blank line is kept. */
const BLANK_GAP = 1.8;
/** A line whose font is this much larger than the body is a heading. */
const HEADING_SIZE = 1.15;
/** Items whose baselines differ by less than this share of the font size are on one line. */
const BASELINE_TOL = 0.4;

let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** A directory inside the pdfjs-dist package as a path with a trailing slash (what PDF.js's Node file reader wants). */
function pdfjsDir(name: string): string {
  const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return `${pkg.slice(0, -'package.json'.length)}${name}/`;
}

// ---------------------------------------------------------------------------------------------
// Characters

/** Unreadable: Private Use Area, U+FFFD, control characters. */
const UNREADABLE = /[\ue000-\uf8ff\ufffd\u{f0000}-\u{10ffff}\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

/** A narrow (half-width) character: Latin, digits, ASCII punctuation, half-width forms. */
export function isNarrow(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp <= 0x24f || (cp >= 0x2000 && cp <= 0x2013) || (cp >= 0xff61 && cp <= 0xffdc);
}

// ---------------------------------------------------------------------------------------------
// Geometry

/** One text item of a page, in page units (origin bottom left). */
interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (em) and horizontal scale of the glyphs. */
  size: number;
  hscale: number;
  font: string;
}

/** A stretch of text without spaces, with its estimated horizontal extent. */
interface Run {
  text: string;
  x0: number;
  x1: number;
  size: number;
  font: string;
  /** PDF.js printed a space right before this run. */
  spaceBefore: boolean;
}

interface PrintedLine {
  y: number;
  x0: number;
  /** Font size covering most of the line's characters. */
  size: number;
  runs: Run[];
  chars: number;
  /** Characters in a bold font. */
  boldChars: number;
}

/** Per-font width model for estimating where spaces fall inside one PDF.js item. */
interface FontWidths {
  wide: number;
  narrow: number;
}

function toItems(content: Array<Record<string, unknown>>): { items: Item[]; rotated: number } {
  const items: Item[] = [];
  let rotated = 0;
  for (const it of content) {
    if (typeof it.str !== 'string' || it.str === '') continue;
    const t = it.transform as number[];
    if (Math.abs(t[1]) > 1e-3 || Math.abs(t[2]) > 1e-3 || t[0] <= 0 || t[3] <= 0) {
      if (it.str.trim()) rotated++;
      continue;
    }
    const str = it.str.replace(CONTROL, (c) => (c === '\t' ? ' ' : c));
    items.push({ str, x: t[4], y: t[5], width: it.width as number, size: t[3], hscale: t[0] / t[3], font: it.fontName as string });
  }
  return { items, rotated };
}

/** Calibrate per font how wide wide (CJK) and narrow characters are, from items without spaces. */
function calibrateWidths(pages: Item[][]): Map<string, FontWidths> {
  const acc = new Map<string, { wideEm: number; wideN: number; narrowEm: number; narrowN: number }>();
  for (const items of pages) {
    for (const it of items) {
      if (/\s/.test(it.str)) continue;
      const chars = [...it.str];
      const narrow = chars.filter(isNarrow).length;
      const wide = chars.length - narrow;
      const em = it.width / (it.size * it.hscale);
      const a = acc.get(it.font) ?? { wideEm: 0, wideN: 0, narrowEm: 0, narrowN: 0 };
      if (narrow === 0) {
        a.wideEm += em;
        a.wideN += wide;
      } else {
        // Wide glyphs are one em in every CJK font: what is left is the narrow ones' width.
        a.narrowEm += em - wide;
        a.narrowN += narrow;
      }
      acc.set(it.font, a);
    }
  }
  const out = new Map<string, FontWidths>();
  for (const [font, a] of acc) {
    const wide = a.wideN ? clamp(a.wideEm / a.wideN, 0.8, 1.2) : 1;
    const narrow = a.narrowN >= 3 ? clamp(a.narrowEm / a.narrowN, 0.25, 0.75) : 0.5;
    out.set(font, { wide, narrow });
  }
  return out;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Split an item at its spaces into runs and estimate each run's extent: the item's width minus
 * the estimated glyph widths is the room the spaces take, shared evenly between them.
 */
export function itemRuns(it: Item, widths: FontWidths | undefined): Run[] {
  const parts = it.str.split(/( +)/);
  const w = widths ?? { wide: 1, narrow: 0.5 };
  const em = it.size * it.hscale;
  const est = (s: string): number => [...s].reduce((n, ch) => n + (isNarrow(ch) ? w.narrow : w.wide), 0) * em;
  const texts: Array<{ text: string; spaces: number; est: number }> = [];
  let lead = 0;
  for (const p of parts) {
    if (p === '') continue;
    if (p.startsWith(' ')) {
      if (texts.length) texts[texts.length - 1].spaces += p.length;
      else lead += p.length;
    } else texts.push({ text: p, spaces: 0, est: est(p) });
  }
  if (!texts.length) return [];
  const innerSpaces = texts.slice(0, -1).reduce((n, t) => n + t.spaces, 0);
  const glyphs = texts.reduce((n, t) => n + t.est, 0);
  const slack = it.width - glyphs;
  const gap = innerSpaces && slack > 0 ? slack / innerSpaces : 0;
  const scale = slack < 0 || !innerSpaces ? it.width / glyphs : 1;
  const runs: Run[] = [];
  let x = it.x;
  texts.forEach((t, i) => {
    const wdt = t.est * scale;
    runs.push({ text: t.text, x0: x, x1: x + wdt, size: it.size, font: it.font, spaceBefore: i === 0 ? lead > 0 : texts[i - 1].spaces > 0 });
    x += wdt + gap * t.spaces;
  });
  return runs;
}

/** Group a page's items into printed lines (top to bottom), each ordered by x. */
function groupLines(items: Item[], widths: Map<string, FontWidths>, isBold: (font: string) => boolean): PrintedLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Item[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    const ref = g?.[0];
    if (ref && Math.abs(ref.y - it.y) <= BASELINE_TOL * Math.min(ref.size, it.size)) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => toLine(dedupe(g.sort((a, b) => a.x - b.x)), widths, isBold)).filter((l) => l.runs.length > 0);
}

/** Drop an item drawn twice at (nearly) the same place: a "fake bold" overprint. */
function dedupe(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    const twin = out.find((o) => o.str === it.str && Math.abs(o.x - it.x) < 0.3 * it.size && Math.abs(o.y - it.y) < 0.3 * it.size);
    if (!twin) out.push(it);
  }
  return out;
}

export function toLine(items: Item[], widths: Map<string, FontWidths>, isBold: (font: string) => boolean): PrintedLine {
  const runs: Run[] = [];
  let pendingSpace = false;
  const bySize = new Map<number, number>();
  let chars = 0;
  let boldChars = 0;
  for (const it of items) {
    const rs = itemRuns(it, widths.get(it.font));
    if (!rs.length) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) rs[0].spaceBefore = true;
    pendingSpace = / $/.test(it.str);
    runs.push(...rs);
    const n = rs.reduce((k, r) => k + [...r.text].length, 0);
    chars += n;
    if (isBold(it.font)) boldChars += n;
    const s = Math.round(it.size * 2) / 2;
    bySize.set(s, (bySize.get(s) ?? 0) + n);
  }
  runs.sort((a, b) => a.x0 - b.x0);
  const size = [...bySize.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  const y = items.reduce((m, it) => Math.min(m, it.y), Infinity);
  return { y, x0: runs[0]?.x0 ?? 0, size, runs, chars, boldChars };
}

/** What goes between two runs on one line: nothing, a space, or a tab (a column gap). */
function joint(a: Run, b: Run): '' | ' ' | '\t' {
  const em = Math.max(a.size, b.size);
  const gap = b.x1 > b.x0 ? b.x0 - a.x1 : 0;
  if (gap >= TAB_EM * em) return '\t';
  const last = [...a.text].pop()!;
  const first = [...b.text][0];
  const min = isNarrow(last) && isNarrow(first) ? SPACE_LATIN_EM : SPACE_CJK_EM;
  return gap >= min * em ? ' ' : '';
}

// ---------------------------------------------------------------------------------------------
// Document statistics

interface Stats {
  bodySize: number;
  bodyBold: boolean;
  /** Document-wide body margin and line spacing, for pages with too few lines of their own. */
  margin: number;
  spacing: number;
}

function mode(values: Map<number, number>): number | undefined {
  return [...values.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

function documentStats(pages: PrintedLine[][]): Stats {
  const sizes = new Map<number, number>();
  let chars = 0;
  let bold = 0;
  for (const lines of pages) for (const l of lines) {
    sizes.set(l.size, (sizes.get(l.size) ?? 0) + l.chars);
  }
  const bodySize = mode(sizes) ?? 12;
  for (const lines of pages) for (const l of lines) {
    if (l.size !== bodySize) continue;
    chars += l.chars;
    bold += l.boldChars;
  }
  const all = pages.flat();
  return {
    bodySize,
    bodyBold: chars > 0 && bold / chars > 0.5,
    margin: bodyMargin(all, bodySize) ?? Math.min(...all.map((l) => l.x0)),
    spacing: lineSpacing(pages, bodySize) ?? bodySize * 1.5,
  };
}

/** The body's left margin: the leftmost line start shared by a good share of the body-size lines. */
function bodyMargin(lines: PrintedLine[], bodySize: number): number | undefined {
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.75);
  const bins = new Map<number, number>();
  for (const l of body) bins.set(Math.round(l.x0), (bins.get(Math.round(l.x0)) ?? 0) + 1);
  const need = Math.max(2, Math.ceil(body.length * 0.1));
  const xs = [...bins.keys()].sort((a, b) => a - b);
  for (const x of xs) {
    const n = (bins.get(x) ?? 0) + (bins.get(x + 1) ?? 0);
    if (n >= need) return Math.min(...body.filter((l) => Math.round(l.x0) === x || Math.round(l.x0) === x + 1).map((l) => l.x0));
  }
  return undefined;
}

/** Normal baseline-to-baseline distance between consecutive body-size lines (median). */
function lineSpacing(pages: PrintedLine[][], bodySize: number): number | undefined {
  const d: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1];
      const b = lines[i];
      if (Math.abs(a.size - bodySize) < 0.75 && Math.abs(b.size - bodySize) < 0.75 && a.y > b.y) d.push(a.y - b.y);
    }
  }
  if (d.length < 2) return undefined;
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Fonts

const BOLD_NAME = /bold|black|heavy|demi|semibold|hei|黑|粗|-b$|,b$/i;

/** Is this PDF font name a bold or 黑体 face? Names in GBK bytes (#BA#DA#CC#E5) are decoded first. */
export function isBoldName(name: string): boolean {
  const plain = name.replace(/^[A-Z]{6}\+/, '');
  if (BOLD_NAME.test(plain)) return true;
  if (/[\u0080-\u00ff]/.test(plain) && [...plain].every((c) => c.charCodeAt(0) < 256)) {
    try {
      const bytes = Uint8Array.from([...plain].map((c) => c.charCodeAt(0)));
      return BOLD_NAME.test(new TextDecoder('gb18030', { fatal: true }).decode(bytes));
    } catch {
      return false;
    }
  }
  return false;
}

/** Real font names for the page's PDF.js font ids; loads them (operator list, images skipped) only when new ones appear. */
async function resolveFonts(page: PdfPage, ids: Set<string>, names: Map<string, string>): Promise<void> {
  const missing = [...ids].filter((id) => !names.has(id));
  if (!missing.length) return;
  await page.getOperatorList();
  for (const id of missing) {
    const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: string }) : null;
    names.set(id, font?.name ?? '');
  }
}

// ---------------------------------------------------------------------------------------------
// Page text

interface PageText {
  lines: string[];
  /** pageLine of each output line. */
  pageLines: number[];
  spacesRemoved: number;
}

function renderPage(lines: PrintedLine[], stats: Stats): PageText {
  const margin = bodyMargin(lines, stats.bodySize) ?? stats.margin;
  const spacing = lineSpacing([lines], stats.bodySize) ?? stats.spacing;
  const em = stats.bodySize;
  const out: PageText = { lines: [], pageLines: [], spacesRemoved: 0 };
  lines.forEach((l, i) => {
    if (i > 0 && lines[i - 1].y - l.y >= BLANK_GAP * spacing) {
      out.lines.push('');
      out.pageLines.push(i);
    }
    let text = l.runs[0].text;
    let tabs = false;
    for (let k = 1; k < l.runs.length; k++) {
      const j = joint(l.runs[k - 1], l.runs[k]);
      if (j === '' && l.runs[k].spaceBefore) out.spacesRemoved++;
      if (j === '\t') tabs = true;
      text += j + l.runs[k].text;
    }
    const indent = (l.x0 - margin) / em;
    const lead = indent >= INDENT_EM ? '  '.repeat(Math.max(1, Math.round(indent))) : '';
    out.lines.push(`${isHeading(l, stats) && !tabs ? '# ' : ''}${lead}${text}`);
    out.pageLines.push(i + 1);
  });
  return out;
}

function isHeading(l: PrintedLine, stats: Stats): boolean {
  if (l.size >= stats.bodySize * HEADING_SIZE) return true;
  return !stats.bodyBold && l.chars > 0 && l.boldChars / l.chars >= 0.8;
}

// ---------------------------------------------------------------------------------------------
// Loading, limits, errors

function loadError(file: string, e: unknown): IngestError {
  if (e instanceof IngestError) return e;
  const err = e as { name?: string; message?: string };
  if (err?.name === 'PasswordException') return new IngestError(file, 'is password-protected (encrypted PDF); remove the password (e.g. qpdf --decrypt) and ingest it again');
  if (err?.name === 'InvalidPDFException') return new IngestError(file, `is not a readable PDF (${err.message ?? 'invalid structure'}); is the file damaged or not a PDF at all?`);
  return new IngestError(file, `is not a readable PDF: ${err?.message ?? String(e)}`);
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void, file: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new IngestError(file, `took longer than ${(ms / 1000).toFixed(0)} s to read; the PDF is too large or too complex`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// The reader

export const readPdf: Reader = async (bytes, ctx) => {
  if (bytes.length > ctx.limits.maxBytes) throw new IngestError(ctx.file, `is ${(bytes.length / 2 ** 20).toFixed(1)} MB, over the ${(ctx.limits.maxBytes / 2 ** 20).toFixed(0)} MB limit for one plan file`);
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // PDF.js takes ownership of (detaches) the buffer it is given: pass a copy.
    data: bytes.slice(),
    cMapUrl: pdfjsDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsDir('standard_fonts'),
    wasmUrl: pdfjsDir('wasm'),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    // Text only: never decode an image.
    maxImageSize: 1,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: PdfDocument | null = null;
  try {
    return await withTimeout(
      (async () => {
        try {
          doc = await task.promise;
        } catch (e) {
          throw loadError(ctx.file, e);
        }
        return await readDocument(doc, ctx);
      })(),
      ctx.limits.timeoutMs,
      () => void task.destroy(),
      ctx.file,
    );
  } catch (e) {
    throw loadError(ctx.file, e);
  } finally {
    await task.destroy().catch(() => {});
  }
};

interface PageItems {
  items: Item[];
  fonts: Set<string>;
}

async function readDocument(doc: PdfDocument, ctx: ReadContext): Promise<ReadDoc> {
  const file = ctx.file;
  if (doc.numPages > ctx.limits.maxPages) throw new IngestError(file, `has ${doc.numPages} pages, over the ${ctx.limits.maxPages}-page limit for one plan file`);
  const names = new Map<string, string>();
  const pages: PageItems[] = [];
  let rotated = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const got = toItems(content.items as unknown as Array<Record<string, unknown>>);
    rotated += got.rotated;
    const fonts = new Set(got.items.map((i) => i.font));
    await resolveFonts(page, fonts, names);
    pages.push({ items: got.items, fonts });
    page.cleanup();
  }
  const diagnostics: Diagnostic[] = [];
  const isBold = (font: string): boolean => isBoldName(names.get(font) ?? '');

  // Characters: radicals mapped, unreadable ones counted per page.
  let total = 0;
  let unreadable = 0;
  let radicals = 0;
  const badPages: Array<{ page: number; n: number }> = [];
  pages.forEach((pg, i) => {
    let bad = 0;
    for (const it of pg.items) {
      const r = unifyRadicals(it.str);
      radicals += r.mapped;
      it.str = r.text;
      for (const ch of it.str) {
        if (ch === ' ') continue;
        total++;
        if (UNREADABLE.test(ch)) bad++;
      }
      it.str = it.str.replace(CONTROL, '');
    }
    unreadable += bad;
    if (bad) badPages.push({ page: i + 1, n: bad });
  });
  if (total < MIN_TEXT_CHARS) {
    throw new IngestError(file, `has no text layer (${total} character(s) of text on ${doc.numPages} page(s)); it is probably a scan: run OCR on it first (e.g. ocrmypdf) and ingest the result`);
  }
  if (unreadable / total > 0.5) {
    throw new IngestError(file, `text is mostly unreadable (${Math.round((100 * unreadable) / total)}% of characters could not be mapped to Unicode); the fonts carry no usable character map: run OCR on it, or export the text from the source document`);
  }

  const widths = calibrateWidths(pages.map((p) => p.items));
  const lines = pages.map((p) => groupLines(p.items, widths, isBold));
  const stats = documentStats(lines);
  const text: string[] = [];
  const origins: Origin[] = [];
  let spacesRemoved = 0;
  const firstLine: number[] = [];
  lines.forEach((pl, i) => {
    const page = i + 1;
    if (i > 0) {
      text.push('\f');
      origins.push({ page: i, pageLine: Math.max(1, lines[i - 1].length) });
    }
    firstLine.push(text.length + 1);
    const r = renderPage(pl, stats);
    spacesRemoved += r.spacesRemoved;
    r.lines.forEach((l, k) => {
      text.push(l);
      origins.push({ page, pageLine: Math.max(1, r.pageLines[k]) });
    });
  });

  if (radicals) diagnostics.push({ code: 'pdf-radicals', severity: 'info', message: `Mapped ${radicals} Kangxi/CJK radical character(s) to the unified ideographs they stand for (e.g. ⽅ → 方).` });
  if (spacesRemoved) diagnostics.push({ code: 'pdf-spaces', severity: 'info', message: `Removed ${spacesRemoved} space(s) the text layer put between characters that the layout sets without a gap.` });
  if (badPages.length) {
    const list = badPages.map((b) => `${b.page} (${b.n})`).join(', ');
    const first = firstLine[badPages[0].page - 1];
    const lastPage = badPages[badPages.length - 1].page;
    const last = lastPage < firstLine.length ? firstLine[lastPage] - 2 : text.length;
    diagnostics.push({ code: 'pdf-unmapped-glyphs', severity: 'warning', message: `${unreadable} character(s) could not be mapped to Unicode (private-use, U+FFFD or control characters) on page(s) ${list}.`, lines: [first, Math.max(first, last)] });
  }
  if (rotated) diagnostics.push({ code: 'pdf-rotated', severity: 'info', message: `Left out ${rotated} rotated or vertical text item(s) (margin notes, stamps, vertical text).` });
  const fontList = [...new Set(names.values())].filter(Boolean).map((n) => n.replace(/^[A-Z]{6}\+/, ''));
  diagnostics.push({ code: 'pdf-fonts', severity: 'info', message: `${doc.numPages} page(s), body text ${stats.bodySize} pt${stats.bodyBold ? ' (bold)' : ''}; fonts: ${fontList.join(', ') || 'unnamed'}.` });
  return { format: 'pdf', text: text.join('\n'), origins, encoding: 'binary', diagnostics };
}
