/** Outline alignment for the site: section profiles per plan (built once) and the pairs worth pre-rendering. */
import { alignOutlines, sectionProfiles, type Alignment, type SectionProfile } from '../compare/align.ts';
import { placeOf } from '../compare/state.ts';
import { compareDefault } from './compare';
import { allPlans, planBySlug } from './plans';

const profiles = new Map<string, SectionProfile[]>();
export function profilesFor(slug: string): SectionProfile[] {
  let p = profiles.get(slug);
  if (!p) {
    const plan = planBySlug(slug);
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
 * Pairs pre-rendered as /compare/outline/<a>--<b>/ (readable without JavaScript): each plan with the
 * next plan of the same place and level in slug order (a city's S&T plan and its general outline),
 * and the plans of the default compare view. At most one pair per plan plus six, so the build stays
 * linear in the number of plans (all pairs of a place would grow with its square); any other pair is
 * aligned in the browser at /compare/outline/?plans=a,b.
 */
export function outlinePairs(): Array<[string, string]> {
  const out = new Map<string, [string, string]>();
  const add = (a: string, b: string) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    out.set(`${x}--${y}`, [x, y]);
  };
  const byPlace = new Map<string, string[]>();
  for (const p of allPlans()) byPlace.set(placeOf(p.meta), [...(byPlace.get(placeOf(p.meta)) ?? []), p.meta.slug]);
  for (const slugs of byPlace.values()) slugs.forEach((s, k) => k > 0 && add(slugs[k - 1], s));
  const def = compareDefault().plans;
  def.forEach((a, i) => def.slice(i + 1).forEach((b) => add(a, b)));
  return [...out.values()].sort((p, q) => p[0].localeCompare(q[0]) || p[1].localeCompare(q[1]));
}
