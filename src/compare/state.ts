/**
 * The compare view's state lives in its URL: `/compare/?plans=a,b[,c,d]&tags=x[,y]`.
 * Reading is forgiving (unknown, repeated or surplus ids are dropped and reported, repeated
 * parameters are accepted) so a hand-edited or stale link still opens the closest view.
 */
export const MAX_PLANS = 4;
export const MAX_TAGS = 6;
/** The topics the default view shows (those the taxonomy has, in this order). */
export const DEFAULT_TAGS = ['rd-intensity', 'incubators', 'talent', 'chengdu-chongqing'];

export interface CompareState {
  plans: string[];
  tags: string[];
}

export interface ReadResult extends CompareState {
  /** Ids in the URL that were dropped: unknown, repeated, or beyond the maximum. */
  dropped: string[];
  /** true when the URL named no plans or no tags and the defaults filled in. */
  defaulted: boolean;
}

function ids(params: URLSearchParams, key: string): string[] {
  return params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function pick(list: string[], known: readonly string[], max: number, dropped: string[]): string[] {
  const out: string[] = [];
  for (const id of list) {
    if (!known.includes(id) || out.includes(id) || out.length >= max) dropped.push(id);
    else out.push(id);
  }
  return out;
}

export function readCompareState(search: string | URLSearchParams, known: { plans: readonly string[]; tags: readonly string[] }, fallback: CompareState): ReadResult {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const dropped: string[] = [];
  let plans = pick(ids(params, 'plans'), known.plans, MAX_PLANS, dropped);
  let tags = pick(ids(params, 'tags'), known.tags, MAX_TAGS, dropped);
  const defaulted = plans.length === 0 || tags.length === 0;
  if (plans.length === 0) plans = [...fallback.plans];
  if (tags.length === 0) tags = [...fallback.tags];
  return { plans, tags, dropped, defaulted };
}

/** The query string of a state (ids are [a-z0-9-], so commas need no escaping). */
export function writeCompareState(s: CompareState): string {
  return `?plans=${s.plans.join(',')}&tags=${s.tags.join(',')}`;
}

export interface PlanLike {
  slug: string;
  region: string;
  level: string;
  sourceType: string;
  /** The plan's passages on each topic (tag id → count). */
  onTopic: Record<string, number>;
}

/** Plans of the same place and level (a city's S&T plan and its general outline, say) are one "place". */
export const placeOf = (p: Pick<PlanLike, 'region' | 'level'>) => `${p.region}\u0000${p.level}`;

/**
 * The default view: one plan per place and level (a full plan before a news excerpt, then the one
 * saying most on the default topics), the places saying most first, at most MAX_PLANS — so the
 * default compares places, and stays the same size however many plans the corpus holds.
 * Then back in slug order.
 */
export function defaultState(plans: PlanLike[], tagIds: readonly string[]): CompareState {
  const tags = DEFAULT_TAGS.filter((t) => tagIds.includes(t));
  const shown = tags.length ? tags : tagIds.slice(0, DEFAULT_TAGS.length);
  const weight = (p: PlanLike) => shown.reduce((n, t) => n + (p.onTopic[t] ?? 0), 0);
  const best = new Map<string, PlanLike>();
  const rank = (p: PlanLike) => [p.sourceType === 'plan' ? 0 : 1, -weight(p), p.slug] as const;
  const better = (a: PlanLike, b: PlanLike) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
  };
  for (const p of plans) {
    const cur = best.get(placeOf(p));
    if (!cur || better(p, cur) < 0) best.set(placeOf(p), p);
  }
  const chosen = [...best.values()].sort(better).slice(0, MAX_PLANS);
  // With a single place, fill up with its other plans.
  for (const p of [...plans].sort(better)) if (chosen.length < Math.min(2, plans.length) && !chosen.includes(p)) chosen.push(p);
  return { plans: chosen.map((p) => p.slug).sort(), tags: shown };
}
