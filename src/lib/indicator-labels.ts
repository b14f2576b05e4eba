/** Row labels for charts and tables: the plan's short title, plus the indicator name when a plan has several rows of one metric. */
import type { PlanDoc } from '../ingest/schema.ts';
import type { IndicatorRow } from './indicators';
import { shortTitle } from './tags';

export function labelRows(rows: IndicatorRow[], plans: PlanDoc[]): Array<IndicatorRow & { label: string }> {
  const bySlug = new Map(plans.map((p) => [p.meta.slug, p]));
  const perPlan = new Map<string, number>();
  for (const r of rows) perPlan.set(r.plan, (perPlan.get(r.plan) ?? 0) + 1);
  return rows.map((r) => {
    const p = bySlug.get(r.plan);
    const base = p ? shortTitle(p).zh : r.plan;
    return { ...r, label: (perPlan.get(r.plan) ?? 0) > 1 ? `${base} · ${r.indicator}` : base };
  });
}
