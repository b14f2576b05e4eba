/**
 * Shared wording between plans (issue 15), as written by the ingest step to
 * content/plans/index/reuse.json (src/reuse/): accessors for the pages. Every lookup is built once
 * per build (module-level maps), so a page costs only its own spans.
 */
import type { PlanDoc, ReuseIndex, ReusePair, SharedSpan } from '../ingest/schema.ts';
import { ancestry, headingText, passages, type Passage } from '../ingest/passages.ts';
import index from '@plan-content/index/reuse.json';
import { planBySlug, withBase } from './plans';
import { shortTitle } from './tags';
import { spanHtmlId } from './reuse-format.ts';

const reuse = index as ReuseIndex;

export function reuseJson(): ReuseIndex {
  return reuse;
}

/** Every plan pair sharing anything (a before b in slug order). */
export function reusePairs(): ReusePair[] {
  return reuse.pairs;
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const pairByKey = new Map(reuse.pairs.map((p) => [key(p.a, p.b), p]));
const spansByKey = new Map<string, SharedSpan[]>();
for (const s of reuse.spans) {
  const k = key(s.a.plan, s.b.plan);
  const list = spansByKey.get(k) ?? [];
  list.push(s);
  spansByKey.set(k, list);
}

/** The pair record of two plans (in either order), if they share anything. */
export function pairOf(x: string, y: string): ReusePair | undefined {
  return pairByKey.get(key(x, y));
}

/** All spans (substantive and formulas) between two plans, in index order. */
export function spansBetween(x: string, y: string): SharedSpan[] {
  return spansByKey.get(key(x, y)) ?? [];
}

/** `/reuse/<a>--<b>/` (ordered: the left column and the document order are `a`'s). */
export function pairUrl(a: string, b: string, spanId?: string): string {
  return withBase(`/reuse/${a}--${b}/${spanId ? `#${spanId}` : ''}`);
}

/** Ordered pairs with a page: both orders of every pair in the index. */
export function orderedPairs(): Array<[string, string]> {
  return reuse.pairs.flatMap((p): Array<[string, string]> => [
    [p.a, p.b],
    [p.b, p.a],
  ]);
}

// ---- Passages: their position, text and section path, once per plan. ----

interface PassageInfo {
  passage: Passage;
  /** Heading path as printed, outermost first. */
  path: string[];
  /** Short label path ("三、（二）"), outermost first. */
  labels: string;
}
const infoCache = new Map<string, Map<string, PassageInfo>>();

function infos(slug: string): Map<string, PassageInfo> {
  let m = infoCache.get(slug);
  if (m) return m;
  m = new Map();
  const plan = planBySlug(slug);
  if (plan) {
    const crumbs = new Map<string | null, { path: string[]; labels: string }>();
    for (const p of passages(plan)) {
      let c = crumbs.get(p.sectionId);
      if (!c) {
        const nodes = ancestry(plan.outline, p.sectionId);
        c = { path: nodes.map(headingText), labels: nodes.map((o) => o.label ?? (o.title ? [...o.title].slice(0, 8).join('') : '')).filter(Boolean).join('') };
        crumbs.set(p.sectionId, c);
      }
      m.set(p.id, { passage: p, path: c.path, labels: c.labels });
    }
  }
  infoCache.set(slug, m);
  return m;
}

/** A passage of a plan with its text as printed and section path; undefined for an unknown id. */
export function passageInfo(slug: string, id: string): PassageInfo | undefined {
  return infos(slug).get(id);
}

/** The heading path of a passage as one string ("第三章 … › （二）…"); the front matter reads "卷首 Front matter". */
export function sectionPath(slug: string, id: string): string {
  const i = passageInfo(slug, id);
  return i?.path.length ? i.path.join(' › ') : '卷首 Front matter';
}

/** Short section label of a passage for the reader's marker ("三、（二）"), or "卷首" for the front matter. */
export function sectionLabel(slug: string, id: string): string {
  return passageInfo(slug, id)?.labels || '卷首';
}

// ---- Spans seen from one side. ----

export type Side = SharedSpan['a'];

/** A span as seen from plan `first`: `left` is first's side, `right` the other plan's. */
export interface OrientedSpan {
  span: SharedSpan;
  left: Side;
  right: Side;
  leftSide: 'a' | 'b';
  rightSide: 'a' | 'b';
}

export function orient(span: SharedSpan, first: string): OrientedSpan {
  const flip = span.a.plan !== first;
  return flip ? { span, left: span.b, right: span.a, leftSide: 'b', rightSide: 'a' } : { span, left: span.a, right: span.b, leftSide: 'a', rightSide: 'b' };
}

const order = (slug: string, id: string) => passageInfo(slug, id)?.passage.order ?? Number.MAX_SAFE_INTEGER;

/** Spans between `first` and `second` oriented to `first`, in first's document order (passage, then offset), then second's. */
export function orientedSpans(first: string, second: string): OrientedSpan[] {
  return spansBetween(first, second)
    .map((s) => orient(s, first))
    .sort((x, y) => order(first, x.left.passage) - order(first, y.left.passage) || x.left.start - y.left.start || order(second, x.right.passage) - order(second, y.right.passage) || x.right.start - y.right.start);
}

/** Substantive spans of one passage of a plan (each seen from that plan), built once for the whole index. */
let byPassage: Map<string, OrientedSpan[]> | null = null;
export function substantiveSpansOf(slug: string, passage: string): OrientedSpan[] {
  if (!byPassage) {
    byPassage = new Map();
    for (const s of reuse.spans) {
      if (s.formula) continue;
      for (const side of [s.a, s.b]) {
        const k = `${side.plan}\u0000${side.passage}`;
        const list = byPassage.get(k) ?? [];
        list.push(orient(s, side.plan));
        byPassage.set(k, list);
      }
    }
    for (const list of byPassage.values()) list.sort((x, y) => x.right.plan.localeCompare(y.right.plan) || order(x.right.plan, x.right.passage) - order(y.right.plan, y.right.passage) || x.left.start - y.left.start);
  }
  return byPassage.get(`${slug}\u0000${passage}`) ?? [];
}

/** The largest substantive reuses of the corpus: non-formula spans, longest first. */
export function largestSpans(n: number): SharedSpan[] {
  return reuse.spans
    .filter((s) => !s.formula)
    .sort((x, y) => y.length - x.length || y.weight - x.weight || x.id.localeCompare(y.id))
    .slice(0, n);
}

// ---- Shares and direction, in words. ----

/** Share of plan `row`'s text that recurs in plan `col` (substantive, and formulas apart). */
export function shareOf(row: string, col: string): { share: number; formula: number; spans: number; formulaSpans: number } | null {
  const p = pairOf(row, col);
  if (!p) return null;
  const rowIsA = p.a === row;
  return { share: rowIsA ? p.shareA : p.shareB, formula: rowIsA ? p.formulaShareA : p.formulaShareB, spans: p.spans, formulaSpans: p.formulaSpans };
}

export interface DirectionWords {
  zh: string;
  en: string;
  /** The likely source and the plan restating it, when a direction is likely. */
  source: string | null;
  restater: string | null;
  by: 'level' | 'issued' | null;
}

const names = (slug: string) => {
  const p = planBySlug(slug);
  return p ? shortTitle(p) : { zh: slug, en: slug };
};

/** "武侯科技创新规划 很可能转述 成都科技创新规划（同地区的下级规划）" and the English, or "共有措辞 / shared with". */
export function directionWords(pair: ReusePair): DirectionWords {
  const d = pair.direction;
  if (d.kind === 'restates') {
    const source = d.source === 'a' ? pair.a : pair.b;
    const restater = d.source === 'a' ? pair.b : pair.a;
    const [s, r] = [names(source), names(restater)];
    const why =
      d.by === 'level'
        ? { zh: '同一地区的下级规划', en: 'a lower-level plan of the same place' }
        : { zh: '发布时间较晚', en: 'issued later' };
    return {
      zh: `${r.zh} 很可能转述 ${s.zh}（${why.zh}）`,
      en: `${r.en} likely restates ${s.en} (${why.en})`,
      source,
      restater,
      by: d.by,
    };
  }
  const [x, y] = [names(pair.a), names(pair.b)];
  return { zh: `${x.zh} 与 ${y.zh} 共有措辞（无法判断谁转述谁）`, en: `${x.en} shares wording with ${y.en} (no likely direction)`, source: null, restater: null, by: null };
}

/** Direction of a pair for the CSV: the likely source's slug and the basis, or empty strings. */
export function directionCells(pair: ReusePair | undefined): { likely_source: string; direction_basis: string } {
  if (!pair || pair.direction.kind !== 'restates') return { likely_source: '', direction_basis: '' };
  return { likely_source: pair.direction.source === 'a' ? pair.a : pair.b, direction_basis: pair.direction.by };
}

export function planNames(slug: string): { zh: string; en: string; title: string } {
  const p: PlanDoc | undefined = planBySlug(slug);
  return { ...names(slug), title: p?.meta.title ?? slug };
}

/** Per-pair file for the compare view: `/data/reuse/<a>--<b>.json` (a < b). */
export function pairDataPath(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return withBase(`/data/reuse/${x}--${y}.json`);
}

/** What the compare view's reuse band needs of one pair: its substantive spans, as printed, with section paths. */
export interface ReuseBandData {
  schemaVersion: 1;
  a: string;
  b: string;
  shareA: number;
  shareB: number;
  formulaSpans: number;
  direction: { zh: string; en: string };
  spans: Array<{ id: string; htmlId: string; length: number; a: { passage: string; section: string; text: string }; b: { passage: string; section: string; text: string } }>;
}

/** Pairs (a < b) with at least one substantive span: those have a per-pair file for the compare view. */
export function bandPairs(): Array<[string, string]> {
  return reuse.pairs.filter((p) => p.spans > 0).map((p): [string, string] => [p.a, p.b]);
}

/** The compare band's data of one pair (a < b): substantive spans, longest first. */
export function bandData(a: string, b: string): ReuseBandData {
  const p = pairOf(a, b);
  if (!p) throw new Error(`reuse: no pair ${a}--${b}`);
  const d = directionWords(p);
  const spans = spansBetween(a, b)
    .filter((s) => !s.formula)
    .sort((x, y) => y.length - x.length || x.id.localeCompare(y.id))
    .map((s) => ({
      id: s.id,
      htmlId: spanHtmlId(s.id),
      length: s.length,
      a: { passage: s.a.passage, section: sectionPath(s.a.plan, s.a.passage), text: s.a.text },
      b: { passage: s.b.passage, section: sectionPath(s.b.plan, s.b.passage), text: s.b.text },
    }));
  return { schemaVersion: 1, a: p.a, b: p.b, shareA: p.shareA, shareB: p.shareB, formulaSpans: p.formulaSpans, direction: { zh: d.zh, en: d.en }, spans };
}

/** The other plans a passage shares substantive wording with, space-separated (for the reader's `data-reuse`), or undefined. */
export function reuseAttr(slug: string, passage: string): string | undefined {
  const others = [...new Set(substantiveSpansOf(slug, passage).map((o) => o.right.plan))];
  return others.length ? others.join(' ') : undefined;
}

/** How many passages of a plan share substantive wording with another plan. */
export function sharedPassageCount(slug: string): number {
  let n = 0;
  for (const id of infos(slug).keys()) if (substantiveSpansOf(slug, id).length) n++;
  return n;
}

/** Per plan, the plans it shares substantive wording with (slug order), built once. */
let partners: Map<string, string[]> | null = null;
export function bandPartners(slug: string): string[] {
  if (!partners) {
    partners = new Map();
    for (const [a, b] of bandPairs()) {
      partners.set(a, [...(partners.get(a) ?? []), b]);
      partners.set(b, [...(partners.get(b) ?? []), a]);
    }
    for (const list of partners.values()) list.sort();
  }
  return partners.get(slug) ?? [];
}
