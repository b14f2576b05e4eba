/**
 * Pure formatting of the basket: Markdown and CSV exports, and the share URL.
 *
 * Markdown: a title line, then per passage a heading (plan and section), the text as printed in a
 * blockquote — every line quoted, line breaks kept as hard breaks — the GB/T 7714 citation and the
 * link. The characters are never changed; Markdown syntax in them is backslash-escaped, so that
 * plan text (e.g. "# <script>…") renders as written and cannot leave the quote.
 *
 * CSV: UTF-8 with a byte-order mark (Excel), CRLF records, RFC 4180 quoting — the same writer as
 * /data/indicators.csv (d3's csvFormatRow).
 */
import { csvFormatRow } from 'd3';
import { apa, gbt7714, today } from '../cite/citation.ts';
import { refOf, SLUG_RE, ANCHOR_RE, type BasketItem } from './store.ts';
import type { Resolved } from './resolve.ts';

/** Most items a share URL may carry (longer lists are cut, and the cut counted as ignored). */
export const MAX_SHARED = 500;

export const STATUS_NOTES: Record<Exclude<Resolved['status'], 'ok'>, string> = {
  'missing-plan': '未找到 not found：没有这个规划 no such plan',
  'missing-anchor': '未找到 not found：该规划中没有这一段 no such passage in this plan',
  error: '无法载入 could not be loaded',
};

/**
 * Backslash-escapes what CommonMark/GFM could read as inline syntax — HTML, entities, code, emphasis,
 * strikethrough, links and link definitions (a "]" before "(", "[" or ":") — so the rendered text is
 * the text as given. Brackets on their own ("[EB/OL]") are left alone: nothing can define them.
 */
export function mdInline(s: string): string {
  return s
    .replace(/[\\`*_<~]|\](?=[([:])/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/[\r\n]+/g, ' ');
}

/** One line of quoted text: inline syntax escaped, plus what would start a block at line start. */
function mdLine(line: string): string {
  return mdInline(line)
    .replace(/^( {0,3})([#+=>-])/, '$1\\$2')
    .replace(/^( {0,3}\d{1,9})([.)])/, '$1\\$2')
    .replace(/^(?= {4}|\t)/, '&#32;');
}

/** The text as a blockquote: every line quoted; a blank line stays inside the quote. */
export function mdQuote(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.map((l, k) => (l.trim() === '' ? '>' : `> ${mdLine(l)}${k < lines.length - 1 && lines[k + 1].trim() !== '' ? '\\' : ''}`)).join('\n');
}

const planName = (r: Resolved): string => r.meta?.shortTitle ?? r.meta?.title ?? r.item.plan;

/** The Markdown export. */
export function toMarkdown(resolved: Resolved[], date = today()): string {
  const out = [`# 摘录篮 Basket — 规划对照 Plan Atlas`, '', `导出于 Exported ${date} · ${resolved.length} 条摘录 passage${resolved.length === 1 ? '' : 's'}`];
  resolved.forEach((r, k) => {
    const where = r.section.length ? ` · ${r.section.join(' › ')}` : '';
    out.push('', `## ${k + 1}. ${mdInline(planName(r) + where).replace(/#/g, '\\#')}`, '');
    if (r.status !== 'ok' || !r.source) {
      out.push(mdInline(`（${STATUS_NOTES[r.status as keyof typeof STATUS_NOTES]}：${refOf(r.item)}）`), '', `<${r.url}>`);
      return;
    }
    out.push(mdQuote(r.text), '', `—— ${mdInline(gbt7714(r.source))}`, '', `<${r.url}>`);
  });
  return `${out.join('\n')}\n`;
}

export const CSV_COLUMNS = ['n', 'plan', 'plan_title', 'section', 'anchor', 'text', 'url', 'citation_gbt7714', 'citation_apa'] as const;

/** The CSV export: a header row and one row per item (a not-found item has empty text and citations). */
export function toCsv(resolved: Resolved[]): string {
  const rows = resolved.map((r, k) => [
    String(k + 1),
    r.item.plan,
    r.meta?.title ?? '',
    r.section.join(' › '),
    r.item.anchor,
    r.status === 'ok' ? r.text : '',
    r.url,
    r.source ? gbt7714(r.source) : '',
    r.source ? apa(r.source) : '',
  ]);
  return `\uFEFF${[csvFormatRow([...CSV_COLUMNS]), ...rows.map((r) => csvFormatRow(r))].join('\r\n')}\r\n`;
}

/** `?items=<slug>:<anchor>,…` for the share URL ('' for an empty basket). */
export function shareQuery(items: BasketItem[]): string {
  return items.length ? `?items=${items.slice(0, MAX_SHARED).map(refOf).join(',')}` : '';
}

export interface Shared {
  /** Whether the URL has an `items` parameter at all. */
  present: boolean;
  items: BasketItem[];
  /** Tokens left out: malformed, duplicate, or beyond MAX_SHARED. */
  ignored: number;
}

/** Parses `location.search`; invalid and repeated tokens are ignored and counted. */
export function parseShare(search: string): Shared {
  const params = new URLSearchParams(search);
  if (!params.has('items')) return { present: false, items: [], ignored: 0 };
  const tokens = params
    .getAll('items')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  const items: BasketItem[] = [];
  let ignored = 0;
  for (const t of tokens) {
    const k = t.indexOf(':');
    const plan = t.slice(0, k);
    const anchor = t.slice(k + 1);
    if (k <= 0 || !SLUG_RE.test(plan) || !ANCHOR_RE.test(anchor) || seen.has(t) || items.length >= MAX_SHARED) ignored++;
    else {
      seen.add(t);
      items.push({ plan, anchor });
    }
  }
  return { present: true, items, ignored };
}
