/**
 * Page furniture: what a printed page adds around the plan text — page numbers in any of their
 * forms, running headers and footers repeated from page to page, and the page or image markers
 * that export and OCR tools leave on lines of their own. Each is taken out of the text and listed
 * with its reason; nothing else is touched.
 *
 * Pages are found from the document itself: a form feed starts a page, and so does the line
 * after a page number. A line is a running header or footer when the same text (digits aside)
 * stands at the top or bottom of at least three pages and a quarter of them.
 */
import { type Line, squash } from '../clean.ts';
import type { Excluded } from '../schema.ts';
import { isTextLine, type Pass } from './types.ts';

/** Dashes, middle dots and what OCR makes of a dash (一, ～) around a page number. */
const DASH = '[—–\\-－―‒一~～·•・]';
/** "— 5 —", "- 5 -", "·5·", "一10—", "113一", "—5一": a number with a dash or dot on at least one side. */
const DECORATED = new RegExp(`^(?:${DASH}\\s*)+\\d{1,4}(?:\\s*${DASH})*$|^\\d{1,4}(?:\\s*${DASH})+$`);
/** "第5页", "第 5 页 共 20 页", "5/20", "Page 5", "- 5 of 20 -". */
const WORDED = /^(?:第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*\/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?)$/i;
const BARE = /^\d{1,4}$/;

/** Lines that are only markup an exporter or OCR tool wrote: `<图片内容|start>`, `<img …/>`, `<!-- page 3 -->`. */
const MARKUP_TAG = /<img\b[^<>]*>|<[^<>|\n]{1,40}\|\s*(?:start|end)\s*>|<!--[^]*?-->|<\/?(?:page|figure|image|picture|图片|图像|图表|页眉|页脚|页码)[^<>]*>/gi;

export function pageNumber(text: string): number | null {
  const t = text.trim();
  if (DECORATED.test(t) || WORDED.test(t)) return Number(/\d{1,4}/.exec(t)![0]);
  return null;
}

export const isMarkupLine = (text: string): boolean => text.trim() !== '' && text.replace(MARKUP_TAG, '').trim() === '';

/** Text between two page numbers: a page holds at least this many characters. */
const PAGE_CHARS = 300;

/**
 * Bare numbers ("12" alone on a line) are page numbers only where the document prints them so:
 * at least three of them, rising, each at a page edge (a form feed or a blank-line gap beside it),
 * with a page's worth of text between each two (a table's 序号 column has a few characters).
 */
function barePageNumbers(lines: Line[]): Set<number> {
  const cands: Array<{ i: number; v: number }> = [];
  let chars = PAGE_CHARS;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isTextLine(l) || !BARE.test(l.text)) {
      chars += l.text.length;
      continue;
    }
    const edge = l.pageBreak || lines[i + 1]?.pageBreak || i === lines.length - 1 || (lines[i - 1]?.blank ?? true) || (lines[i + 1]?.blank ?? true);
    if (edge && chars >= PAGE_CHARS) {
      cands.push({ i, v: Number(l.text) });
      chars = 0;
    } else chars += l.text.length;
  }
  if (cands.length < 3) return new Set();
  let rising = 0;
  for (let k = 1; k < cands.length; k++) if (cands[k].v > cands[k - 1].v && cands[k].v - cands[k - 1].v <= 3) rising++;
  return rising >= (cands.length - 1) * 0.7 ? new Set(cands.map((c) => c.i)) : new Set();
}

/** Page spans [start, end) of the line array, from form feeds and page-number lines. */
function pages(lines: Line[], numbers: Set<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].pageBreak && i > start) {
      out.push([start, i]);
      start = i;
    }
    if (numbers.has(i)) {
      // A page number ends its page (a footer) unless the next line already starts one.
      out.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < lines.length) out.push([start, lines.length]);
  return out.filter(([a, b]) => b > a);
}

const EDGE = 2;
const headerKey = (text: string): string => squash(text).replace(/\d+/g, '#');

/** Lines at the top or bottom of pages whose text recurs on many pages. */
function runningLines(lines: Line[], spans: Array<[number, number]>, gone: Set<number>): Map<number, 'running-header' | 'running-footer'> {
  const found = new Map<number, 'running-header' | 'running-footer'>();
  if (spans.length < 3) return found;
  const seen = new Map<string, Array<{ i: number; where: 'running-header' | 'running-footer' }>>();
  for (const [a, b] of spans) {
    const body = [];
    for (let i = a; i < b; i++) if (isTextLine(lines[i]) && !gone.has(i)) body.push(i);
    const edges = new Map<number, 'running-header' | 'running-footer'>();
    for (const i of body.slice(0, EDGE)) edges.set(i, 'running-header');
    for (const i of body.slice(-EDGE)) if (!edges.has(i)) edges.set(i, 'running-footer');
    const onPage = new Set<string>();
    for (const [i, where] of edges) {
      const t = lines[i].text;
      if (t.length > 60) continue;
      const k = headerKey(t);
      if (onPage.has(k)) continue;
      onPage.add(k);
      seen.set(k, [...(seen.get(k) ?? []), { i, where }]);
    }
  }
  const need = Math.max(3, Math.ceil(spans.length * 0.25));
  for (const hits of seen.values()) if (hits.length >= need) for (const h of hits) found.set(h.i, h.where);
  return found;
}

export const removeFurniture: Pass = (lines, ctx) => {
  const gone = new Map<number, Excluded['kind']>();
  const numbers = barePageNumbers(lines);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!isTextLine(l)) continue;
    if (pageNumber(l.text) !== null) numbers.add(i);
    else if (isMarkupLine(l.text)) gone.set(i, 'page-marker');
  }
  for (const i of numbers) gone.set(i, 'page-number');
  for (const [i, kind] of runningLines(lines, pages(lines, numbers), new Set(gone.keys()))) gone.set(i, kind);
  if (gone.size === 0) return lines;
  const counts = new Map<string, number>();
  for (const [i, kind] of [...gone].sort((a, b) => a[0] - b[0])) {
    ctx.exclude({ kind, lines: [lines[i].n, lines[i].n], text: lines[i].text });
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  ctx.report({
    code: 'page-furniture',
    severity: 'info',
    message: `Page furniture taken out of the text: ${[...counts].map(([k, n]) => `${n} ${k.replace('-', ' ')}${n > 1 ? 's' : ''}`).join(', ')} (listed under “about this text”).`,
  });
  // The first text line after removed furniture starts a page: a page break carried by a removed
  // line, or the page number that ended the page before, passes to it.
  const out: Line[] = [];
  let carry = false;
  for (let i = 0; i < lines.length; i++) {
    const kind = gone.get(i);
    if (kind) {
      carry ||= !!lines[i].pageBreak || kind === 'page-number' || kind === 'running-footer';
      continue;
    }
    const l = lines[i];
    out.push(carry && isTextLine(l) && !l.pageBreak ? { ...l, pageBreak: true } : l);
    if (!l.blank) carry = false;
  }
  return out;
};
