/**
 * Accessibility in Chromium against the built site: axe-core (its default rule set — WCAG 2.x A/AA
 * plus best practices) on one page of every type, and on the states a user reaches with JavaScript
 * (search results, a client-rendered compare view, a basket opened from a share link, the reader's ¶
 * menu open, the header search box showing suggestions). No serious or critical violation is allowed;
 * moderate and minor ones are counted and reported in one summary line. The pages, plans and passages
 * visited are read from the data files in dist/, not from constants.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, type ExpectStatic, it } from 'vitest';
import { collectProblems, CONTEXT_DEFAULTS, useSite } from './helpers/browser.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

assertBuilt();
const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(DIST, 'data', ...path), 'utf8'));

interface PlanJson {
  meta: { slug: string };
  counts: { passages: number };
  blocks: Array<{ id: string; type: string; items?: Array<{ id: string }>; rows?: Array<{ id: string }> }>;
}
const index = readJson<{ plans: PlanJson[] }>('plans.json');
const slugs = index.plans.map((p) => p.meta.slug);
const largest = [...index.plans].sort((a, b) => b.counts.passages - a.counts.passages)[0].meta.slug;
const tags = readJson<{ tags: Array<{ id: string; requested: boolean }> }>('tags.json').tags;
const metrics = readJson<{ metrics: Array<{ id: string }> }>('indicators.json').metrics.map((m) => m.id);
const TAG = tags.some((t) => t.id === 'talent') ? 'talent' : tags[0].id;
const METRIC = metrics.includes('rd-intensity') ? 'rd-intensity' : metrics[0];
const outlinePair = readdirSync(join(DIST, 'compare', 'outline'), { withFileTypes: true }).find((d) => d.isDirectory() && d.name.includes('--'))!.name;
/** The shared-wording pair page with the most substantive spans (its formulas folded away). */
const reuseIndex = readJson<{ pairs: Array<{ a: string; b: string; spans: number }> }>('reuse.json');
const reusePair = [...reuseIndex.pairs].sort((x, y) => y.spans - x.spans).map((p) => `${p.a}--${p.b}`)[0];

/** A client-rendered compare view unlike the default: the last plans, in reverse, on two topics that are not requested. */
const comparePlans = [...slugs].reverse().slice(0, 3);
const compareTags = tags.filter((t) => !t.requested).slice(0, 2).map((t) => t.id);

/** Share-link items: a paragraph, a list item and a table row, from different plans where they exist. */
function shareItems(): string[] {
  const out: string[] = [];
  for (const [k, kind] of (['paragraph', 'list', 'table'] as const).entries()) {
    for (const slug of [...slugs.slice(k), ...slugs.slice(0, k)]) {
      const b = readJson<PlanJson>('plans', `${slug}.json`).blocks.find((x) => x.type === kind);
      const anchor = kind === 'paragraph' ? b?.id : kind === 'list' ? b?.items?.[0]?.id : b?.rows?.[1]?.id ?? b?.rows?.[0]?.id;
      if (anchor) {
        out.push(`${slug}:${anchor}`);
        break;
      }
    }
  }
  return out;
}
const SHARED = shareItems();

const site = useSite();
const PHONE = { width: 375, height: 740 };

/** Moderate and minor violations of every state checked, reported once at the end. */
const lesser: Array<{ state: string; id: string; impact: string; nodes: number }> = [];
let checked = 0;
let severeCount = 0;

function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map((v) => {
      const nodes = v.nodes.slice(0, 5).map((n) => `    ${JSON.stringify(n.target)} ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
      const more = v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [];
      return [`  ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`, ...nodes, ...more].join('\n');
    })
    .join('\n');
}

/** Runs axe-core on the page as it is now; fails on serious/critical violations, records the rest. */
async function audit(expect: ExpectStatic, page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(() => (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: unknown[] }> } }).axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations))) as AxeViolation[];
  checked++;
  const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  severeCount += severe.length;
  for (const v of violations.filter((v) => !severe.includes(v))) lesser.push({ state, id: v.id, impact: v.impact ?? 'none', nodes: v.nodes.length });
  // Compared as text, so a failure prints each rule, its impact, its targets and their HTML.
  expect(describeViolations(severe), `${state}: serious/critical accessibility violations`).toBe('');
  const count = violations.length - severe.length;
  expect(count, `${state}: moderate/minor violations (reported, not failed):\n${describeViolations(violations.filter((v) => !severe.includes(v)))}`).toBeGreaterThanOrEqual(0);
}

/**
 * Opens `path` in a fresh page, lets `ready` wait for the state, audits it and checks the page was clean.
 * `expect` is the test's own (the tests run concurrently).
 */
async function visit(expect: ExpectStatic, path: string, state: string, ready?: (page: Page) => Promise<void>, viewport = CONTEXT_DEFAULTS.viewport) {
  const ctx = await site.browser.newContext({ ...CONTEXT_DEFAULTS, viewport });
  try {
    const page = await ctx.newPage();
    const problems = collectProblems(page);
    const res = await page.goto(`${site.server.origin}${path}`, { waitUntil: 'networkidle' });
    expect(res?.status(), path).toBe(200);
    await ready?.(page);
    await audit(expect, page, state);
    expect(problems.all()).toEqual([]);
  } finally {
    await ctx.close();
  }
}

/** The compare view has settled: a status is shown and nothing is loading. */
const compareSettled = async (page: Page): Promise<void> => {
  await page.waitForFunction(() => {
    const s = document.getElementById('cmp-status')?.textContent ?? '';
    return s !== '' && !/Loading/.test(s) && !document.getElementById('cmp-view')!.hasAttribute('aria-busy');
  });
};

/** Waits until the basket page lists exactly `refs`, in order. (No expect.poll: the tests below run concurrently.) */
const listed = async (page: Page, refs: string[]): Promise<void> => {
  await page.waitForFunction((want) => [...document.querySelectorAll<HTMLElement>('#basket-list > li')].map((li) => li.dataset.ref).join() === want, refs.join(), { timeout: 10_000 });
};

afterAll(() => {
  const byRule = new Map<string, { impact: string; states: string[]; nodes: number }>();
  for (const l of lesser) {
    const r = byRule.get(l.id) ?? { impact: l.impact, states: [], nodes: 0 };
    byRule.set(l.id, { impact: r.impact, states: [...r.states, l.state], nodes: r.nodes + l.nodes });
  }
  const count = (impact: string) => lesser.filter((l) => l.impact === impact).length;
  const rules = [...byRule].map(([id, r]) => `${id} [${r.impact}] ${r.nodes} node(s) in ${r.states.join(', ')}`).join('; ');
  console.log(`a11y: ${checked} states checked by axe-core; ${severeCount} serious/critical, ${count('moderate')} moderate, ${count('minor')} minor violations${rules ? ` (${rules})` : ''}`);
});

describe.concurrent('axe-core: no serious or critical violations', () => {
  const pages: Array<[string, string]> = [
    ['/', 'home'],
    [`/plans/${largest}/`, `plan (${largest})`],
    ['/tags/', 'topic index'],
    [`/tags/${TAG}/`, `topic (${TAG})`],
    ['/indicators/', 'indicators'],
    [`/indicators/${METRIC}/`, `metric (${METRIC})`],
    ['/compare/outline/', 'outline picker'],
    [`/compare/outline/${outlinePair}/`, `outline pair (${outlinePair})`],
    ['/reuse/', 'shared wording'],
    [`/reuse/${reusePair}/`, `shared wording pair (${reusePair})`],
  ];
  for (const [path, state] of pages) it(`${state}: ${path}`, ({ expect }) => visit(expect, path, state));
  // On a phone, wide tables and charts scroll sideways: they must still be reachable by keyboard.
  for (const [path, state] of [...pages, ['/compare/', 'compare (default)'] as [string, string]]) {
    it(`${state} on a phone: ${path}`, ({ expect }) => visit(expect, path, `${state}, phone`, path === '/compare/' ? compareSettled : undefined, PHONE));
  }

  it('search with results: /search/?q=人才', ({ expect }) =>
    visit(expect, `/search/?q=${encodeURIComponent('人才')}`, 'search results', async (page) => {
      await page.waitForFunction(() => {
        const s = document.getElementById('search-status')?.textContent ?? '';
        return s !== '' && !/loading|Loading|Searching/.test(s) && document.querySelectorAll('#search-results a.hit-link').length > 0;
      });
    }));

  it('compare, default view: /compare/', ({ expect }) => visit(expect, '/compare/', 'compare (default)', compareSettled));

  it('compare, a view rendered by the client', ({ expect }) =>
    visit(expect, `/compare/?plans=${comparePlans.join(',')}&tags=${compareTags.join(',')}`, 'compare (client-rendered)', async (page) => {
      await compareSettled(page);
      await page.waitForFunction((n) => document.querySelectorAll('#cmp-view .band').length === n, compareTags.length);
    }));

  it('basket, empty: /basket/', ({ expect }) =>
    visit(expect, '/basket/', 'basket (empty)', async (page) => {
      await page.locator('#basket-empty').waitFor({ state: 'visible' });
    }));

  it('basket opened from a share link', ({ expect }) => {
    expect(SHARED.length).toBeGreaterThanOrEqual(2);
    return visit(expect, `/basket/?items=${SHARED.join(',')}`, 'basket (shared items)', async (page) => {
      await listed(page, SHARED);
    });
  });

  it('basket opened from a share link while holding a basket of its own', ({ expect }) =>
    visit(expect, `/basket/?items=${SHARED[0]}`, 'basket (shared, merge or replace)', async (page) => {
      await listed(page, SHARED.slice(0, 1));
      await page.goto(`${site.server.origin}/basket/?items=${SHARED.slice(1).join(',')}`, { waitUntil: 'networkidle' });
      await page.locator('#basket-shared #b-merge').waitFor({ state: 'visible' });
      await listed(page, SHARED.slice(1));
    }));

  it('reader with the ¶ menu open', ({ expect }) =>
    visit(expect, `/plans/${largest}/`, 'reader (¶ menu open)', async (page) => {
      const pilcrow = page.locator('a.pilcrow').nth(3);
      await pilcrow.focus();
      await page.keyboard.press('Enter');
      await page.locator('.pmenu').waitFor({ state: 'visible' });
      expect(await pilcrow.getAttribute('aria-expanded')).toBe('true');
    }));

  it('reader filtered to passages shared with other plans (?reuse=1)', ({ expect }) =>
    visit(expect, `/plans/${reusePair.split('--')[0]}/?reuse=1`, 'reader (?reuse=1)', async (page) => {
      await page.locator('#filter-status').waitFor({ state: 'visible' });
    }));

  it('shared wording pair page with the common formulas open', ({ expect }) =>
    visit(expect, `/reuse/${reusePair}/`, 'shared wording pair (formulas open)', async (page) => {
      if (await page.locator('details.formulas').count()) await page.locator('details.formulas > summary').click();
    }));

  it('header search box with suggestions open', ({ expect }) =>
    visit(expect, '/', 'header combobox (suggestions open)', async (page) => {
      await page.focus('#site-q');
      await page.keyboard.type('人才');
      await page.waitForSelector('#site-q-list [role="option"]');
      await page.keyboard.press('ArrowDown');
      expect(await page.getAttribute('#site-q', 'aria-expanded')).toBe('true');
    }));
});

/** WCAG 2 contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('contrast that axe-core cannot measure', () => {
  it('every figure in the shared-wording matrix reads at 4.5:1 or more against its cell', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.server.origin}/reuse/`, { waitUntil: 'load' });
    const cells = await page.$$eval('.reuse-matrix a.cell', (as) =>
      as.map((a) => ({ label: a.querySelector('title')?.textContent ?? '', rect: getComputedStyle(a.querySelector('rect')!).fill, texts: [a.querySelector('text')!, a.parentElement!.querySelector('text.formula')!].map((t) => getComputedStyle(t).fill) })),
    );
    expect(cells.length).toBe(reuseIndex.pairs.length * 2);
    const low = cells.flatMap((c) => c.texts.map((t) => ({ label: c.label, t, fill: c.rect, ratio: Math.round(contrast(t, c.rect) * 100) / 100 }))).filter((c) => c.ratio < 4.5);
    expect(low, `cells below 4.5:1:\n${low.map((c) => `  ${c.label}: ${c.t} on ${c.fill} = ${c.ratio}`).join('\n')}`).toEqual([]);
    await page.close();
  });

  it('every number in the home page topic map reads at 4.5:1 or more against its cell (text drawn over SVG shapes)', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.server.origin}/`, { waitUntil: 'load' });
    const cells = await page.$$eval('.tag-map a.cell', (as) =>
      as.map((a) => ({ label: a.getAttribute('aria-label'), text: getComputedStyle(a.querySelector('text')!).fill, fill: getComputedStyle(a.querySelector('rect')!).fill })),
    );
    expect(cells.length).toBe(slugs.length * tags.length);
    const low = cells.map((c) => ({ ...c, ratio: Math.round(contrast(c.text, c.fill) * 100) / 100 })).filter((c) => c.ratio < 4.5);
    expect(low, `cells below 4.5:1:\n${low.map((c) => `  ${c.label}: ${c.text} on ${c.fill} = ${c.ratio}`).join('\n')}`).toEqual([]);
    await page.close();
  });
});
