/**
 * Reader for Word files (`.docx`): stage 0 for DOCX. The zip is opened within bounds, the main
 * document, its styles and its numbering definitions are parsed (linkedom, XML mode, after a
 * well-formedness and size check of our own), and the body is walked in order into the
 * intermediate text the text seeds already follow (they are text extractions of DOCX files):
 *  - one paragraph (`w:p`) per line, empty paragraphs as empty lines;
 *  - a heading-styled paragraph (outline level, or a "heading n"/"标题 n" style) behind `# `;
 *  - Word's automatic numbering rendered in front of the paragraph ("一、", "（一）", "1.", "①",
 *    "第一章 ", "•"), since Word never stores it in the text (see ooxml-numbering.ts);
 *  - a table as one cell per line behind a leading tab, a blank line ending each row, with a blank
 *    line before and after it; merged cells padded so every row has the grid's width. A table of
 *    one column is a frame (a 专栏 box drawn as a table): its paragraphs are read as body lines.
 * `origins[i].para` is the 1-based body paragraph (`w:p`, table cells included) of line i + 1.
 * Not read: footnotes/endnotes, comments, headers/footers, text boxes and other drawings.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { DOMParser } from 'linkedom';
import { joinPieces } from '../clean.ts';
import { IngestError } from '../errors.ts';
import { endsSentence } from '../numbering.ts';
import type { Diagnostic } from '../schema.ts';
import { emptyNumbering, NumberingState, type NumberingDefs, type NumLevel } from './ooxml-numbering.ts';
import type { Origin, ReadContext, ReadDoc, Reader } from './types.ts';

/** The part of a DOM element this reader uses (linkedom's elements have it). */
export interface XmlEl {
  tagName: string;
  children: ArrayLike<XmlEl>;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/** Most elements the parts together may have: beyond it the file fails instead of parsing for minutes. */
export const MAX_ELEMENTS = 1_500_000;
/** The zip is fed to the inflater in pieces of this size, so one piece can expand to at most ~1000×. */
const ZIP_CHUNK = 16 * 1024;

const MAIN = 'word/document.xml';

/* ---------- zip ---------- */

interface Entry {
  name: string;
  originalSize: number;
}

/** The zip's entries as the central directory declares them (nothing inflated). */
function listEntries(bytes: Uint8Array, file: string): Map<string, Entry> {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new IngestError(file, 'is not a DOCX file: not a zip archive');
  const entries = new Map<string, Entry>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.set(f.name, { name: f.name, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new IngestError(file, `is not a DOCX file: the zip archive is unreadable (${(e as Error).message})`);
  }
  return entries;
}

/**
 * Inflate the named entries, refusing before inflating when their declared sizes add up past
 * the limit, and while inflating when the real bytes do (a header that lies about its size).
 */
function inflateEntries(bytes: Uint8Array, wanted: Entry[], ctx: ReadContext): Map<string, Uint8Array> {
  const limit = ctx.limits.maxExpandedBytes;
  const over = (n: number): IngestError =>
    new IngestError(ctx.file, `expands past the ${limit} byte limit for a DOCX (${n}+ bytes in ${wanted.map((w) => w.name).join(', ')}): refused as a possible zip bomb`);
  const declared = wanted.reduce((n, w) => n + w.originalSize, 0);
  if (declared > limit) throw over(declared);

  const names = new Set(wanted.map((w) => w.name));
  const out = new Map<string, Uint8Array[]>();
  let total = 0;
  let failure: Error | null = null;
  const uz = new Unzip((f) => {
    if (!names.has(f.name) || out.has(f.name)) return;
    const chunks: Uint8Array[] = [];
    out.set(f.name, chunks);
    f.ondata = (err, data) => {
      if (failure) return;
      if (err) {
        failure = new IngestError(ctx.file, `is not a DOCX file: ${f.name} cannot be inflated (${err.message})`);
        return;
      }
      total += data.length;
      if (total > limit) {
        failure = over(total);
        f.terminate();
        return;
      }
      chunks.push(data);
    };
    f.start();
  });
  uz.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !failure; i += ZIP_CHUNK) uz.push(bytes.subarray(i, i + ZIP_CHUNK), i + ZIP_CHUNK >= bytes.length);
  } catch (e) {
    failure ??= new IngestError(ctx.file, `is not a DOCX file: the zip archive is unreadable (${(e as Error).message})`);
  }
  if (failure) throw failure;
  const result = new Map<string, Uint8Array>();
  for (const [name, chunks] of out) {
    const buf = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) buf.set(c, (at += c.length) - c.length);
    result.set(name, buf);
  }
  return result;
}

/** Zip entry paths: "word/_rels/document.xml.rels" for "word/document.xml". */
const relsOf = (part: string): string => part.replace(/([^/]*)$/, '_rels/$1.rels');
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Relationship targets by type suffix ("officeDocument", "styles", "numbering") from a .rels part. */
function relTargets(xml: string | undefined, base: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const type = /\bType\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? '';
    const target = /\bTarget\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
    const mode = /\bTargetMode\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
    if (!target || mode === 'External') continue;
    const kind = type.split('/').pop()!;
    if (!map.has(kind)) map.set(kind, resolveTarget(base, target));
  }
  return map;
}

interface Parts {
  document: string;
  styles?: string;
  numbering?: string;
  mainName: string;
}

const utf8 = new TextDecoder('utf-8');

function readParts(bytes: Uint8Array, ctx: ReadContext): Parts {
  const entries = listEntries(bytes, ctx.file);
  const get = (names: string[]): Map<string, string> => {
    const found = names.map((n) => entries.get(n)).filter((e): e is Entry => !!e);
    const data = inflateEntries(bytes, found, ctx);
    return new Map([...data].map(([n, b]) => [n, utf8.decode(b)]));
  };
  const rootRels = get(['_rels/.rels']);
  let mainName = relTargets(rootRels.get('_rels/.rels'), '').get('officeDocument') ?? MAIN;
  if (!entries.has(mainName)) mainName = MAIN;
  if (!entries.has(mainName)) throw new IngestError(ctx.file, `is not a Word document: the zip has no ${MAIN}`);
  const docRels = get([relsOf(mainName)]);
  const targets = relTargets(docRels.get(relsOf(mainName)), mainName);
  const stylesName = targets.get('styles') ?? 'word/styles.xml';
  const numberingName = targets.get('numbering') ?? 'word/numbering.xml';
  const texts = get([mainName, stylesName, numberingName]);
  const document = texts.get(mainName);
  // The central directory lists the part, but its local entry could not be read (a damaged zip).
  if (document === undefined) throw new IngestError(ctx.file, `the zip archive is damaged: ${mainName} is listed but cannot be read`);
  return { document, styles: texts.get(stylesName), numbering: texts.get(numberingName), mainName };
}

/* ---------- XML ---------- */

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

/**
 * Well-formedness and size check before parsing (linkedom's XML mode accepts anything): tags
 * balance, one root, no DTD (no entity expansion), at most `budget` elements. Returns the count.
 */
export function checkXml(xml: string, part: string, file: string, budget: number): number {
  const fail = (at: number, why: string): never => {
    const line = xml.slice(0, at).split('\n').length;
    throw new IngestError(file, `is not a readable DOCX: ${part} is malformed XML (${why} at line ${line})`);
  };
  const stack: string[] = [];
  let roots = 0;
  let count = 0;
  let i = xml.indexOf('<');
  if (i < 0) fail(0, 'no root element');
  if (/\S/.test(xml.slice(0, i).replace(/^\ufeff/, ''))) fail(0, 'text before the root element');
  while (i >= 0) {
    if (xml.startsWith('<?', i)) {
      const e = xml.indexOf('?>', i);
      if (e < 0) fail(i, 'unterminated processing instruction');
      i = e + 2;
    } else if (xml.startsWith('<!--', i)) {
      const e = xml.indexOf('-->', i);
      if (e < 0) fail(i, 'unterminated comment');
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const e = xml.indexOf(']]>', i);
      if (e < 0) fail(i, 'unterminated CDATA section');
      i = e + 3;
    } else if (xml.startsWith('<!', i)) {
      fail(i, 'a DTD, which a Word part never has');
    } else {
      TAG.lastIndex = i;
      const m = TAG.exec(xml);
      if (!m) fail(i, 'a broken tag');
      const [whole, close, name, , selfClose] = m!;
      if (close) {
        if (selfClose) fail(i, 'a broken end tag');
        const open = stack.pop();
        if (open !== name) fail(i, open ? `</${name}> closing <${open}>` : `</${name}> without a start tag`);
      } else {
        if (stack.length === 0 && ++roots > 1) fail(i, 'a second root element');
        if (++count > budget) throw new IngestError(file, `is too large to read: ${part} has more than ${budget} XML elements`);
        if (!selfClose) stack.push(name);
      }
      i += whole.length;
    }
    const next = xml.indexOf('<', i);
    if (stack.length === 0 && /\S/.test(xml.slice(i, next < 0 ? undefined : next))) fail(i, 'text outside the root element');
    i = next;
  }
  if (stack.length) fail(xml.length, `<${stack[stack.length - 1]}> never closed`);
  if (roots === 0) fail(0, 'no root element');
  return count;
}

function parseXml(xml: string, part: string, file: string, budget: { left: number }): XmlEl {
  budget.left -= checkXml(xml, part, file, budget.left);
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as { documentElement: XmlEl | null };
  if (!doc.documentElement) throw new IngestError(file, `is not a readable DOCX: ${part} has no root element`);
  return doc.documentElement;
}

const kids = (el: XmlEl | undefined | null): XmlEl[] => (el ? Array.from(el.children) : []);
const child = (el: XmlEl | undefined | null, tag: string): XmlEl | undefined => kids(el).find((c) => c.tagName === tag);
const val = (el: XmlEl | undefined | null): string | undefined => el?.getAttribute('w:val') ?? undefined;
const intVal = (el: XmlEl | undefined | null): number | undefined => {
  const v = val(el);
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
};
/** An on/off property (`<w:b/>`, `<w:vanish w:val="0"/>`). */
const isOn = (el: XmlEl | undefined): boolean => !!el && !['0', 'false', 'off'].includes(val(el) ?? 'true');

/* ---------- styles ---------- */

interface NumRef {
  numId?: string;
  ilvl?: number;
}

interface StyleDef {
  id: string;
  name: string;
  type: string;
  basedOn?: string;
  outlineLvl?: number;
  numPr?: NumRef;
}

export interface Styles {
  byId: Map<string, StyleDef>;
  defaultPara?: string;
}

function numRefOf(pPr: XmlEl | undefined): NumRef | undefined {
  const np = child(pPr, 'w:numPr');
  if (!np) return undefined;
  const numId = val(child(np, 'w:numId'));
  const ilvl = intVal(child(np, 'w:ilvl'));
  return { ...(numId !== undefined ? { numId } : {}), ...(ilvl !== undefined ? { ilvl } : {}) };
}

export function parseStyles(root: XmlEl | undefined): Styles {
  const byId = new Map<string, StyleDef>();
  let defaultPara: string | undefined;
  for (const s of kids(root)) {
    if (s.tagName !== 'w:style') continue;
    const id = s.getAttribute('w:styleId') ?? '';
    const type = s.getAttribute('w:type') ?? 'paragraph';
    const pPr = child(s, 'w:pPr');
    byId.set(id, {
      id,
      type,
      name: val(child(s, 'w:name')) ?? id,
      basedOn: val(child(s, 'w:basedOn')),
      outlineLvl: intVal(child(pPr, 'w:outlineLvl')),
      numPr: numRefOf(pPr),
    });
    const isDefault = s.getAttribute('w:default');
    if (type === 'paragraph' && (isDefault === '1' || isDefault === 'true' || isDefault === 'on')) defaultPara = id;
  }
  return { byId, defaultPara };
}

/** The style and the ones it is based on, nearest first (cycles cut). */
function styleChain(styles: Styles, id: string | undefined): StyleDef[] {
  const chain: StyleDef[] = [];
  const seen = new Set<string>();
  let cur = id !== undefined ? styles.byId.get(id) : undefined;
  while (cur && !seen.has(cur.id) && chain.length < 32) {
    seen.add(cur.id);
    chain.push(cur);
    cur = cur.basedOn !== undefined ? styles.byId.get(cur.basedOn) : undefined;
  }
  return chain;
}

const HEADING_NAME = /^(?:heading|标题)\s*[1-9]$/i;

/* ---------- numbering definitions ---------- */

function parseLevel(lvl: XmlEl): NumLevel {
  const suff = val(child(lvl, 'w:suff'));
  const fonts = child(child(lvl, 'w:rPr'), 'w:rFonts');
  const restart = intVal(child(lvl, 'w:lvlRestart'));
  return {
    start: intVal(child(lvl, 'w:start')) ?? 0,
    numFmt: val(child(lvl, 'w:numFmt')) ?? 'decimal',
    lvlText: val(child(lvl, 'w:lvlText')) ?? '',
    ...(restart !== undefined ? { restart } : {}),
    ...(isOn(child(lvl, 'w:isLgl')) ? { legal: true } : {}),
    suffix: suff === 'space' || suff === 'nothing' ? suff : 'tab',
    ...(fonts ? { font: fonts.getAttribute('w:ascii') ?? fonts.getAttribute('w:hAnsi') ?? fonts.getAttribute('w:cs') ?? undefined } : {}),
  };
}

export function parseNumbering(root: XmlEl | undefined): NumberingDefs & { levelStyles: Map<string, { abstractId: string; ilvl: number }> } {
  const defs = emptyNumbering();
  /** `w:lvl/w:pStyle`: a paragraph style that sits at a given level of a list. */
  const levelStyles = new Map<string, { abstractId: string; ilvl: number }>();
  for (const el of kids(root)) {
    if (el.tagName === 'w:abstractNum') {
      const id = el.getAttribute('w:abstractNumId') ?? '';
      const levels = new Map<number, NumLevel>();
      for (const lvl of kids(el)) {
        if (lvl.tagName !== 'w:lvl') continue;
        const ilvl = Number(lvl.getAttribute('w:ilvl') ?? 0);
        levels.set(ilvl, parseLevel(lvl));
        const ps = val(child(lvl, 'w:pStyle'));
        if (ps !== undefined && !levelStyles.has(ps)) levelStyles.set(ps, { abstractId: id, ilvl });
      }
      defs.abstracts.set(id, levels);
      const link = val(child(el, 'w:numStyleLink'));
      if (link !== undefined) defs.styleLinks.set(id, link);
    } else if (el.tagName === 'w:num') {
      const id = el.getAttribute('w:numId') ?? '';
      const overrides = new Map<number, { start?: number; level?: NumLevel }>();
      for (const o of kids(el)) {
        if (o.tagName !== 'w:lvlOverride') continue;
        const start = intVal(child(o, 'w:startOverride'));
        const lvl = child(o, 'w:lvl');
        overrides.set(Number(o.getAttribute('w:ilvl') ?? 0), { ...(start !== undefined ? { start } : {}), ...(lvl ? { level: parseLevel(lvl) } : {}) });
      }
      defs.nums.set(id, { abstractId: val(child(el, 'w:abstractNumId')) ?? '', overrides });
    }
  }
  return { ...defs, levelStyles };
}

/* ---------- body ---------- */

/**
 * The lines of a paragraph from its pieces between soft line breaks (`w:br`, `w:cr`): a break
 * after a finished sentence, or before an indented piece ("　　2．…"), starts a new line (items of
 * a box typed as one paragraph); any other break runs on (a title wrapped by hand).
 */
export function breakLines(pieces: string[]): string[] {
  const lines: string[] = [];
  for (const piece of pieces) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].trim() !== '' && piece.trim() !== '' && !endsSentence(lines[last].trimEnd()) && !/^[\s\u3000]/.test(piece)) lines[last] = joinPieces(lines[last], piece);
    else if (last >= 0 && piece.trim() === '') continue;
    else if (last >= 0 && lines[last].trim() === '') lines[last] = piece;
    else lines.push(piece);
  }
  return lines.length ? lines : [''];
}

interface Out {
  lines: string[];
  origins: Origin[];
}

interface ParaText {
  /** Pieces between soft line breaks. */
  pieces: string[];
}

/** Walks the body: paragraphs in order, counters, fields, and the output lines. */
class BodyWalker {
  readonly styles: Styles;
  readonly numbering: NumberingState;
  readonly levelStyles: Map<string, { abstractId: string; ilvl: number }>;
  readonly numIdByAbstract = new Map<string, string>();
  readonly out: Out = { lines: [], origins: [] };
  readonly file: string;
  readonly deadline: number;
  /** Body paragraphs seen so far (table cells included): the current one's 1-based index. */
  para = 0;
  /** Open complex fields: 'code' until `separate`, then 'result'. */
  fields: Array<'code' | 'result'> = [];
  footnoteRefs = 0;
  deletions = 0;
  headings = 0;

  constructor(styles: Styles, defs: ReturnType<typeof parseNumbering>, file: string, deadline: number) {
    this.styles = styles;
    this.levelStyles = defs.levelStyles;
    for (const [numId, inst] of defs.nums) if (!this.numIdByAbstract.has(inst.abstractId)) this.numIdByAbstract.set(inst.abstractId, numId);
    this.numbering = new NumberingState(defs, (styleId) => styleChain(styles, styleId).find((s) => s.numPr?.numId)?.numPr?.numId);
    this.file = file;
    this.deadline = deadline;
  }

  emit(line: string, para: number): void {
    this.out.lines.push(line);
    this.out.origins.push({ para: Math.max(1, para) });
  }

  checkTime(): void {
    if (Date.now() > this.deadline) throw new IngestError(this.file, `took longer than the time limit to read (at body paragraph ${this.para})`);
  }

  /** Block-level content: body, table cell of a frame, content control. */
  blocks(container: XmlEl): void {
    for (const el of kids(container)) {
      const h = BLOCK_HANDLERS[el.tagName];
      if (h) h(this, el);
    }
  }

  /** One paragraph: its properties, its text, its numbering label; the line (without heading mark) and whether it is a heading. */
  paragraph(p: XmlEl): { text: string; more: string[]; heading: boolean; index: number } {
    const index = ++this.para;
    if ((index & 1023) === 0) this.checkTime();
    const pPr = child(p, 'w:pPr');
    const styleId = val(child(pPr, 'w:pStyle')) ?? this.styles.defaultPara;
    const chain = styleChain(this.styles, styleId);
    const outline = intVal(child(pPr, 'w:outlineLvl')) ?? chain.find((s) => s.outlineLvl !== undefined)?.outlineLvl;
    const heading = (outline !== undefined && outline >= 0 && outline <= 8) || chain.some((s) => HEADING_NAME.test(s.name) || /^heading[1-9]$/i.test(s.id));
    const t: ParaText = { pieces: [''] };
    for (const c of kids(p)) this.inline(c, t);
    const [first, ...more] = breakLines(t.pieces).map((l) => l.replace(/^\t+/, '').replace(/\s+$/, ''));
    const label = this.label(pPr, chain);
    const text = label ? (first === '' ? label.trimEnd() : label + first) : first;
    return { text, more, heading: heading && text !== '', index };
  }

  /** The automatic numbering label of a paragraph (advancing the counters), or ''. */
  label(pPr: XmlEl | undefined, chain: StyleDef[]): string {
    const direct = numRefOf(pPr);
    const fromStyle = chain.find((s) => s.numPr?.numId !== undefined);
    let numId = direct?.numId ?? fromStyle?.numPr?.numId;
    let ilvl = direct?.ilvl ?? (direct?.numId === undefined ? fromStyle?.numPr?.ilvl : undefined);
    if (numId === undefined) {
      // A style named by a list level (w:lvl/w:pStyle) is numbered at that level.
      const ls = chain.map((s) => this.levelStyles.get(s.id)).find(Boolean);
      if (!ls) return '';
      numId = this.numIdByAbstract.get(ls.abstractId);
      ilvl = ls.ilvl;
      if (numId === undefined) return '';
    }
    if (ilvl === undefined && fromStyle) ilvl = this.levelStyles.get(fromStyle.id)?.ilvl;
    return this.numbering.next(numId, Math.min(8, Math.max(0, ilvl ?? 0))) ?? '';
  }

  /** Inline content of a paragraph into its text pieces. */
  inline(el: XmlEl, t: ParaText): void {
    const h = INLINE_HANDLERS[el.tagName];
    if (h) h(this, el, t);
  }

  text(t: ParaText, s: string): void {
    if (this.fields.includes('code')) return;
    t.pieces[t.pieces.length - 1] += s;
  }
}

type BlockHandler = (w: BodyWalker, el: XmlEl) => void;
type InlineHandler = (w: BodyWalker, el: XmlEl, t: ParaText) => void;

const descend: InlineHandler = (w, el, t) => {
  for (const c of kids(el)) w.inline(c, t);
};

/** Run content, by element. */
const RUN_HANDLERS: Record<string, InlineHandler> = {
  'w:t': (w, el, t) => w.text(t, el.textContent ?? ''),
  'w:tab': (w, _el, t) => w.text(t, '\t'),
  'w:ptab': (w, _el, t) => w.text(t, '\t'),
  'w:br': (w, _el, t) => {
    if (!w.fields.includes('code')) t.pieces.push('');
  },
  'w:cr': (w, _el, t) => {
    if (!w.fields.includes('code')) t.pieces.push('');
  },
  'w:noBreakHyphen': (w, _el, t) => w.text(t, '-'),
  'w:sym': (w, el, t) => {
    const code = parseInt(el.getAttribute('w:char') ?? '', 16);
    // Symbol-font characters live in the private-use area (F0xx): only the plain ones are text.
    if (Number.isFinite(code) && !(code >= 0xe000 && code <= 0xf8ff)) w.text(t, String.fromCodePoint(code));
  },
  'w:fldChar': (w, el) => {
    const type = el.getAttribute('w:fldCharType');
    if (type === 'begin') w.fields.push('code');
    else if (type === 'separate' && w.fields.length) w.fields[w.fields.length - 1] = 'result';
    else if (type === 'end') w.fields.pop();
  },
  'w:footnoteReference': (w) => void w.footnoteRefs++,
  'w:endnoteReference': (w) => void w.footnoteRefs++,
};

/** Paragraph content, by element. Anything not listed (properties, bookmarks, drawings, deletions) is skipped. */
const INLINE_HANDLERS: Record<string, InlineHandler> = {
  'w:r': (w, el, t) => {
    if (isOn(child(child(el, 'w:rPr'), 'w:vanish'))) return;
    for (const c of kids(el)) RUN_HANDLERS[c.tagName]?.(w, c, t);
  },
  'w:hyperlink': descend,
  'w:ins': descend,
  'w:moveTo': descend,
  'w:smartTag': descend,
  'w:customXml': descend,
  'w:fldSimple': descend,
  'w:dir': descend,
  'w:bdo': descend,
  'w:sdt': (w, el, t) => descend(w, child(el, 'w:sdtContent') ?? ({ children: [] } as unknown as XmlEl), t),
  'w:del': (w) => void w.deletions++,
  'w:moveFrom': (w) => void w.deletions++,
  'm:oMathPara': descend,
  'm:oMath': (w, el, t) => w.text(t, mathText(el)),
};

function mathText(el: XmlEl): string {
  if (el.tagName === 'm:t') return el.textContent ?? '';
  return kids(el).map(mathText).join('');
}

/** Block content, by element. */
const BLOCK_HANDLERS: Record<string, BlockHandler> = {
  'w:p': (w, el) => {
    const p = w.paragraph(el);
    if (p.heading) w.headings++;
    w.emit(p.heading ? `# ${p.text}` : p.text, p.index);
    for (const line of p.more) w.emit(line, p.index);
  },
  'w:tbl': (w, el) => table(w, el),
  'w:sdt': (w, el) => {
    const c = child(el, 'w:sdtContent');
    if (c) w.blocks(c);
  },
  'w:customXml': (w, el) => w.blocks(el),
  'w:ins': (w, el) => w.blocks(el),
};

/* ---------- tables ---------- */

interface Cell {
  text: string;
  /** The cell's first paragraph. */
  para: number;
}

/** Rows of a table (content controls around rows and cells looked through). */
const rowsOf = (tbl: XmlEl): XmlEl[] => kids(tbl).flatMap((r) => (r.tagName === 'w:tr' ? [r] : r.tagName === 'w:sdt' ? rowsOf(child(r, 'w:sdtContent') ?? tbl) : []));
const cellsOf = (tr: XmlEl): XmlEl[] => kids(tr).flatMap((c) => (c.tagName === 'w:tc' ? [c] : c.tagName === 'w:sdt' ? cellsOf(child(c, 'w:sdtContent') ?? tr) : []));

/** All text of a cell on one line: its paragraphs (and nested tables' cells) run together. */
function cellText(w: BodyWalker, tc: XmlEl, first: { para: number }): string {
  let text = '';
  for (const el of kids(tc)) {
    if (el.tagName === 'w:p') {
      const p = w.paragraph(el);
      first.para ||= p.index;
      text = [p.text, ...p.more].reduce(joinPieces, text);
    } else if (el.tagName === 'w:tbl') {
      for (const tr of rowsOf(el)) for (const c of cellsOf(tr)) text = joinPieces(text, cellText(w, c, first));
    } else if (el.tagName === 'w:sdt' || el.tagName === 'w:customXml') {
      text = joinPieces(text, cellText(w, child(el, 'w:sdtContent') ?? el, first));
    }
  }
  // A tab inside a cell would split it in the cell-per-line layout.
  return text.replace(/\s*\t\s*/g, ' ');
}

function table(w: BodyWalker, tbl: XmlEl): void {
  const gridWidth = kids(child(tbl, 'w:tblGrid')).filter((g) => g.tagName === 'w:gridCol').length;
  const rows = rowsOf(tbl);
  const startPara = w.para + 1;
  if (gridWidth <= 1 && rows.every((r) => cellsOf(r).length <= 1)) return frame(w, rows, startPara);
  const grid: Cell[][] = [];
  for (const tr of rows) {
    const trPr = child(tr, 'w:trPr');
    const row: Cell[] = [];
    const pad = (n: number, para: number): void => {
      for (let k = 0; k < n; k++) row.push({ text: '', para });
    };
    pad(intVal(child(trPr, 'w:gridBefore')) ?? 0, w.para + 1);
    for (const tc of cellsOf(tr)) {
      const tcPr = child(tc, 'w:tcPr');
      const span = Math.max(1, Math.min(64, intVal(child(tcPr, 'w:gridSpan')) ?? 1));
      const vm = child(tcPr, 'w:vMerge');
      const first = { para: 0 };
      const text = cellText(w, tc, first);
      const para = first.para || w.para;
      // A vertically merged continuation shows nothing: the text sits in the cell above.
      row.push({ text: vm && val(vm) !== 'restart' ? '' : text, para });
      pad(span - 1, para);
    }
    pad(intVal(child(trPr, 'w:gridAfter')) ?? 0, w.para);
    grid.push(row);
  }
  const width = Math.max(gridWidth, ...grid.map((r) => r.length));
  w.emit('', startPara);
  for (const row of grid) {
    const last = row[row.length - 1]?.para ?? w.para;
    while (row.length < width) row.push({ text: '', para: last });
    for (const c of row) w.emit(`\t${c.text}`, c.para);
    w.emit('', last);
  }
  w.emit('', w.para);
}

/** A one-column table is a frame around body text (a box): its paragraphs are body lines, rows end with a blank line. */
function frame(w: BodyWalker, rows: XmlEl[], startPara: number): void {
  for (const tr of rows) {
    for (const tc of cellsOf(tr)) w.blocks(tc);
    w.emit('', Math.max(startPara, w.para));
  }
  if (rows.length) w.emit('', Math.max(startPara, w.para));
}

/* ---------- the reader ---------- */

export function readDocxSync(bytes: Uint8Array, ctx: ReadContext): ReadDoc {
  const started = Date.now();
  const parts = readParts(bytes, ctx);
  const budget = { left: MAX_ELEMENTS };
  const docRoot = parseXml(parts.document, parts.mainName, ctx.file, budget);
  const body = child(docRoot, 'w:body');
  if (!body) throw new IngestError(ctx.file, `is not a readable DOCX: ${parts.mainName} has no <w:body>`);
  const styles = parseStyles(parts.styles ? parseXml(parts.styles, 'word/styles.xml', ctx.file, budget) : undefined);
  const defs = parseNumbering(parts.numbering ? parseXml(parts.numbering, 'word/numbering.xml', ctx.file, budget) : undefined);

  const w = new BodyWalker(styles, defs, ctx.file, started + ctx.limits.timeoutMs);
  w.blocks(body);
  const diagnostics: Diagnostic[] = [];
  if (w.numbering.rendered) {
    diagnostics.push({ code: 'docx-numbering', severity: 'info', message: `${w.numbering.rendered} numbering label(s) were rendered from word/numbering.xml (Word's automatic numbering).` });
  }
  if (w.footnoteRefs) {
    diagnostics.push({ code: 'docx-footnotes', severity: 'info', message: `${w.footnoteRefs} footnote/endnote reference(s): their text is not read.` });
  }
  if (w.deletions) {
    diagnostics.push({ code: 'docx-tracked-deletions', severity: 'info', message: `${w.deletions} tracked deletion(s) were left out.` });
  }
  const text = w.out.lines.length ? `${w.out.lines.join('\n')}\n` : '';
  return { format: 'docx', text, origins: w.out.origins, encoding: 'binary', diagnostics };
}

export const readDocx: Reader = async (bytes, ctx) => readDocxSync(bytes, ctx);
