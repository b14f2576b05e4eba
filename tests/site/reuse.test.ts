/**
 * Shared wording (issue 15) on the built site, checked against the index the ingest wrote
 * (content/plans/index/reuse.json) and the plan models — no answer is written down here:
 * the matrix page lists every plan and its table's figures equal the index's shares; the pages
 * read without JavaScript; the longest substantive spans land, both sides, on passages holding
 * their printed text; pair pages list every span in the first plan's document order, mark the
 * shared text and toggle the order; the reader's marker links to the right passage and the pair
 * page, and `?reuse=1` shows only marked passages; reuse.csv parses to one row per span with the
 * printed texts; the compare view's band lists the chosen plans' spans.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { passages } from '../../src/ingest/passages.ts';
import type { PlanDoc, ReuseIndex, SharedSpan } from '../../src/ingest/schema.ts';
import { BAND_MAX } from '../../src/compare/reuse-band.ts';
import { parseCsv } from '../helpers/csv.ts';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST, ROOT } from './helpers/server.ts';

assertBuilt();
const index: ReuseIndex = JSON.parse(readFileSync(join(ROOT, 'content/plans/index/reuse.json'), 'utf8'));
const plans = new Map<string, PlanDoc>(
  (JSON.parse(readFileSync(join(DIST, 'data/plans.json'), 'utf8')).plans as Array<{ meta: { slug: string } }>).map((p) => [p.meta.slug, JSON.parse(readFileSync(join(DIST, 'data/plans', `${p.meta.slug}.json`), 'utf8'))]),
);
const slugs = [...plans.keys()].sort();
const passageText = new Map<string, Map<string, { text: string; order: number }>>([...plans].map(([s, p]) => [s, new Map(passages(p).map((x) => [x.id, { text: x.text, order: x.order }]))]));
const textOf = (plan: string, passage: string) => passageText.get(plan)!.get(passage)!.text;
const orderOf = (plan: string, passage: string) => passageText.get(plan)!.get(passage)!.order;

/** The same rounding the page promises: one decimal, "<0.1%" for a share above 0 that rounds to 0. */
const pct = (x: number) => (x > 0 && x < 0.0005 ? '<0.1%' : `${(x * 100).toFixed(1)}%`);
/** The span's HTML id: letters, digits and "-" kept, "_" "_u", ":" "_c", "~" "_t". */
const htmlId = (id: string) => `r-${id.replace(/[^A-Za-z0-9-]/g, (c) => (c === '_' ? '_u' : c === ':' ? '_c' : c === '~' ? '_t' : `_x${c.codePointAt(0)!.toString(16)}_`))}`;
const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
const pairs = new Map(index.pairs.map((p) => [pairKey(p.a, p.b), p]));
const substantive = index.spans.filter((s) => !s.formula);
const longest = [...substantive].sort((x, y) => y.length - x.length).slice(0, 4);
const spansBetween = (x: string, y: string) => index.spans.filter((s) => pairKey(s.a.plan, s.b.plan) === pairKey(x, y));
const sideOf = (s: SharedSpan, plan: string) => (s.a.plan === plan ? s.a : s.b);
const otherOf = (s: SharedSpan, plan: string) => (s.a.plan === plan ? s.b : s.a);
/** The pair with the most substantive spans: the one most pages are checked on. */
const busiest = [...index.pairs].sort((x, y) => y.spans - x.spans)[0];

const site = useSite();

async function open(path: string, js = true): Promise<{ page: Page; done: () => Promise<void> }> {
  const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: js });
  const page = await ctx.newPage();
  const problems = collectProblems(page);
  const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'networkidle' });
  expect(res?.status(), path).toBe(200);
  return {
    page,
    done: async () => {
      expect(problems.all(), path).toEqual([]);
      await ctx.close();
    },
  };
}

/** A reader element's own text as printed (what the ¶ menu copies): without ¶, chips, label, page, marker; a row's cells joined with " | ". */
const readerText = (page: Page, id: string) =>
  page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return null;
    const own = (e: Element) => {
      const copy = e.cloneNode(true) as Element;
      for (const x of copy.querySelectorAll('.pilcrow, .chips, .label, .flag, .also, .origin')) x.remove();
      return (copy.textContent ?? '').trim();
    };
    return el.tagName === 'TR' ? [...el.querySelectorAll('td')].map(own).filter(Boolean).join(' | ') : own(el);
  }, id);

describe('the index behind the pages', () => {
  it('is published as is at /data/reuse.json, and every span has its printed texts at its offsets', () => {
    expect(JSON.parse(readFileSync(join(DIST, 'data/reuse.json'), 'utf8'))).toEqual(index);
    expect(substantive.length).toBeGreaterThan(0);
    for (const s of index.spans) for (const side of [s.a, s.b]) expect(textOf(side.plan, side.passage).slice(side.start, side.end), s.id).toBe(side.text);
  });
});

describe('/reuse/: the matrix', () => {
  it('lists every plan, and its table and SVG cells hold the index shares (row plan in column plan)', async () => {
    const { page, done } = await open('/reuse/');
    const rows = await page.$$eval('table.reuse-table tbody tr', (trs) =>
      trs.map((tr) => ({
        row: (tr as HTMLElement).dataset.row!,
        cells: [...tr.querySelectorAll('td')].map((td) => ({ col: (td as HTMLElement).dataset.col!, share: td.querySelector('a.share')?.textContent ?? null, href: td.querySelector('a.share')?.getAttribute('href') ?? null, formula: td.querySelector('.formula-share .v')?.textContent ?? null })),
      })),
    );
    expect(rows.map((r) => r.row)).toEqual(slugs);
    const heads = await page.$$eval('table.reuse-table thead th', (ths) => ths.map((t) => t.textContent ?? ''));
    expect(heads).toHaveLength(slugs.length + 1);
    for (const r of rows) {
      expect(r.cells.map((c) => c.col)).toEqual(slugs);
      for (const c of r.cells) {
        const p = pairs.get(pairKey(r.row, c.col));
        if (c.col === r.row || !p) {
          expect(c.share, `${r.row} × ${c.col}`).toBeNull();
          continue;
        }
        const rowIsA = p.a === r.row;
        expect(c.share, `${r.row} in ${c.col}`).toBe(pct(rowIsA ? p.shareA : p.shareB));
        expect(c.formula, `${r.row} in ${c.col} (formulas)`).toBe(pct(rowIsA ? p.formulaShareA : p.formulaShareB));
        expect(c.href).toBe(`/reuse/${r.row}--${c.col}/`);
      }
    }
    const svg = await page.$$eval('.reuse-matrix a.cell', (as) => as.map((a) => ({ row: a.getAttribute('data-row')!, col: a.getAttribute('data-col')!, share: Number(a.getAttribute('data-share')), href: a.getAttribute('href'), text: a.querySelector('text')?.textContent })));
    expect(svg).toHaveLength(index.pairs.length * 2);
    for (const c of svg) {
      const p = pairs.get(pairKey(c.row, c.col))!;
      const share = p.a === c.row ? p.shareA : p.shareB;
      expect(c.share).toBe(share);
      expect(c.text).toBe(pct(share));
      expect(c.href).toBe(`/reuse/${c.row}--${c.col}/`);
    }
    await done();
  });

  it('lists the largest substantive spans, longest first, quoting both texts with links to both passages and the pair page', async () => {
    const { page, done } = await open('/reuse/');
    const items = await page.$$eval('ol.largest > li', (lis) =>
      lis.map((li) => ({
        span: (li as HTMLElement).dataset.span!,
        quotes: [...li.querySelectorAll('blockquote > p')].map((p) => p.textContent),
        links: [...li.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      })),
    );
    const want = [...substantive].sort((x, y) => y.length - x.length || y.weight - x.weight || x.id.localeCompare(y.id)).slice(0, 20);
    expect(items.map((i) => i.span)).toEqual(want.map((s) => s.id));
    for (const [k, s] of want.entries()) {
      expect(items[k].quotes).toEqual([s.a.text, s.b.text]);
      expect(items[k].links).toEqual(expect.arrayContaining([`/reuse/${s.a.plan}--${s.b.plan}/#${htmlId(s.id)}`, `/plans/${s.a.plan}/#${s.a.passage}`, `/plans/${s.b.plan}/#${s.b.passage}`]));
    }
    // The method and the downloads.
    expect(await page.locator('#method a[href="/data/reuse.json"]').count()).toBe(1);
    expect(await page.locator('#method a[href="/data/reuse.csv"]').count()).toBe(1);
    await done();
  });

  it('reads without JavaScript: the matrix, its table, the largest spans', async () => {
    const { page, done } = await open('/reuse/', false);
    expect(await page.locator('.reuse-matrix svg').isVisible()).toBe(true);
    expect(await page.locator('table.reuse-table').isVisible()).toBe(true);
    expect(await page.locator('table.reuse-table tbody tr').count()).toBe(slugs.length);
    expect(await page.locator('ol.largest > li').count()).toBe(Math.min(20, substantive.length));
    await done();
  });
});

describe('pair pages', () => {
  it('exist for both orders of every pair in the index, and only those', () => {
    const dirs = new Set(readFileSync(join(DIST, 'reuse/index.html'), 'utf8').match(/href="\/reuse\/[^"#/]+--[^"#/]+\/"/g)?.map((h) => h.slice(13, -2)));
    const want = index.pairs.flatMap((p) => [`${p.a}--${p.b}`, `${p.b}--${p.a}`]);
    for (const w of want) expect(() => readFileSync(join(DIST, 'reuse', w, 'index.html')), w).not.toThrow();
    // Each is reachable from the matrix table.
    expect([...dirs].sort()).toEqual([...want].sort());
  });

  for (const [first, second] of [
    [busiest.a, busiest.b],
    [busiest.b, busiest.a],
  ]) {
    it(`/reuse/${first}--${second}/ lists every span in ${first}'s document order, both passages in full with the shared text marked`, async () => {
      const { page, done } = await open(`/reuse/${first}--${second}/`);
      const spans = spansBetween(first, second);
      const want = spans
        .filter((s) => !s.formula)
        .sort((x, y) => orderOf(first, sideOf(x, first).passage) - orderOf(first, sideOf(y, first).passage) || sideOf(x, first).start - sideOf(y, first).start || orderOf(second, otherOf(x, first).passage) - orderOf(second, otherOf(y, first).passage) || otherOf(x, first).start - otherOf(y, first).start);
      const got = await page.$$eval('ol.rspans:not(details ol) > li.rspan', (lis) =>
        lis.map((li) => ({
          id: li.id,
          sides: [...li.querySelectorAll('.rspan-side')].map((d) => ({
            plan: (d as HTMLElement).dataset.plan!,
            passage: (d as HTMLElement).dataset.passage!,
            text: d.querySelector('.reuse-text')!.textContent,
            marks: [...d.querySelectorAll('.reuse-text mark')].map((m) => m.textContent).join(''),
            edits: [...d.querySelectorAll('.reuse-text :is(del, ins)')].map((m) => m.tagName),
            reader: d.querySelector('a.to-reader')!.getAttribute('href'),
          })),
        })),
      );
      expect(got.map((g) => g.id)).toEqual(want.map((s) => htmlId(s.id)));
      for (const [k, s] of want.entries()) {
        const [l, r] = got[k].sides;
        for (const [side, col, which] of [
          [l, sideOf(s, first), s.a.plan === first ? 'a' : 'b'],
          [r, otherOf(s, first), s.a.plan === first ? 'b' : 'a'],
        ] as const) {
          expect(side.plan).toBe(col.plan);
          expect(side.passage).toBe(col.passage);
          expect(side.text, s.id).toBe(textOf(col.plan, col.passage));
          const text = textOf(col.plan, col.passage);
          expect(side.marks, s.id).toBe(s.segments.filter((g) => g.op === 'same' && g[which]).map((g) => text.slice(g[which]![0], g[which]![1])).join(''));
          expect(side.reader).toBe(`/plans/${col.plan}/#${col.passage}`);
        }
        // Edits: deleted on the left, inserted on the right.
        expect(l.edits.every((t) => t === 'DEL')).toBe(true);
        expect(r.edits.every((t) => t === 'INS')).toBe(true);
      }
      // Common formulas are folded away at the end.
      const formulas = spans.filter((s) => s.formula).length;
      expect(await page.locator('details.formulas li.rspan').count()).toBe(formulas);
      if (formulas) {
        expect(await page.locator('details.formulas').getAttribute('open')).toBeNull();
        expect(await page.locator('details.formulas > summary').innerText()).toContain(`（${formulas}）`);
        expect(await page.locator('details.formulas li.rspan').first().isVisible()).toBe(false);
      }
      // The direction sentence names both plans' short titles.
      const direction = await page.locator('p.direction').innerText();
      const p = pairs.get(pairKey(first, second))!;
      expect(direction).toMatch(p.direction.kind === 'restates' ? /很可能转述/ : /共有措辞/);
      await done();
    });
  }

  it('the order toggle opens the other order, and back again', async () => {
    const { page, done } = await open(`/reuse/${busiest.a}--${busiest.b}/`);
    await Promise.all([page.waitForURL(`**/reuse/${busiest.b}--${busiest.a}/`), page.locator('a.order-toggle').click()]);
    expect(await page.locator('.rspan-side.left').first().getAttribute('data-plan')).toBe(busiest.b);
    await Promise.all([page.waitForURL(`**/reuse/${busiest.a}--${busiest.b}/`), page.locator('a.order-toggle').click()]);
    expect(await page.locator('.rspan-side.left').first().getAttribute('data-plan')).toBe(busiest.a);
    await done();
  });

  it('reads without JavaScript: spans side by side with marks; a span deep link lands on it', async () => {
    const s = longest[0];
    const { page, done } = await open(`/reuse/${s.a.plan}--${s.b.plan}/#${htmlId(s.id)}`, false);
    const el = page.locator(`[id="${htmlId(s.id)}"]`);
    expect(await el.isVisible()).toBe(true);
    expect(await el.locator('mark').count()).toBeGreaterThan(0);
    expect(await el.evaluate((e) => e.matches(':target'))).toBe(true);
    expect(await page.locator('li.rspan:not(details li)').count()).toBe(spansBetween(s.a.plan, s.b.plan).filter((x) => !x.formula).length);
    await done();
  });
});

describe('the longest spans in the readers', () => {
  for (const s of longest) {
    it(`${s.id}: both anchors land on passages holding the printed text`, async () => {
      for (const side of [s.a, s.b]) {
        const { page, done } = await open(`/plans/${side.plan}/#${side.passage}`);
        expect(await page.evaluate((id) => document.getElementById(id)?.matches(':target') ?? false, side.passage), `${side.plan}#${side.passage}`).toBe(true);
        expect(await readerText(page, side.passage)).toContain(side.text);
        await done();
      }
    });
  }
});

describe('the reader marker', () => {
  it('every passage with substantive shared wording, and no other, carries a marker (data-reuse in the built HTML)', () => {
    for (const slug of slugs) {
      const html = readFileSync(join(DIST, 'plans', slug, 'index.html'), 'utf8');
      const marked = new Set([...html.matchAll(/ id="([^"]+)"[^>]* data-reuse="([^"]+)"/g)].map((m) => m[1]));
      const want = new Set(substantive.flatMap((s) => [s.a, s.b].filter((x) => x.plan === slug).map((x) => x.passage)));
      expect([...marked].sort(), slug).toEqual([...want].sort());
    }
  });

  it('links to the other plan\'s passage and to the pair page at the span', async () => {
    // A long span whose passage shares with few enough passages elsewhere that the marker names them all.
    const targets = (plan: string, passage: string) => new Set(substantive.flatMap((x) => [[x.a, x.b], [x.b, x.a]]).filter(([m]) => m.plan === plan && m.passage === passage).map(([, o]) => `${o.plan}:${o.passage}`));
    const s = [...substantive].sort((x, y) => y.length - x.length).find((x) => targets(x.a.plan, x.a.passage).size <= 3)!;
    expect(s).toBeDefined();
    const { page, done } = await open(`/plans/${s.a.plan}/#${s.a.passage}`);
    const link = page.locator(`[id="${s.a.passage}"] .also a.also-at[data-plan="${s.b.plan}"][data-passage="${s.b.passage}"]`);
    expect(await link.getAttribute('href')).toBe(`/plans/${s.b.plan}/#${s.b.passage}`);
    // The pair link points at one of the spans between these two passages.
    const between = substantive.filter((x) => x.a.plan === s.a.plan && x.a.passage === s.a.passage && x.b.plan === s.b.plan && x.b.passage === s.b.passage).map((x) => `/reuse/${s.a.plan}--${s.b.plan}/#${htmlId(x.id)}`);
    const pairHref = await link.evaluate((a) => a.nextElementSibling?.getAttribute('href') ?? null);
    expect(between).toContain(pairHref);
    // The marker names the other plan's short title.
    expect(await link.innerText()).toContain(plans.get(s.b.plan)!.meta.shortTitle ?? plans.get(s.b.plan)!.meta.title);
    await Promise.all([page.waitForURL(`**/plans/${s.b.plan}/#${s.b.passage}`), link.click()]);
    expect(await readerText(page, s.b.passage)).toContain(s.b.text);
    await page.goBack();
    await Promise.all([page.waitForURL(`**/reuse/**`), page.locator(`[id="${s.a.passage}"] .also a.also-pair[href="${pairHref}"]`).click()]);
    expect(await page.evaluate((id) => document.getElementById(id)?.matches(':target') ?? false, decodeURIComponent(pairHref!.split('#')[1]))).toBe(true);
    await done();
  });

  it('?reuse=1 shows only marked passages; the link sets it and takes it off again', async () => {
    const slug = longest[0].a.plan;
    const want = new Set(substantive.flatMap((s) => [s.a, s.b].filter((x) => x.plan === slug).map((x) => x.passage)));
    const { page, done } = await open(`/plans/${slug}/`);
    const all = await page.locator('.body .passage').count();
    await page.locator('#reuse-on').click();
    await page.waitForURL((u) => u.searchParams.get('reuse') === '1');
    const visible = await page.$$eval('.body .passage', (ps) => ps.filter((p) => (p as HTMLElement).offsetParent !== null).map((p) => p.id));
    expect(visible.sort()).toEqual([...want].sort());
    expect(await page.locator('#filter-status').innerText()).toContain(String(want.size));
    // Reload keeps the filter; the same link takes it off.
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('.body .passage:visible').count()).toBe(want.size);
    await page.locator('#reuse-on').click();
    await page.waitForURL((u) => !u.searchParams.has('reuse'));
    expect(await page.locator('.body .passage:visible').count()).toBe(all);
    await page.goBack();
    expect(await page.locator('.body .passage:visible').count()).toBe(want.size);
    await done();
  });

  it('without JavaScript, ?reuse=1 shows every passage and the markers', async () => {
    const slug = longest[0].a.plan;
    const { page, done } = await open(`/plans/${slug}/?reuse=1`, false);
    expect(await page.locator('.body .passage:visible').count()).toBe(passageText.get(slug)!.size);
    expect(await page.locator('.also').first().isVisible()).toBe(true);
    await done();
  });
});

describe('/data/reuse.csv', () => {
  it('has a BOM, the documented columns and one row per span with the printed texts', async () => {
    const raw = readFileSync(join(DIST, 'data/reuse.csv'), 'utf8');
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const [head, ...rows] = parseCsv(raw.slice(1));
    expect(head).toEqual(['id', 'plan_a', 'anchor_a', 'section_a', 'text_a', 'plan_b', 'anchor_b', 'section_b', 'text_b', 'length', 'identity', 'plans', 'formula', 'formula_by', 'weight', 'likely_source', 'direction_basis', 'url_a', 'url_b']);
    expect(rows).toHaveLength(index.spans.length);
    const at = (r: string[], c: string) => r[head.indexOf(c)];
    for (const [k, s] of index.spans.entries()) {
      const r = rows[k];
      expect(r).toHaveLength(head.length);
      expect(at(r, 'id')).toBe(s.id);
      expect(at(r, 'text_a')).toBe(textOf(at(r, 'plan_a'), at(r, 'anchor_a')).slice(s.a.start, s.a.end));
      expect(at(r, 'text_b')).toBe(textOf(at(r, 'plan_b'), at(r, 'anchor_b')).slice(s.b.start, s.b.end));
      expect([at(r, 'plan_a'), at(r, 'anchor_a'), at(r, 'plan_b'), at(r, 'anchor_b')]).toEqual([s.a.plan, s.a.passage, s.b.plan, s.b.passage]);
      expect(Number(at(r, 'length'))).toBe(s.length);
      expect(Number(at(r, 'identity'))).toBe(s.identity);
      expect(at(r, 'formula')).toBe(String(s.formula));
      const p = pairs.get(pairKey(s.a.plan, s.b.plan))!;
      expect(at(r, 'likely_source')).toBe(p.direction.kind === 'restates' ? (p.direction.source === 'a' ? p.a : p.b) : '');
      expect(at(r, 'direction_basis')).toBe(p.direction.kind === 'restates' ? p.direction.by : '');
      expect(new URL(at(r, 'url_a')).pathname + new URL(at(r, 'url_a')).hash).toBe(`/plans/${s.a.plan}/#${s.a.passage}`);
      expect(new URL(at(r, 'url_b')).pathname + new URL(at(r, 'url_b')).hash).toBe(`/plans/${s.b.plan}/#${s.b.passage}`);
    }
    // Every documented column is on /reuse/#columns.
    const doc = readFileSync(join(DIST, 'reuse/index.html'), 'utf8');
    for (const c of head) expect(doc, c).toContain(`<dt><code>${c}</code></dt>`);
  });
});

describe('the compare view', () => {
  it('has a partners file per plan and a pair file for exactly the pairs with substantive spans', () => {
    for (const slug of slugs) {
      const want = index.pairs.filter((p) => p.spans > 0 && (p.a === slug || p.b === slug)).map((p) => (p.a === slug ? p.b : p.a)).sort();
      expect(JSON.parse(readFileSync(join(DIST, 'data/reuse/partners', `${slug}.json`), 'utf8')).partners, slug).toEqual(want);
    }
    for (const p of index.pairs) {
      const file = join(DIST, 'data/reuse', `${p.a}--${p.b}.json`);
      if (!p.spans) {
        expect(() => readFileSync(file), file).toThrow();
        continue;
      }
      const d = JSON.parse(readFileSync(file, 'utf8'));
      expect(d.spans.map((x: { id: string }) => x.id).sort()).toEqual(spansBetween(p.a, p.b).filter((x) => !x.formula).map((x) => x.id).sort());
    }
  });

  it('lists, for the chosen plans, the substantive spans between each pair, with links', async () => {
    const { page, done } = await open(`/compare/?plans=${busiest.b},${busiest.a}&tags=talent`);
    await page.waitForFunction((k) => document.querySelector(`#cmp-reuse .rpair[data-pair="${k}"]`) !== null, `${busiest.b}--${busiest.a}`);
    const pair = page.locator(`#cmp-reuse .rpair[data-pair="${busiest.b}--${busiest.a}"]`);
    expect(await page.locator('#cmp-reuse .rpair').count()).toBe(1);
    expect(await pair.locator('li.hit').count()).toBe(Math.min(busiest.spans, BAND_MAX));
    if (busiest.spans > BAND_MAX) expect(await pair.locator(`a[href="/reuse/${busiest.b}--${busiest.a}/"]`).count()).toBe(2);
    expect(await pair.locator('h3 a').getAttribute('href')).toBe(`/reuse/${busiest.b}--${busiest.a}/`);
    const first = [...spansBetween(busiest.a, busiest.b)].filter((s) => !s.formula).sort((x, y) => y.length - x.length || x.id.localeCompare(y.id))[0];
    const hrefs = await pair.locator('li.hit').first().locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([`/plans/${busiest.b}/#${sideOf(first, busiest.b).passage}`, `/plans/${busiest.a}/#${sideOf(first, busiest.a).passage}`, `/reuse/${busiest.b}--${busiest.a}/#${htmlId(first.id)}`]);
    expect(await pair.locator('li.hit .snip').first().innerText()).toBe(sideOf(first, busiest.b).text);
    await done();
  });
});
