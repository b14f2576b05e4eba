/** Outline alignment for the site: section profiles per plan (built once) and the pairs worth pre-rendering. */
import { alignOutlines, sectionProfiles, type Alignment, type SectionProfile } from '../compare/align.ts';
import { placeOf } from '../compare/state.ts';
import { compareDefault } from './compare';
import { allPlans } from './plans';

const profiles = new Map<string, SectionProfile[]>();
export function profilesFor(slug: string): SectionProfile[] {
  let p = profiles.get(slug);
  if (!p) {
    const plan = allPlans().find((x) => x.meta.slug === slug);
    if (!plan) throw new Error(`outline: no plan "${slug}"`);
    p = sectionProfiles(plan);
    profiles.set(slug, p);
  }
  return p;
}

export function alignmentFor(a: string, b: string): Alignment {
  return alignOutlines(profilesFor(a), profilesFor(b));
}

/**
 * Pairs pre-rendered as /compare/outline/<a>--<b>/ (readable without JavaScript): plans of the same
 * place and level (a city's S&T plan and its general outline), and the plans of the default compare view. A bounded set, so the build stays linear in the
 * number of plans; any other pair is aligned in the browser at /compare/outline/?plans=a,b.
 */
export function outlinePairs(): Array<[string, string]> {
  const plans = allPlans();
  const out = new Map<string, [string, string]>();
  const add = (a: string, b: string) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    out.set(`${x}--${y}`, [x, y]);
  };
  plans.forEach((p, i) => plans.slice(i + 1).forEach((q) => placeOf(p.meta) === placeOf(q.meta) && add(p.meta.slug, q.meta.slug)));
  const def = compareDefault().plans;
  def.forEach((a, i) => def.slice(i + 1).forEach((b) => add(a, b)));
  return [...out.values()].sort((p, q) => p[0].localeCompare(q[0]) || p[1].localeCompare(q[1]));
}
