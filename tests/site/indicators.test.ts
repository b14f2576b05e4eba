/**
 * Indicators on the built site: /data/indicators.{json,csv} (schema, BOM, CSV parses back to the
 * JSON rows), the charts' SVG marks for known values, and in Chromium: /indicators/ and a metric
 * page load cleanly and every source link lands on the right row of the reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { csvParse } from 'd3';
import { describe, expect, it } from 'vitest';
import { collectProblems, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST, ROOT } from './helpers/server.ts';

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

describe('indicator data', () => {
  assertBuilt();
  const index = readJson(join(DIST, 'data', 'indicators.json'));

  it('indicators.json validates against schema/indicators.schema.json and has every plan’s rows', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(readJson(join(ROOT, 'schema', 'indicators.schema.json')));
    expect(validate(index), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...index, rows: [{ plan: 'x' }] })).toBe(false);
    for (const slug of ['wuhou-sti', 'wuhou-industry', 'chengdu-sti', 'chongqing-htz-sti']) {
      const plan = readJson(join(DIST, 'data', 'plans', `${slug}.json`));
      expect(index.rows.filter((r: any) => r.plan === slug).map((r: any) => r.id)).toEqual(plan.indicators.map((i: any) => i.id));
    }
  });

  it('indicators.csv starts with a UTF-8 BOM and parses back to the JSON rows', () => {
    const bytes = readFileSync(join(DIST, 'data', 'indicators.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3));
    expect(text).toContain('全社会研发经费支出占地区生产总值（GDP）比重');
    const parsed = csvParse(text.replace(/\r\n/g, '\n'));
    expect(parsed.columns).toEqual(index.columns);
    expect(parsed.columns).toEqual(['plan', 'table', 'row', 'category', 'indicator', 'unit', 'baseline_raw', 'baseline', 'target_raw', 'target', 'attribute',
      'metric', 'unit_normalized', 'baseline_normalized', 'target_normalized', 'cagr', 'source', 'source_lines', 'note']);
    expect(parsed).toHaveLength(index.rows.length);
    const asCsv = (v: unknown) => (v === null ? '' : String(v));
    parsed.forEach((row, k) => {
      for (const c of index.columns) expect(row[c], `row ${k} ${c}`).toBe(asCsv(index.rows[k][c]));
    });
  });
});

describe('charts', () => {
  const page = (metric: string) => readFileSync(join(DIST, 'indicators', metric, 'index.html'), 'utf8');
  /** The dumbbell's rows: plan, data values and the cx of its two dots. */
  const dumbbell = (html: string) => {
    const svg = html.slice(html.indexOf('class="chart dumbbell"'), html.indexOf('</figure>', html.indexOf('class="chart dumbbell"')));
    return [...svg.matchAll(/<g class="row" data-plan="([^"]+)" data-baseline="([^"]*)" data-target="([^"]*)">([\s\S]*?)<\/g>/g)].map((m) => ({
      plan: m[1],
      baseline: m[2],
      target: m[3],
      bx: Number(/class="baseline" cx="([\d.]+)"/.exec(m[4])?.[1]),
      tx: Number(/class="target" cx="([\d.]+)"/.exec(m[4])?.[1]),
    }));
  };

  it('R&D intensity: one dumbbell per plan at the printed values, on a linear scale', () => {
    const html = page('rd-intensity');
    const rows = dumbbell(html);
    expect(rows.map((r) => [r.plan, r.baseline, r.target])).toEqual([
      ['chengdu-sti', '3.11', '3.5'],
      ['chongqing-htz-sti', '4.9', '5.5'],
      ['wuhou-sti', '4', '4.5'],
    ]);
    for (const r of rows) expect(r.tx).toBeGreaterThan(r.bx);
    // Linear: equal steps in value are equal steps on the axis (0.5 for wuhou-sti ≈ 0.6 for chongqing × 5/6).
    const px = (r: (typeof rows)[number]) => (r.tx - r.bx) / (Number(r.target) - Number(r.baseline));
    expect(px(rows[0])).toBeCloseTo(px(rows[1]), 6);
    expect(html).not.toContain('对数 log');
    expect(html).toMatch(/<desc[^>]*>[^<]*成都科技创新规划：3\.11 → 3\.5%/);
  });

  it('high-tech revenue: a log scale, because a printed 万亿 puts a district far above its city', () => {
    const rows = dumbbell(page('high-tech-industry-revenue'));
    expect(rows.map((r) => [r.plan, r.baseline, r.target])).toEqual([
      ['chengdu-sti', '11000', '16000'],
      ['wuhou-sti', '3200000', '4500000'],
    ]);
    expect(page('high-tech-industry-revenue')).toContain('对数 log');
    expect(page('high-tech-industry-revenue')).toContain('⚠');
  });

  it('growth bars: one bar per row with a CAGR, in proportion', () => {
    const html = page('high-tech-enterprises');
    const svg = html.slice(html.indexOf('class="chart growth"'));
    const bars = [...svg.matchAll(/data-plan="([^"]+)" data-cagr="([^"]*)">[\s\S]*?<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ plan: m[1], cagr: Number(m[2]), width: Number(m[4]) }));
    expect(bars.map((b) => b.plan).sort()).toEqual(['chengdu-sti', 'chongqing-htz-sti', 'wuhou-industry', 'wuhou-sti']);
    const [a, b] = [bars[0], bars[1]];
    expect(a.width / b.width).toBeCloseTo(a.cagr / b.cagr, 3);
  });
});

describe('indicators in the browser', () => {
  const site = useSite();

  for (const path of ['/indicators/', '/indicators/rd-intensity/']) {
    it(`${path} renders with no console errors`, async () => {
      const page = await site.context.newPage();
      const problems = collectProblems(page);
      const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'networkidle' });
      expect(res?.status()).toBe(200);
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(1);
      expect(problems.all()).toEqual([]);
      await page.close();
    });
  }

  it('every source link of the high-tech enterprises page lands on its row in the reader', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/indicators/high-tech-enterprises/`, { waitUntil: 'networkidle' });
    const links = await page.locator('table.metric-rows a.source-link').evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, anchor: (a as HTMLElement).dataset.anchor! })));
    const index = readJson(join(DIST, 'data', 'indicators.json'));
    expect(links.length).toBe(index.rows.filter((r: any) => r.metric === 'high-tech-enterprises').length);
    for (const { href, anchor } of links) {
      const row = index.rows.find((r: any) => r.anchor === anchor && href.includes(`/plans/${r.plan}/`));
      await page.goto(href, { waitUntil: 'networkidle' });
      const state = await page.evaluate((id) => {
        const el = document.getElementById(id);
        const r = el?.getBoundingClientRect();
        return { tag: el?.tagName.toLowerCase(), target: el?.matches(':target'), text: el?.textContent ?? '', top: r?.top ?? NaN };
      }, anchor);
      expect(state.tag, href).toBe('tr');
      expect(state.target, href).toBe(true);
      expect(state.text).toContain(row.indicator);
      expect(state.text).toContain(row.target_raw);
      expect(state.top).toBeGreaterThan(-2);
      expect(state.top).toBeLessThan(800);
    }
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('every source link on /indicators/ (metrics, plan-specific and prose rows) points at an element holding that figure', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/indicators/`, { waitUntil: 'networkidle' });
    const links = await page.locator('table.metric-rows a.source-link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const index = readJson(join(DIST, 'data', 'indicators.json'));
    expect(new Set(links).size).toBe(new Set(index.rows.map((r: any) => `${site.server.origin}/plans/${r.plan}/#${r.anchor}`)).size);
    const byPlan = new Map<string, string[]>();
    for (const href of links) {
      const u = new URL(href);
      byPlan.set(u.pathname, [...(byPlan.get(u.pathname) ?? []), decodeURIComponent(u.hash.slice(1))]);
    }
    for (const [path, anchors] of byPlan) {
      await page.goto(`${site.server.origin}${path}`, { waitUntil: 'networkidle' });
      const texts = await page.evaluate((ids) => ids.map((id) => document.getElementById(id)?.textContent ?? null), anchors);
      anchors.forEach((anchor, k) => {
        const plan = path.split('/')[2];
        const rowsHere = index.rows.filter((r: any) => r.plan === plan && r.anchor === anchor);
        expect(texts[k], `${path}#${anchor}`).not.toBeNull();
        for (const r of rowsHere) {
          expect(texts[k]!.replace(/\s/g, ''), `${path}#${anchor}`).toContain(r.target_raw.replace(/\s/g, ''));
          if (r.source === 'table') expect(texts[k]).toContain(r.indicator);
        }
      });
    }
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('the reader links each indicator row to its metric page', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.server.origin}/plans/chengdu-sti/#indicators`, { waitUntil: 'load' });
    const link = page.locator('#indicators a.metric-link', { hasText: '研发投入强度' });
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/indicators\/rd-intensity\/$/);
    expect(await page.locator('h1').textContent()).toContain('研发投入强度');
    await page.close();
  });
});
