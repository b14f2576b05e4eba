/** The tag index written by the ingest step, and helpers to list a tag's passages per plan. */
import type { PassageTag, PlanDoc, TagsIndex, TagSummary } from '../ingest/schema.ts';
import { ancestry, headingText, passageRecords, passages, type Passage } from '../ingest/passages.ts';
import index from '@plan-content/index/tags.json';
import { withBase } from './plans';
import { mergeSpans } from '../text/spans.ts';

export { snippet, type SnippetPart } from '../text/spans.ts';

const tagsIndex = index as TagsIndex;

export function allTags(): TagSummary[] {
  return tagsIndex.tags;
}

export function tagsJson(): TagsIndex {
  return tagsIndex;
}

const byId = new Map(tagsIndex.tags.map((t) => [t.id, t]));
export function tagById(id: string): TagSummary | undefined {
  return byId.get(id);
}

/** `/tags/<id>/`, optionally anchored at one plan's column. */
export function tagUrl(id: string, slug?: string, order: 'document' | 'score' = 'document'): string {
  return withBase(`/tags/${id}/${order === 'score' ? 'strongest/' : ''}${slug ? `#plan-${slug}` : ''}`);
}

export interface TaggedPassage extends Passage {
  score: number;
  /** [start, end) spans of matched terms in `text`, sorted, non-overlapping. */
  spans: Array<[number, number]>;
  /** Terms matched in a heading above the passage (none in the text itself is possible). */
  headingTerms: string[];
  breadcrumb: string[];
}

/** Every plan's tagged passages grouped by tag, computed once per plan (tag pages ask for each plan on every page). */
const byTagCache = new WeakMap<PlanDoc, Map<string, TaggedPassage[]>>();

function taggedPassages(plan: PlanDoc): Map<string, TaggedPassage[]> {
  let byTag = byTagCache.get(plan);
  if (byTag) return byTag;
  byTag = new Map();
  const tagsOf = new Map<string, PassageTag[]>(passageRecords(plan.blocks).map((x) => [x.id, x.tags]));
  const crumbs = new Map<string | null, string[]>();
  for (const p of passages(plan)) {
    for (const t of tagsOf.get(p.id) ?? []) {
      if (!crumbs.has(p.sectionId)) crumbs.set(p.sectionId, ancestry(plan.outline, p.sectionId).map(headingText));
      const spans: Array<[number, number]> = [];
      const headingTerms: string[] = [];
      for (const e of t.evidence) {
        if (e.where === 'text') spans.push(...e.spans);
        else if (!headingTerms.includes(e.term)) headingTerms.push(e.term);
      }
      spans.sort((a, b) => a[0] - b[0]);
      const list = byTag.get(t.tag) ?? [];
      list.push({ ...p, score: t.score, spans: mergeSpans(spans), headingTerms, breadcrumb: crumbs.get(p.sectionId)! });
      byTag.set(t.tag, list);
    }
  }
  byTagCache.set(plan, byTag);
  return byTag;
}

/** A plan's passages carrying `tag`, in document order (a fresh array: callers may sort it). */
export function passagesForTag(plan: PlanDoc, tag: string): TaggedPassage[] {
  return [...(taggedPassages(plan).get(tag) ?? [])];
}

/** Short column label of a plan. */
export function shortTitle(plan: PlanDoc): { zh: string; en: string } {
  return { zh: plan.meta.shortTitle ?? plan.meta.title, en: plan.meta.shortTitleEn ?? plan.meta.titleEn };
}
