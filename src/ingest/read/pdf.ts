/**
 * Reader for PDF files — stage 0 for `.pdf`: the text layer (no OCR) through PDF.js, turned into
 * the intermediate's conventions (see types.ts) from the page geometry alone:
 *  - text items are grouped into printed lines by baseline and ordered by x; a page is its lines
 *    top to bottom, pages are separated by a line holding only "\f";
 *  - a line starting ≥ 1.5 character widths right of the page's body margin is indented (two
 *    spaces per character of indent); a column-like gap (≥ 2 character widths) between two items
 *    on one line is a tab;
 *  - a table (lines with column gaps, and the lines of wrapped cells between and below them) comes
 *    out as one tab-separated line per row with a cell for every column, empty where nothing
 *    stands: the columns are the union of the cells' extents, a printed line continues the row
 *    above when it is a line break inside a cell (by the row pitch, else by a missing 序号);
 *  - a line in a clearly larger font than the body, or in a bold/黑体 font when the body is not,
 *    starts with "# " (never a table line, nor the second line of a wrapped heading);
 *  - every printed text line has `Origin.full`: whether it runs to the text block's right edge,
 *    i.e. the room left at its end is less than the next line's first unbreakable piece needs;
 *  - a vertical gap ≥ 1.8× the page's normal line spacing is one blank line;
 *  - a space PDF.js inserted into letter-spaced text where the layout shows no real gap (< 0.17 em
 *    next to CJK, < 0.2 em between Latin letters or digits) is removed: "2 0 2 1 年" → "2021年";
 *    other spaces (a space glyph, a gap PDF.js measured) stay, so do no-break spaces (as spaces);
 *  - Kangxi/supplement radicals become the unified ideographs (radicals.ts).
 * Wrapped lines are NOT joined and running headers and page numbers stay: the shared layout
 * repair does that for every format. Every line of the output has an origin (page, line on page).
 */
import { createRequire } from 'node:module';
import { joinPieces } from '../clean.ts';
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
/**
 * Smallest gap (em) that is a real space next to a CJK character, and between two Latin/digit
 * characters. A CJK font's space glyph is 0.2–0.5 em (Noto Sans CJK: 0.224); letter tracking that
 * PDF.js reads as spaces is usually ≤ 0.15 em.
 */
const SPACE_CJK_EM = 0.17;
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
  /**
   * How far (page units) the estimated gap before this run may fall short of the real one: in
   * letter-spaced text the width estimate's uncertainty per space (Latin letters vary in width, CJK
   * glyphs do not); elsewhere unbounded (a space PDF.js printed inside an item is kept).
   */
  gapTol: number;
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

/**
 * Per-font width model for estimating where spaces fall inside one PDF.js item: the advance (em)
 * of each character class (see `charClass`).
 */
interface FontWidths {
  classes: number[];
}

/** Width classes: 0 wide (CJK, full-width), 1 digit, 2 Latin capital, 3 Latin small, 4 other narrow. */
function charClass(ch: string): number {
  if (!isNarrow(ch)) return 0;
  if (ch >= '0' && ch <= '9') return 1;
  if (ch >= 'A' && ch <= 'Z') return 2;
  if (ch >= 'a' && ch <= 'z') return 3;
  return 4;
}

/** How wrong (em) a class advance may be for one character of the class: letters and punctuation vary, digits hardly. */
const CLASS_DOUBT = [0, 0.02, 0.2, 0.2, 0.15];

/**
 * Letter-spaced (tracked or CJK-justified) text: PDF.js puts a space between every two glyphs, so
 * most pieces between spaces are single characters. Only there can a space be one PDF.js inserted
 * for a gap narrower than a space glyph (0.1–0.17 em); elsewhere a space in an item is a space
 * glyph or a gap PDF.js measured, and stays.
 */
function tracked(pieces: Array<{ text: string }>): boolean {
  const single = pieces.filter((p) => [...p.text].length === 1).length;
  return pieces.length >= 3 && single >= pieces.length * 0.6;
}

/** Uncertainty (em) of the estimated width of a text. */
function widthDoubt(text: string): number {
  let d = 0;
  for (const ch of text) d += CLASS_DOUBT[charClass(ch)];
  return d;
}

/** Typical advances of the classes (em), what a font is assumed to have where its text says nothing. */
const PRIOR_WIDTHS = [1, 0.55, 0.65, 0.5, 0.35];
/** Weight of the prior, in characters' worth of evidence. */
const PRIOR_WEIGHT = 2;

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
    // A tab or a no-break / fixed-width space is a space like any other (its gap decides what it is).
    const str = it.str.replace(CONTROL, (c) => (c === '\t' ? ' ' : c)).replace(/[\u00a0\u2002-\u200a\u202f]/g, ' ');
    items.push({ str, x: t[4], y: t[5], width: it.width as number, size: t[3], hscale: t[0] / t[3], font: it.fontName as string });
  }
  return { items, rotated };
}

/**
 * Calibrate per font the advance of each character class, from items without spaces: every item
 * is one equation (class counts × advances = its width), solved by least squares with a weak pull
 * towards the typical advances.
 */
function calibrateWidths(pages: Item[][]): Map<string, FontWidths> {
  const n = PRIOR_WIDTHS.length;
  const acc = new Map<string, { ata: number[][]; atb: number[] }>();
  for (const items of pages) {
    for (const it of items) {
      if (/\s/.test(it.str) || it.width <= 0) continue;
      const counts = new Array<number>(n).fill(0);
      for (const ch of it.str) counts[charClass(ch)]++;
      const em = it.width / (it.size * it.hscale);
      let a = acc.get(it.font);
      if (!a) acc.set(it.font, (a = { ata: PRIOR_WIDTHS.map((_, i) => PRIOR_WIDTHS.map((__, j) => (i === j ? PRIOR_WEIGHT : 0))), atb: PRIOR_WIDTHS.map((w) => PRIOR_WEIGHT * w) }));
      for (let i = 0; i < n; i++) {
        if (!counts[i]) continue;
        a.atb[i] += counts[i] * em;
        for (let j = 0; j < n; j++) a.ata[i][j] += counts[i] * counts[j];
      }
    }
  }
  const out = new Map<string, FontWidths>();
  for (const [font, a] of acc) {
    const w = solve(a.ata, a.atb) ?? PRIOR_WIDTHS;
    out.set(font, { classes: w.map((v, i) => (i === 0 ? clamp(v, 0.8, 1.2) : clamp(v, 0.15, 0.9))) });
  }
  return out;
}

/** Solve the linear system m·x = v (Gaussian elimination with partial pivoting); null if singular. */
function solve(m: number[][], v: number[]): number[] | null {
  const n = v.length;
  const a = m.map((row, i) => [...row, v[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < 1e-9) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Split an item at its spaces into runs and estimate each run's extent: the item's width minus
 * the estimated glyph widths is the room the spaces take, shared evenly between them.
 */
export function itemRuns(it: Item, widths: FontWidths | undefined): Run[] {
  const parts = it.str.split(/( +)/);
  const w = widths?.classes ?? PRIOR_WIDTHS;
  const em = it.size * it.hscale;
  const est = (s: string): number => [...s].reduce((n, ch) => n + w[charClass(ch)], 0) * em;
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
  const gapTol = !innerSpaces ? 0 : tracked(texts) ? (widthDoubt(texts.map((t) => t.text).join('')) * em) / innerSpaces : Infinity;
  texts.forEach((t, i) => {
    const wdt = t.est * scale;
    runs.push({ text: t.text, x0: x, x1: x + wdt, size: it.size, font: it.font, spaceBefore: i === 0 ? lead > 0 : texts[i - 1].spaces > 0, gapTol: i === 0 ? 0 : gapTol });
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
  return gap + (b.spaceBefore ? b.gapTol : 0) >= min * em ? ' ' : '';
}

// ---------------------------------------------------------------------------------------------
// Document statistics

interface Stats {
  bodySize: number;
  bodyBold: boolean;
  /** Document-wide body margin and line spacing, for pages with too few lines of their own. */
  margin: number;
  spacing: number;
  /** Document-wide right edge of the text block (the body lines' right ends). */
  right: number;
}

function mode(values: Map<number, number>): number | undefined {
  return [...values.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

function documentStats(pages: PrintedLine[][], bodyEnds: (bodySize: number) => number[]): Stats {
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
    right: rightEdge(bodyEnds(bodySize), bodySize),
  };
}

/**
 * The text block's right edge: the rightmost line end that a good share of the body lines come
 * within a character of (full lines end there, ragged by up to a character; an odd overlong line
 * does not move it).
 */
function rightEdge(ends: number[], bodySize: number): number {
  if (!ends.length) return Infinity;
  const sorted = [...ends].sort((a, b) => b - a);
  const need = Math.max(2, Math.ceil(sorted.length * 0.1));
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[lo] - sorted[hi] > bodySize) lo++;
    if (hi - lo + 1 >= need) return sorted[lo];
  }
  return sorted[0];
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
// Cells and tables

/** A stretch of a printed line between two column gaps (the whole line when it has none). */
interface Cell {
  text: string;
  x0: number;
  x1: number;
}

/** A printed line turned into text: its cells and how many PDF.js spaces were dropped from it. */
interface LaidLine {
  line: PrintedLine;
  text: string;
  cells: Cell[];
  spacesRemoved: number;
  /** Right end of the line's last glyph. */
  x1: number;
}

/** A column's horizontal extent [x0, x1]. */
type Column = [number, number];

/** A table on a page: printed lines [start, end) and its columns, left to right. */
interface TableBlock {
  start: number;
  end: number;
  columns: Column[];
}

/** One row of a table as the reader prints it: a cell per column, and its first printed line. */
interface TableRow {
  cells: string[];
  line: number;
}

/** A line further below the table's line above than this (× the table's font size) ends the table. */
const TABLE_GAP = 3;
/** Pitches up to this × the tightest one in a table are line breaks inside a cell; larger ones start rows. */
const CELL_PITCH = 1.12;

/** Join a line's runs into text (spaces and tabs from the gaps), and split it into cells at its tabs. */
function layLine(l: PrintedLine): LaidLine {
  const first = l.runs[0];
  let text = first.text;
  let spacesRemoved = 0;
  const cells: Cell[] = [{ text: first.text, x0: first.x0, x1: first.x1 }];
  for (let k = 1; k < l.runs.length; k++) {
    const r = l.runs[k];
    const j = joint(l.runs[k - 1], r);
    if (j === '' && r.spaceBefore) spacesRemoved++;
    text += j + r.text;
    const cell = cells[cells.length - 1];
    if (j === '\t') cells.push({ text: r.text, x0: r.x0, x1: r.x1 });
    else {
      cell.text += j + r.text;
      cell.x1 = Math.max(cell.x1, r.x1);
    }
  }
  return { line: l, text, cells, spacesRemoved, x1: Math.max(...cells.map((c) => c.x1)) };
}

/** Columns widened by the cells of one more line: a column is the union of the cell extents that overlap. */
export function mergeColumns(cols: Column[], cells: Array<{ x0: number; x1: number }>): Column[] {
  const spans: Column[] = [...cols, ...cells.map((c): Column => [c.x0, c.x1])].sort((a, b) => a[0] - b[0]);
  const out: Column[] = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The column a cell stands in: the one it overlaps most; -1 if it reaches into a neighbour's extent. */
export function columnOf(cell: { x0: number; x1: number }, cols: Column[]): number {
  if (!cols.length) return -1;
  const best = nearestColumn(cell, cols);
  const lo = best > 0 ? cols[best - 1][1] : -Infinity;
  const hi = best + 1 < cols.length ? cols[best + 1][0] : Infinity;
  return cell.x0 > lo && cell.x1 < hi ? best : -1;
}

/** The column whose extent a cell overlaps most (or is nearest to). */
function nearestColumn(cell: { x0: number; x1: number }, cols: Column[]): number {
  let best = 0;
  let score = -Infinity;
  cols.forEach(([a, b], c) => {
    const s = Math.min(b, cell.x1) - Math.max(a, cell.x0);
    if (s > score) {
      score = s;
      best = c;
    }
  });
  return best;
}

/**
 * Grow a table from a line with column gaps: the lines below it belong to it while they are in
 * the table's font size, close below the line above, and either have column gaps themselves or are
 * one piece that stays inside one column (a wrapped cell's next line).
 */
function growTable(laid: LaidLine[], start: number): TableBlock {
  let columns = mergeColumns([], laid[start].cells);
  const size = laid[start].line.size;
  let end = start + 1;
  for (; end < laid.length; end++) {
    const l = laid[end];
    const pitch = laid[end - 1].line.y - l.line.y;
    if (Math.abs(l.line.size - size) > 0.15 * size || pitch <= 0 || pitch > TABLE_GAP * size) break;
    if (l.cells.length >= 2) columns = mergeColumns(columns, l.cells);
    else if (columnOf(l.cells[0], columns) < 0) break;
  }
  return { start, end, columns };
}

/** Do two column sets describe the same table (each column of one overlaps exactly one of the other)? */
function sameColumns(a: Column[], b: Column[]): boolean {
  const hits = (c: Column, set: Column[]): number => set.filter(([x0, x1]) => Math.min(x1, c[1]) > Math.max(x0, c[0])).length;
  return a.every((c) => hits(c, b) === 1) && b.every((c) => hits(c, a) === 1);
}

/**
 * The tables of a page. A table that starts the page with the columns of the one that ended the
 * page before continues it: it keeps that table's columns (a column may be empty on this page).
 */
function findTables(laid: LaidLine[], before: Column[] | null): TableBlock[] {
  const out: TableBlock[] = [];
  for (let i = 0; i < laid.length; ) {
    if (laid[i].cells.length < 2) {
      i++;
      continue;
    }
    const t = growTable(laid, i);
    if (!out.length && before && sameColumns(before, t.columns)) t.columns = mergeColumns(before, t.columns.map(([x0, x1]) => ({ x0, x1 })));
    out.push(t);
    i = t.end;
  }
  return out;
}

/**
 * A table's rows, one cell per column (empty where nothing stands). A printed line continues the
 * row above when it is a line break inside a cell: where the table sets rows further apart than
 * the lines in a cell, by that pitch; else when the first column is a row number (序号) and the
 * line has none.
 */
function tableRows(laid: LaidLine[], t: TableBlock): TableRow[] {
  const pitches: number[] = [];
  for (let i = t.start + 1; i < t.end; i++) pitches.push(laid[i - 1].line.y - laid[i].line.y);
  const tight = Math.min(...pitches);
  const byPitch = pitches.some((p) => p > tight * 1.25);
  const placed = laid.slice(t.start, t.end).map((l) => {
    const cells = t.columns.map(() => '');
    for (const c of l.cells) {
      const k = nearestColumn(c, t.columns);
      cells[k] = cells[k] ? `${cells[k]} ${c.text}` : c.text;
    }
    return cells;
  });
  const numbered = placed.slice(1).some((c) => c[0] !== '') && placed.slice(1).every((c) => c[0] === '' || /^\d{1,3}$/.test(c[0]));
  const rows: TableRow[] = [];
  placed.forEach((cells, k) => {
    const row = rows[rows.length - 1];
    const continues = k > 0 && (byPitch ? pitches[k - 1] <= tight * CELL_PITCH : numbered && cells[0] === '');
    if (!continues) rows.push({ cells, line: t.start + k });
    else row.cells = row.cells.map((c, i) => joinPieces(c, cells[i]));
  });
  return rows;
}

/** Right ends of the body-size lines outside tables, for the text block's right edge. */
function bodyEnds(laid: LaidLine[][], tables: TableBlock[][], bodySize: number): number[] {
  const ends: number[] = [];
  laid.forEach((ll, p) => {
    const inTable = (i: number): boolean => tables[p].some((t) => i >= t.start && i < t.end);
    ll.forEach((l, i) => {
      if (Math.abs(l.line.size - bodySize) < 0.75 && !inTable(i)) ends.push(l.x1);
    });
  });
  return ends;
}

// ---------------------------------------------------------------------------------------------
// Page text

/** One line of the output for a page, with what `full` is decided from (text lines only). */
interface OutLine {
  text: string;
  pageLine: number;
  /** A printed text line: room left to the text block's right edge, font size, width of its first unbreakable piece. */
  fit?: { slack: number; size: number; unit: number };
}

interface PageText {
  lines: OutLine[];
  spacesRemoved: number;
}

/**
 * Characters a line may not end with (opening brackets) and may not start with (closing
 * punctuation); quotes bind both ways (UAX #14 class QU); an ASCII run (a number, a word, "1+4+N")
 * is not broken.
 */
const NO_BREAK_AFTER = /[“‘”’"'（(《〈「『【［〔{[+$¥£€#＃]/u;
const NO_BREAK_BEFORE = /[，。、；：？！,.;:?!“‘”’"'）)》〉」』】］〕}\]…%‰·\-—～]/u;
const WORD_CHAR = /[A-Za-z0-9.%+\-/&_]/;

/**
 * The first unbreakable piece of a line, as CJK line breaking sees it (UAX #14, roughly): a
 * character with the punctuation that may not be parted from it, a Latin word or number whole,
 * quotes binding both ways, and a space binding the characters on both sides ("和 2035 年").
 */
export function firstUnit(text: string): string {
  const chars = [...text];
  let n = Math.min(1, chars.length);
  while (n < chars.length) {
    const a = chars[n - 1];
    const b = chars[n];
    if (!(a === ' ' || b === ' ' || NO_BREAK_AFTER.test(a) || NO_BREAK_BEFORE.test(b) || (WORD_CHAR.test(a) && WORD_CHAR.test(b)))) break;
    n++;
  }
  return chars.slice(0, n).join('');
}

/** Width of what a typesetter cannot break at the start of a line: the room the line above lacked to take it. */
function unitWidth(l: LaidLine): number {
  let left = [...firstUnit(l.text).replace(/[ \t]/g, '')].length;
  const weight = (s: string): number => [...s].reduce((n, ch) => n + (isNarrow(ch) ? 0.5 : 1), 0);
  for (const r of l.line.runs) {
    const chars = [...r.text];
    if (left <= chars.length) {
      const all = weight(r.text);
      const part = weight(chars.slice(0, left).join(''));
      return r.x0 - l.line.x0 + (all > 0 ? ((r.x1 - r.x0) * part) / all : 0);
    }
    left -= chars.length;
  }
  return l.x1 - l.line.x0;
}

/** Room between a line's end and the text block's right edge. */
const slackOf = (l: LaidLine, right: number): number => right - l.x1;

function renderPage(laid: LaidLine[], tables: TableBlock[], stats: Stats, page: PrintedLine[]): PageText {
  const margin = bodyMargin(page, stats.bodySize) ?? stats.margin;
  const right = stats.right + (margin - stats.margin);
  const spacing = lineSpacing([page], stats.bodySize) ?? stats.spacing;
  const em = stats.bodySize;
  const out: PageText = { lines: [], spacesRemoved: 0 };
  const gapBefore = (i: number): void => {
    if (i > 0 && laid[i - 1].line.y - laid[i].line.y >= BLANK_GAP * spacing) out.lines.push({ text: '', pageLine: i });
  };
  const tableAt = new Map(tables.map((t) => [t.start, t]));
  for (let i = 0; i < laid.length; i++) {
    for (const s of laid.slice(i, tableAt.get(i)?.end ?? i + 1)) out.spacesRemoved += s.spacesRemoved;
    gapBefore(i);
    const t = tableAt.get(i);
    if (t) {
      for (const r of tableRows(laid, t)) out.lines.push({ text: r.cells.join('\t'), pageLine: r.line + 1 });
      i = t.end - 1;
      continue;
    }
    const l = laid[i];
    const indent = (l.line.x0 - margin) / em;
    // A wrapped heading's next line is neither a heading of its own nor indented (a centred one stands off the margin).
    const more = isHeading(l.line, stats) && continuesHeading(laid, i, right, stats);
    const lead = indent >= INDENT_EM && !more ? '  '.repeat(Math.max(1, Math.round(indent))) : '';
    const mark = isHeading(l.line, stats) && !more ? '# ' : '';
    out.lines.push({ text: `${mark}${lead}${l.text}`, pageLine: i + 1, fit: { slack: slackOf(l, right), size: l.line.size, unit: unitWidth(l) } });
  }
  return out;
}

function isHeading(l: PrintedLine, stats: Stats): boolean {
  if (l.size >= stats.bodySize * HEADING_SIZE) return true;
  return !stats.bodyBold && l.chars > 0 && l.boldChars / l.chars >= 0.8;
}

/** The second line of a wrapped heading: the line above is a heading in the same font that runs to the right edge. */
function continuesHeading(laid: LaidLine[], i: number, right: number, stats: Stats): boolean {
  const prev = laid[i - 1];
  const l = laid[i];
  if (!prev || prev.cells.length > 1 || !isHeading(prev.line, stats) || Math.abs(prev.line.size - l.line.size) > 0.5) return false;
  if (prev.line.boldChars > 0 !== l.line.boldChars > 0) return false;
  return isFull(slackOf(prev, right), prev.line.size, unitWidth(l));
}

/** A line is full when the room left at its end is less than the next line's first piece (at least a character) needs. */
function isFull(slack: number, size: number, nextUnit: number | undefined): boolean {
  return slack < Math.max(size, Math.min(nextUnit ?? 0, 6 * size)) + 0.25 * size;
}

/**
 * `full` for every printed text line of the document: judged against the next text line in the
 * same font size (across a page break, past running headers and page numbers in other sizes).
 */
function markFull(pages: PageText[]): Array<boolean | undefined> {
  const flat = pages.flatMap((p) => p.lines);
  const out: Array<boolean | undefined> = flat.map(() => undefined);
  for (let k = 0; k < flat.length; k++) {
    const fit = flat[k].fit;
    if (!fit) continue;
    let next: number | undefined;
    for (let j = k + 1; j < flat.length && j < k + 12; j++) {
      const f = flat[j].fit;
      if (f && Math.abs(f.size - fit.size) < 0.75) {
        next = f.unit;
        break;
      }
    }
    out[k] = isFull(fit.slack, fit.size, next);
  }
  return out;
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

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void, file: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new IngestError(file, `took longer than ${(ms / 1000).toFixed(0)} s to read; the PDF is too large or too complex`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
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
  const laid = lines.map((pl) => pl.map(layLine));
  let before: Column[] | null = null;
  const tables = laid.map((ll) => {
    const found = findTables(ll, before);
    const last = found[found.length - 1];
    before = last ? last.columns : null;
    return found;
  });
  const stats = documentStats(lines, (bodySize) => bodyEnds(laid, tables, bodySize));
  const rendered = laid.map((ll, i) => renderPage(ll, tables[i], stats, lines[i]));
  const full = markFull(rendered);
  const text: string[] = [];
  const origins: Origin[] = [];
  let spacesRemoved = 0;
  const firstLine: number[] = [];
  let k = 0;
  rendered.forEach((r, i) => {
    const page = i + 1;
    if (i > 0) {
      text.push('\f');
      origins.push({ page: i, pageLine: Math.max(1, lines[i - 1].length) });
    }
    firstLine.push(text.length + 1);
    spacesRemoved += r.spacesRemoved;
    for (const l of r.lines) {
      text.push(l.text);
      const f = full[k++];
      origins.push({ page, pageLine: Math.max(1, l.pageLine), ...(f === undefined ? {} : { full: f }) });
    }
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
