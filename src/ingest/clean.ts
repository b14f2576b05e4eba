/**
 * Stage 2 — clean: one record per source line with extraction markers and
 * formatting markup removed. Structure signals (tabs, a leading indent, a
 * Markdown heading mark) are kept as flags; text is never otherwise changed.
 */

export interface Line {
  /** 1-based source line number. */
  n: number;
  /** Cleaned text, trimmed (for table lines: the cells joined back with tabs). */
  text: string;
  blank: boolean;
  /** The line began with a space before its content (a DOCX/Word indent residue). */
  indent: boolean;
  /** The line carried a Markdown heading mark (#…). A weak hint only: depth means nothing. */
  md: boolean;
  /** Tab-separated cells when the line contains a tab (after trimming trailing whitespace). */
  cells: string[] | null;
  /** The line began with a tab. */
  tabLead: boolean;
  /** A form feed stood in the line: a new page starts here (PDF text dumps, the PDF reader). */
  pageBreak?: boolean;
  /** Width of the leading indent in full-width characters (a space counts ½, an ideographic space 1), when there is one. */
  lead?: number;
  /** Set by the layout repair when it joined wrapped lines into this one: the last source line. */
  last?: number;
}

/** The last source line a (possibly joined) line covers. */
export const lastLine = (l: Line): number => l.last ?? l.n;

const MARKER = /\[(?:bookmark|image|img|figure|anchor):[^\]\n]*\]/gi;
/** Formatting tags only. Anything else that looks like a tag (e.g. <script>) is plan text and stays. */
const FORMAT_TAG = /<\/?(?:b|strong|i|em|u|p|sub|sup|span|br|div|font)(?:\s[^<>]*)?\/?>/gi;
const TEXT_FORMULA = /\$\\text\{((?:[^{}]|\{[^{}]*\})*)\}\$/g;
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** Two pieces of text a wrap or a soft break split: no space, except between two Latin letters or digits (a word wrap). */
export function joinPieces(a: string, b: string): string {
  if (a === '') return b;
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

/** Text with all whitespace removed: how titles, headers and lines are compared across layouts. */
export const squash = (s: string): string => s.replace(/\s+/g, '');

export function cleanText(raw: string): string {
  return raw
    .replace(MARKER, '')
    .replace(FORMAT_TAG, '')
    .replace(TEXT_FORMULA, (_m, inner: string) => inner.replace(/\\([&%_#$])/g, '$1'))
    .replace(/\*\*/g, '')
    .replace(ZERO_WIDTH, '')
    .replace(SPACES, ' ');
}

export function cleanLines(text: string): Line[] {
  const raw = text.split('\n');
  // A final newline yields one empty trailing element that is not a line.
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  return raw.map((r, i) => cleanLine(r, i + 1));
}

export function cleanLine(raw: string, n: number): Line {
  const pageBreak = raw.includes('\f');
  const leading = /^[ \u3000\u00a0]*/.exec(raw.replace(/\f/g, ''))![0];
  const lead = [...leading].reduce((w, c) => w + (c === '\u3000' ? 1 : 0.5), 0);
  let s = cleanText(pageBreak ? raw.replace(/\f/g, '') : raw);
  let md = false;
  const m = /^ {0,3}#{1,6}(?:[ \t]+|$)/.exec(s);
  if (m) {
    md = true;
    s = s.slice(m[0].length);
  }
  const tabLead = /^ *\t/.test(s);
  // A line holding only a tab is an empty table cell, not a blank line; elsewhere trailing
  // tabs (e.g. after a box title) carry no structure.
  s = tabLead ? s.replace(/ +$/, '') : s.replace(/\s+$/, '');
  const indent = /^ +\S/.test(s) && !md;
  const body = s.replace(/^ +/, '');
  let cells: string[] | null = null;
  if (body.includes('\t')) cells = body.split('\t').map((c) => c.trim());
  const textOut = cells ? cells.join('\t') : body.trim();
  const blank = cells ? false : textOut === '';
  return { n, text: textOut, blank, indent, md, cells, tabLead, ...(pageBreak ? { pageBreak } : {}), ...(indent ? { lead } : {}) };
}
