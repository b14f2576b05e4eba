/**
 * Search relevance on the hand-labelled set (tests/fixtures/search-eval/, see its README): at
 * least 40 queries of every kind the issue names, labels still pointing at their units, mean
 * recall@10 ≥ 0.95, and for every single-term query the first result is an exact match.
 * The full report is printed (also: `npm run eval:search`).
 */
import { describe, expect, it } from 'vitest';
import { evaluateSeeds, formatReport } from '../../scripts/search-eval.ts';

const { report } = await evaluateSeeds();

describe('search relevance', () => {
  it('prints the report', () => {
    console.log(formatReport(report));
    expect(report.queries.length).toBeGreaterThan(0);
  });

  it('has at least 40 queries covering every kind, including the ones the issue names', () => {
    expect(report.queries.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(report.queries.map((s) => s.query.kind));
    for (const k of ['single', 'and', 'phrase', 'trad', 'typo', 'fullwidth', 'tag']) expect(kinds, k).toContain(k);
    const qs = report.queries.map((s) => s.query.q);
    for (const q of ['研发投入强度', '孵化器', '众创空间', '人才公寓', '成渝', '揭榜挂帅', '高价值发明专利', '技术合同成交额', '西部科学城', '天府实验室', '独角兽', '专精特新', 'talent']) expect(qs).toContain(q);
  });

  it('every label points at an indexed unit whose text still starts with the recorded excerpt', () => {
    expect(report.problems).toEqual([]);
  });

  it('mean recall@10 is at least 0.95', () => {
    expect(report.meanRecall).toBeGreaterThanOrEqual(0.95);
  });

  it('for single-term queries the first result is an exact match, and typos fall back to labelled fuzzy results', () => {
    const failures = report.queries.filter((s) => s.firstExact === false).map((s) => s.query.q);
    expect(failures).toEqual([]);
    expect(report.queries.filter((s) => s.firstExact !== null).length).toBeGreaterThanOrEqual(30);
    for (const s of report.queries.filter((x) => x.query.kind === 'typo')) expect(s.mode, s.query.q).toBe('fuzzy');
  });
});
