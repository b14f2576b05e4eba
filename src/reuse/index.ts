/**
 * Shared wording between plans, over the plan models: the analysis step the ingest script runs
 * after every plan is ingested. Pure; see detect.ts for the method and README (Shared wording) for
 * the choices.
 */
import { passages } from '../ingest/passages.ts';
import type { PlanDoc, ReuseIndex } from '../ingest/schema.ts';
import { detectReuse, type ReuseOptions } from './detect.ts';

export { detectReuse, DEFAULTS, formulaPlans } from './detect.ts';
export { direction } from './direction.ts';
export { parseFormulas } from './formula.ts';

/** Every plan's passages (paragraphs, list items, table rows) → the published reuse index. */
export function reuseIndex(plans: PlanDoc[], options: ReuseOptions = {}): ReuseIndex {
  const sorted = [...plans].sort((a, b) => a.meta.slug.localeCompare(b.meta.slug));
  const r = detectReuse(
    sorted.map((p) => ({
      slug: p.meta.slug,
      place: { level: p.meta.level, region: p.meta.region, issued: p.meta.issued },
      passages: passages(p).map((x) => ({ id: x.id, text: x.text })),
    })),
    options,
  );
  return { schemaVersion: 1, formulaPlans: r.formulaPlans, options: r.options, plans: r.plans, pairs: r.pairs, spans: r.spans };
}
