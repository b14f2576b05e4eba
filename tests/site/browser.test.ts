/**
 * The built site in a real browser (system Chromium through playwright-core), served by Astro's preview
 * server from dist/. Run `npm run build` first (`npm test` does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

const SLUGS = ['wuhou-sti', 'wuhou-industry', 'chengdu-sti', 'chengdu-outline', 'chongqing-htz-sti'];

interface Block {
  id: string;
  type: string;
  text?: string;
}
interface PlanJson {
  meta: { slug: string; title: string };
  counts: { paragraphs: number };
  blocks: Block[];
}

const readPlan = (slug: string): PlanJson => (assertBuilt(), JSON.parse(readFileSync(join(DIST, 'data', 'plans', `${slug}.json`), 'utf8')));

/** A paragraph far down the page: the middle one of the paragraphs in the second half of the blocks. */
function farParagraph(plan: PlanJson): Block {
  const secondHalf = plan.blocks.slice(Math.floor(plan.blocks.length / 2)).filter((b) => b.type === 'paragraph');
  if (secondHalf.length === 0) throw new Error(`${plan.meta.slug}: no paragraph in the second half of the blocks`);
  return secondHalf[Math.floor(secondHalf.length / 2)];
}

const site = useSite();

/** Where the element with `id` is: whether it exists, matches :target, and its box relative to the viewport. */
async function targetState(page: Page, id: string) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return { exists: false, tag: null, isTarget: false, top: NaN, bottom: NaN, innerHeight, scrollY };
    const r = el.getBoundingClientRect();
    return { exists: true, tag: el.tagName.toLowerCase(), isTarget: el.matches(':target'), top: r.top, bottom: r.bottom, innerHeight, scrollY };
  }, id);
}

function expectLandedOn(state: Awaited<ReturnType<typeof targetState>>, id: string) {
  expect(state.exists, `#${id} exists`).toBe(true);
  expect(state.isTarget, `#${id} matches :target`).toBe(true);
  expect(state.scrollY, 'the page scrolled down to the passage').toBeGreaterThan(0);
  // Sub-pixel rounding can leave the top a fraction of a pixel above the viewport.
  expect(state.top, `#${id} top is in the viewport`).toBeGreaterThan(-2);
  expect(state.top, `#${id} top is in the viewport`).toBeLessThan(state.innerHeight);
}

describe('deep links', () => {
  const plan = readPlan('chengdu-sti');
  const para = farParagraph(plan);

  it(`/plans/chengdu-sti/#${para.id} lands on that paragraph`, async () => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/plans/chengdu-sti/#${para.id}`, { waitUntil: 'load' });
    const state = await targetState(page, para.id);
    expect(state.tag).toBe('p');
    expectLandedOn(state, para.id);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  /** The chengdu-sti reader in a fresh context that may use the clipboard. */
  async function withClipboard(run: (ctx: BrowserContext, page: Page, problems: ReturnType<typeof collectProblems>) => Promise<void>) {
    const ctx = await site.browser.newContext(CONTEXT_DEFAULTS);
    try {
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.server.origin });
      const page = await ctx.newPage();
      const problems = collectProblems(page);
      await page.goto(`${site.server.origin}/plans/chengdu-sti/`, { waitUntil: 'load' });
      await run(ctx, page, problems);
    } finally {
      await ctx.close();
    }
  }

  it('the ¶ menu copies a URL (with a text fragment) that opens the same place', () =>
    withClipboard(async (ctx, page, problems) => {
      const p = page.locator(`#${para.id}`);
      await p.scrollIntoViewIfNeeded();
      await p.hover();
      const pilcrow = p.locator('a.pilcrow');
      await expect.poll(() => pilcrow.evaluate((a) => getComputedStyle(a).opacity), { timeout: 5_000 }).toBe('1');
      await pilcrow.click();
      expect(await pilcrow.getAttribute('aria-expanded')).toBe('true');
      await page.locator('.pmenu button', { hasText: 'Copy link' }).click();
      // The script marks the ¶ and announces the copy once the clipboard write has resolved.
      await page.locator(`#${para.id} a.pilcrow[data-copied]`).waitFor({ state: 'attached', timeout: 5_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const expected = `${site.server.origin}/plans/chengdu-sti/#${para.id}`;
      expect(copied.startsWith(`${expected}:~:text=`)).toBe(true);
      await expect.poll(() => page.locator('#copy-status').textContent(), { timeout: 5_000 }).toContain('已复制');
      expect(await page.isHidden('.pmenu')).toBe(true);
      expect(problems.all()).toEqual([]);

      const again = await ctx.newPage();
      const problems2 = collectProblems(again);
      await again.goto(copied, { waitUntil: 'load' });
      // With a text fragment the browser scrolls to (and highlights) the text itself rather than
      // applying :target; the passage must be on screen.
      await expect.poll(async () => {
        const st = await targetState(again, para.id);
        return st.exists && st.scrollY > 0 && st.bottom > 0 && st.top < st.innerHeight;
      }).toBe(true);
      expect(problems2.all()).toEqual([]);
    }));

  it('the ¶ menu works from the keyboard and copies a GB/T 7714 citation', () =>
    withClipboard(async (_ctx, page, problems) => {
      await page.focus('#s3-3-p1 a.pilcrow');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Copy link');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('GB/T 7714');
      await page.keyboard.press('Enter');
      await page.locator('#s3-3-p1 a.pilcrow[data-copied]').waitFor({ state: 'attached', timeout: 5_000 });
      // focus returns to the ¶; Escape on a reopened menu closes it again
      expect(await page.evaluate(() => document.activeElement?.closest('#s3-3-p1') !== null && document.activeElement?.classList.contains('pilcrow'))).toBe(true);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(
        new RegExp(`^成都市科学技术局\\. 成都市“十四五”科技创新规划: 第三章 构筑科技创新中心策源承载地, 三、高起点建设天府实验室\\[EB/OL\\]\\. \\(2022-04\\)\\[\\d{4}-\\d{2}-\\d{2}\\]\\. ${site.server.origin.replace(/[.:/]/g, '\\$&')}/plans/chengdu-sti/#s3-3-p1\\.$`),
      );
      await page.keyboard.press('Enter');
      expect(await page.isVisible('.pmenu')).toBe(true);
      await page.keyboard.press('Escape');
      expect(await page.isHidden('.pmenu')).toBe(true);
      expect(problems.all()).toEqual([]);
    }));
});

// Independent page checks run concurrently (each in its own page) to keep the file fast.
describe.concurrent('no console errors, page errors or failed requests', () => {
  for (const path of ['/', ...SLUGS.map((s) => `/plans/${s}/`)]) {
    it(path, async ({ expect }) => {
      const page = await site.context.newPage();
      const problems = collectProblems(page);
      const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      // Let late requests (favicon, anything lazy) happen before judging.
      await page.waitForLoadState('networkidle');
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      expect(problems.all()).toEqual([]);
      await page.close();
    });
  }

  it('the data URLs answer with JSON (fetched from a site page)', async ({ expect }) => {
    const page = await site.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${site.server.origin}/`, { waitUntil: 'load' });
    const results = await page.evaluate(async (urls) => {
      const out = [];
      for (const url of urls) {
        const r = await fetch(url);
        const text = await r.text();
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {}
        out.push({ url, status: r.status, type: r.headers.get('content-type'), parsed });
      }
      return out;
    }, ['/data/plans.json', ...SLUGS.map((s) => `/data/plans/${s}.json`)]);
    for (const r of results) {
      expect(r.status, r.url).toBe(200);
      expect(r.type, r.url).toMatch(/json/);
      expect(r.parsed, r.url).toBeTypeOf('object');
      expect(r.parsed, r.url).not.toBeNull();
    }
    const index = results[0].parsed as { plans: { meta: { slug: string } }[] };
    expect(index.plans.map((p) => p.meta.slug).sort()).toEqual([...SLUGS].sort());
    for (const [i, slug] of SLUGS.entries()) expect((results[i + 1].parsed as PlanJson).meta.slug).toBe(slug);
    expect(problems.all()).toEqual([]);
    await page.close();
  });

  const DATA_URLS = ['/data/plans.json', '/data/plans/chengdu-sti.json'];

  for (const path of DATA_URLS) {
    it(`${path} opened directly in the browser`, async ({ expect }) => {
      const page = await site.context.newPage();
      const problems = collectProblems(page);
      const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      expect(JSON.parse(await res!.text())).toBeTypeOf('object');
      await page.waitForLoadState('networkidle');
      expect(problems.all()).toEqual([]);
      await page.close();
    });
  }

  // HTML pages declare <link rel=icon href=/favicon.svg>, but a JSON document has no <head>, so Chromium
  // asks for /favicon.ico after opening a data URL (when exactly is timing-dependent, hence the direct request).
  it('/favicon.ico is served (browsers request it for the JSON documents)', async ({ expect }) => {
    const res = await fetch(`${site.server.origin}/favicon.ico`);
    expect(res.status).toBe(200);
  });
});

describe.concurrent('without JavaScript', () => {
  for (const slug of SLUGS) {
    it(`/plans/${slug}/ shows the title and every paragraph`, async ({ expect }) => {
      const plan = readPlan(slug);
      const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: false });
      try {
        const page = await ctx.newPage();
        const problems = collectProblems(page);
        await page.goto(`${site.server.origin}/plans/${slug}/`, { waitUntil: 'load' });
        const h1 = page.locator('h1');
        await h1.waitFor({ state: 'visible', timeout: 10_000 });
        expect((await h1.textContent())?.trim()).toBe(plan.meta.title);
        expect(await page.locator('p.passage[id]').count()).toBe(plan.counts.paragraphs);
        const para = farParagraph(plan);
        const p = page.locator(`#${para.id}`);
        expect(await p.isVisible()).toBe(true);
        expect((await p.textContent())?.replace(/\s+/g, '')).toContain((para.text ?? '').replace(/\s+/g, '').slice(0, 30));
        // The ¶ link still works as a plain anchor.
        expect(await p.locator('a.pilcrow').getAttribute('href')).toBe(`#${para.id}`);
        expect(problems.all()).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
  }
});

const PHONE_WIDTH = 390;
const PHONE = { ...CONTEXT_DEFAULTS, viewport: { width: PHONE_WIDTH, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

describe.concurrent('phone viewport (390×844)', () => {
  let phone: BrowserContext;
  beforeAll(async () => {
    phone = await site.browser.newContext(PHONE);
  });
  afterAll(async () => {
    await phone?.close();
  });

  for (const path of ['/', ...SLUGS.map((s) => `/plans/${s}/`)]) {
    it(`${path} does not scroll sideways`, async ({ expect }) => {
      const page = await phone.newPage();
      const problems = collectProblems(page);
      await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
      // Measured against the phone's width, not innerWidth: with isMobile, Chromium widens the layout
      // viewport (and innerWidth) to fit content that overflows.
      const m = await page.evaluate((vw) => {
        // Elements that stick out of the viewport and are not inside their own scroll box (e.g. .table-wrap).
        const offenders: string[] = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= vw + 1) continue;
          let clipped = false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const ox = getComputedStyle(a).overflowX;
            if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
              clipped = true;
              break;
            }
          }
          if (!clipped) {
            const desc = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
            offenders.push(`${desc} right=${Math.round(r.right)}`);
          }
        }
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offenders: offenders.slice(0, 10) };
      }, PHONE_WIDTH);
      const why = `document is wider than the phone; offending elements: ${m.offenders.join(', ') || '?'}`;
      expect(m.scrollWidth, why).toBeLessThanOrEqual(PHONE_WIDTH + 1);
      expect(m.scrollWidth, why).toBeLessThanOrEqual(m.innerWidth + 1);
      expect(m.innerWidth, why).toBe(PHONE_WIDTH);
      expect(problems.all()).toEqual([]);
      await page.close();
    });
  }
});

describe('phone viewport, deep link', () => {
  it('a deep link lands on its paragraph on the phone too', async () => {
    const para = farParagraph(readPlan('chengdu-sti'));
    const ctx = await site.browser.newContext(PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto(`${site.server.origin}/plans/chengdu-sti/#${para.id}`, { waitUntil: 'load' });
      expectLandedOn(await targetState(page, para.id), para.id);
    } finally {
      await ctx.close();
    }
  });
});
