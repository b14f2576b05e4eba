/**
 * The tagger against the hand-labelled evaluation set (tests/fixtures/tags-eval/, see its README):
 * the labels still point at the passages they were written for, the set is large enough and spans
 * all five plans, and the four requested topics meet their precision and recall thresholds.
 * The full per-tag report is printed (also: `npm run eval:tags`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/ingest/paths.ts';
import { EVAL_DIR, evaluateSeeds, formatReport } from '../../scripts/tag-eval.ts';

const report = await evaluateSeeds();
const PLANS = readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4));

describe('tagger evaluation', () => {
  it('prints the per-tag report', () => {
    console.log(formatReport(report));
    expect(report.scores.length).toBe(report.taxonomy.length);
  });

  it('every label points at an existing passage whose text still starts with the recorded excerpt', () => {
    expect(report.problems).toEqual([]);
  });

  it('has at least 150 labelled passages drawn from every plan, most of them chosen at random', () => {
    expect(report.labelled.length).toBeGreaterThanOrEqual(150);
    expect(new Set(report.labelled.map((l) => l.plan))).toEqual(new Set(PLANS));
    for (const plan of PLANS) expect(report.labelled.filter((l) => l.plan === plan && l.selection === 'random').length, plan).toBeGreaterThanOrEqual(20);
    expect(readdirSync(EVAL_DIR).filter((f) => f.endsWith('.yaml')).length).toBe(PLANS.length);
    for (const l of report.labelled) expect(l.why.trim().length, `${l.plan}#${l.id} has a reason`).toBeGreaterThan(0);
  });

  for (const tag of ['rd-intensity', 'incubators', 'talent', 'chengdu-chongqing']) {
    it(`${tag}: precision ≥ 0.90 and recall ≥ 0.85 on at least 30 positives`, () => {
      const s = report.scores.find((x) => x.tag === tag)!;
      expect(s.tp + s.fn, 'positives in the set').toBeGreaterThanOrEqual(30);
      expect(s.precision, `precision; false positives: ${s.falsePositives.join(' ')}`).toBeGreaterThanOrEqual(0.9);
      expect(s.recall, `recall; missed: ${s.falseNegatives.join(' ')}`).toBeGreaterThanOrEqual(0.85);
    });
  }
});
