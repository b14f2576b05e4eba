/**
 * The site deployed under a sub-path, as on a project page (https://<user>.github.io/plan-atlas/).
 *
 * The seeds are ingested and built with `PLAN_ATLAS_BASE=/plan-atlas/` into temporary directories (the
 * real content/plans and dist/ are never touched) and served so that the site lives at
 * http://127.0.0.1:<port>/plan-atlas/ and nothing is served outside it: a URL anywhere that lost the
 * base answers 404 and fails the test.
 *
 * Static checks over the build: every root-relative or own-site URL in every HTML attribute (href, src,
 * srcset, action, data-*, <meta content>, JSON inside data-*), in every JSON data file and in the
 * client scripts carries the base; the link checker, with the base mapped, resolves every link and
 * #anchor. In Chromium: nav links, a deep link, the ¶ menu's copied link, a topic page, search (page
 * and header box), the compare view and the outline page rendered by the client, and the basket with
 * its share link and exports — every request the pages make is under the base, none fails, no errors.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, launchBrowser, type PageProblems } from './helpers/browser.ts';
import { testBuild } from './helpers/build.ts';
import { checkSite, formatSummary, pageUrlPath, parseTags } from './helpers/linkcheck.ts';
import { type SiteServer, startStaticServer } from './helpers/server.ts';

const BASE = '/plan-atlas/';
/** The `site` the build is told it is published at (canonical and og:url). */
const SITE = 'https://plan-atlas.example';

const sub = testBuild('base');
const out = sub.out;

beforeAll(() => sub.run({ base: BASE, site: SITE }), 240_000);

let server: SiteServer | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  sub.remove();
});

function requireBuild(): void {
  expect(sub.ingest?.code, `ingest failed:\n${sub.ingest?.stderr}`).toBe(0);
  expect(sub.build?.code, `astro build failed:\n${sub.build?.stderr.slice(-4000)}\n${sub.build?.stdout.slice(-4000)}`).toBe(0);
  expect(existsSync(join(out, 'index.html')), 'the build wrote no index.html').toBe(true);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

const readJson = <T = unknown>(path: string): T => JSON.parse(readFileSync(join(out, path), 'utf8')) as T;

/**
 * Whether a URL-ish string is one of the site's own: root-relative ("/x", not "//host") or absolute on
 * the site's origin. Those must be under the base; everything else (relative, other hosts) is not ours.
 */
function ownUrl(v: string): string | null {
  const s = v.trim();
  if (/^\/(?!\/)/.test(s)) return s;
  if (s.startsWith(`${SITE}/`) || s === SITE) return s.slice(SITE.length) || '/';
  return null;
}

/** Attributes whose value is a URL (or, for <meta content>, may be one). */
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'content', 'srcset', 'background', 'manifest', 'ping']);
/** A site path with at least one named segment: "/x/…", "/x.json" (not "/" alone, a table's empty cell or a shortcut key). */
const PATHLIKE = /^\/[\w.-]+(\/\S*|\.[a-z]+)$/i;

/** Every string inside a JSON value. */
function* strings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) yield* strings(x);
}

describe('sub-path build: static checks', () => {
  it('builds with the base', () => {
    requireBuild();
    console.log(`base-path build: ingest ${sub.ingest!.ms} ms, astro build ${sub.build!.ms} ms`);
  });

  it('every root-relative or own-site URL in every HTML attribute starts with the base', () => {
    requireBuild();
    const bad: string[] = [];
    let checked = 0;
    const check = (where: string, raw: string) => {
      const path = ownUrl(raw);
      if (path === null) return;
      checked++;
      if (!path.startsWith(BASE)) bad.push(`${where}: ${raw}`);
    };
    const html = walk(out).filter((f) => extname(f) === '.html');
    expect(html.length).toBeGreaterThan(50);
    for (const file of html) {
      const page = pageUrlPath(out, file);
      for (const tag of parseTags(readFileSync(file, 'utf8'))) {
        for (const [attr, value] of tag.attrs) {
          const where = `${page} <${tag.name} ${attr}>`;
          if (attr === 'srcset') for (const c of value.split(',')) check(where, c.trim().split(/\s+/)[0] ?? '');
          else if (!URL_ATTRS.has(attr) && !attr.startsWith('data-')) {
            // Any other attribute only when its value looks like a site path (aria-keyshortcuts="/" does not).
            if (PATHLIKE.test(value)) check(where, value);
          }
          else if (/^\s*[[{]/.test(value) && attr.startsWith('data-')) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(value);
            } catch {
              parsed = value;
            }
            for (const s of strings(parsed)) check(where, s);
          } else check(where, value);
        }
      }
    }
    // Every page has at least its stylesheet, icon, nav links, canonical and og:url.
    expect(checked).toBeGreaterThan(html.length * 10);
    expect(bad.slice(0, 40)).toEqual([]);
    // The canonical URL is the published one, under the base.
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain(`<link rel="canonical" href="${SITE}${BASE}">`);
    expect(home).toContain(`<meta property="og:url" content="${SITE}${BASE}">`);
  });

  it('every URL in the JSON data files is under the base, and the search manifest names shards that exist', () => {
    requireBuild();
    const json = walk(out).filter((f) => extname(f) === '.json');
    expect(json.length).toBeGreaterThan(20);
    const bad: string[] = [];
    for (const file of json) {
      const where = `/${relative(out, file)}`;
      for (const s of strings(JSON.parse(readFileSync(file, 'utf8')))) {
        // URL-like: a path with at least one named segment ("/x/…" or "/x.json"); "/" alone is a table's empty cell.
        const path = ownUrl(s);
        if (path !== null && PATHLIKE.test(path) && !path.startsWith(BASE)) bad.push(`${where}: ${s}`);
      }
    }
    expect(bad.slice(0, 40)).toEqual([]);
    const manifest = readJson<{ plans: Array<{ slug: string; shard: string }> }>('data/search/manifest.json');
    expect(manifest.plans.length).toBe(5);
    for (const p of manifest.plans) {
      expect(p.shard).toBe(`${BASE}data/search/plans/${p.slug}.json`);
      expect(existsSync(join(out, p.shard.slice(BASE.length))), p.shard).toBe(true);
    }
  });

  it('no client script holds a site path without the base', () => {
    requireBuild();
    const scripts = walk(join(out, '_astro')).filter((f) => extname(f) === '.js');
    expect(scripts.length).toBeGreaterThan(3);
    const bad: string[] = [];
    for (const file of scripts) {
      const js = readFileSync(file, 'utf8');
      for (const m of js.matchAll(/[`'"]\/(?:data|plans|tags|search|compare|basket|indicators|_astro|favicon)\b[^`'"]{0,60}/g)) bad.push(`${relative(out, file)}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
    expect(scripts.some((f) => readFileSync(f, 'utf8').includes(BASE))).toBe(true);
  });

  it('the link checker, with the base mapped, resolves every link and #anchor of the build', () => {
    requireBuild();
    const r = checkSite(out, { siteOrigins: [SITE], base: BASE });
    console.log(formatSummary(r));
    expect(r.pages).toBeGreaterThan(50);
    expect(r.links).toBeGreaterThan(5000);
    expect(r.anchors).toBeGreaterThan(500);
    expect(r.problems.slice(0, 50)).toEqual([]);
  });

  it('the link checker flags a link that lost the base (a tiny fake site)', () => {
    const dir = join(sub.work, 'fake');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('index.html', `<a href="${BASE}a/#x">ok</a> <a href="a/">relative ok</a> <a href="/a/">lost the base</a> <a href="${SITE}/a/">own site, lost the base</a> <a href="${SITE}${BASE}a/#y">bad anchor</a>`);
    write('a/index.html', `<p id="x">x</p><a href="../">up</a> <a href="${BASE}">home</a>`);
    const r = checkSite(dir, { siteOrigins: [SITE], base: BASE });
    expect(r.problems.sort()).toEqual(
      [
        '/ <a>: "/a/" → /a/ is outside the base /plan-atlas/',
        `/ <a>: "${SITE}/a/" → /a/ is outside the base /plan-atlas/`,
        `/ <a>: "${SITE}${BASE}a/#y" → no element with id "y" in /a/`,
      ].sort(),
    );
    expect(r.links).toBe(7);
  });
});

// ── In the browser ──

interface PlanJson {
  meta: { slug: string; title: string };
  blocks: Array<{ id: string; type: string; text?: string }>;
}

/** A paragraph far down the page, so landing on it means scrolling. */
function farParagraph(plan: PlanJson): { id: string; text: string } {
  const half = plan.blocks.slice(Math.floor(plan.blocks.length / 2)).filter((b) => b.type === 'paragraph' && b.text && !b.text.includes('\n'));
  const b = half[Math.floor(half.length / 2)];
  return { id: b.id, text: b.text! };
}

/** Everything the browser asked for and every problem, over all pages of a test. */
interface Watch {
  requests: string[];
  problems: PageProblems[];
}

async function site(): Promise<{ origin: string; browser: Browser }> {
  requireBuild();
  server ??= await startStaticServer(out, BASE);
  browser ??= await launchBrowser();
  return { origin: server.origin, browser };
}

/** A fresh profile (clipboard allowed) whose pages are all watched; asserts at the end that all was clean. */
async function withProfile(run: (ctx: BrowserContext, open: (path: string) => Promise<Page>, origin: string) => Promise<void>) {
  const { origin, browser } = await site();
  const ctx = await browser.newContext(CONTEXT_DEFAULTS);
  const w: Watch = { requests: [], problems: [] };
  ctx.on('page', (page) => {
    w.problems.push(collectProblems(page));
    page.on('request', (r) => w.requests.push(r.url()));
  });
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const open = async (path: string) => {
      const page = await ctx.newPage();
      const res = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
      expect(res?.status(), path).toBe(200);
      return page;
    };
    await run(ctx, open, origin);
    const http = w.requests.filter((u) => /^https?:/.test(u));
    expect(http.length).toBeGreaterThan(0);
    expect(http.filter((u) => !u.startsWith(`${origin}${BASE}`))).toEqual([]);
    expect(w.problems.flatMap((p) => p.all())).toEqual([]);
  } finally {
    await ctx.close();
  }
}

/** The element with `id` is the :target and on screen. */
async function expectLanded(page: Page, id: string) {
  await expect
    .poll(() =>
      page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el) return 'missing';
        const r = el.getBoundingClientRect();
        return el.matches(':target') && r.top > -2 && r.top < innerHeight ? 'landed' : `top ${r.top}, target ${el.matches(':target')}`;
      }, id),
    )
    .toBe('landed');
}

describe('sub-path build: in the browser', () => {
  it('the server serves the site under the base only', async () => {
    const { origin } = await site();
    const status = async (path: string) => (await fetch(`${origin}${path}`, { redirect: 'manual' })).status;
    expect(await status(BASE)).toBe(200);
    expect(await status(`${BASE}data/plans.json`)).toBe(200);
    expect(await status('/plan-atlas')).toBe(301);
    for (const path of ['/', '/plans/chengdu-sti/', '/data/plans.json', '/favicon.svg', '/search/']) expect(await status(path), path).toBe(404);
  });

  it('nav links, a plan link and a reader chip stay under the base', () =>
    withProfile(async (_ctx, open, origin) => {
      const page = await open(BASE);
      const nav = await page.$$eval('header.site nav a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(nav.length).toBeGreaterThanOrEqual(6);
      for (const href of nav) {
        expect(href.startsWith(BASE), href).toBe(true);
        // A JSON document has no <link rel=icon>, so Chromium would ask the host root for /favicon.ico:
        // the data link is fetched instead of opened.
        if (href.endsWith('.json')) {
          const got = await page.evaluate(async (u) => {
            const r = await fetch(u);
            return { status: r.status, type: r.headers.get('content-type'), json: typeof (await r.json()) };
          }, href);
          expect(got, href).toEqual({ status: 200, type: 'application/json; charset=utf-8', json: 'object' });
          continue;
        }
        await Promise.all([page.waitForURL(new URL(href, origin).href), page.click(`header.site nav a[href="${href}"]`)]);
        expect(await page.locator('h1').count(), href).toBeGreaterThan(0);
        // Leaving before the page's own fetches (the search index) end would abort them. The next nav
        // link is clicked on this page: every page has the header.
        await page.waitForLoadState('networkidle');
      }
      await page.goto(`${origin}${BASE}`, { waitUntil: 'load' });
      await Promise.all([page.waitForURL(`${origin}${BASE}plans/chengdu-sti/`), page.click(`table.plans a[href="${BASE}plans/chengdu-sti/"]`)]);
      const chip = page.locator('main a.chip').first();
      const chipHref = (await chip.getAttribute('href'))!;
      expect(chipHref).toMatch(new RegExp(`^${BASE}tags/[\\w-]+/#plan-chengdu-sti$`));
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`${BASE}tags/`)), chip.click()]);
      await expectLanded(page, 'plan-chengdu-sti');
    }));

  it('a deep link lands on its paragraph; the ¶ menu copies a link under the base that lands there too', () =>
    withProfile(async (ctx, open, origin) => {
      const para = farParagraph(readJson<PlanJson>('data/plans/chengdu-sti.json'));
      const page = await open(`${BASE}plans/chengdu-sti/#${para.id}`);
      await expectLanded(page, para.id);
      const p = page.locator(`[id="${para.id}"]`);
      await p.hover();
      await p.locator('a.pilcrow').first().click();
      await page.locator('.pmenu button', { hasText: 'Copy link' }).click();
      await page.locator(`[id="${para.id}"] a.pilcrow[data-copied]`).waitFor({ state: 'attached' });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.startsWith(`${origin}${BASE}plans/chengdu-sti/#${para.id}`), copied).toBe(true);
      const again = await ctx.newPage();
      expect((await again.goto(copied, { waitUntil: 'load' }))?.status()).toBe(200);
      await expect.poll(() => again.evaluate((id) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return scrollY > 0 && r.bottom > 0 && r.top < innerHeight;
      }, para.id)).toBe(true);
    }));

  it('a topic page links to passages under the base', () =>
    withProfile(async (_ctx, open) => {
      const page = await open(`${BASE}tags/talent/`);
      const link = page.locator('#plan-chengdu-sti li.hit .hit-meta a').first();
      const href = (await link.getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`^${BASE}plans/chengdu-sti/#[\\w-]+$`));
      await Promise.all([page.waitForURL((u) => u.pathname === `${BASE}plans/chengdu-sti/`), link.click()]);
      await expectLanded(page, href.split('#')[1]);
    }));

  it('search loads the index from the base; a result opens the highlighted passage', () =>
    withProfile(async (_ctx, open, origin) => {
      const page = await open(`${BASE}search/?q=${encodeURIComponent('研发投入')}`);
      await page.waitForFunction(() => /exact match/.test(document.getElementById('search-status')?.textContent ?? ''));
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      expect(entries).toContain(`${BASE}data/search/manifest.json`);
      expect(entries.filter((p) => p.startsWith(`${BASE}data/search/plans/`)).length).toBe(5);
      const links = await page.$$eval('#search-results a.hit-link', (as) => as.map((a) => a.getAttribute('href')!));
      expect(links.length).toBeGreaterThan(5);
      for (const l of links) expect(l.startsWith(`${BASE}plans/`), l).toBe(true);
      const more = await page.$$eval('#search-results a[href]:not(.hit-link)', (as) => as.map((a) => a.getAttribute('href')!));
      for (const l of more) expect(l.startsWith(BASE) || l.startsWith('#') || l.startsWith('?'), l).toBe(true);
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`${BASE}plans/`)), page.click('#search-results a.hit-link >> nth=0')]);
      await page.waitForSelector('mark.hl');
      expect(new URL(page.url()).origin).toBe(origin);
    }));

  it('the header search box suggests passages under the base and opens one highlighted', () =>
    withProfile(async (_ctx, open) => {
      const page = await open(`${BASE}plans/wuhou-sti/`);
      await page.focus('#site-q');
      await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/plan-atlas/data/search/plans/')).length === 5);
      await page.keyboard.type('天府实验室');
      await page.waitForSelector('#site-q-list [role="option"]');
      const hrefs = await page.$$eval('#site-q-list [role="option"]', (os) => os.map((o) => (o as HTMLElement).dataset.href!));
      expect(hrefs.length).toBeGreaterThan(1);
      for (const h of hrefs) expect(h.startsWith(BASE), h).toBe(true);
      await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`${BASE}plans/`) && u.hash.length > 1), page.keyboard.press('Enter')]);
      await page.waitForSelector('mark.hl');
    }));

  it('the compare view fetches its cells from the base and links under it', () =>
    withProfile(async (_ctx, open) => {
      const plans = ['chengdu-sti', 'chongqing-htz-sti'];
      const tags = ['talent', 'incubators'];
      const page = await open(`${BASE}compare/?plans=${plans.join(',')}&tags=${tags.join(',')}`);
      await page.waitForFunction(() => {
        const s = document.getElementById('cmp-status')?.textContent ?? '';
        return s !== '' && !/Loading/.test(s) && !document.getElementById('cmp-view')!.hasAttribute('aria-busy');
      });
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      for (const p of plans) for (const t of tags) expect(entries).toContain(`${BASE}data/compare/${p}/${t}.json`);
      const cells = await page.$$eval('#cmp-view .band', (bs) => bs.map((b) => [(b as HTMLElement).dataset.tag, [...b.querySelectorAll<HTMLElement>('.cell')].map((c) => c.dataset.plan).join()]));
      expect(cells).toEqual(tags.map((t) => [t, plans.join()]));
      const hrefs = await page.$$eval('#cmp-view a[href]', (as) => as.map((a) => a.getAttribute('href')!));
      expect(hrefs.length).toBeGreaterThan(10);
      for (const h of hrefs) expect(h.startsWith(BASE) || h.startsWith('#'), h).toBe(true);
      const passage = page.locator(`#band-talent .cell[data-plan="chengdu-sti"] li.hit a[href*="/plans/chengdu-sti/#"]`).first();
      const href = (await passage.getAttribute('href'))!;
      await Promise.all([page.waitForURL((u) => u.pathname === `${BASE}plans/chengdu-sti/`), passage.click()]);
      await expectLanded(page, href.split('#')[1]);
    }));

  it('the outline page aligns a pair from the URL with data and links under the base', () =>
    withProfile(async (_ctx, open) => {
      const [a, b] = ['wuhou-sti', 'chongqing-htz-sti'];
      const page = await open(`${BASE}compare/outline/?plans=${a},${b}`);
      await page.waitForFunction(([x, y]) => document.querySelector('.olcmp')?.getAttribute('data-a') === x && document.querySelector('.olcmp')?.getAttribute('data-b') === y && !document.querySelector('[aria-busy]'), [a, b]);
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      for (const s of [a, b]) expect(entries).toContain(`${BASE}data/outline/${s}.json`);
      const heads = await page.$$eval('#ol-view .ol-head a', (as) => as.map((x) => x.getAttribute('href')!));
      expect(heads.length).toBeGreaterThan(10);
      for (const h of heads) expect(h).toMatch(new RegExp(`^${BASE}plans/(${a}|${b})/#[\\w-]+$`));
      const first = page.locator(`.ol-col[data-side="a"] .ol-head a`).first();
      const href = (await first.getAttribute('href'))!;
      await Promise.all([page.waitForURL((u) => u.pathname === `${BASE}plans/${a}/`), first.click()]);
      await expectLanded(page, href.split('#')[1]);
    }));

  it('the basket: share link and exports carry the base; the share link restores the basket', async () => {
    const para = farParagraph(readJson<PlanJson>('data/plans/chengdu-sti.json'));
    let share = '';
    await withProfile(async (_ctx, open, origin) => {
      const reader = await open(`${BASE}plans/chengdu-sti/`);
      const p = reader.locator(`[id="${para.id}"]`);
      await p.scrollIntoViewIfNeeded();
      await p.hover();
      await p.locator('a.pilcrow').first().click();
      await reader.locator('.pmenu button', { hasText: 'Add to basket' }).click();
      await expect.poll(() => reader.locator('#copy-status').textContent()).toContain('已加入摘录篮');
      const topic = await open(`${BASE}tags/talent/`);
      const hit = topic.locator('#plan-wuhou-sti li.hit[data-basket]').first();
      const ref2 = (await hit.getAttribute('data-basket'))!;
      await hit.locator('button.basket-toggle').click();
      await expect.poll(() => hit.locator('button.basket-toggle').getAttribute('aria-pressed')).toBe('true');

      const page = await open(`${BASE}basket/`);
      const ref1 = `chengdu-sti:${para.id}`;
      await expect.poll(() => page.$$eval('#basket-list > li', (lis) => lis.map((li) => (li as HTMLElement).dataset.ref))).toEqual([ref1, ref2]);
      const links = await page.$$eval('#basket-list a[href]', (as) => as.map((a) => a.getAttribute('href')!));
      expect(links).toContain(`${BASE}plans/chengdu-sti/#${para.id}`);
      for (const l of links) expect(l.startsWith(BASE), l).toBe(true);

      await page.click('#b-share');
      await expect.poll(() => page.locator('#basket-status').textContent()).toContain('Share link copied');
      share = await page.evaluate(() => navigator.clipboard.readText());
      expect(share).toBe(`${origin}${BASE}basket/?items=${ref1},${ref2}`);

      const url1 = `${origin}${BASE}plans/chengdu-sti/#${para.id}`;
      const [md] = await Promise.all([page.waitForEvent('download'), page.click('#b-md')]);
      const mdText = readFileSync((await md.path())!, 'utf8');
      expect(mdText).toContain(`<${url1}>`);
      expect(mdText).toContain(`${url1}.`); // the GB/T 7714 citation ends with the passage URL
      const urls = [...mdText.matchAll(/https?:\/\/[^\s>)]+/g)].map((m) => m[0]);
      expect(urls.length).toBeGreaterThanOrEqual(4);
      for (const u of urls) expect(u.startsWith(`${origin}${BASE}`), u).toBe(true);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#b-csv')]);
      const csvText = readFileSync((await csv.path())!, 'utf8');
      expect(csvText).toContain(`,${url1},`);
      for (const u of csvText.matchAll(/https?:\/\/[^\s",]+/g)) expect(u[0].startsWith(`${origin}${BASE}`), u[0]).toBe(true);
    });
    // A fresh profile opens the share link and gets the same basket.
    await withProfile(async (_ctx, open) => {
      const page = await open(share.slice(server!.origin.length));
      await expect.poll(() => page.$$eval('#basket-list > li', (lis) => lis.map((li) => (li as HTMLElement).dataset.ref))).toEqual(share.split('items=')[1].split(','));
      expect(await page.locator(`#basket-list > li[data-ref="chengdu-sti:${para.id}"] blockquote`).textContent()).toBe(para.text);
    });
  });
});
