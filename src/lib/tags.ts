/** The tag index written by the ingest step, and helpers to list a tag's passages per plan. */
import type { PlanDoc, TagsIndex, TagSummary } from '../ingest/schema.ts';
import { taggedPassages, type TaggedPassage } from '../ingest/passages.ts';
import index from '@plan-content/index/tags.json';
import { withBase } from './plans';

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

/** A plan's passages carrying `tag`, in document order (a fresh array: callers may sort it). */
export function passagesForTag(plan: PlanDoc, tag: string): TaggedPassage[] {
  return [...(taggedPassages(plan).get(tag) ?? [])];
}

export type { TaggedPassage };

/** Short column label of a plan. */
export function shortTitle(plan: PlanDoc): { zh: string; en: string } {
  return { zh: plan.meta.shortTitle ?? plan.meta.title, en: plan.meta.shortTitleEn ?? plan.meta.titleEn };
}
