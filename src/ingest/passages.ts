/**
 * Passages: the smallest citable units of a plan — a paragraph, a list item, a table row.
 * Tagging, tag pages and search all work on passages, each with its deep-link id and the
 * outline path (breadcrumb) that places it in the document.
 */
import type { Block, ListItem, OutlineNode, ParagraphBlock, PassageTag, PlanDoc, TableRow } from './schema.ts';
import { mergeSpans } from '../text/spans.ts';

export type PassageKind = 'paragraph' | 'item' | 'row';

export interface Passage {
  /** Deep-link id (the anchor in the plan reader). */
  id: string;
  kind: PassageKind;
  /** The block holding the passage (equal to `id` for a paragraph). */
  blockId: string;
  sectionId: string | null;
  /** The text as printed; table cells are joined with " | ". */
  text: string;
  /** Position in document order within the plan (0-based). */
  order: number;
  sourceLines: [number, number];
}

/** Text of a table row as one string: the cells as printed, joined with " | ". */
export const rowText = (cells: string[]): string => cells.filter((c) => c !== '').join(' | ');

/** The model records that are passages (each carries its own `id` and `tags`), in document order. */
export function passageRecords(blocks: Block[]): Array<ParagraphBlock | ListItem | TableRow> {
  return blocks.flatMap((b): Array<ParagraphBlock | ListItem | TableRow> => (b.type === 'paragraph' ? [b] : b.type === 'list' ? b.items : b.rows));
}

/** Every passage of a plan in document order (blocks are already in document order). */
export function passages(plan: Pick<PlanDoc, 'blocks'>): Passage[] {
  const out: Passage[] = [];
  for (const b of plan.blocks) {
    if (b.type === 'paragraph') out.push({ id: b.id, kind: 'paragraph', blockId: b.id, sectionId: b.sectionId, text: b.text, order: out.length, sourceLines: b.sourceLines });
    else if (b.type === 'list') {
      for (const i of b.items) out.push({ id: i.id, kind: 'item', blockId: b.id, sectionId: b.sectionId, text: i.text, order: out.length, sourceLines: i.sourceLines });
    } else {
      for (const r of b.rows) out.push({ id: r.id, kind: 'row', blockId: b.id, sectionId: b.sectionId, text: rowText(r.cells), order: out.length, sourceLines: r.sourceLines });
    }
  }
  return out;
}

/** Paragraphs and list items — the running text, without table rows — in document order. */
export function prosePassages(plan: Pick<PlanDoc, 'blocks'>): Passage[] {
  return passages(plan).filter((p) => p.kind !== 'row');
}

/** Each outline's nodes by id, built once per outline (ancestry is asked for every section and passage). */
const byIdCache = new WeakMap<OutlineNode[], Map<string, OutlineNode>>();

/** The outline nodes from the root down to `sectionId` (empty for the preamble). O(depth) after the first call. */
export function ancestry(outline: OutlineNode[], sectionId: string | null): OutlineNode[] {
  let byId = byIdCache.get(outline);
  if (!byId || byId.size !== outline.length) {
    byId = new Map(outline.map((o) => [o.id, o]));
    byIdCache.set(outline, byId);
  }
  const path: OutlineNode[] = [];
  for (let o = sectionId ? byId.get(sectionId) : undefined; o; o = o.parentId ? byId.get(o.parentId) : undefined) path.unshift(o);
  return path;
}

/** A heading as printed: label and title ("第三章 …", "（一）…"); a missing heading reads "（标题缺失）". */
export function headingText(o: OutlineNode): string {
  if (o.missing) return '（标题缺失）';
  return [o.label, o.title].filter(Boolean).join(o.label && /[、．.：:]$/.test(o.label) ? '' : ' ');
}

export interface TaggedPassage extends Passage {
  score: number;
  /** [start, end) spans of matched terms in `text`, sorted, non-overlapping. */
  spans: Array<[number, number]>;
  /** Terms matched in a heading above the passage (none in the text itself is possible). */
  headingTerms: string[];
  breadcrumb: string[];
}

/** Every plan's tagged passages grouped by tag, computed once per plan (tag and compare pages ask for each plan on every page). */
const byTagCache = new WeakMap<PlanDoc, Map<string, TaggedPassage[]>>();

/** A plan's tagged passages by tag id, each list in document order (shared: copy before sorting). */
export function taggedPassages(plan: PlanDoc): Map<string, TaggedPassage[]> {
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
