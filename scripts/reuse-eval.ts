/**
 * Shared-wording evaluation: `npm run eval:reuse` scores the detector on the seeds against the
 * hand labels in content/reuse-eval/shared.yaml (see its README) and lists every miss with
 * `--errors`. tests/unit/reuse-eval.test.ts holds the thresholds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { passages } from '../src/ingest/passages.ts';
import { FORMULAS_FILE, ROOT } from '../src/ingest/paths.ts';
import type { PlanDoc, ReuseIndex } from '../src/ingest/schema.ts';
import { parseReuseLabels, type ReuseScore, scoreReuse } from '../src/reuse/evaluate.ts';
import { parseFormulas, reuseIndex } from '../src/reuse/index.ts';

export const REUSE_LABELS = join(ROOT, 'content/reuse-eval/shared.yaml');

export async function evaluateReuseOnSeeds(): Promise<{ plans: PlanDoc[]; index: ReuseIndex; score: ReuseScore }> {
  const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
  const formulas = parseFormulas(readFileSync(FORMULAS_FILE, 'utf8'), 'content/reuse/formulas.yaml').map((f) => f.text);
  const index = reuseIndex(plans, { formulas });
  const texts = new Map(plans.map((p) => [p.meta.slug, new Map(passages(p).map((x) => [x.id, x.text]))]));
  const labels = parseReuseLabels(readFileSync(REUSE_LABELS, 'utf8'), 'content/reuse-eval/shared.yaml');
  return { plans, index, score: scoreReuse(index.spans, labels, (plan, id) => texts.get(plan)?.get(id)) };
}

if (import.meta.main) {
  const { index, score: s } = await evaluateReuseOnSeeds();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const d = s.detection;
  console.log(`Shared wording on the seeds — detection (formula or not): ${d.labels} labelled pairs, ${d.detected} passage pairs detected (${d.neutral.length} neutral: short formulas the labels leave out): precision ${pct(d.precision)}, recall ${pct(d.recall)}`);
  console.log(`Substantive only: ${s.labels} substantive labels, ${s.detected} substantive spans detected, ${s.tp} correct`);
  console.log(`precision ${pct(s.precision)}, recall ${pct(s.recall)}`);
  console.log(`common formulas: ${s.formula.labels} labelled; detected as formula ${s.formula.asFormula}, as substantive ${s.formula.asSubstantive}, not found ${s.formula.missed}`);
  console.log(`look-alike pairs reported as reuse: ${s.lookalikeHits.length}`);
  if (s.problems.length) console.log('label problems:', ...s.problems.map((p) => `\n  ${p}`));
  if (process.argv.includes('--errors')) {
    const byId = new Map(index.spans.map((x) => [x.id, x]));
    for (const id of d.falsePositives) {
      const x = byId.get(id)!;
      console.log(`DETECTION FP ${id}${x.formula ? ' (formula)' : ''}\n   A: ${x.a.text}\n   B: ${x.b.text}`);
    }
    for (const l of d.falseNegatives) console.log(`DETECTION FN ${l.a} ~ ${l.b} (${l.kind})\n   A: ${l.quoteA}\n   B: ${l.quoteB}`);
    for (const fp of s.falsePositives) {
      const x = byId.get(fp.span)!;
      console.log(`FP ${fp.span}${fp.formulaLabel ? ' (labelled a formula)' : ''}\n   A: ${x.a.text}\n   B: ${x.b.text}`);
    }
    for (const fn of s.falseNegatives) console.log(`FN ${fn.label.a} ~ ${fn.label.b}${fn.asFormula ? ' (detected as a formula)' : ''}\n   A: ${fn.label.quoteA}\n   B: ${fn.label.quoteB}`);
    for (const h of s.lookalikeHits) console.log(`LOOK-ALIKE REPORTED ${h.a} ~ ${h.b}`);
  }
}
