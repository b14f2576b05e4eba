/**
 * The compare view and the outline alignment in Chromium against the built site: pickers operated
 * by keyboard write the URL; that URL in a fresh browser shows the same view; back/forward restore
 * earlier views; what the browser renders equals what the build rendered and what the data files
 * hold; columns line up on a wide screen and stack on a phone; printing hides the controls; outline
 * links land on the right sections, in the page and in the reader. No console errors anywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

interface CellSig {
  plan: string;
  anchors: string[];
  indicators: number;
  text: string;
}
interface BandSig {
  tag: string;
  cells: CellSig[];
}

/** The view as data: bands, their cells, each cell's passage anchors, indicator rows and text. */
async function signature(page: Page): Promise<BandSig[]> {
  await page.waitForFunction(() => {
    const s = document.getElementById('cmp-status')?.textContent ?? '';
    return s !== '' && !/Loading/.test(s) && !document.getElementById('cmp-view')!.hasAttribute('aria-busy');
  });
  return page.$$eval('#cmp-view .band', (bands) => {
    // The cell's text without the basket toggles (added by the browser, absent without JavaScript).
    const textOf = (c: Element) => {
      const copy = c.cloneNode(true) as Element;
      for (const b of copy.querySelectorAll('button.basket-toggle')) b.remove();
      return (copy.textContent ?? '').replace(/\s+/g, '');
    };
    return bands.map((b) => ({
      tag: (b as HTMLElement).dataset.tag!,
      cells: [...b.querySelectorAll<HTMLElement>('.cell')].map((c) => ({
        plan: c.dataset.plan!,
        anchors: [...c.querySelectorAll<HTMLElement>('.hit')].map((h) => h.dataset.basket!.split(':')[1]),
        indicators: c.querySelectorAll('table.cell-ind tbody tr').length,
        text: textOf(c),
      })),
    }));
  });
}

function cellData(plan: string, tag: string): { passages: Array<{ anchor: string }>; indicators: unknown[] } {
  return JSON.parse(readFileSync(join(DIST, 'data', 'compare', plan, `${tag}.json`), 'utf8'));
}

/** Press Tab until `selector` has focus (keyboard only), at most `max` times. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let k = 0; k < max; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

const defaultOf = (html: string) => JSON.parse(/data-default="([^"]+)"/.exec(html)![1].replace(/&quot;/g, '"')) as { plans: string[]; tags: string[] };
const pageHtml = readFileSync(join(DIST, 'compare', 'index.html'), 'utf8');
const def = defaultOf(pageHtml);
const allPlans: string[] = JSON.parse(readFileSync(join(DIST, 'data', 'plans.json'), 'utf8')).plans.map((p: { meta: { slug: string } }) => p.meta.slug);

describe('compare view', () => {
  assertBuilt();
  const site = useSite();

  it('without JavaScript shows the default view (the four requested topics) and links to ready-made views', async () => {
    const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/compare/`);
    expect(await page.isVisible('#cmp-form')).toBe(false);
    const bands = await page.$$eval('#cmp-view .band', (bs) => bs.map((b) => ({ tag: (b as HTMLElement).dataset.tag, cells: [...b.querySelectorAll<HTMLElement>('.cell')].map((c) => c.dataset.plan) })));
    expect(bands.map((b) => b.tag)).toEqual(['rd-intensity', 'incubators', 'talent', 'chengdu-chongqing']);
    for (const b of bands) expect(b.cells).toEqual(def.plans);
    expect(def.plans.length).toBeGreaterThanOrEqual(2);
    // Every passage of each cell is listed (the rest folded under "n more"), as in the data file.
    for (const tag of def.tags)
      for (const plan of def.plans) {
        const anchors = await page.$$eval(`#band-${tag} .cell[data-plan="${plan}"] .hit`, (hs) => hs.map((h) => (h as HTMLElement).dataset.basket!.split(':')[1]));
        expect(anchors).toEqual(cellData(plan, tag).passages.map((p) => p.anchor));
      }
    const links = await page.$$eval('.prebuilt a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('/tags/talent/');
    expect(links.some((h) => /^\/compare\/outline\/[a-z0-9-]+--[a-z0-9-]+\/$/.test(h!))).toBe(true);
    expect(problems.all()).toEqual([]);
    await ctx.close();
  });

  it('the browser renders a view exactly as the build does', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    const noJs = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
    const built = await noJs.newPage();
    await built.goto(`${site.server.origin}/compare/`);
    const server = await built.$$eval('#cmp-view .cell', (cs) => cs.map((c) => (c.textContent ?? '').replace(/\s+/g, '')));
    // An explicit URL for the same state makes the client render it from the data files.
    await page.goto(`${site.server.origin}/compare/?plans=${def.plans.join(',')}&tags=${def.tags.join(',')}`);
    const client = await signature(page);
    expect(client.flatMap((b) => b.cells.map((c) => c.text))).toEqual(server);
    expect(client.flatMap((b) => b.cells).some((c) => c.indicators > 0)).toBe(true);
    expect(problems.all()).toEqual([]);
    await noJs.close();
    await page.close();
  });

  it('pickers work by keyboard, write the URL; the URL reproduces the view in a fresh browser; back/forward restore', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/compare/`);
    const initial = await signature(page);
    expect(initial.map((b) => b.tag)).toEqual(def.tags);

    // Swap one plan for another, and one topic for another, with Tab and Space only.
    const add = allPlans.find((p) => !def.plans.includes(p))!;
    const drop = def.plans[def.plans.length - 1];
    await page.focus('#site-q');
    await tabTo(page, `input[name="plans"][value="${drop}"]`);
    await page.keyboard.press('Space');
    await expect.poll(() => page.url()).toContain(`plans=${def.plans.filter((p) => p !== drop).join(',')}&`);
    await page.focus('#site-q');
    await tabTo(page, `input[name="plans"][value="${add}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="tags"][value="chengdu-chongqing"]');
    await page.keyboard.press('Space');
    await page.focus('#site-q');
    await tabTo(page, 'input[name="tags"][value="ip-patents"]');
    await page.keyboard.press('Space');
    const plans = [...def.plans.filter((p) => p !== drop), add];
    const tags = [...def.tags.filter((t) => t !== 'chengdu-chongqing'), 'ip-patents'];
    await expect.poll(() => new URL(page.url()).search).toBe(`?plans=${plans.join(',')}&tags=${tags.join(',')}`);
    const view = await signature(page);
    expect(view.map((b) => b.tag)).toEqual(tags);
    for (const b of view) {
      expect(b.cells.map((c) => c.plan)).toEqual(plans);
      for (const c of b.cells) {
        const data = cellData(c.plan, b.tag);
        expect(c.anchors).toEqual(data.passages.map((p) => p.anchor));
        expect(c.indicators).toBe(data.indicators.length);
      }
    }
    expect(await page.title()).toContain('对照 Compare');

    // The same URL in a fresh browser profile: the same view.
    const fresh = await site.browser.newContext(CONTEXT_DEFAULTS);
    const other = await fresh.newPage();
    const otherProblems = collectProblems(other);
    await other.goto(page.url());
    expect(await signature(other)).toEqual(view);
    expect(await other.$$eval('input[name="plans"]:checked', (xs) => xs.map((x) => (x as HTMLInputElement).value))).toEqual([...plans].sort((a, b) => allPlans.indexOf(a) - allPlans.indexOf(b)));
    expect(otherProblems.all()).toEqual([]);
    await fresh.close();

    // Back four steps: the default view again; forward: the last view.
    for (let k = 0; k < 4; k++) await page.goBack();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect((await signature(page)).map((b) => [b.tag, b.cells.map((c) => c.anchors)])).toEqual(initial.map((b) => [b.tag, b.cells.map((c) => c.anchors)]));
    expect(await page.$$eval('input[name="plans"]:checked', (xs) => xs.map((x) => (x as HTMLInputElement).value))).toEqual(def.plans);
    for (let k = 0; k < 4; k++) await page.goForward();
    await expect.poll(() => new URL(page.url()).search).toBe(`?plans=${plans.join(',')}&tags=${tags.join(',')}`);
    expect(await signature(page)).toEqual(view);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('adds a passage to the basket from a view the browser rendered', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/compare/?plans=${[...def.plans].reverse().join(',')}&tags=talent`);
    await signature(page);
    const hit = page.locator('#band-talent li.hit').first();
    const ref = await hit.getAttribute('data-basket');
    const toggle = hit.locator('button.basket-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('plan-atlas:basket') ?? '{}'));
    expect(stored.items.map((i: { plan: string; anchor: string }) => `${i.plan}:${i.anchor}`)).toContain(ref);
    await page.evaluate(() => localStorage.clear());
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('allows at most four plans, ignores unknown ids in a URL and says so', async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/compare/?plans=${allPlans.join(',')},nope&tags=talent,<b>x</b>`);
    const view = await signature(page);
    expect(view[0].cells.map((c) => c.plan)).toEqual(allPlans.slice(0, 4));
    expect(view.map((b) => b.tag)).toEqual(['talent']);
    const status = await page.textContent('#cmp-status');
    expect(status).toContain('nope');
    expect(status).toContain('<b>x</b>');
    expect(await page.$$('#cmp-view b')).toHaveLength(0);
    const disabled = await page.$$eval('input[name="plans"]:disabled', (xs) => xs.map((x) => (x as HTMLInputElement).value));
    expect(disabled).toEqual(allPlans.slice(4));
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  it('columns line up on a wide screen, stack on a phone; printing hides the controls and unfolds every passage', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.server.origin}/compare/`);
    await signature(page);
    const tops = await page.$$eval('#band-talent .cell', (cs) => cs.map((c) => Math.round(c.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    const lefts = await page.$$eval('.band', (bs) => bs.map((b) => [...b.querySelectorAll('.cell')].map((c) => Math.round(c.getBoundingClientRect().left)).join()));
    expect(new Set(lefts).size).toBe(1);
    await page.setViewportSize({ width: 375, height: 740 });
    const narrow = await page.evaluate(() => ({
      lefts: new Set([...document.querySelectorAll('#band-talent .cell')].map((c) => Math.round(c.getBoundingClientRect().left))).size,
      overflow: document.documentElement.scrollWidth - innerWidth,
    }));
    expect(narrow).toEqual({ lefts: 1, overflow: 0 });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#cmp-form')).toBe(false);
    expect(await page.isVisible('header.site')).toBe(false);
    expect(await page.locator('button.basket-toggle').first().isVisible()).toBe(false);
    const folded = await page.$$eval('details.more-hits .hit', (hs) => hs.filter((h) => (h as HTMLElement).offsetParent === null).length);
    expect(await page.$$('details.more-hits .hit').then((x) => x.length)).toBeGreaterThan(0);
    expect(folded).toBe(0);
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });
});

describe('outline alignment', () => {
  const site = useSite();
  const pairs = [...pageHtml.matchAll(/href="\/compare\/outline\/([a-z0-9-]+)--([a-z0-9-]+)\/"/g)].map((m) => [m[1], m[2]] as const);

  it('pre-renders pairs; every alignment link lands on its section, and each section links to the reader', async () => {
    expect(pairs.length).toBeGreaterThan(0);
    const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const problems = collectProblems(page);
    const [a, b] = pairs[0];
    await page.goto(`${site.server.origin}/compare/outline/${a}--${b}/`);
    const links = await page.$$eval('.ol-col[data-side="a"] .ol-links a', (as) => as.map((x) => ({ href: x.getAttribute('href')!, text: x.textContent!.replace(/^→ /, '') })));
    expect(links.length).toBeGreaterThan(3);
    const unmatched = await page.$$('.ol-sec.unmatched .ol-none');
    expect(unmatched.length).toBe((await page.$$('.ol-sec.unmatched')).length);
    for (const l of links.slice(0, 8)) {
      await page.click(`.ol-col[data-side="a"] .ol-links a[href="${l.href}"] >> nth=0`);
      expect(new URL(page.url()).hash).toBe(l.href);
      const target = await page.evaluate(() => {
        const t = document.querySelector(':target')!;
        const r = t.getBoundingClientRect();
        return { side: t.closest('.ol-col')!.getAttribute('data-side'), head: t.querySelector('.ol-head a')!.textContent, href: t.querySelector('.ol-head a')!.getAttribute('href'), visible: r.top >= 0 && r.top < innerHeight };
      });
      expect(target).toMatchObject({ side: 'b', head: l.text, visible: true });
      expect(target.href).toBe(`/plans/${b}/#${l.href.slice(3)}`);
    }
    // The reader has the section, with the same heading.
    const first = links[0];
    await page.goto(`${site.server.origin}/plans/${b}/#${first.href.slice(3)}`);
    expect((await page.textContent(`[id="${first.href.slice(3)}-h"]`))!.startsWith(first.text)).toBe(true);
    expect(problems.all()).toEqual([]);
    await ctx.close();
  });

  it('any pair is aligned in the browser like the pre-rendered page; the pickers write the URL', async () => {
    const [a, b] = pairs[pairs.length - 1];
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/compare/outline/${a}--${b}/`);
    const built = (await page.textContent('#ol-view'))!.replace(/\s+/g, '');
    await page.goto(`${site.server.origin}/compare/outline/?plans=${a},${b}`);
    await page.waitForFunction(([x, y]) => document.querySelector('.olcmp')?.getAttribute('data-a') === x && document.querySelector('.olcmp')?.getAttribute('data-b') === y && !document.querySelector('[aria-busy]'), [a, b]);
    expect((await page.textContent('#ol-view'))!.replace(/\s+/g, '')).toBe(built);
    // Swap by keyboard: columns change sides and the URL follows.
    await page.focus('select[name="a"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).search).toBe(`?plans=${b},${a}`);
    await page.waitForFunction((x) => document.querySelector('.olcmp')?.getAttribute('data-a') === x && !document.querySelector('[aria-busy]'), b);
    await page.goBack();
    await page.waitForFunction((x) => document.querySelector('.olcmp')?.getAttribute('data-a') === x && !document.querySelector('[aria-busy]'), a);
    expect(await page.inputValue('select[name="a"]')).toBe(a);
    expect(problems.all()).toEqual([]);
    await page.close();
  });
});
