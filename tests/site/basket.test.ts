/**
 * The passage basket (摘录篮) in Chromium against the built site: passages are added from the reader's
 * ¶ menu (mouse and keyboard), a topic page and search; /basket/ lists them in order, reorders and
 * removes them from the keyboard, survives a reload, exports Markdown (download and clipboard) and CSV
 * whose citations equal what the ¶ menu copies, and shares itself as a URL that restores the same list
 * in a fresh browser profile (or offers merge / replace when that profile has a basket of its own).
 *
 * Expected texts come from the plan JSON in dist/ and from the reader page, never from constants.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.ts';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

interface Outline {
  id: string;
  kind: 'section' | 'box';
  label: string | null;
  title: string | null;
  parentId: string | null;
  missing?: boolean;
}
interface PlanJson {
  meta: { slug: string; title: string; shortTitle?: string };
  outline: Outline[];
  blocks: Array<{ id: string; type: string; sectionId: string | null; text?: string; items?: Array<{ id: string; text: string }>; rows?: Array<{ id: string; cells: string[] }> }>;
}

assertBuilt();
const readPlan = (slug: string): PlanJson => JSON.parse(readFileSync(join(DIST, 'data', 'plans', `${slug}.json`), 'utf8'));
const plans = new Map<string, PlanJson>();
const planOf = (slug: string) => plans.get(slug) ?? (plans.set(slug, readPlan(slug)), plans.get(slug)!);

/** The text as printed of a passage or heading, from the plan JSON. */
function textOf(slug: string, anchor: string): string {
  const p = planOf(slug);
  for (const b of p.blocks) {
    if (b.id === anchor && b.type === 'paragraph') return b.text!;
    const i = b.items?.find((x) => x.id === anchor);
    if (i) return i.text;
    const r = b.rows?.find((x) => x.id === anchor);
    if (r) return r.cells.filter((c) => c !== '').join(' | ');
  }
  const o = p.outline.find((x) => x.id === anchor);
  if (o) return o.missing ? '（标题缺失）' : [o.label, o.title].filter(Boolean).join(o.label && /[、．.：:]$/.test(o.label) ? '' : ' ');
  throw new Error(`${slug}: no passage ${anchor}`);
}

const cd = planOf('chengdu-sti');
const boxIds = new Set(cd.outline.filter((o) => o.kind === 'box').map((o) => o.id));
/** P1: a paragraph inside a box (its citation's section path includes the box); P2: a table row outside boxes. */
const P1 = cd.blocks.find((b) => b.type === 'paragraph' && b.sectionId && boxIds.has(b.sectionId) && !b.text!.includes('\n'))!.id;
const P2 = cd.blocks.find((b) => b.type === 'table' && b.sectionId && !boxIds.has(b.sectionId) && b.rows!.length > 1)!.rows![1].id;
const ref = (anchor: string, slug = 'chengdu-sti') => `${slug}:${anchor}`;

const site = useSite();

/** Markdown quote lines back to text; a Markdown line back to text (the exporter only adds backslash escapes). */
const unescapeMd = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
const unquote = (lines: string[]) => lines.map((l) => (l === '>' ? '' : unescapeMd(l.replace(/^> /, '').replace(/(?<!\\)((?:\\\\)*)\\$/, '$1').replace(/^&#32;/, '')))).join('\n');


/** A fresh browser profile that may use the clipboard; every page's problems are collected. */
async function withProfile(run: (ctx: BrowserContext, open: (path: string) => Promise<Page>) => Promise<void>) {
  const ctx = await site.browser.newContext(CONTEXT_DEFAULTS);
  const problems: Array<ReturnType<typeof collectProblems>> = [];
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
    const open = async (path: string) => {
      const page = await ctx.newPage();
      problems.push(collectProblems(page));
      await page.goto(`${site.server.origin}${path}`, { waitUntil: 'networkidle' });
      return page;
    };
    await run(ctx, open);
    expect(problems.flatMap((p) => p.all())).toEqual([]);
  } finally {
    await ctx.close();
  }
}

const stored = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('plan-atlas:basket') ?? 'null'));
const listed = (page: Page) => page.$$eval('#basket-list > li', (lis) => lis.map((li) => (li as HTMLElement).dataset.ref!));
const badge = (page: Page) => page.evaluate(() => {
  const b = document.querySelector<HTMLElement>('a.nav-basket .nav-count');
  return b && !b.hidden ? b.firstChild?.textContent ?? '' : '';
});
async function waitListed(page: Page, refs: string[]) {
  await expect.poll(() => listed(page), { timeout: 10_000 }).toEqual(refs);
}
/** The focused element: its action, its item, and whether it is aria-disabled. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return { action: a?.dataset.action ?? a?.id ?? a?.tagName, item: a?.closest('li')?.dataset.ref ?? null, disabled: a?.getAttribute('aria-disabled') === 'true' };
  });
/** Presses Tab until the focused element satisfies `want` (at most 40 times). */
async function tabTo(page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean, key = 'Tab') {
  for (let k = 0; k < 40; k++) {
    if (want(await focused(page))) return;
    await page.keyboard.press(key);
  }
  throw new Error(`never reached the wanted element with ${key}; at ${JSON.stringify(await focused(page))}`);
}
async function read(d: Download): Promise<string> {
  return readFileSync((await d.path())!, 'utf8');
}

/** Opens the ¶ menu of `id` with the mouse and clicks the item whose text matches. */
async function menuClick(page: Page, id: string, item: string | RegExp) {
  const el = page.locator(`[id="${id}"]`);
  await el.scrollIntoViewIfNeeded();
  await el.hover();
  const pilcrow = el.locator('a.pilcrow').first();
  await pilcrow.click();
  await page.locator('.pmenu button', { hasText: item }).click();
}

describe('the passage basket', () => {
  it('collects passages from the ¶ menu, a topic page and search; lists, reorders, removes, exports and shares them', () =>
    withProfile(async (ctx, open) => {
      // ── the reader: ¶ menu by mouse, then by keyboard ──
      const reader = await open('/plans/chengdu-sti/');
      expect(await badge(reader)).toBe('');
      await menuClick(reader, P1, '复制引文 GB/T 7714');
      await reader.locator(`[id="${P1}"] a.pilcrow[data-copied]`).waitFor({ state: 'attached' });
      const citeP1 = await reader.evaluate(() => navigator.clipboard.readText());
      expect(citeP1).toContain(`/plans/chengdu-sti/#${P1}.`);
      await menuClick(reader, P1, 'Add to basket');
      await expect.poll(() => reader.locator('#copy-status').textContent()).toContain('已加入摘录篮');
      expect(await badge(reader)).toBe('1');
      expect(await reader.locator(`[id="${P1}"]`).getAttribute('class')).toContain('in-basket');

      await reader.focus(`[id="${P2}"] a.pilcrow`);
      await reader.keyboard.press('Enter');
      await reader.keyboard.press('End');
      expect(await reader.evaluate(() => document.activeElement?.textContent)).toBe('加入摘录篮 Add to basket');
      await reader.keyboard.press('Enter');
      await expect.poll(() => badge(reader)).toBe('2');
      // focus is back on the ¶; reopened, the menu offers removal
      expect(await reader.evaluate((id) => document.activeElement?.closest(`[id="${id}"]`) !== null, P2)).toBe(true);
      await reader.keyboard.press('Enter');
      await reader.keyboard.press('End');
      expect(await reader.evaluate(() => document.activeElement?.textContent)).toBe('移出摘录篮 Remove from basket');
      await reader.keyboard.press('Escape');
      // the indicator table's ¶ offers no basket item (it is not a passage)
      if (await reader.locator('#indicators a.pilcrow').count()) {
        await reader.locator('#indicators a.pilcrow').click();
        expect(await reader.locator('.pmenu button', { hasText: 'basket' }).isHidden()).toBe(true);
        await reader.keyboard.press('Escape');
      }

      // ── a topic page: the toggle on a hit ──
      const topic = await open('/tags/talent/');
      expect(await badge(topic)).toBe('2');
      const hit = topic.locator('#plan-wuhou-sti li.hit[data-basket]').first();
      const P3 = (await hit.getAttribute('data-basket'))!;
      const [p3slug, p3anchor] = P3.split(':');
      const toggle = hit.locator('button.basket-toggle');
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      expect(await toggle.innerText()).toContain('Add to basket');
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await toggle.innerText()).toContain('In basket');
      expect(await badge(topic)).toBe('3');
      // the other tab (the reader) hears of it through the storage event
      await expect.poll(() => badge(reader)).toBe('3');
      expect(await stored(topic)).toEqual({ v: 1, items: [{ plan: 'chengdu-sti', anchor: P1 }, { plan: 'chengdu-sti', anchor: P2 }, { plan: p3slug, anchor: p3anchor }] });

      // ── search results carry the same toggle, already pressed for a passage in the basket ──
      const search = await open(`/search/?q=${encodeURIComponent(textOf('chengdu-sti', P1).slice(0, 12))}&plan=chengdu-sti`);
      const sHit = search.locator(`#search-results li.hit[data-basket="${ref(P1)}"] button.basket-toggle`);
      await sHit.waitFor();
      expect(await sHit.getAttribute('aria-pressed')).toBe('true');
      await search.close();

      // ── /basket/: listed in order, with the text as printed ──
      const page = await open('/basket/');
      await waitListed(page, [ref(P1), ref(P2), P3]);
      for (const [r, slug, anchor] of [[ref(P1), 'chengdu-sti', P1], [ref(P2), 'chengdu-sti', P2], [P3, p3slug, p3anchor]]) {
        const li = page.locator(`#basket-list > li[data-ref="${r}"]`);
        expect(await li.locator('blockquote').textContent()).toBe(textOf(slug, anchor));
        expect(await li.locator('.bi-head a').first().textContent()).toBe(planOf(slug).meta.shortTitle ?? planOf(slug).meta.title);
        expect(await li.locator('.bi-link a').getAttribute('href')).toBe(`/plans/${slug}/#${anchor}`);
      }
      // the box paragraph's section path ends with the box heading
      const boxId = cd.blocks.find((b) => b.id === P1)!.sectionId!;
      expect(await page.locator(`#basket-list > li[data-ref="${ref(P1)}"] .bi-section`).textContent()).toMatch(new RegExp(`${textOf('chengdu-sti', boxId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      expect(await page.locator('#basket-summary').textContent()).toContain('3 条摘录');

      // ── reorder and remove with the keyboard only ──
      await page.locator(`#basket-list > li[data-ref="${ref(P1)}"] .bi-link a`).focus();
      await tabTo(page, (f) => f.action === 'down' && f.item === ref(P1));
      await page.keyboard.press('Enter');
      await waitListed(page, [ref(P2), ref(P1), P3]);
      expect(await focused(page)).toEqual({ action: 'down', item: ref(P1), disabled: false });
      await expect.poll(() => page.locator('#basket-status').textContent()).toContain('Moved to position 2 of 3');
      await page.keyboard.press('Enter');
      await waitListed(page, [ref(P2), P3, ref(P1)]);
      // at the bottom "Move down" stays focused but does nothing
      expect(await focused(page)).toEqual({ action: 'down', item: ref(P1), disabled: true });
      await page.keyboard.press('Enter');
      await page.waitForTimeout(200);
      expect(await listed(page)).toEqual([ref(P2), P3, ref(P1)]);
      // Shift+Tab back to the first item's Remove
      await tabTo(page, (f) => f.action === 'remove' && f.item === ref(P2), 'Shift+Tab');
      await page.keyboard.press('Enter');
      await waitListed(page, [P3, ref(P1)]);
      expect(await focused(page)).toEqual({ action: 'remove', item: P3, disabled: false });
      await expect.poll(() => page.locator('#basket-status').textContent()).toContain('Removed');
      expect(await badge(page)).toBe('2');

      // ── a reload keeps them ──
      await page.reload({ waitUntil: 'networkidle' });
      await waitListed(page, [P3, ref(P1)]);

      // ── Markdown: download and clipboard, with the ¶ menu's exact citation ──
      const [mdFile] = await Promise.all([page.waitForEvent('download'), page.click('#b-md')]);
      expect(mdFile.suggestedFilename()).toMatch(/^plan-atlas-basket-\d{4}-\d{2}-\d{2}\.md$/);
      const md = await read(mdFile);
      await page.click('#b-md-copy');
      await expect.poll(() => page.locator('#basket-status').textContent()).toContain('Markdown copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(md);
      const sections = md.split(/\n(?=## )/).slice(1);
      expect(sections).toHaveLength(2);
      const p1md = sections[1].split('\n');
      expect(p1md[0]).toMatch(/^## 2\. /);
      const quote = p1md.slice(2, p1md.indexOf('', 2));
      expect(unquote(quote)).toBe(textOf('chengdu-sti', P1));
      const citeLine = p1md.find((l) => l.startsWith('—— '))!;
      expect(unescapeMd(citeLine.slice(3))).toBe(citeP1);
      expect(p1md).toContain(`<${site.server.origin}/plans/chengdu-sti/#${P1}>`);
      expect(unquote(sections[0].split('\n').slice(2).filter((l) => l.startsWith('>')))).toBe(textOf(p3slug, p3anchor));

      // ── CSV: parses back with the columns and the same citation ──
      const [csvFile] = await Promise.all([page.waitForEvent('download'), page.click('#b-csv')]);
      expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
      const csv = await read(csvFile);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const rows = parseCsv(csv.slice(1));
      expect(rows[0]).toEqual(['n', 'plan', 'plan_title', 'section', 'anchor', 'text', 'url', 'citation_gbt7714', 'citation_apa']);
      expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
        ['1', p3slug, p3anchor, textOf(p3slug, p3anchor)],
        ['2', 'chengdu-sti', P1, textOf('chengdu-sti', P1)],
      ]);
      expect(rows[2][2]).toBe(cd.meta.title);
      expect(rows[2][6]).toBe(`${site.server.origin}/plans/chengdu-sti/#${P1}`);
      expect(rows[2][7]).toBe(citeP1);
      expect(rows[2][8]).toMatch(/Plan Atlas\. Retrieved .* from http/);

      // ── share: the link restores the same list in a fresh profile ──
      await page.click('#b-share');
      await expect.poll(() => page.locator('#basket-status').textContent()).toContain('Share link copied');
      const shareUrl = await page.evaluate(() => navigator.clipboard.readText());
      expect(shareUrl).toBe(`${site.server.origin}/basket/?items=${P3},${ref(P1)}`);

      const fresh = await site.browser.newContext(CONTEXT_DEFAULTS);
      try {
        const other = await fresh.newPage();
        const problems = collectProblems(other);
        await other.goto(shareUrl, { waitUntil: 'networkidle' });
        await waitListed(other, [P3, ref(P1)]);
        expect(await stored(other)).toEqual({ v: 1, items: [{ plan: p3slug, anchor: p3anchor }, { plan: 'chengdu-sti', anchor: P1 }] });
        expect(new URL(other.url()).search).toBe('');
        expect(await other.locator('#basket-status').textContent()).toContain('Loaded 2 shared passages');
        expect(await other.locator(`#basket-list > li[data-ref="${ref(P1)}"] blockquote`).textContent()).toBe(textOf('chengdu-sti', P1));
        await other.reload({ waitUntil: 'networkidle' });
        await waitListed(other, [P3, ref(P1)]);

        // a different shared list: shown without touching the own basket, then merged
        await other.goto(`${site.server.origin}/basket/?items=${ref(P2)},${ref(P1)},not%20valid`, { waitUntil: 'networkidle' });
        await waitListed(other, [ref(P2), ref(P1)]);
        expect(await other.locator('#basket-shared').isVisible()).toBe(true);
        expect(await other.locator('#basket-list button[data-action]').count()).toBe(0);
        expect(await other.locator('#basket-status').textContent()).toContain('1 invalid entry ignored');
        expect((await stored(other)).items).toHaveLength(2);
        await other.click('#b-merge');
        await waitListed(other, [P3, ref(P1), ref(P2)]);
        expect(new URL(other.url()).search).toBe('');
        expect(await other.locator('#basket-shared').isHidden()).toBe(true);
        expect((await stored(other)).items.map((i: { anchor: string }) => i.anchor)).toEqual([p3anchor, P1, P2]);

        // replace, after a confirmation
        await other.goto(`${site.server.origin}/basket/?items=${ref(P2)}`, { waitUntil: 'networkidle' });
        await waitListed(other, [ref(P2)]);
        other.once('dialog', (d) => void d.accept());
        await other.click('#b-replace');
        await expect.poll(async () => (await stored(other)).items).toEqual([{ plan: 'chengdu-sti', anchor: P2 }]);
        await waitListed(other, [ref(P2)]);

        // clear, after a confirmation: the empty state takes focus
        other.once('dialog', (d) => void d.accept());
        await other.click('#b-clear');
        await expect.poll(() => other.locator('#basket-empty').isVisible()).toBe(true);
        expect(await other.evaluate(() => document.activeElement?.id)).toBe('basket-empty');
        expect(await other.locator('#basket-tools').isHidden()).toBe(true);
        expect(await badge(other)).toBe('');
        expect(await stored(other)).toEqual({ v: 1, items: [] });
        expect(problems.all()).toEqual([]);
      } finally {
        await fresh.close();
      }
      await ctx.pages()[0]?.bringToFront();
    }));

  it('keeps unknown passages listed as not found and reports ignored tokens', () =>
    withProfile(async (_ctx, open) => {
      const page = await open(`/basket/?items=chengdu-sti:no-such-passage,no-such-plan:s1,Bad:x,%3Cimg%3E,chengdu-sti:${P1}`);
      await waitListed(page, ['chengdu-sti:no-such-passage', 'no-such-plan:s1', ref(P1)]);
      expect(await page.locator('#basket-status').textContent()).toContain('2 invalid entries ignored');
      const missing = page.locator('#basket-list > li.missing');
      expect(await missing.count()).toBe(2);
      for (const t of await missing.allTextContents()) expect(t).toContain('未找到 not found');
      expect(await page.locator('#basket-summary').textContent()).toContain('2 not found');
      expect(await page.locator('main img').count()).toBe(0);
      // they still export, with a note
      const [d] = await Promise.all([page.waitForEvent('download'), page.click('#b-md')]);
      const md = await read(d);
      expect(md.match(/未找到 not found/g)).toHaveLength(2);
      expect(md).toContain(`<${site.server.origin}/plans/chengdu-sti/#no-such-passage>`);
    }));

  it('without JavaScript, /basket/ explains itself and no page shows basket buttons', async () => {
    const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      const problems = collectProblems(page);
      await page.goto(`${site.server.origin}/basket/`, { waitUntil: 'load' });
      const text = await page.locator('main').innerText();
      expect(text).toContain('摘录篮需要 JavaScript');
      expect(text).toContain('The basket needs JavaScript');
      expect(text).toContain('GB/T 7714');
      expect(await page.locator('#basket-app').isHidden()).toBe(true);
      expect(await page.locator('main button:visible').count()).toBe(0);
      await page.goto(`${site.server.origin}/tags/talent/`, { waitUntil: 'load' });
      expect(await page.locator('li.hit[data-basket]').count()).toBeGreaterThan(0);
      expect(await page.locator('button.basket-toggle').count()).toBe(0);
      expect(await page.locator('.nav-count').count()).toBe(0);
      expect(problems.all()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('an empty basket points to topics and search; /basket/ fits a phone screen', async () => {
    const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await ctx.newPage();
      const problems = collectProblems(page);
      await page.goto(`${site.server.origin}/basket/`, { waitUntil: 'networkidle' });
      await page.locator('#basket-empty').waitFor({ state: 'visible' });
      expect(await page.locator('#basket-empty a[href="/tags/"]').count()).toBeGreaterThan(0);
      expect(await page.locator('#basket-empty a[href="/search/"]').count()).toBeGreaterThan(0);
      expect(await page.locator('#basket-tools').isHidden()).toBe(true);
      await page.goto(`${site.server.origin}/basket/?items=${ref(P1)},${ref(P2)}`, { waitUntil: 'networkidle' });
      await waitListed(page, [ref(P1), ref(P2)]);
      // Nothing in the page's own content is wider than the phone (the site header is the layout's business).
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className}`),
      );
      expect(wide).toEqual([]);
      expect(problems.all()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
