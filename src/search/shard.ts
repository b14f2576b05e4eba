/**
 * Build-time: the search index, one shard per plan plus a small manifest.
 *
 * Every searchable unit — each heading (section or box title), paragraph, list item and table row —
 * becomes a document with its deep-link anchor, its section (for the breadcrumb) and its tags. The
 * text itself lives only once, inside the serialised Fuse index (`Fuse.createIndex` over the texts as
 * printed), so the browser parses the index instead of building one. Shards are per plan so that a
 * large corpus is fetched and searched progressively, and a plan filter fetches only its plans.
 *
 * Pure: takes plan models and the taxonomy, returns JSON-ready objects.
 */
import Fuse from 'fuse.js/basic';
import { headingText, passageRecords, passages } from '../ingest/passages.ts';
import type { PlanDoc, TagSummary } from '../ingest/schema.ts';
import { t2sPairs } from './t2s.ts';

export const SEARCH_VERSION = 1;

/** Document kinds, in the order used by `SearchDoc[0]`. */
export const DOC_KINDS = ['heading', 'paragraph', 'item', 'row'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/**
 * A document: [kind index, anchor id, section index (into `sections`, -1 for front matter),
 * tags as flat pairs [tag index, score × 100, …]].
 */
export type SearchDoc = [number, string, number, number[]];

/** An outline node: [id, heading as printed, parent index or -1]. */
export type SearchSection = [string, string, number];

export interface FuseIndexJson {
  /** Empty: the documents are plain strings. */
  keys: never[];
  records: Array<{ v: string; i: number; n: number }>;
}

export interface SearchShard {
  v: number;
  plan: string;
  sections: SearchSection[];
  docs: SearchDoc[];
  /** `Fuse.createIndex([], texts).toJSON()`: record `i` is the document's position in `docs`. */
  index: FuseIndexJson;
}

export interface ManifestPlan {
  slug: string;
  title: string;
  short: string;
  shortEn: string | null;
  level: string;
  region: string;
  period: string;
  /** Number of documents in the shard. */
  docs: number;
  /** URL path of the shard, including the site's base path (e.g. `/plan-atlas/data/search/plans/x.json`). */
  shard: string;
  /** Size of the shard file in bytes (UTF-8). */
  bytes: number;
}

export interface ManifestTag {
  id: string;
  zh: string;
  en: string;
  /** The tagger's signal terms: used to highlight why a passage carries the tag. */
  terms: string[];
}

export interface SearchManifest {
  v: number;
  plans: ManifestPlan[];
  tags: ManifestTag[];
  /** Traditional → simplified pairs for the folder (see fold.ts). */
  t2s: string;
}

interface Unit {
  kind: DocKind;
  anchor: string;
  section: string | null;
  text: string;
  line: number;
  tags: Map<string, number>;
}

/** The plan's searchable units in document order: headings and passages interleaved by source line. */
function units(plan: PlanDoc): Unit[] {
  const tagsOf = new Map(passageRecords(plan.blocks).map((r) => [r.id, r.tags]));
  const out: Array<Unit & { k: number }> = [];
  // A heading carries a tag when the tagger matched the tag's terms in that heading (the evidence of
  // the passages below it says so); its score is the best such passage score.
  const headingTags = new Map<string, Map<string, number>>();
  for (const p of passages(plan)) {
    for (const t of tagsOf.get(p.id) ?? []) {
      for (const e of t.evidence) {
        if (e.where !== 'heading') continue;
        const m = headingTags.get(e.section) ?? new Map<string, number>();
        m.set(t.tag, Math.max(m.get(t.tag) ?? 0, t.score));
        headingTags.set(e.section, m);
      }
    }
  }
  plan.outline.forEach((o, k) => {
    if (o.missing) return;
    out.push({ kind: 'heading', anchor: o.id, section: o.id, text: headingText(o), line: o.sourceLines[0], tags: headingTags.get(o.id) ?? new Map(), k });
  });
  passages(plan).forEach((p, k) => {
    out.push({
      kind: p.kind,
      anchor: p.id,
      section: p.sectionId,
      text: p.text,
      line: p.sourceLines[0],
      tags: new Map((tagsOf.get(p.id) ?? []).map((t) => [t.tag, t.score])),
      k: plan.outline.length + k,
    });
  });
  return out.sort((a, b) => a.line - b.line || a.k - b.k);
}

export function buildShard(plan: PlanDoc, tagIds: string[]): SearchShard {
  const tagIndex = new Map(tagIds.map((t, k) => [t, k]));
  const sectionIndex = new Map(plan.outline.map((o, k) => [o.id, k]));
  const sections: SearchSection[] = plan.outline.map((o) => [o.id, headingText(o), o.parentId ? (sectionIndex.get(o.parentId) ?? -1) : -1]);
  // A table row whose cells are all empty has nothing to find.
  const list = units(plan).filter((u) => u.text.trim() !== '');
  const docs: SearchDoc[] = list.map((u) => [
    DOC_KINDS.indexOf(u.kind),
    u.anchor,
    u.section ? (sectionIndex.get(u.section) ?? -1) : -1,
    [...u.tags]
      .filter(([t]) => tagIndex.has(t))
      .sort((a, b) => b[1] - a[1] || tagIndex.get(a[0])! - tagIndex.get(b[0])!)
      .flatMap(([t, s]) => [tagIndex.get(t)!, Math.round(s * 100)]),
  ]);
  const index = Fuse.createIndex([], list.map((u) => u.text)).toJSON() as unknown as FuseIndexJson;
  return { v: SEARCH_VERSION, plan: plan.meta.slug, sections, docs, index };
}

/** The URL path a shard is served at; `base` is the site's base path (Astro's `base`, `/` by default). */
export function shardPath(slug: string, base = '/'): string {
  return `${base.replace(/\/?$/, '/')}data/search/plans/${slug}.json`;
}

/**
 * The manifest: plans (in the given order) with their shard sizes and URLs under `base`, the taxonomy,
 * and the t2s table.
 */
export function buildManifest(plans: PlanDoc[], tags: TagSummary[], shards: Map<string, SerialisedShard>, base = '/'): SearchManifest {
  const texts = function* () {
    for (const s of shards.values()) yield s.json;
  };
  return {
    v: SEARCH_VERSION,
    plans: plans.map((p) => ({
      slug: p.meta.slug,
      title: p.meta.title,
      short: p.meta.shortTitle ?? p.meta.title,
      shortEn: p.meta.shortTitleEn ?? null,
      level: p.meta.level,
      region: p.meta.region,
      period: p.meta.period,
      docs: shards.get(p.meta.slug)!.docs,
      shard: shardPath(p.meta.slug, base),
      bytes: Buffer.byteLength(shards.get(p.meta.slug)!.json),
    })),
    tags: tags.map((t) => ({ id: t.id, zh: t.zh, en: t.en, terms: t.terms })),
    t2s: t2sPairs(texts()),
  };
}

export interface SerialisedShard {
  json: string;
  docs: number;
}

/** Every shard serialised, keyed by slug (the manifest needs their sizes; endpoints write them). */
export function serialiseShards(plans: PlanDoc[], tags: TagSummary[]): Map<string, SerialisedShard> {
  const ids = tags.map((t) => t.id);
  return new Map(
    plans.map((p) => {
      const shard = buildShard(p, ids);
      return [p.meta.slug, { json: JSON.stringify(shard), docs: shard.docs.length }];
    }),
  );
}
