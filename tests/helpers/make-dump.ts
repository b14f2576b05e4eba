/**
 * Test-only text dump generator: typesets a plan (a model's outline + blocks, via `planBlocks`) as
 * the text a PDF-to-text tool prints for a GB/T 9704 document: lines hard-wrapped at a fixed width,
 * a two-character first-line indent (as spaces), headings on lines of their own, a running header
 * at the top and a "— N —" page number at the foot of every page, a form feed between pages, and
 * tables as tab-separated rows, broken across pages like any other line (the header row printed
 * again on the next page). No blank lines between paragraphs.
 */
import { planBlocks, type PdfBlock, type PlanLike } from './make-pdf.ts';

export interface DumpOptions {
  /** Characters (full-width) a line holds. */
  width?: number;
  /** Text lines a page holds. */
  pageLines?: number;
  header?: string;
  /** Page-number style: (n) => the printed line. */
  pageNumber?: (n: number) => string;
}

const cw = (ch: string): number => (ch.codePointAt(0)! < 0x1100 ? 0.5 : 1);

/** Wrap at `width` display columns; an indent of two full-width characters on the first line. ASCII runs are not broken. */
export function wrap(text: string, width: number, indent: number): string[] {
  const out: string[] = [];
  let line = '';
  let w = indent;
  // An ASCII run is never broken, and neither is a space: it stays with the characters on both
  // sides ("和 2035 年"), as CJK typesetting keeps the thin spaces around numbers.
  const tokens = text.match(/(?:[A-Za-z0-9.%+\-/&]+|[^ ])(?: +(?:[A-Za-z0-9.%+\-/&]+|[^ ]))*/gsu) ?? [];
  const units = tokens.flatMap((t) => (t.includes(' ') ? [t] : t.match(/[A-Za-z0-9.%+\-/&]+|./gsu) ?? []));
  for (const t of units) {
    const tw = [...t].reduce((n, c) => n + cw(c), 0);
    if (w + tw > width && line !== '') {
      out.push(line);
      line = '';
      w = 0;
    }
    line += t;
    w += tw;
  }
  if (line) out.push(line);
  if (out.length) out[0] = ' '.repeat(indent * 2) + out[0];
  return out;
}

/**
 * The first paragraph of a section whose heading the source text lacked (`missing` in the model) is
 * printed as that source showed it: with a stray indent, here half a character deeper.
 */
function strayParagraphs(plan: PlanLike): Set<string> {
  const missing = new Set(plan.outline.filter((o) => o.missing).map((o) => o.id));
  const out = new Set<string>();
  for (const id of missing) {
    const first = plan.blocks.find((b) => b.sectionId === id);
    if (first?.type === 'paragraph') out.add(first.text.split('\n')[0]);
  }
  return out;
}

export function makeDump(input: PlanLike | PdfBlock[], opts: DumpOptions = {}): string {
  const blocks = Array.isArray(input) ? input : planBlocks(input);
  const stray = Array.isArray(input) ? new Set<string>() : strayParagraphs(input);
  const width = opts.width ?? 30;
  const pageLines = opts.pageLines ?? 36;
  const number = opts.pageNumber ?? ((n: number) => `— ${n} —`);
  const pages: string[][] = [];
  let page: string[] = [];
  let tableHeader: string | null = null;
  const flush = (): void => {
    pages.push(page);
    page = [];
    if (tableHeader) page.push(tableHeader);
  };
  const put = (line: string): void => {
    if (page.length >= pageLines) flush();
    page.push(line);
  };
  for (const b of blocks) {
    tableHeader = null;
    if (b.kind === 'title' || b.kind === 'heading') put(b.text);
    else if (b.kind === 'paragraph') wrap(b.text, width, 2).forEach((l, k) => put(k === 0 && stray.has(b.text) ? ` ${l}` : l));
    else {
      if (b.caption) put(b.caption);
      const header = b.header.join('\t');
      put(header);
      tableHeader = header;
      for (const r of b.rows) put(r.join('\t'));
      tableHeader = null;
    }
  }
  if (page.length) pages.push(page);
  return pages.map((p, k) => [...(opts.header ? [opts.header, ''] : []), ...p, '', number(k + 1)].join('\n')).join('\n\f') + '\n';
}
