/**
 * Shared wording against the hand labels (content/reuse-eval/, see its README): the label file is
 * sound (every passage exists, every quote is in its passage), and the detector keeps the figures
 * measured when the method was settled. The goal is ≥ 0.9 precision and recall; precision
 * meets it, recall falls just short (README, Shared wording: the labels count runs of 12–14
 * characters and reordered lists that the detector leaves out), so the recall floor guards against
 * regressions, it does not claim the goal. The label set was also used while the method was settled.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReuseOnSeeds } from '../../scripts/reuse-eval.ts';

const { score } = await evaluateReuseOnSeeds();

describe('shared wording on the hand-labelled seed pairs', () => {
  it('has a sound label file: at least 40 substantive pairs, look-alikes, every quote found', () => {
    expect(score.problems).toEqual([]);
    expect(score.labels).toBeGreaterThanOrEqual(40);
    expect(score.detection.labels).toBeGreaterThan(score.labels);
  });

  it('detects shared passage pairs (formula or not) with precision ≥ 0.9 (measured 0.908) and recall ≥ 0.88 (measured 0.894; goal 0.9)', () => {
    expect(score.detection.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.detection.recall).toBeGreaterThanOrEqual(0.88);
    // Neutral pairs are only short formulas, never substantive text.
    expect(score.detection.neutral.length).toBeLessThan(10);
  });

  it('finds the substantive pairs: recall ≥ 0.78 (measured 0.809)', () => {
    expect(score.recall).toBeGreaterThanOrEqual(0.78);
  });

  it('marks most labelled formula pairs as formulas (measured 135 of 207)', () => {
    expect(score.formula.asFormula / score.formula.labels).toBeGreaterThanOrEqual(0.6);
  });

  it('reports at most 7 of the 42 look-alike pairs (measured 7: indicator names and lists the labellers did not count)', () => {
    expect(score.lookalikeHits.length).toBeLessThanOrEqual(7);
  });
});
