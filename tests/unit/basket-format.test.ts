/**
 * The basket's exports on real passages (the seeds, ingested here) and on hostile text:
 * Markdown keeps every line of the text inside its quote and the text recoverable exactly, with the
 * GB/T 7714 citation and the link; CSV has a BOM, CRLF records and RFC 4180 quoting and parses back
 * to the same columns and values; the share query round-trips and reports what it ignored.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import { apa, gbt7714 } from '../../src/cite/citation.ts';
import { CSV_COLUMNS, MAX_SHARED, parseShare, shareQuery, toCsv, toMarkdown } from '../../src/basket/format.ts';
import { resolveIn, type Resolved } from '../../src/basket/resolve.ts';
import { passages } from '../../src/ingest/passages.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';

// The seeds ingested in-process (the unit tests run before any build writes content/plans/).
const MODELS = new Map((await ingestCorpus(join(ROOT, 'seeds'), 'seeds')).plans.map((p) => [p.meta.slug, p]));
const plan = (slug: string): PlanDoc => MODELS.get(slug)!;
const ctx = { origin: 'https://atlas.example', base: '/', accessed: '2026-11-22' };

const HOSTILE = [
  '# <script>alert(1)</script>',
  '1. 不是列表 "quoted", with commas',
  '- 也不是列表',
  '',
  '    不是代码块',
  '> 不是嵌套引用',
  '---',
  '<img src=x onerror=alert(1)> &lt;b&gt; R&D *强调* _下划线_ [链接](javascript:alert(1)) ~~删除~~ `代码` \\ 末尾反斜杠\\',
  '=== | a | b |',
].join('\n');

/** A resolved item of `slug` with its text replaced (as if a plan printed it). */
function fake(slug: string, anchor: string, text: string): Resolved {
  const r = resolveIn(plan(slug), { plan: slug, anchor }, ctx);
  return { ...r, text };
}

/** Markdown quote lines back to the text: strip "> ", a hard-break backslash, the indent guard and the escapes. */
function unquote(lines: string[]): string {
  return lines
    .map((l) => (l === '>' ? '' : l.replace(/^> /, '').replace(/(?<!\\)((?:\\\\)*)\\$/, '$1').replace(/^&#32;/, '').replace(/\\([!-/:-@[-`{-~])/g, '$1')))
    .join('\n');
}
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The Markdown split per item: heading, quote lines, citation line, link line. */
function items(md: string) {
  const parts = md.split(/\n(?=## )/).slice(1);
  return parts.map((p) => {
    const lines = p.split('\n');
    const quote: string[] = [];
    let k = 2;
    while (k < lines.length && lines[k] !== '') quote.push(lines[k++]);
    const rest = lines.slice(k).filter(Boolean);
    return { heading: lines[0], blankAfterHeading: lines[1] === '', quote, rest };
  });
}


const cdsti = plan('chengdu-sti');
const multi = passages(cdsti).find((p) => p.text.includes('\n'));
const row = passages(cdsti).find((p) => p.kind === 'row' && p.sectionId);
const box = cdsti.outline.find((o) => o.kind === 'box')!;
const resolved: Resolved[] = [
  ...[multi!.id, row!.id, box.id].map((anchor) => resolveIn(cdsti, { plan: 'chengdu-sti', anchor }, ctx)),
  fake('wuhou-sti', passages(plan('wuhou-sti'))[5].id, HOSTILE),
  resolveIn(cdsti, { plan: 'chengdu-sti', anchor: 'no-such-anchor' }, ctx),
  resolveIn(null, { plan: 'no-such-plan', anchor: 's1' }, ctx),
];

describe('Markdown export', () => {
  const md = toMarkdown(resolved, '2026-11-22');
  const got = items(md);

  it('has a title line and one numbered heading per item, in order', () => {
    expect(md.split('\n')[0]).toBe('# 摘录篮 Basket — 规划对照 Plan Atlas');
    expect(md).toContain(`导出于 Exported 2026-11-22 · ${resolved.length} 条摘录`);
    expect(got.map((g) => g.heading.match(/^## (\d+)\. /)?.[1])).toEqual(resolved.map((_, k) => String(k + 1)));
    expect(got[0].heading).toContain(cdsti.meta.shortTitle ?? cdsti.meta.title);
    expect(unescape(got[0].heading)).toContain(resolved[0].section.join(' › '));
    // the only lines starting with # are the title and the item headings
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(1 + resolved.length);
  });

  it('quotes every line of each text, recoverable exactly, then the GB/T 7714 citation and the link', () => {
    expect(multi, 'chengdu-sti has a multi-line passage').toBeDefined();
    resolved.forEach((r, k) => {
      const g = got[k];
      expect(g.blankAfterHeading).toBe(true);
      if (r.status !== 'ok') return;
      expect(g.quote.length, r.item.anchor).toBe(r.text.split('\n').length);
      for (const l of g.quote) expect(l, r.item.anchor).toMatch(/^>( |$)/);
      expect(unquote(g.quote), r.item.anchor).toBe(r.text);
      expect(g.rest[0].startsWith('—— ')).toBe(true);
      expect(unescape(g.rest[0].slice(3))).toBe(gbt7714(r.source!));
      expect(g.rest[1]).toBe(`<${r.url}>`);
    });
    // the real multi-line passage keeps its line break as a hard break
    expect(got[0].quote[0].endsWith('\\')).toBe(true);
  });

  it('keeps hostile text inside its quote and escaped', () => {
    const g = got[3];
    expect(g.quote).toHaveLength(HOSTILE.split('\n').length);
    expect(unquote(g.quote)).toBe(HOSTILE);
    expect(g.quote[0]).toBe('> \\# \\<script>alert(1)\\</script>\\');
    // no raw HTML, emphasis, link, code or strike syntax survives anywhere in the quote
    const body = g.quote.join('\n');
    expect(body).not.toMatch(/(?<!\\)([<`*_~]|\]\()/);
    expect(body).not.toMatch(/(?<!\\)&lt;/);
    // no quoted line opens a block of its own (heading, list, code, nested quote, rule, setext underline)
    for (const l of g.quote.map((x) => x.replace(/^>\s?/, ''))) expect(l).not.toMatch(/^(#|\d+[.)]|[-+=*]|>| {4}|\t)/);
    expect(md).not.toMatch(/(?<!\\)<(script|img)/);
  });

  it('lists an item that cannot be found, with a note, instead of dropping it', () => {
    for (const k of [4, 5]) {
      const text = got[k].quote.join('\n');
      expect(text).toContain('未找到 not found');
      expect(got[k].rest).toEqual([`<${resolved[k].url}>`]);
    }
    expect(got[5].heading).toContain('no-such-plan');
  });
});

describe('CSV export', () => {
  const csv = toCsv(resolved);

  it('is UTF-8 with a BOM, CRLF line ends, and parses back to the same columns and values', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(resolved.length + 1);
    rows.slice(1).forEach((cells, k) => {
      const r = resolved[k];
      const rec = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]]));
      expect(cells).toHaveLength(CSV_COLUMNS.length);
      expect(rec).toEqual({
        n: String(k + 1),
        plan: r.item.plan,
        plan_title: r.meta?.title ?? '',
        section: r.section.join(' › '),
        anchor: r.item.anchor,
        text: r.status === 'ok' ? r.text : '',
        url: r.url,
        citation_gbt7714: r.source ? gbt7714(r.source) : '',
        citation_apa: r.source ? apa(r.source) : '',
      });
    });
  });

  it('quotes a text with quotes, commas and line breaks (RFC 4180)', () => {
    const text = '他说"好",然后\r\n换行,再"引号"';
    const one = toCsv([fake('chengdu-sti', multi!.id, text)]);
    expect(one).toContain('"他说""好"",然后\r\n换行,再""引号"""');
    expect(parseCsv(one.slice(1))[1][5]).toBe(text);
    // outside quoted fields every line ends in CRLF
    expect(one.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/)).toBeNull();
  });
});

describe('share URL', () => {
  const list = [
    { plan: 'chengdu-sti', anchor: 's3-3-p1' },
    { plan: 'wuhou-sti', anchor: 's6-5-2_2-p1' },
    { plan: 'chongqing-htz-sti', anchor: 's2' },
  ];

  it('round-trips in order', () => {
    const q = shareQuery(list);
    expect(q).toBe('?items=chengdu-sti:s3-3-p1,wuhou-sti:s6-5-2_2-p1,chongqing-htz-sti:s2');
    expect(parseShare(q)).toEqual({ present: true, items: list, ignored: 0 });
    expect(parseShare(new URL(`https://x.example/basket/${q}`).search).items).toEqual(list);
    // percent-encoded separators (as a mail client may rewrite them) still work
    expect(parseShare('?items=chengdu-sti%3As3-3-p1%2Cwuhou-sti%3As6-5-2_2-p1').items).toEqual(list.slice(0, 2));
    expect(shareQuery([])).toBe('');
  });

  it('ignores invalid and repeated tokens and says how many', () => {
    const r = parseShare('?items=chengdu-sti:s3-3-p1,,<script>,Bad:s1,x:a b,chengdu-sti:s3-3-p1,no-anchor:,:s1,wuhou-sti:s6-5-2_2-p1');
    expect(r.items).toEqual(list.slice(0, 2));
    expect(r.ignored).toBe(6);
    expect(parseShare('')).toEqual({ present: false, items: [], ignored: 0 });
    expect(parseShare('?items=')).toEqual({ present: true, items: [], ignored: 0 });
  });

  it(`keeps at most ${MAX_SHARED} items`, () => {
    const many = Array.from({ length: MAX_SHARED + 3 }, (_, k) => ({ plan: 'chengdu-sti', anchor: `p${k}` }));
    expect(parseShare(shareQuery(many)).items).toHaveLength(MAX_SHARED);
    const r = parseShare(`?items=${many.map((i) => `${i.plan}:${i.anchor}`).join(',')}`);
    expect(r.items).toEqual(many.slice(0, MAX_SHARED));
    expect(r.ignored).toBe(3);
  });
});
