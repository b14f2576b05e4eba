/**
 * Search in Chromium against the built site: the index is fetched only on demand; the header box
 * suggests results as a combobox and follows one by keyboard to the highlighted passage; the search
 * page groups results by plan, follows a result to the highlighted passage, keeps its whole state
 * in the URL (a shared link reproduces the results, back/forward restore them), filters, labels
 * fuzzy results, and renders hostile queries as text without errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST } from './helpers/server.ts';
import { createFolder } from '../../src/search/fold.ts';

const manifest = JSON.parse(readFileSync(join(DIST, 'data', 'search', 'manifest.json'), 'utf8'));
const fold = createFolder(manifest.t2s);

/** Wait until every selected shard is searched, then return the result links (href) in order. */
async function results(page: Page): Promise<string[]> {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status')?.textContent ?? '';
    return s !== '' && !/loading|Loading|Searching/.test(s);
  });
  return page.$$eval('#search-results a.hit-link', (as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
}

async function groups(page: Page): Promise<Array<{ plan: string; count: string }>> {
  return page.$$eval('#search-results .result-group', (gs) => gs.map((g) => ({ plan: (g as HTMLElement).dataset.plan!, count: g.querySelector('.count')!.textContent! })));
}

/** The reader after following a result: the target passage holds a highlight equal (folded) to the query. */
async function expectHighlighted(page: Page, query: string) {
  await page.waitForSelector('mark.hl');
  const info = await page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    let target = document.getElementById(id)!;
    if (/^(SECTION|ASIDE)$/.test(target.tagName)) target = document.getElementById(`${id}-h`)!;
    const marks = [...target.querySelectorAll('mark.hl')];
    // The first mark is on screen and not hidden under the sticky filter bar.
    const r = marks[0]?.getBoundingClientRect();
    const onTop = r ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
    return { marks: marks.map((m) => m.textContent), visible: !!onTop && (onTop === marks[0] || marks[0].contains(onTop)) };
  });
  expect(info.marks.length).toBeGreaterThan(0);
  expect(info.marks.map((m) => fold(m!))).toContain(fold(query));
  expect(info.visible).toBe(true);
}

/** The id (or tag name) of the focused element. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');

/** Press Tab (or Shift+Tab) until `id` has focus, at most `max` times; returns the ids passed on the way. */
async function tabTo(page: Page, id: string, key = 'Tab', max = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let k = 0; k < max; k++) {
    await page.keyboard.press(key);
    seen.push(await focusedId(page));
    if (seen[seen.length - 1] === id) return seen;
  }
  throw new Error(`could not reach #${id} with ${key}; passed ${seen.join(', ')}`);
}

describe('search index files', () => {
  assertBuilt();
  it('lists every plan, and every unit of every shard links to an element of its plan page', () => {
    const plans = JSON.parse(readFileSync(join(DIST, 'data', 'plans.json'), 'utf8')).plans.map((p: { meta: { slug: string } }) => p.meta.slug);
    expect(manifest.plans.map((p: { slug: string }) => p.slug).sort()).toEqual([...plans].sort());
    for (const p of manifest.plans) {
      const shard = JSON.parse(readFileSync(join(DIST, p.shard), 'utf8'));
      expect(shard.plan).toBe(p.slug);
      expect(shard.docs.length).toBe(p.docs);
      const html = readFileSync(join(DIST, 'plans', p.slug, 'index.html'), 'utf8');
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      const missing = shard.docs.map((d: [number, string]) => d[1]).filter((a: string) => !ids.has(a));
      expect(missing, p.slug).toEqual([]);
    }
  });
});

describe('search in the browser', () => {
  assertBuilt();
  const site = useSite();

  it('never fetches the index on plain page views; the first focus of the search box does', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    for (const path of ['/', '/plans/chengdu-sti/', '/tags/talent/', '/indicators/']) await page.goto(site.server.origin + path, { waitUntil: 'networkidle' });
    expect(fetched.filter((p) => p.startsWith('/data/search/'))).toEqual([]);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q');
    await expect.poll(() => fetched.includes('/data/search/manifest.json')).toBe(true);
    await expect.poll(() => fetched.filter((p) => p.startsWith('/data/search/plans/')).length).toBe(manifest.plans.length);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('the header box suggests results from several plans and ↓ Enter opens the highlighted passage', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/plans/wuhou-sti/`, { waitUntil: 'networkidle' });
    await page.focus('#site-q');
    await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/data/search/plans/')).length === n, manifest.plans.length);
    await page.keyboard.type('天府实验室');
    await page.waitForSelector('#site-q-list [role="option"]');
    expect(await page.getAttribute('#site-q', 'aria-expanded')).toBe('true');
    const plans = await page.$$eval('#site-q-list .box-plan', (ps) => new Set(ps.map((p) => p.textContent)).size);
    expect(plans).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('ArrowDown');
    const active = await page.getAttribute('#site-q', 'aria-activedescendant');
    expect(await page.getAttribute(`#${active}`, 'aria-selected')).toBe('true');
    const href = await page.getAttribute(`#${active}`, 'data-href');
    await Promise.all([page.waitForURL((u) => u.hash.length > 1), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(new URL(href!, site.server.origin).href);
    await expectHighlighted(page, '天府实验室');
    // the page did not scroll sideways (the suggestions fit the viewport)
    expect(await page.evaluate(() => scrollX)).toBe(0);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('the search page groups results by plan, updates the URL, and a result opens the highlighted passage', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/search/`, { waitUntil: 'networkidle' });
    await page.fill('#q', '研发投入');
    await page.waitForURL((u) => u.searchParams.get('q') === '研发投入');
    const links = await results(page);
    const g = await groups(page);
    expect(g.length).toBeGreaterThanOrEqual(3);
    for (const x of g) expect(x.count).toMatch(/^\d+ 条$/);
    expect(links.length).toBeGreaterThan(5);
    // the first result is an exact match, highlighted
    expect(fold(await page.textContent('#search-results a.hit-link mark') ?? '')).toBe('研发投入');
    // ↓ from the query enters the results
    await page.focus('#q');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(links[0]);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/plans/')), page.keyboard.press('Enter')]);
    await expectHighlighted(page, '研发投入');
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone: / to the query, Tab to the filters, ↓/↑ through the results, Enter opens one', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/search/`, { waitUntil: 'networkidle' });
    // `/` from anywhere on the page goes to the page's own query box.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('/');
    expect(await focusedId(page)).toBe('q');
    await page.keyboard.type('人才');
    await page.waitForURL((u) => u.searchParams.get('q') === '人才');
    expect((await results(page)).length).toBeGreaterThan(1);

    // Tab reaches the three filters in order; ↓ on the level select picks the first level and searches.
    const passed = await tabTo(page, 'f-tag');
    expect(passed.filter((id) => id.startsWith('f-'))).toEqual(['f-plan', 'f-level', 'f-tag']);
    await tabTo(page, 'f-level', 'Shift+Tab');
    const level = await page.$eval('#f-level', (s) => (s as HTMLSelectElement).options[1].value);
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((u) => u.searchParams.get('level') === level && u.searchParams.get('q') === '人才');
    const links = await results(page);
    const atLevel = manifest.plans.filter((p: { level: string }) => p.level === level).map((p: { slug: string }) => p.slug);
    const shown = (await groups(page)).map((g) => g.plan);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((p) => atLevel.includes(p))).toBe(true);
    expect(links.length).toBeGreaterThan(1);

    // Back to the query; ↓ ↓ ↑ ↑ walks into the results and out again; ↓ ↓ Enter opens the second.
    await tabTo(page, 'q', 'Shift+Tab');
    const href = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.id);
    const walk: Array<string | null | undefined> = [];
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowUp']) {
      await page.keyboard.press(key);
      walk.push(await href());
    }
    expect(walk).toEqual([links[0], links[1], links[0], 'q']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/plans/')), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(new URL(links[1], site.server.origin).href);
    await expectHighlighted(page, '人才');
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('a shared URL reproduces the results in a fresh browser; back/forward restore earlier states', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent('人才 公寓')}`, { waitUntil: 'networkidle' });
    const first = await results(page);
    expect(first.length).toBeGreaterThan(0);
    const other = await site.browser.newContext(CONTEXT_DEFAULTS);
    const fresh = await other.newPage();
    await fresh.goto(page.url(), { waitUntil: 'networkidle' });
    expect(await results(fresh)).toEqual(first);
    expect(await fresh.inputValue('#q')).toBe('人才 公寓');
    await other.close();

    await page.selectOption('#f-plan', 'chongqing-htz-sti');
    await page.waitForURL((u) => u.searchParams.get('plan') === 'chongqing-htz-sti');
    const filtered = await results(page);
    expect(filtered.every((h) => h.includes('/plans/chongqing-htz-sti/'))).toBe(true);
    expect(filtered.length).toBeLessThan(first.length);
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('plan'));
    expect(await results(page)).toEqual(first);
    expect(await page.inputValue('#f-plan')).toBe('');
    await page.goForward();
    await page.waitForURL((u) => u.searchParams.get('plan') === 'chongqing-htz-sti');
    expect(await results(page)).toEqual(filtered);
    await page.close();
  });

  it('browses a topic with no query, filters by level, and labels fuzzy results', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/search/?tag=incubators`, { waitUntil: 'networkidle' });
    await results(page);
    expect((await groups(page)).map((g) => g.plan).sort()).toEqual(manifest.plans.map((p: { slug: string }) => p.slug).sort());
    expect(await page.inputValue('#f-tag')).toBe('incubators');

    await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent('人才')}&level=high-tech-zone`, { waitUntil: 'networkidle' });
    await results(page);
    const hz = manifest.plans.filter((p: { level: string }) => p.level === 'high-tech-zone').map((p: { slug: string }) => p.slug);
    expect((await groups(page)).map((g) => g.plan).sort()).toEqual(hz.sort());

    await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent('研发投入强渡')}`, { waitUntil: 'networkidle' });
    await results(page);
    expect(await page.isVisible('.fuzzy-note')).toBe(true);
    expect(await page.textContent('#search-status')).toMatch(/No exact match/);

    await page.goto(`${site.server.origin}/search/?q=talent`, { waitUntil: 'networkidle' });
    expect((await results(page)).length).toBeGreaterThan(20);

    await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent('研發投入強度')}`, { waitUntil: 'networkidle' });
    const trad = await results(page);
    await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent('研发投入强度')}`, { waitUntil: 'networkidle' });
    expect(trad).toEqual(await results(page));
    expect(trad.length).toBeGreaterThan(0);
    // the query names a topic: the page offers that topic's passages, in place
    await Promise.all([page.waitForURL((u) => u.searchParams.get('tag') === 'rd-intensity' && !u.searchParams.has('q')), page.click('.topic-offer a')]);
    expect((await results(page)).length).toBeGreaterThan(trad.length);
    expect(await page.inputValue('#f-tag')).toBe('rd-intensity');
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('renders hostile queries as text, with no dialog and no console error', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    for (const q of ['<img src=x onerror=alert(1)>', "'=", '!^$|', '"><script>alert(1)</script>']) {
      await page.goto(`${site.server.origin}/search/?q=${encodeURIComponent(q)}`, { waitUntil: 'networkidle' });
      await results(page);
      expect(await page.inputValue('#q')).toBe(q);
      expect(await page.$$('img[src="x"], #search-results script')).toEqual([]);
      // typed into the box too
      await page.fill('#site-q', q);
      await page.waitForSelector('#site-q-list .box-all');
      expect(await page.$$('img[src="x"]')).toEqual([]);
    }
    expect(await page.textContent('#search-status')).toContain('><script>alert(1)</script>');
    expect(dialogs).toEqual([]);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('without JavaScript the search page says so and links to the topics', () => {
    // (Chromium's JS-off emulation still parses <noscript> as text, so this reads the HTML.)
    const html = readFileSync(join(DIST, 'search', 'index.html'), 'utf8');
    const noscript = /<noscript>([\s\S]*?)<\/noscript>/.exec(html)?.[1] ?? '';
    expect(noscript).toContain('Search needs JavaScript');
    expect(noscript).toContain('href="/tags/"');
  });
});
