/**
 * A hostile plan renders as literal text and runs nothing.
 *
 * The plan text (and its metadata) is full of things that would execute or change structure if
 * any stage treated plan text as MDX, JSX, JavaScript or HTML: JSX expression braces, import/export
 * lines, <script>, event-handler attributes, template literals, HTML comments, stray closing tags,
 * unbalanced braces and component tags. It is ingested and built into temporary directories (the
 * real content/plans and dist/ are never touched), the generated HTML is checked for escaping, and
 * the page is opened in headless Chromium: no dialog, no page error, no `window.__pwned`, and the
 * visible text shows every hostile string as written.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDoc, ReuseIndex } from '../../src/ingest/schema.ts';
import { passageRecords } from '../../src/ingest/passages.ts';
import { CONTEXT_DEFAULTS, launchBrowser } from './helpers/browser.ts';
import { testBuild } from './helpers/build.ts';
import { ROOT, type SiteServer, startStaticServer } from './helpers/server.ts';

/** Hostile strings, each expected verbatim in the model, escaped in the HTML and literal in the page text. */
const H = {
  jsxAlert: '{alert(1)}',
  jsxAssign: '{globalThis.__pwned = 1}',
  jsxComment: '{/* 注释 */}',
  importLine: 'import x from "y"',
  exportLine: 'export const z = 1',
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  link: '<a href="javascript:window.__pwned=1">链接</a>',
  svg: '<svg onload="window.__pwned=1">',
  template: '`${1+1}`',
  backticks: '`code`',
  comment: '<!-- c -->',
  unbalanced: '}{',
  component: '<Component />',
  fragment: '<></>',
  closeTable: '</td></tr></table>',
  entities: '&lt;b&gt; &amp; &#x41;',
} as const;

/**
 * Shared wording: the hostile plan copies wording from a seed (built beside it), so the pair pages and
 * the reader markers show hostile text. The copy is a seed's side of a substantive span of the real
 * index (wording the detector finds, not a common formula), from a passage not on talent (the talent
 * checks below expect one hostile passage there); it is split to take a hostile string inside.
 */
const REUSE_SEED = 'chengdu-outline';
const COPIED = (() => {
  const reuse: ReuseIndex = JSON.parse(readFileSync(join(ROOT, 'content/plans/index/reuse.json'), 'utf8'));
  const seed: PlanDoc = JSON.parse(readFileSync(join(ROOT, 'content/plans', `${REUSE_SEED}.json`), 'utf8'));
  const tags = new Map(passageRecords(seed.blocks).map((x) => [x.id, x.tags.map((t) => t.tag)]));
  const side = reuse.spans
    .filter((x) => !x.formula)
    .flatMap((x) => [x.a, x.b])
    .filter((x) => x.plan === REUSE_SEED && x.text.length >= 40 && x.text.length <= 160 && !/\s/.test(x.text) && !tags.get(x.passage)?.includes('talent'))
    .sort((x, y) => y.text.length - x.text.length)[0];
  if (!side) throw new Error(`no substantive span of ${REUSE_SEED} to copy`);
  const mid = Math.floor(side.text.length / 2);
  return { text: side.text, head: side.text.slice(0, mid), tail: side.text.slice(mid) };
})();
const REUSED = `${COPIED.head}${H.jsxAlert}${COPIED.tail}${H.script}${H.img}。`;

const TEXT = [
  `敌意文本测试规划 ${H.component}`,
  `这是卷首说明，含有反引号 ${H.backticks} 与模板字面量 ${H.template}，以及 ${H.jsxComment} 和 ${H.fragment} 片段。`,
  `一、${H.jsxAlert} 标题`,
  `本段包含 ${H.jsxAssign} 表达式。`,
  H.importLine,
  H.exportLine,
  `二、${H.script} 脚本`,
  `本段含有 ${H.img} 图片标签。`,
  // <b> and <p> are formatting markup that the cleaner removes on purpose; their text stays.
  `本段含有注释 ${H.comment} 与 <b>加粗</b> 文字，以及前文</p><p>后文。`,
  `不平衡的括号 ${H.unbalanced} 以及组件 ${H.component} 和 ${H.link}。`,
  `已转义的实体 ${H.entities} 应原样显示。`,
  // A passage about talent, so the hostile text also reaches the talent tag page as a snippet.
  `引进人才 ${H.img} 与 ${H.jsxAlert}，建设人才公寓。`,
  // Wording copied from a seed, hostile strings inside and beside it.
  REUSED,
  `三、${H.component} 指标表`,
  '序号\t指标\t说明',
  `1\t${H.component}\t${H.jsxAlert}`,
  `2\t${H.unbalanced}\t${H.template}`,
  `3\t${H.svg}\t${H.closeTable}`,
  `4\t${H.importLine}\t${H.script}`,
  '',
].join('\n');

const META = [
  'title: 敌意文本测试 <script>alert(1)</script> {alert(1)}',
  'titleEn: "Hostile \\" onmouseover=\\"window.__pwned=1\\" test {alert(1)}"',
  'issuer: "<img src=x onerror=alert(1)>"',
  'level: district',
  'region: "{globalThis.__pwned = 1}"',
  'period: "2021–2025"',
  'docNumber: "`${1+1}`"',
  'issued: null',
  'sourceType: plan',
  'note: "</p><script>window.__pwned=1</script><!-- c -->"',
  '',
].join('\n');
const TITLE = '敌意文本测试 <script>alert(1)</script> {alert(1)}';
const TITLE_EN = 'Hostile " onmouseover="window.__pwned=1" test {alert(1)}';

/** Every hostile string must be somewhere in the body text; these are where they must be exactly. */
const IN_HEADINGS = [`一、${H.jsxAlert} 标题`, `二、${H.script} 脚本`, `三、${H.component} 指标表`];
const IN_CELLS = [H.component, H.jsxAlert, H.unbalanced, H.template, H.svg, H.closeTable, H.importLine, H.script];

/** How Astro escapes text (html-escaper: & < > " '). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const hostile = testBuild('hostile');
const { content, out } = hostile;
let html = '';
let server: SiteServer | undefined;
let base = '';
let browser: Browser | undefined;

beforeAll(async () => {
  const seeds = join(hostile.work, 'seeds');
  mkdirSync(seeds);
  writeFileSync(join(seeds, 'hostile.txt'), TEXT);
  writeFileSync(join(seeds, 'hostile.yaml'), META);
  for (const ext of ['txt', 'yaml']) copyFileSync(join(ROOT, 'seeds', `${REUSE_SEED}.${ext}`), join(seeds, `${REUSE_SEED}.${ext}`));
  await hostile.run({ seeds });
  const page = join(out, 'plans/hostile/index.html');
  if (existsSync(page)) html = readFileSync(page, 'utf8');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  hostile.remove();
});

function model(): PlanDoc {
  return JSON.parse(readFileSync(join(content, 'hostile.json'), 'utf8'));
}

function requireBuild(): void {
  expect(hostile.ingest?.code, `ingest failed:\n${hostile.ingest?.stderr}`).toBe(0);
  expect(hostile.build?.code, `astro build failed:\n${hostile.build?.stderr.slice(-4000)}\n${hostile.build?.stdout.slice(-4000)}`).toBe(0);
  expect(html, 'the build wrote no /plans/hostile/index.html').not.toBe('');
}

describe('hostile plan: the model', () => {
  it('ingests without errors and keeps every hostile string verbatim', () => {
    expect(hostile.ingest?.code, hostile.ingest?.stderr).toBe(0);
    const p = model();
    expect(p.coverage.missingLines).toEqual([]);
    expect(p.meta.title).toBe(TITLE);
    expect(p.meta.titleEn).toBe(TITLE_EN);
    const headings = p.outline.map((o) => [o.label, o.title].filter(Boolean).join(''));
    expect(headings).toEqual(IN_HEADINGS);
    const table = p.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.flatMap((r) => r.cells.slice(1))).toEqual(IN_CELLS);
    const all = JSON.stringify(p);
    for (const [k, s] of Object.entries(H)) expect(all, k).toContain(JSON.stringify(s).slice(1, -1));
    // The formatting tags are stripped by the cleaner; the words stay in one paragraph.
    expect(all).toContain('与 加粗 文字，以及前文后文。');
  });

  it('writes an MDX page that contains no plan text', () => {
    const mdx = readFileSync(join(content, 'hostile.mdx'), 'utf8');
    expect(mdx).toContain('<PlanReader plan={plan} />');
    expect(mdx).not.toContain('alert');
    expect(mdx).not.toContain('__pwned');
    expect(mdx).not.toContain('敌意');
    expect(mdx.match(/\{/g)).toHaveLength(1);
  });
});

describe('hostile plan: the generated HTML', () => {
  it('builds', () => {
    requireBuild();
  });

  it('escapes every hostile string and adds no markup of its own', () => {
    requireBuild();
    for (const [k, s] of Object.entries(H)) expect(html, k).toContain(esc(s));
    for (const h of IN_HEADINGS) expect(html).toMatch(new RegExp(`<h2 id="[^"]+">${esc(h).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    for (const c of IN_CELLS) expect(html).toContain(`<td>${esc(c)}</td>`);
    expect(html).toContain('与 加粗 文字，以及前文后文。');
    // Nothing hostile is live markup. Quoted attribute values may hold a raw "<" (inert there, and
    // Astro escapes only & and " in attributes), so look at the markup with attribute values emptied;
    // text content never holds a raw quote (it is escaped as &quot;).
    const bare = html.replace(/"[^"]*"/g, '""');
    expect(bare).not.toContain('<script>window');
    expect(bare).not.toContain('<script>alert');
    expect(bare).not.toMatch(/<img\b/i);
    expect(bare).not.toMatch(/<svg\b/i);
    expect(bare).not.toMatch(/<component\b/i);
    expect(bare).not.toContain('<!--');
    expect(bare).not.toContain('<b>');
    expect(bare).not.toContain('<></>');
    const tags = bare.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    expect((html.match(/\s(?:href|src)="[^"]*"/g) ?? []).filter((a) => /javascript:/i.test(a))).toEqual([]);
    // Braces and template literals are not evaluated.
    expect(html).toContain('{alert(1)}');
    expect(html).toContain('{globalThis.__pwned = 1}');
    expect(html).toContain('`${1+1}`');
    // The only scripts are the site's own modules: the header search box and the reader's enhancements.
    const scripts = bare.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts).toEqual(['<script type="" src=""></script>', '<script type="" src=""></script>']);
    const srcs = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
    expect(srcs).toHaveLength(2);
    expect(srcs.some((x) => /^\/_astro\/Base\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/.test(x))).toBe(true);
    expect(srcs.some((x) => /^\/_astro\/PlanReader\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/.test(x))).toBe(true);
    for (const x of scripts) expect(x).not.toContain('__pwned');
  });

  it('escapes hostile metadata in the head, attributes and header', () => {
    requireBuild();
    expect(html).toContain(`<title>${esc(TITLE)} — 规划对照 Plan Atlas</title>`);
    expect(html).toContain(`<h1>${esc(TITLE)}</h1>`);
    expect(html).toContain(esc(TITLE_EN));
    expect(html).toMatch(/<meta name="description" content="[^"]*Hostile &quot; onmouseover=&quot;window.__pwned=1&quot; test \{alert\(1\)\}[^"]*"/);
    expect(html).toContain(esc('</p><script>window.__pwned=1</script><!-- c -->'));
  });
});

/** Open `path`, failing on any dialog; return what the page did. */
async function visit(path: string): Promise<{ page: Page; dialogs: string[]; pageErrors: string[]; consoleErrors: string[]; requests: string[] }> {
  browser ??= await launchBrowser();
  server ??= await startStaticServer(out);
  base ||= server.origin;
  const ctx = await browser.newContext(CONTEXT_DEFAULTS);
  const page = await ctx.newPage();
  const r = { page, dialogs: [] as string[], pageErrors: [] as string[], consoleErrors: [] as string[], requests: [] as string[] };
  page.on('dialog', (d) => {
    r.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => r.pageErrors.push(e.stack ?? e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') r.consoleErrors.push(m.text());
  });
  page.on('request', (q) => r.requests.push(q.url()));
  const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.waitForTimeout(300);
  return r;
}

describe('hostile plan: in the browser', () => {
  it('runs nothing and shows every hostile string as text', async () => {
    requireBuild();
    const { page, dialogs, pageErrors, consoleErrors, requests } = await visit('/plans/hostile/');
    expect(dialogs, 'no alert/confirm/prompt dialog').toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate(() => typeof (window as unknown as { __pwned?: unknown }).__pwned)).toBe('undefined');
    expect(await page.evaluate(() => '__pwned' in window)).toBe(false);
    // The hostile <img src=x> never became an element, so nothing requested it.
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(requests.some((u) => /\/x$/.test(u))).toBe(false);

    const text = await page.locator('main').innerText();
    for (const [k, s] of Object.entries(H)) expect(text, k).toContain(s);
    for (const h of IN_HEADINGS) expect(await page.locator('main h2', { hasText: h }).count(), h).toBe(1);
    expect(text).toContain('加粗');
    expect(text).not.toContain('<b>');
    expect(await page.title()).toBe(`${TITLE} — 规划对照 Plan Atlas`);
    expect(await page.locator('main h1').innerText()).toBe(TITLE);
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description).toContain(TITLE);
    expect(description).toContain(TITLE_EN);

    // The DOM holds no element the plan text could have introduced.
    const live = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      bad: [...document.querySelectorAll('img, svg, iframe, object, embed, component, b, [onerror], [onload], [onmouseover], a[href^="javascript:"]')].map((e) => e.outerHTML),
      cells: [...document.querySelectorAll('table.source-table tbody td')].map((td) => (td.firstChild?.textContent ?? '').trim()),
      tables: document.querySelectorAll('main table').length,
    }));
    expect(live.scripts).toBe(2);
    expect(live.bad).toEqual([]);
    expect(live.tables).toBe(1);
    expect(live.cells).toEqual(['1', H.component, H.jsxAlert, '2', H.unbalanced, H.template, '3', H.svg, H.closeTable, '4', H.importLine, H.script]);
    await page.context().close();
  });

  it('the home page lists the hostile plan as text and runs nothing', async () => {
    requireBuild();
    const { page, dialogs, pageErrors } = await visit('/');
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => '__pwned' in window)).toBe(false);
    expect(await page.locator('table.plans a[href="/plans/hostile/"]').innerText()).toBe(TITLE);
    const main = await page.locator('main').innerText();
    expect(main).toContain(TITLE_EN);
    expect(main).toContain('{globalThis.__pwned = 1}');
    await page.context().close();
  });
});

describe('hostile plan: search', () => {
  it('finds the hostile passage, shows it as text, and opens it highlighted without running anything', async () => {
    requireBuild();
    const { page, dialogs, pageErrors, consoleErrors } = await visit(`/search/?q=${encodeURIComponent('人才公寓')}&plan=hostile`);
    await page.waitForFunction(() => /exact match/.test(document.getElementById('search-status')?.textContent ?? ''));
    const hit = page.locator('#search-results a.hit-link').first();
    expect(await hit.innerText()).toContain(H.img);
    expect(await page.locator('#search-results mark').first().innerText()).toBe('人才公寓');
    expect(await page.locator('#search-results img, #search-results script').count()).toBe(0);
    await Promise.all([page.waitForURL((u) => u.pathname === '/plans/hostile/'), hit.click()]);
    await page.waitForSelector('mark.hl');
    expect(await page.locator('mark.hl').first().innerText()).toBe('人才公寓');
    expect(await page.evaluate(() => '__pwned' in window)).toBe(false);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});

describe('hostile plan: tag pages', () => {
  const TAGGED = `引进人才 ${H.img} 与 ${H.jsxAlert}，建设人才公寓。`;

  it('the talent page shows the hostile passage as escaped text with the terms marked', () => {
    requireBuild();
    const tagHtml = readFileSync(join(out, 'tags/talent/index.html'), 'utf8');
    const start = tagHtml.indexOf('id="plan-hostile"');
    const col = tagHtml.slice(start, tagHtml.indexOf('</section>', start));
    expect(col).toContain(`<mark>人才</mark> ${esc(H.img)} 与 ${esc(H.jsxAlert)}，建设<mark>人才</mark>公寓。`);
    expect(col.replace(/"[^"]*"/g, '""')).not.toMatch(/<img\b/i);
  });

  it('a topic the plan does not address says so', () => {
    requireBuild();
    const tagHtml = readFileSync(join(out, 'tags/rd-intensity/index.html'), 'utf8');
    const start = tagHtml.indexOf('id="plan-hostile"');
    const col = tagHtml.slice(start, tagHtml.indexOf('</section>', start));
    expect(col).toContain('class="absent"');
    expect(col).toContain('Not addressed');
    expect(col).not.toContain('class="hit"');
  });

  it('runs nothing on the talent page or with a hostile ?tag= in the reader', async () => {
    requireBuild();
    const compare = `/compare/?plans=hostile,${encodeURIComponent(H.img)}&tags=talent,${encodeURIComponent(H.jsxAlert)}`;
    for (const path of ['/tags/talent/', `/plans/hostile/?tag=${encodeURIComponent(H.img)}`, '/plans/hostile/?tag=talent', compare, '/compare/outline/']) {
      const { page, dialogs, pageErrors, consoleErrors } = await visit(path);
      expect(dialogs, path).toEqual([]);
      expect(pageErrors, path).toEqual([]);
      expect(consoleErrors, path).toEqual([]);
      expect(await page.evaluate(() => '__pwned' in window), path).toBe(false);
      expect(await page.locator('main img').count(), path).toBe(0);
      if (path.includes('tags/')) expect(await page.locator('#plan-hostile li.hit').innerText()).toContain(TAGGED);
      if (path === compare) {
        // Rendered in the browser from /data/compare/hostile/talent.json: the snippet is text; the hostile ids are named as ignored.
        await page.waitForFunction(() => /ignored/.test(document.getElementById('cmp-status')?.textContent ?? ''));
        expect(await page.locator('#band-talent .cell[data-plan="hostile"] li.hit').first().innerText()).toContain(TAGGED);
        expect(await page.locator('#cmp-status').innerText()).toContain(H.img);
      }
      if (path.endsWith('=talent')) expect(await page.locator('.body .passage:visible').count(), path).toBe(1);
      else if (path.includes('?tag=')) expect(await page.locator('#filter-status').innerText(), path).toContain(H.img);
      await page.context().close();
    }
  });
});

describe('hostile plan: shared wording', () => {
  const reuse = (): ReuseIndex => JSON.parse(readFileSync(join(content, 'index', 'reuse.json'), 'utf8'));
  const HOSTILE_PARTS = [H.jsxAlert, H.script, H.img];

  it('the copied wording is found between the hostile plan and the seed', () => {
    requireBuild();
    const spans = reuse().spans.filter((x) => !x.formula && x.a.plan === REUSE_SEED && x.b.plan === 'hostile');
    expect(spans.length, JSON.stringify(reuse().pairs)).toBeGreaterThan(0);
    const hostilePassage = model().blocks.find((b) => b.type === 'paragraph' && b.text.includes(COPIED.head));
    expect(hostilePassage?.type === 'paragraph' && hostilePassage.text).toBe(REUSED);
    expect(spans.every((x) => x.b.passage === hostilePassage!.id)).toBe(true);
  });

  for (const path of [`reuse/${REUSE_SEED}--hostile`, `reuse/hostile--${REUSE_SEED}`]) {
    it(`/${path}/ escapes the hostile passage and its title`, () => {
      requireBuild();
      const page = readFileSync(join(out, path, 'index.html'), 'utf8');
      for (const h of HOSTILE_PARTS) expect(page, h).toContain(esc(h));
      expect(page).toContain(esc(TITLE));
      const bare = page.replace(/"[^"]*"/g, '""');
      expect(bare).not.toContain('<script>window');
      expect(bare).not.toContain('<script>alert');
      expect(bare).not.toMatch(/<img\b/i);
      expect(bare.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []).toEqual(['<script type="" src=""></script>']);
    });
  }

  it('the pair pages, the matrix and both readers show the hostile text as text and run nothing', async () => {
    requireBuild();
    const hostileId = model().blocks.find((b) => b.type === 'paragraph' && b.text === REUSED)!.id;
    for (const path of [`/reuse/${REUSE_SEED}--hostile/`, `/reuse/hostile--${REUSE_SEED}/`, '/reuse/', '/plans/hostile/?reuse=1', `/plans/${REUSE_SEED}/`]) {
      const { page, dialogs, pageErrors, consoleErrors } = await visit(path);
      expect(dialogs, path).toEqual([]);
      expect(pageErrors, path).toEqual([]);
      expect(consoleErrors, path).toEqual([]);
      expect(await page.evaluate(() => '__pwned' in window), path).toBe(false);
      expect(await page.locator('main img, main iframe, main svg:not(.reuse-matrix svg)').count(), path).toBe(0);
      // The only scripts are the site's own modules.
      expect(await page.$$eval('script', (ss) => ss.filter((x) => !(x.type === 'module' && /^\/_astro\/[\w.-]+\.js$/.test(x.getAttribute('src') ?? ''))).map((x) => x.outerHTML)), path).toEqual([]);
      const text = await page.locator('main').innerText();
      if (path.startsWith('/reuse/') && path !== '/reuse/') {
        // The hostile passage in full, with the shared wording marked and the inserted hostile string shown as an edit or plain text.
        const side = page.locator('.rspan-side[data-plan="hostile"] .reuse-text').first();
        expect(await side.textContent(), path).toBe(REUSED);
        expect(await side.locator('mark').count(), path).toBeGreaterThan(0);
        for (const h of HOSTILE_PARTS) expect(text, `${path} ${h}`).toContain(h);
        expect(text, path).toContain(TITLE);
      }
      if (path === '/reuse/') expect(await page.locator('table.reuse-table tbody tr[data-row="hostile"] th').innerText()).toContain('敌意文本测试 <script>');
      if (path.startsWith('/plans/hostile/')) {
        // ?reuse=1: the copied passage alone, its marker naming the seed.
        expect(await page.locator('.body .passage:visible').count(), path).toBe(1);
        const marker = page.locator(`[id="${hostileId}"] .also a.also-at`).first();
        expect(await marker.getAttribute('data-plan')).toBe(REUSE_SEED);
        expect(await page.locator(`[id="${hostileId}"]`).innerText()).toContain(H.script);
      }
      if (path === `/plans/${REUSE_SEED}/`) {
        // The seed's marker names the hostile plan by its (hostile) title, as text, and links to the copied passage.
        const marker = page.locator(`.also a.also-at[data-plan="hostile"]`).first();
        expect(await marker.innerText()).toContain(TITLE);
        expect(await marker.getAttribute('href')).toBe(`/plans/hostile/#${hostileId}`);
      }
      await page.context().close();
    }
  });
});

describe('hostile plan: isolation', () => {
  it('leaves the real content/plans and dist/ alone', () => {
    expect(existsSync(join(ROOT, 'content/plans/hostile.json'))).toBe(false);
    expect(existsSync(join(ROOT, 'content/plans/hostile.mdx'))).toBe(false);
    expect(existsSync(join(ROOT, 'dist/plans/hostile'))).toBe(false);
  });
});
