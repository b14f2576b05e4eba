/** The compare view's cells and default state, computed once per build from the plan models. */
import { compareCell, type CompareCell } from '../compare/data.ts';
import { defaultState, type CompareState } from '../compare/state.ts';
import { taggedPassages } from '../ingest/passages.ts';
import { indicatorsJson } from './indicators';
import { allPlans, planBySlug, withBase } from './plans';
import { allTags } from './tags';

const cells = new Map<string, CompareCell>();

export function cellFor(slug: string, tag: string): CompareCell {
  const key = `${slug}\u0000${tag}`;
  let c = cells.get(key);
  if (!c) {
    const plan = planBySlug(slug);
    if (!plan) throw new Error(`compare: no plan "${slug}"`);
    const data = indicatorsJson();
    c = compareCell(plan, tag, data.metrics, data.rows);
    cells.set(key, c);
  }
  return c;
}

let fallback: CompareState | null = null;
export function compareDefault(): CompareState {
  fallback ??= defaultState(
    allPlans().map((p) => ({
      slug: p.meta.slug,
      region: p.meta.region,
      level: p.meta.level,
      sourceType: p.meta.sourceType,
      onTopic: Object.fromEntries([...taggedPassages(p)].map(([t, list]) => [t, list.length])),
    })),
    allTags().map((t) => t.id),
  );
  return fallback;
}

/** `/data/compare/<plan>/<tag>.json` */
export function cellDataPath(slug: string, tag: string): string {
  return withBase(`/data/compare/${slug}/${tag}.json`);
}
