/**
 * Direction of reuse: which of two plans likely restates the other, where the metadata can tell.
 * 1. A lower-level plan of the same place restates the higher one (a district plan of 成都 its
 *    city's plan): same `region`, different `level`.
 * 2. Otherwise a plan issued later restates one issued earlier (both `issued` dates known and
 *    different).
 * 3. Otherwise the wording is only "shared with": nothing says which came first.
 * It is a likelihood, never a finding: both may copy a third text.
 */
export interface PlanPlace {
  level: string;
  region: string;
  /** ISO date or year-month, or null. */
  issued: string | null;
}

export type Direction = { kind: 'restates'; source: 'a' | 'b'; by: 'level' | 'issued' } | { kind: 'shared' };

/** Smaller = higher in the hierarchy; a high-tech zone sits under its city like a district. */
export const LEVEL_RANK: Record<string, number> = { national: 0, province: 1, city: 2, district: 3, 'high-tech-zone': 3 };

export function direction(a: PlanPlace, b: PlanPlace): Direction {
  const ra = LEVEL_RANK[a.level];
  const rb = LEVEL_RANK[b.level];
  if (a.region === b.region && ra !== undefined && rb !== undefined && ra !== rb) return { kind: 'restates', source: ra < rb ? 'a' : 'b', by: 'level' };
  if (a.issued && b.issued) {
    // Compare at the precision both give (a year-month against a full date: by month).
    const n = Math.min(a.issued.length, b.issued.length);
    const x = a.issued.slice(0, n);
    const y = b.issued.slice(0, n);
    if (x !== y) return { kind: 'restates', source: x < y ? 'a' : 'b', by: 'issued' };
  }
  return { kind: 'shared' };
}
