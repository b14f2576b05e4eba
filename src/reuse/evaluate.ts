/**
 * Evaluation of shared-wording detection against hand labels (content/reuse-eval/shared.yaml,
 * see its README): precision and recall of the substantive spans, agreement on common formulas,
 * and the look-alike pairs (same topic and words, not reuse) that must not be reported.
 *
 * The unit is a passage pair, as in the labels: a label names two passages (plan#id) that share
 * wording, with the longest shared run as printed in each (a check that the label is sound). A
 * detected span counts for the passage pair it joins. Precision: the detected passage pairs that
 * are labelled; recall: the labelled passage pairs that are detected. The labellers read every plan
 * pair, so a detected pair they did not list is a false positive.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { IngestError } from '../ingest/errors.ts';
import type { SharedSpan } from '../ingest/schema.ts';

const Ref = z.string().regex(/^[a-z0-9-]+#\S+$/, 'expected plan#passage');
export const ReuseLabels = z
  .object({
    shared: z.array(
      z.object({ a: Ref, b: Ref, quoteA: z.string().min(1), quoteB: z.string().min(1), kind: z.enum(['substantive', 'formula']), edits: z.string(), why: z.string() }).strict(),
    ),
    lookalike: z.array(z.object({ a: Ref, b: Ref, why: z.string() }).strict()),
  })
  .strict();
export type ReuseLabels = z.infer<typeof ReuseLabels>;
type Label = ReuseLabels['shared'][number];

export function parseReuseLabels(text: string, file: string): ReuseLabels {
  const r = ReuseLabels.safeParse(parse(text));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new IngestError(file, `${i.path.join('.')}: ${i.message}`);
  }
  return r.data;
}

export interface ReuseScore {
  /** Detection: every detected passage pair (formula or not) against every label (either kind). */
  detection: { labels: number; detected: number; neutral: string[]; precision: number; recall: number; falsePositives: string[]; falseNegatives: Label[] };
  labels: number;
  detected: number;
  tp: number;
  precision: number;
  recall: number;
  /** Detected substantive spans matching no substantive label (with the formula label they match, if any). */
  falsePositives: Array<{ span: string; formulaLabel: boolean }>;
  /** Substantive labels no substantive span matches (with whether a formula span matches them). */
  falseNegatives: Array<{ label: Label; asFormula: boolean }>;
  formula: { labels: number; asFormula: number; asSubstantive: number; missed: number };
  /** Look-alike pairs with a detected span. */
  lookalikeHits: Array<{ a: string; b: string }>;
  /** Labels whose passage or quote is not found (a label to fix, left out of the figures). */
  problems: string[];
}

type TextOf = (plan: string, passage: string) => string | undefined;

/** The labels' lower bound for a shared run (about 15 characters, content/reuse-eval/README.md). */
export const NEUTRAL_BELOW = 15;

export function scoreReuse(spans: SharedSpan[], labels: ReuseLabels, textOf: TextOf): ReuseScore {
  const problems: string[] = [];
  const split = (ref: string) => {
    const k = ref.indexOf('#');
    return { plan: ref.slice(0, k), passage: ref.slice(k + 1) };
  };
  const located = labels.shared.flatMap((l) => {
    let [a, b] = [split(l.a), split(l.b)];
    let [qa, qb] = [l.quoteA, l.quoteB];
    if (a.plan > b.plan) [a, b, qa, qb] = [b, a, qb, qa];
    const ta = textOf(a.plan, a.passage);
    const tb = textOf(b.plan, b.passage);
    const sa = ta?.indexOf(qa) ?? -1;
    const sb = tb?.indexOf(qb) ?? -1;
    if (sa < 0 || sb < 0) {
      problems.push(`${l.a} ~ ${l.b}: ${ta === undefined || tb === undefined ? 'no such passage' : 'quote not found in its passage'}`);
      return [];
    }
    return [{ label: l, a, b, ra: [sa, sa + qa.length] as const, rb: [sb, sb + qb.length] as const }];
  });
  const matches = (s: SharedSpan, x: (typeof located)[number]) => s.a.plan === x.a.plan && s.a.passage === x.a.passage && s.b.plan === x.b.plan && s.b.passage === x.b.passage;
  // One representative span per passage pair (a substantive one if there is any).
  const pairKey = (s: { a: { plan: string; passage: string }; b: { plan: string; passage: string } }) => `${s.a.plan}#${s.a.passage}~${s.b.plan}#${s.b.passage}`;
  const byPair = new Map<string, SharedSpan>();
  for (const sp of spans) {
    const k = pairKey(sp);
    const had = byPair.get(k);
    if (!had || (had.formula && !sp.formula)) byPair.set(k, sp);
  }
  const detectedPairs = [...byPair.values()];
  const substantive = detectedPairs.filter((s) => !s.formula);
  const formulaSpans = detectedPairs.filter((s) => s.formula);
  const subLabels = located.filter((x) => x.label.kind === 'substantive');
  const formulaLabels = located.filter((x) => x.label.kind === 'formula');
  const falsePositives = substantive
    .filter((s) => !subLabels.some((x) => matches(s, x)))
    .map((s) => ({ span: s.id, formulaLabel: formulaLabels.some((x) => matches(s, x)) }));
  const tp = substantive.length - falsePositives.length;
  const falseNegatives = subLabels.filter((x) => !substantive.some((s) => matches(s, x))).map((x) => ({ label: x.label, asFormula: formulaSpans.some((s) => matches(s, x)) }));
  const asFormula = formulaLabels.filter((x) => formulaSpans.some((s) => matches(s, x))).length;
  const asSubstantive = formulaLabels.filter((x) => substantive.some((s) => matches(s, x))).length;
  const lookalikeHits = labels.lookalike
    .map((l) => {
      let [a, b] = [split(l.a), split(l.b)];
      if (a.plan > b.plan) [a, b] = [b, a];
      return { a, b };
    })
    .filter(({ a, b }) => detectedPairs.some((s) => s.a.plan === a.plan && s.a.passage === a.passage && s.b.plan === b.plan && s.b.passage === b.passage))
    .map(({ a, b }) => ({ a: `${a.plan}#${a.passage}`, b: `${b.plan}#${b.passage}` }));
  const recalled = subLabels.length - falseNegatives.length;
  // The labels leave out, as neither shared nor look-alike, runs under NEUTRAL_BELOW characters that
  // are only a stock phrase or a name (content/reuse-eval/README.md): a pair whose every span is
  // such a formula is neutral, counted neither way.
  const spansOfPair = new Map<string, SharedSpan[]>();
  for (const sp of spans) spansOfPair.set(pairKey(sp), [...(spansOfPair.get(pairKey(sp)) ?? []), sp]);
  const unlabelled = detectedPairs.filter((s) => !located.some((x) => matches(s, x)));
  const isNeutral = (s: SharedSpan) => spansOfPair.get(pairKey(s))!.every((x) => x.formula && x.length < NEUTRAL_BELOW);
  const neutral = unlabelled.filter(isNeutral).map((s) => s.id);
  const detFp = unlabelled.filter((s) => !isNeutral(s)).map((s) => s.id);
  const detFn = located.filter((x) => !detectedPairs.some((s) => matches(s, x))).map((x) => x.label);
  return {
    detection: {
      labels: located.length,
      detected: detectedPairs.length,
      neutral,
      precision: detectedPairs.length - neutral.length ? (detectedPairs.length - neutral.length - detFp.length) / (detectedPairs.length - neutral.length) : 1,
      recall: located.length ? (located.length - detFn.length) / located.length : 1,
      falsePositives: detFp,
      falseNegatives: detFn,
    },
    labels: subLabels.length,
    detected: substantive.length,
    tp,
    precision: substantive.length ? tp / substantive.length : 1,
    recall: subLabels.length ? recalled / subLabels.length : 1,
    falsePositives,
    falseNegatives,
    formula: { labels: formulaLabels.length, asFormula, asSubstantive, missed: formulaLabels.length - asFormula - asSubstantive },
    lookalikeHits,
    problems,
  };
}
