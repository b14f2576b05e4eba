/**
 * Basket items → what the basket page shows and exports: the text as printed, the section path,
 * the plan metadata, the absolute passage URL and the citation source — the same CiteSource the
 * reader's ¶ menu builds, so a citation from the basket equals the one copied there on the same day.
 *
 * Plan models are fetched from `<base>data/plans/<slug>.json` once per slug. An unknown plan or
 * anchor (or a plan that could not be loaded) still yields an entry, marked as such.
 */
import { ancestry, headingText, passages, type Passage } from '../ingest/passages.ts';
import type { PlanDoc, PlanMeta } from '../ingest/schema.ts';
import { today, type CiteSource } from '../cite/citation.ts';
import type { BasketItem } from './store.ts';

export type Kind = 'paragraph' | 'item' | 'row' | 'section' | 'box';

export interface Resolved {
  item: BasketItem;
  /** 'ok'; 'missing-plan' (no such plan); 'missing-anchor' (no such passage); 'error' (could not load). */
  status: 'ok' | 'missing-plan' | 'missing-anchor' | 'error';
  /** null unless the plan was loaded. */
  meta: PlanMeta | null;
  kind: Kind | null;
  /** The text as printed ('' when not found). */
  text: string;
  /** Headings from the top of the outline down to the passage's section (for a section: itself). */
  section: string[];
  /** Absolute URL of the passage in the reader. */
  url: string;
  /** null when not found. */
  source: CiteSource | null;
}

export interface ResolveContext {
  /** e.g. https://example.org (no trailing slash). */
  origin: string;
  /** The site base, ending in "/". */
  base: string;
  /** Access date of the citations, YYYY-MM-DD. */
  accessed?: string;
}

export const passageUrl = (ctx: ResolveContext, i: BasketItem): string => `${ctx.origin}${ctx.base}plans/${i.plan}/#${i.anchor}`;

const indexes = new WeakMap<PlanDoc, Map<string, Passage>>();
function passageIndex(plan: PlanDoc): Map<string, Passage> {
  let m = indexes.get(plan);
  if (!m) indexes.set(plan, (m = new Map(passages(plan).map((p) => [p.id, p]))));
  return m;
}

/** Resolves one item against its plan (null: no such plan). Pure. */
export function resolveIn(plan: PlanDoc | null, item: BasketItem, ctx: ResolveContext): Resolved {
  const url = passageUrl(ctx, item);
  const none = { item, meta: plan?.meta ?? null, kind: null, text: '', section: [], url, source: null };
  if (!plan) return { ...none, status: 'missing-plan' };
  let kind: Kind;
  let text: string;
  let section: string[];
  const node = plan.outline.find((o) => o.id === item.anchor);
  if (node) {
    kind = node.kind;
    text = headingText(node);
    section = ancestry(plan.outline, node.id).map(headingText);
  } else {
    const p = passageIndex(plan).get(item.anchor);
    if (!p) return { ...none, status: 'missing-anchor' };
    kind = p.kind;
    text = p.text;
    section = ancestry(plan.outline, p.sectionId).map(headingText);
  }
  const m = plan.meta;
  const source: CiteSource = { title: m.title, titleEn: m.titleEn, issuer: m.issuer, issued: m.issued, docNumber: m.docNumber, section, url, accessed: ctx.accessed ?? today() };
  return { item, status: 'ok', meta: m, kind, text, section, url, source };
}

type Loaded = { plan: PlanDoc | null } | { error: string };

/**
 * A resolver with a per-slug cache of plan models. The plan index (`data/plans.json`) is read first,
 * so an unknown slug is known to be missing without requesting a file that does not exist (a 404
 * would be logged as a console error). `fetchFn` defaults to the global fetch; a failure to load is
 * an error for the items concerned and is retried on the next call.
 */
export function createResolver(ctx: ResolveContext, fetchFn: typeof fetch = (...a) => fetch(...a)) {
  const json = async (url: string): Promise<unknown> => {
    const r = await fetchFn(url);
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  };
  let index: Promise<Set<string>> | null = null;
  const known = (): Promise<Set<string>> => {
    index ??= json(`${ctx.base}data/plans.json`).then((d) => new Set(((d as { plans?: Array<{ meta: { slug: string } }> }).plans ?? []).map((p) => p.meta.slug)));
    index.catch(() => (index = null));
    return index;
  };
  const cache = new Map<string, Promise<Loaded>>();
  const loadPlan = (slug: string): Promise<Loaded> => {
    let p = cache.get(slug);
    if (!p) {
      p = known()
        .then(async (slugs): Promise<Loaded> => {
          if (!slugs.has(slug)) return { plan: null };
          const plan = (await json(`${ctx.base}data/plans/${slug}.json`)) as PlanDoc;
          return { plan: plan?.meta?.slug === slug ? plan : null };
        })
        .catch((e: unknown) => {
          cache.delete(slug);
          return { error: String((e as Error)?.message ?? e) };
        });
      cache.set(slug, p);
    }
    return p;
  };
  return async function resolveAll(items: BasketItem[]): Promise<Resolved[]> {
    const loaded = await Promise.all(items.map((i) => loadPlan(i.plan)));
    return items.map((item, k) => {
      const l = loaded[k];
      if ('error' in l) return { item, status: 'error', meta: null, kind: null, text: '', section: [], url: passageUrl(ctx, item), source: null };
      return resolveIn(l.plan, item, ctx);
    });
  };
}
