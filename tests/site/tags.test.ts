/**
 * Tags on the built site: /data/tags.json and the per-passage tags in /data/plans/<slug>.json,
 * every plan on every tag page (passages or an explicit "not addressed"), and in Chromium: the
 * home map opens a tag page at a plan, a reader chip opens the tag page, `?tag=` filters the
 * reader and survives reload and back/forward, and tag pages read fine without JavaScript.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST, ROOT } from './helpers/server.ts';

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));
const read = (...p: string[]) => readFileSync(join(DIST, ...p), 'utf8');

interface Tagged {
  id: string;
  tags: Array<{ tag: string; score: number; evidence: unknown[] }>;
}
const passagesOf = (plan: any): Tagged[] =>
  plan.blocks.flatMap((b: any) => (b.type === 'paragraph' ? [b] : b.type === 'list' ? b.items : b.rows));

describe('tag data', () => {
  assertBuilt();
  const index = readJson(join(DIST, 'data', 'tags.json'));
  const slugs: string[] = index.plans.map((p: { slug: string }) => p.slug);

  it('tags.json validates against schema/tags.schema.json and lists every plan and tag', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(readJson(join(ROOT, 'schema', 'tags.schema.json')));
    expect(validate(index), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...index, tags: [{ id: 'x' }] })).toBe(false);
    expect([...slugs].sort()).toEqual(readJson(join(DIST, 'data', 'plans.json')).plans.map((p: any) => p.meta.slug).sort());
    expect(index.tags.length).toBeGreaterThanOrEqual(16);
    for (const t of index.tags) {
      expect(t.zh && t.en && t.definition && t.definitionEn && t.terms.length, t.id).toBeTruthy();
      expect(Object.keys(t.counts).sort()).toEqual([...slugs].sort());
    }
  });

  it('every passage in /data/plans/<slug>.json has its tags, and the counts in tags.json agree', () => {
    for (const slug of slugs) {
      const plan = readJson(join(DIST, 'data', 'plans', `${slug}.json`));
      const counts = new Map<string, number>();
      for (const p of passagesOf(plan)) {
        expect(Array.isArray(p.tags), `${slug}#${p.id}`).toBe(true);
        for (const t of p.tags) counts.set(t.tag, (counts.get(t.tag) ?? 0) + 1);
      }
      for (const t of index.tags) expect(t.counts[slug], `${t.id} in ${slug}`).toBe(counts.get(t.id) ?? 0);
    }
  });

  it('every plan appears on every tag page, with its passages or an explicit "not addressed"', () => {
    for (const t of index.tags) {
      for (const page of ['index.html', 'strongest/index.html']) {
        const html = read('tags', t.id, page);
        for (const slug of slugs) {
          const start = html.indexOf(`id="plan-${slug}"`);
          expect(start, `${t.id}/${page}: column for ${slug}`).toBeGreaterThan(0);
          const end = html.indexOf('</section>', start);
          const col = html.slice(start, end);
          const hits = col.split('class="hit"').length - 1;
          expect(hits, `${t.id}/${page}: ${slug}`).toBe(t.counts[slug]);
          if (t.counts[slug] === 0) {
            expect(col).toContain('class="absent"');
            expect(col).toContain('Not addressed');
          }
        }
      }
    }
    // Every seed addresses every topic today; the hostile-plan test covers a column with no passages.
  });

  it('the strongest-first page orders each column by score; the default page keeps document order', () => {
    const t = index.tags.find((x: any) => x.id === 'talent');
    for (const slug of slugs) {
      const plan = readJson(join(DIST, 'data', 'plans', `${slug}.json`));
      const mine = passagesOf(plan).filter((p) => p.tags.some((x) => x.tag === 'talent'));
      const docOrder = mine.map((p) => p.id);
      const byScore = [...mine]
        .map((p, k) => ({ id: p.id, k, s: p.tags.find((x) => x.tag === 'talent')!.score }))
        .sort((a, b) => b.s - a.s || a.k - b.k)
        .map((x) => x.id);
      const linkedIds = (html: string) => {
        const start = html.indexOf(`id="plan-${slug}"`);
        const col = html.slice(start, html.indexOf('</section>', start));
        return [...col.matchAll(new RegExp(`/plans/${slug}/#([^"]+)"`, 'g'))].map((m) => m[1]);
      };
      expect(linkedIds(read('tags', 'talent', 'index.html')), slug).toEqual(docOrder);
      expect(linkedIds(read('tags', 'talent', 'strongest', 'index.html')), slug).toEqual(byScore);
      expect(t.counts[slug]).toBe(docOrder.length);
    }
  });
});

describe('evaluation on the topic pages', () => {
  assertBuilt();
  const index = readJson(join(DIST, 'data', 'tags.json'));
  // The test split's labels, read here on their own (not through the ingest), against the built plans.
  const testDir = join(ROOT, 'content', 'tags-eval', 'test');
  const labels = readdirSync(testDir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      const doc = parseYaml(readFileSync(join(testDir, f), 'utf8')) as { plan: string; passages: Array<{ id: string; tags: string[] }> };
      return doc.passages.map((p) => ({ plan: doc.plan, id: p.id, tags: p.tags ?? [] }));
    });
  const built = new Map<string, Tagged>();
  for (const slug of index.plans.map((p: { slug: string }) => p.slug)) for (const p of passagesOf(readJson(join(DIST, 'data', 'plans', `${slug}.json`)))) built.set(`${slug}#${p.id}`, p);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

  it('every topic page shows its test-split figures; exactly the experimental topics carry the banner with them', () => {
    expect(labels.length).toBeGreaterThanOrEqual(300);
    const experimental = index.tags.filter((t: any) => t.experimental).map((t: any) => t.id);
    expect(experimental.length).toBeGreaterThan(0);
    for (const t of index.tags) {
      expect(t.evaluation, t.id).not.toBeNull();
      const html = read('tags', t.id, 'index.html');
      const summary = html.slice(html.indexOf('id="evaluation"'), html.indexOf('</summary>', html.indexOf('id="evaluation"')));
      // Too few positives on the test split: the summary gives the figures on all labelled passages.
      const shown = t.evaluation.positives < 10 ? t.evaluation.census : t.evaluation;
      expect(summary, t.id).toContain(`查准率 ${pct(shown.precision)}`);
      expect(summary, t.id).toContain(`查全率 ${pct(shown.recall)}`);
      if (t.evaluationNote) expect(html, t.id).toContain(t.evaluationNote.en.replace(/&/g, '&amp;'));
      const banner = html.match(/<p class="experimental"[^>]*>([\s\S]*?)<\/p>/);
      expect(!!banner, `${t.id}: banner`).toBe(t.experimental);
      if (banner) {
        expect(banner[1]).toContain(`查准率 ${pct(t.evaluation.precision)}`);
        expect(banner[1]).toContain(`recall ${pct(t.evaluation.recall)}`);
      }
    }
    // And the topic index marks them.
    const list = read('tags', 'index.html');
    for (const id of experimental) expect(list.slice(list.indexOf(`/tags/${id}/`), list.indexOf(`/tags/${id}/`) + 600), id).toMatch(/experimental|试验/i);
  });

  it('every passage the test split marks as about a topic but the page leaves out is listed there, with the rule that left it out', () => {
    let misses = 0;
    for (const t of index.tags) {
      const expected = labels.filter((l) => l.tags.includes(t.id) && !built.get(`${l.plan}#${l.id}`)!.tags.some((x) => x.tag === t.id)).map((l) => `${l.plan}#${l.id}`);
      const html = read('tags', t.id, 'index.html');
      const items = [...html.matchAll(/<li data-miss="([^"]+)"[^>]*>([\s\S]*?)<\/li>/g)];
      expect(items.map((m) => m[1]).sort(), t.id).toEqual([...expected].sort());
      for (const [, key, body] of items) {
        expect(body, `${t.id} ${key}`).toMatch(/why it is missing<\/span>：[^<。]+。/);
        expect(body, `${t.id} ${key}`).toContain(`/plans/${key.split('#')[0]}/#${key.split('#')[1]}`);
      }
      misses += items.length;
    }
    expect(misses).toBeGreaterThan(0);
  });
});

describe('tags in the browser', () => {
  const site = useSite();

  it('a cell of the home map opens the tag page at that plan', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/`, { waitUntil: 'load' });
    const cell = page.locator('figure.tag-map a.cell[href*="/tags/talent/#plan-chongqing-htz-sti"]');
    expect(await cell.count()).toBe(1);
    expect(await cell.getAttribute('aria-label')).toMatch(/人才.*重庆高新区科技规划：\d+ 段/);
    await cell.click();
    await page.waitForURL(/\/tags\/talent\/#plan-chongqing-htz-sti$/);
    const col = page.locator('#plan-chongqing-htz-sti');
    expect(await col.evaluate((el) => el.matches(':target'))).toBe(true);
    const box = await col.boundingBox();
    expect(box!.y).toBeLessThan(800);
    expect(await col.locator('li.hit').count()).toBeGreaterThan(0);
    expect(await col.locator('mark').first().textContent()).toBeTruthy();
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('a tag chip in the reader opens the tag page at this plan, where the passage is listed', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/plans/wuhou-sti/`, { waitUntil: 'load' });
    const chip = page.locator('.body .passage a.chip[data-tag="incubators"]').first();
    const passageId = await chip.evaluate((a) => a.closest('.passage')!.id);
    await chip.scrollIntoViewIfNeeded();
    await chip.click();
    await page.waitForURL(/\/tags\/incubators\/#plan-wuhou-sti$/);
    expect(await page.locator('h1').textContent()).toContain('孵化器');
    expect(await page.locator(`#plan-wuhou-sti a[href$="/plans/wuhou-sti/#${passageId}"]`).count()).toBe(1);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('?tag= shows only that tag’s passages, survives reload, and back/forward restore the state', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    const plan = readJson(join(DIST, 'data', 'plans', 'chengdu-sti.json'));
    const expected = passagesOf(plan).filter((p) => p.tags.some((t) => t.tag === 'talent')).map((p) => p.id);
    const visible = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.body .passage')].filter((e) => e.offsetParent !== null).map((e) => e.id));

    // networkidle before each navigation, so the favicon request is not aborted by it.
    await page.goto(`${site.server.origin}/plans/chengdu-sti/`, { waitUntil: 'networkidle' });
    const all = (await visible()).length;
    expect(all).toBe(passagesOf(plan).length);
    await page.selectOption('#tag-select', 'talent');
    await page.waitForURL(/\?tag=talent$/);
    expect(await visible()).toEqual(expected);
    expect(await page.locator('#filter-status').textContent()).toContain(`${expected.length}`);

    await page.waitForLoadState('networkidle');
    await page.reload({ waitUntil: 'networkidle' });
    expect(page.url()).toMatch(/\?tag=talent$/);
    expect(await page.locator('#tag-select').inputValue()).toBe('talent');
    expect(await visible()).toEqual(expected);

    await page.selectOption('#tag-select', 'rd-intensity');
    await page.waitForURL(/\?tag=rd-intensity$/);
    const rd = await visible();
    expect(rd.length).toBeLessThan(expected.length);
    await page.goBack();
    await page.waitForURL(/\?tag=talent$/);
    expect(await visible()).toEqual(expected);
    await page.locator('#filter-status a').click();
    await page.waitForURL(/\/plans\/chengdu-sti\/$/);
    expect((await visible()).length).toBe(all);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('a tag page reads without JavaScript: columns, snippets, links and the order switch', async () => {
    const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.server.origin}/tags/chengdu-chongqing/`, { waitUntil: 'load' });
      expect(await page.locator('section.col').count()).toBe(readJson(join(DIST, 'data', 'tags.json')).plans.length);
      expect(await page.locator('li.hit mark').count()).toBeGreaterThan(0);
      await page.locator('nav.order a', { hasText: 'Strongest first' }).click();
      await page.waitForURL(/\/tags\/chengdu-chongqing\/strongest\/$/);
      expect(await page.locator('nav.order a[aria-current="page"]').textContent()).toContain('Strongest first');
      // Narrow screens stack the columns.
      await page.setViewportSize({ width: 390, height: 800 });
      const xs = await page.locator('section.col').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)));
      expect(new Set(xs).size).toBe(1);
      await page.setViewportSize({ width: 1600, height: 900 });
      const wide = await page.locator('section.col').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().y)));
      expect(new Set(wide).size).toBe(1);
    } finally {
      await ctx.close();
    }
  });

  it('tag pages and the topic index load without console errors', async () => {
    for (const path of ['/tags/', '/tags/rd-intensity/', '/tags/talent/strongest/']) {
      const page = await site.context.newPage();
      const problems = collectProblems(page);
      const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
      expect(res?.status(), path).toBe(200);
      await page.waitForLoadState('networkidle');
      expect(problems.all(), path).toEqual([]);
      await page.close();
    }
  });
});
