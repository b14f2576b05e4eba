/**
 * Test-only PDF generator: typesets a plan (the outline + blocks of a model from `ingestDoc`, or
 * a hand-written list of blocks) the way GB/T 9704 official documents look, with pdfkit and the
 * Noto Sans Hans fonts: A4, a 28-character text block in 16 pt, a running header (the short
 * title) and a "— N —" page number on every page, body paragraphs with a two-character first-line
 * indent hard-wrapped at the text width, headings bold and larger on their own lines, tables as
 * rows of cells at fixed x columns (so they extract as tab-separated cells), the header row
 * repeated after a page break. Deterministic: fixed dates, no random IDs.
 */
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, OutlineNode } from '../../src/ingest/schema.ts';

const FONT_DIR = join(import.meta.dirname, '../../node_modules/@embedpdf/fonts-sc/fonts');
const REGULAR = join(FONT_DIR, 'NotoSansHans-Regular.otf');
const BOLD = join(FONT_DIR, 'NotoSansHans-Bold.otf');

export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string; level: number }
  /** `stray`: the first paragraph of a section whose heading the source lacked (see `planBlocks`). */
  | { kind: 'paragraph'; text: string; stray?: boolean }
  | { kind: 'table'; header: string[]; rows: string[][]; caption?: string | null };

export interface MakePdfOptions {
  /** Running header on every page (the plan's short title). */
  header?: string;
  /** Body font size in pt (GB/T 9704: 三号 = 16 pt). */
  bodySize?: number;
  /** Print the table header again at the top of a page a table continues on (default true). */
  repeatTableHeader?: boolean;
  /** Break every table of ≥ 4 rows across a page after half its rows, if no page break falls inside it anyway. */
  breakTables?: boolean;
  /** Encrypt the PDF with this user password. */
  userPassword?: string;
}

export interface PlanLike {
  outline: OutlineNode[];
  blocks: Block[];
}

/**
 * A plan model's outline and blocks in reading order as blocks to typeset. The first paragraph of
 * a section whose heading the source text lacked (`missing` in the model) is marked `stray`: it is
 * printed as that source showed it, with a stray indent (as the DOCX and text-dump generators do).
 */
export function planBlocks(plan: PlanLike): PdfBlock[] {
  const missing = new Set(plan.outline.filter((o) => o.missing).map((o) => o.id));
  const firstOf = new Set(plan.blocks.filter((b, i) => missing.has(b.sectionId ?? '') && plan.blocks.findIndex((c) => c.sectionId === b.sectionId) === i));
  const items: Array<{ line: number; order: number; out: PdfBlock[] }> = [];
  plan.outline.forEach((o, i) => {
    if (o.missing) return;
    const text = headingText(o);
    if (text) items.push({ line: o.sourceLines[0], order: i, out: [{ kind: 'heading', text, level: o.kind === 'box' ? 3 : o.level }] });
  });
  plan.blocks.forEach((b, i) => {
    const order = plan.outline.length + i;
    if (b.type === 'paragraph') items.push({ line: b.sourceLines[0], order, out: b.text.split('\n').map((t, k) => ({ kind: 'paragraph', text: t, ...(k === 0 && firstOf.has(b) ? { stray: true } : {}) })) });
    else if (b.type === 'list') items.push({ line: b.sourceLines[0], order, out: b.items.map((it) => ({ kind: 'paragraph', text: joinLabel(it.label, it.text) })) });
    else items.push({ line: b.sourceLines[0], order, out: [{ kind: 'table', header: b.header, rows: b.rows.map((r) => r.cells), caption: b.caption }] });
  });
  items.sort((a, b) => a.line - b.line || a.order - b.order);
  return items.flatMap((i) => i.out);
}

const headingText = (o: OutlineNode): string => joinLabel(o.label ?? '', o.title ?? '');
/** "第一章" + "总体要求" → "第一章 总体要求"; "一、" + "发展回顾" → "一、发展回顾". */
const joinLabel = (label: string, text: string): string => (!label ? text : !text ? label : /[、.．）)]$/.test(label) ? label + text : `${label} ${text}`);

const MM = 72 / 25.4;

interface Layout {
  doc: PDFKit.PDFDocument;
  size: number;
  left: number;
  width: number;
  bottom: number;
  opts: MakePdfOptions;
}

/** Typeset blocks (or a plan model's outline + blocks) as a PDF. */
export async function makePdf(input: PlanLike | PdfBlock[], opts: MakePdfOptions = {}): Promise<Uint8Array> {
  const blocks = Array.isArray(input) ? input : planBlocks(input);
  const size = opts.bodySize ?? 16;
  const width = 28 * size;
  const left = (595.28 - width) / 2;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 37 * MM, bottom: 35 * MM, left, right: left },
    autoFirstPage: false,
    info: { CreationDate: new Date(Date.UTC(2022, 3, 1)), ModDate: new Date(Date.UTC(2022, 3, 1)), Producer: 'plan-atlas make-pdf', Creator: 'plan-atlas make-pdf' },
    ...(opts.userPassword ? { userPassword: opts.userPassword, ownerPassword: `${opts.userPassword}-owner` } : {}),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('R', REGULAR);
  doc.registerFont('B', BOLD);
  const L: Layout = { doc, size, left, width, bottom: 0, opts };
  let pageNo = 0;
  doc.on('pageAdded', () => {
    pageNo++;
    pageFurniture(L, pageNo);
  });
  doc.addPage();
  L.bottom = doc.page.height - doc.page.margins.bottom;
  for (const b of blocks) typeset(L, b);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Running header and page number, drawn in the margins without moving the text cursor. */
function pageFurniture(L: Layout, n: number): void {
  const { doc } = L;
  const { x, y } = doc;
  // The text being set when the page broke goes on in its own font and size, not the furniture's.
  const font = (doc as unknown as { _font: unknown })._font;
  const fontSize = (doc as unknown as { _fontSize: number })._fontSize;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  if (L.opts.header) {
    doc.font('R').fontSize(10.5).text(L.opts.header, L.left, 22 * MM, { width: L.width, align: 'center', lineBreak: false });
    doc.moveTo(L.left, 22 * MM + 16).lineTo(L.left + L.width, 22 * MM + 16).lineWidth(0.5).stroke();
  }
  doc.font('R').fontSize(14).text(`— ${n} —`, L.left, doc.page.height - 20 * MM, { width: L.width, align: 'center', lineBreak: false });
  doc.page.margins.bottom = bottom;
  (doc as unknown as { _font: unknown })._font = font;
  if (font) doc.fontSize(fontSize);
  doc.x = x;
  doc.y = y;
}

/**
 * Spaces as CJK typesetting sets them: a space stays with the characters on both sides ("和 2035
 * 年"), the line never breaks there (a no-break space: same glyph, same width).
 */
const keepSpaces = (text: string): string => text.replace(/ /g, '\u00a0');

function typeset(L: Layout, b: PdfBlock): void {
  const { doc, size } = L;
  const gap = size * 0.45;
  if (b.kind === 'title') {
    doc.font('B').fontSize(size * 1.375).text(keepSpaces(b.text), L.left, doc.y, { width: L.width, align: 'center', lineGap: gap });
    doc.moveDown(1);
  } else if (b.kind === 'heading') {
    const level1 = b.level <= 1;
    doc.font('B').fontSize(level1 ? size * 1.125 : size);
    if (level1) doc.moveDown(0.5);
    doc.text(keepSpaces(b.text), L.left, doc.y, { width: L.width, align: level1 ? 'center' : 'left', indent: level1 ? 0 : 2 * size, lineGap: gap });
  } else if (b.kind === 'paragraph') {
    doc.font('R').fontSize(size).text(keepSpaces(b.text), L.left, doc.y, { width: L.width, indent: (b.stray ? 3 : 2) * size, lineGap: gap });
  } else typesetTable(L, b);
}

/** A table: fixed columns sized to their content (the font shrinks until the widest row fits), cells left-aligned. */
function typesetTable(L: Layout, t: Extract<PdfBlock, { kind: 'table' }>): void {
  const { doc } = L;
  if (t.caption) doc.font('B').fontSize(L.size).text(keepSpaces(t.caption), L.left, doc.y, { width: L.width, align: 'center', lineGap: L.size * 0.45 });
  const ncol = Math.max(t.header.length, ...t.rows.map((r) => r.length));
  let size = 12;
  let cols = columnWidths(doc, t, ncol, size);
  while (cols.reduce((a, b) => a + b, 0) > L.width && size > 7) {
    size -= 0.5;
    cols = columnWidths(doc, t, ncol, size);
  }
  cols = fitColumns(cols, L.width);
  const pad = 2.5 * size;
  const rowGap = size * 0.6;
  const drawRow = (cells: string[], bold: boolean): void => {
    doc.font(bold ? 'B' : 'R').fontSize(size);
    const h = Math.max(...cols.map((w, c) => doc.heightOfString(keepSpaces(cells[c] ?? ''), { width: Math.max(size, w - pad) }))) + rowGap;
    if (doc.y + h > L.bottom) newTablePage();
    // The repeated header row (bold) may just have been drawn: this row's own font again.
    doc.font(bold ? 'B' : 'R').fontSize(size);
    const y = doc.y;
    let x = L.left;
    cols.forEach((w, c) => {
      const cell = cells[c] ?? '';
      if (cell) doc.text(keepSpaces(cell), x, y, { width: Math.max(size, w - pad) });
      x += w;
    });
    doc.x = L.left;
    doc.y = y + h;
  };
  const newTablePage = (): void => {
    doc.addPage();
    if (L.opts.repeatTableHeader !== false) drawRow(t.header, true);
  };
  const startPage = pageIndex(doc);
  drawRow(t.header, true);
  const half = Math.ceil(t.rows.length / 2);
  t.rows.forEach((r, i) => {
    if (L.opts.breakTables && t.rows.length >= 4 && i === half && pageIndex(doc) === startPage) newTablePage();
    drawRow(r, false);
  });
  doc.font('R').fontSize(L.size);
  doc.moveDown(0.5);
}

const pageIndex = (doc: PDFKit.PDFDocument): number => doc.bufferedPageRange().start + doc.bufferedPageRange().count;

function columnWidths(doc: PDFKit.PDFDocument, t: Extract<PdfBlock, { kind: 'table' }>, ncol: number, size: number): number[] {
  const widths = new Array<number>(ncol).fill(size);
  const measure = (cells: string[], font: string): void => {
    doc.font(font).fontSize(size);
    cells.forEach((c, i) => (widths[i] = Math.max(widths[i], doc.widthOfString(c))));
  };
  measure(t.header, 'B');
  for (const r of t.rows) measure(r, 'R');
  return widths.map((w) => w + 2.5 * size + 1);
}

/** Columns that do not fit: narrow ones keep their natural width, the rest share what is left (water-filling). */
function fitColumns(natural: number[], width: number): number[] {
  if (natural.reduce((a, b) => a + b, 0) <= width) return natural;
  const out = [...natural];
  let open = natural.map((_, i) => i);
  for (;;) {
    const fixed = natural.reduce((a, w, i) => a + (open.includes(i) ? 0 : w), 0);
    const share = (width - fixed) / open.length;
    const small = open.filter((i) => natural[i] <= share);
    if (!small.length) {
      for (const i of open) out[i] = share;
      return out;
    }
    open = open.filter((i) => natural[i] > share);
  }
}
