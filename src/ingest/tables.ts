/**
 * Tables as the extractions print them:
 *  - "cell-per-line": every cell on its own line behind a tab, a blank line ends a row
 *    (DOCX). A line without a tab between two cell lines continues the cell above it.
 *  - "tab-rows": one row per line, cells separated by tabs (PDF, Markdown); a row whose
 *    first cell is empty sits under a merged category cell.
 * A table split across pages (blank lines, a repeated caption, the header printed again)
 * is one table.
 */
import { joinPieces, type Line, squash } from './clean.ts';
import type { LineRange } from './schema.ts';

export interface RawRow {
  cells: string[];
  lines: LineRange;
}

export interface RawTable {
  format: 'cell-per-line' | 'tab-rows';
  header: string[];
  headerLines: LineRange;
  rows: RawRow[];
  lines: LineRange;
  /** Page-break repeats skipped inside the table: repeated titles and repeated header rows. */
  repeats: Array<{ kind: 'repeated-heading' | 'repeated-header'; lines: LineRange; text: string }>;
  /** What the parser had to mend, for the diagnostics: wrapped cells joined, rows continued past a blank line. */
  repairs: Array<{ lines: LineRange; message: string }>;
}

const isCellLine = (l: Line | undefined): boolean => !!l && l.tabLead && !!l.cells && l.cells.length === 2;
const isTabRow = (l: Line | undefined): boolean => !!l && !!l.cells && l.cells.length >= 2 && !isCellLine(l);

const norm = (cells: string[]): string => cells.map(squash).join('\u0001');

function nextNonBlank(lines: Line[], i: number): number {
  while (i < lines.length && lines[i].blank) i++;
  return i;
}

/** Does a table start at line i? (At least two rows: a header and one more.) */
export function tableStartsAt(lines: Line[], i: number): boolean {
  const l = lines[i];
  if (isCellLine(l)) return isCellLine(lines[i + 1]);
  if (isTabRow(l)) {
    const j = nextNonBlank(lines, i + 1);
    return j === i + 1 && !!lines[j]?.cells;
  }
  return false;
}

export function parseTable(lines: Line[], start: number, isRepeatedTitle: (text: string) => boolean): { table: RawTable; next: number } {
  return isCellLine(lines[start]) ? parseCellPerLine(lines, start) : parseTabRows(lines, start, isRepeatedTitle);
}

function finish(format: RawTable['format'], rows: RawRow[], repeats: RawTable['repeats'], repairs: RawTable['repairs'] = []): RawTable {
  const width = Math.max(...rows.map((r) => r.cells.length));
  for (const r of rows) while (r.cells.length < width) r.cells.push('');
  // Drop columns that are empty in every row, header included (a trailing tab on every row).
  const keep = [...Array(width).keys()].filter((c) => rows.some((r) => r.cells[c] !== ''));
  for (const r of rows) r.cells = keep.map((c) => r.cells[c]);
  const [head, ...body] = rows;
  return {
    format,
    header: head.cells,
    headerLines: head.lines,
    rows: body,
    lines: [head.lines[0], rows[rows.length - 1].lines[1]],
    repeats,
    repairs,
  };
}

function parseCellPerLine(lines: Line[], start: number): { table: RawTable; next: number } {
  const rows: RawRow[] = [];
  const repairs: RawTable['repairs'] = [];
  let width = 0;
  let cur: RawRow | null = null;
  let i = start;
  while (i < lines.length) {
    const l = lines[i];
    if (l.tabLead && l.cells) {
      cur ??= { cells: [], lines: [l.n, l.n] };
      cur.cells.push(...l.cells.slice(1));
      cur.lines[1] = l.n;
      i++;
    } else if (l.blank) {
      const j = nextNonBlank(lines, i);
      const more = j < lines.length && lines[j].tabLead && !!lines[j].cells;
      if (cur && !(width && cur.cells.length < width && more)) {
        rows.push(cur);
        width ||= cur.cells.length;
        cur = null;
      } else if (cur && more) {
        repairs.push({ lines: [l.n, l.n], message: `A blank line at line ${l.n} falls inside a table row (${cur.cells.length} of ${width} cells so far); the row was continued.` });
      }
      if (!more) break;
      i = j;
    } else if (cur && cur.cells.length && lines[i + 1]?.tabLead && lines[i + 1]?.cells) {
      // A cell wrapped onto a line of its own (no tab): it continues the cell above.
      cur.cells[cur.cells.length - 1] = joinPieces(cur.cells[cur.cells.length - 1], l.text);
      cur.lines[1] = l.n;
      repairs.push({ lines: [l.n, l.n], message: `Line ${l.n} (“${l.text.slice(0, 20)}”) has no cell mark; it was joined to the table cell above it as a wrapped cell.` });
      i++;
    } else break;
  }
  if (cur) rows.push(cur);
  return { table: finish('cell-per-line', rows, [], repairs), next: i };
}

function parseTabRows(lines: Line[], start: number, isRepeatedTitle: (text: string) => boolean): { table: RawTable; next: number } {
  const header = lines[start];
  const rows: RawRow[] = [{ cells: [...header.cells!], lines: [header.n, header.n] }];
  const headerKey = norm(header.cells!);
  const repeats: RawTable['repeats'] = [];
  let i = start + 1;
  while (i < lines.length) {
    const l = lines[i];
    if (l.cells) {
      if (norm(l.cells) === headerKey) repeats.push({ kind: 'repeated-header', lines: [l.n, l.n], text: l.text });
      else rows.push({ cells: [...l.cells], lines: [l.n, l.n] });
      i++;
      continue;
    }
    if (!l.blank && !isRepeatedTitle(l.text)) break;
    // A page break: blank lines and repeated titles, then more rows of this table?
    let j = i;
    const skipped: RawTable['repeats'] = [];
    while (j < lines.length && (lines[j].blank || (!lines[j].cells && isRepeatedTitle(lines[j].text)))) {
      if (!lines[j].blank) skipped.push({ kind: 'repeated-heading', lines: [lines[j].n, lines[j].n], text: lines[j].text });
      j++;
    }
    const nl = lines[j];
    if (!nl?.cells || Math.abs(nl.cells.length - header.cells!.length) > 1) break;
    repeats.push(...skipped);
    i = j;
  }
  return { table: finish('tab-rows', rows, repeats), next: i };
}
