/**
 * Page weight of the built site (sizes, not timings, so they are stable enough to gate on): the
 * largest plan reader's HTML, the JavaScript a plan reader loads, and every page's total transfer
 * before interaction (HTML + CSS + JavaScript, gzipped). How these grow with the number of plans is
 * measured by `npm run bench` (docs/benchmarks.md).
 */
import { describe, expect, it } from 'vitest';
import { pageWeights, PAGE_TYPES } from '../../src/bench/weight.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

const KB = 1024;

describe('page weight', () => {
  assertBuilt();
  const pages = pageWeights(DIST);

  it('classifies every page, one or more of each type', () => {
    for (const t of PAGE_TYPES.filter((x) => x !== 'other')) expect(pages.some((p) => p.type === t), t).toBe(true);
    expect(pages.filter((p) => p.type === 'other').map((p) => p.file)).toEqual(['404.html'].filter((f) => pages.some((p) => p.file === f)));
  });

  it('the largest plan reader is at most 150 KB gzip of HTML and loads at most 15 KB gzip of JavaScript', () => {
    const readers = pages.filter((p) => p.type === 'plan');
    const largest = readers.reduce((a, b) => (b.htmlRaw > a.htmlRaw ? b : a));
    expect(largest.htmlGzip, largest.file).toBeLessThanOrEqual(150 * KB);
    for (const r of readers) {
      expect(r.jsGzip, r.file).toBeGreaterThan(0);
      expect(r.jsGzip, r.file).toBeLessThanOrEqual(15 * KB);
    }
  });

  it('no page transfers more than 300 KB gzip before interaction', () => {
    const over = pages.filter((p) => p.totalGzip > 300 * KB).map((p) => `${p.file} ${(p.totalGzip / KB).toFixed(1)} KB`);
    expect(over).toEqual([]);
  });
});
