/**
 * Outline alignment: put two plans' outlines side by side and find, for every chapter or section
 * of plan A, the sections of plan B that deal with the same ground (and vice versa). Sections with
 * no counterpart are reported as unmatched.
 *
 * Pure TypeScript — no DOM, no Node APIs: it runs at build time (to write the per-plan profiles)
 * and in the browser (to align any two plans the reader picks).
 *
 * Two signals, combined linearly (see `W_TOPIC`, `W_TITLE`):
 * - topical similarity: cosine of the sections' tag profiles (the taxonomy tags of the passages in
 *   each section's subtree, see `sectionProfiles`);
 * - title similarity: Dice coefficient of the character bigrams of the two headings, without their
 *   numbering labels and without the generic words every plan heading uses (`GENERIC_TITLE_WORDS`).
 */
import { headingText } from '../ingest/passages.ts';
import type { Block, OutlineNode, PassageTag, PlanDoc } from '../ingest/schema.ts';

/** A section's profile: what the alignment needs, compact enough to ship to the browser per plan. */
export interface SectionProfile {
  id: string;
  level: number;
  /** Numbering label as printed ("第三章", "（一）"), or null. */
  label: string | null;
  /** Title as printed without its label; null when the heading is missing from the text. */
  title: string | null;
  /** Heading as printed (label and title), see `headingText`. */
  heading: string;
  parentId: string | null;
  /** Passages (paragraphs, list items, table rows) in the section's whole subtree, boxes included. */
  passages: number;
  /** Topical profile: tag id → weight in (0, 1], the strongest tag = 1; weak tags are omitted. */
  tags: Record<string, number>;
  /**
   * Titles one level down — its sub-sections' and boxes' — joined with "；" (omitted when none);
   * for a section whose own heading is missing from the text, the run-in lead phrases of its
   * paragraphs ("持续加强基础研究") and every title in its subtree instead. Used by title similarity.
   */
  subheadings?: string;
}

// ---------------------------------------------------------------------------------------------
// Profiles

/**
 * How a subtree's passages add up to a topical profile. Chosen on the seeds (see `LINK_THRESHOLD`):
 * 1. per block (a paragraph, a list, a table) each tag's passage scores are combined by noisy-OR,
 *    1 − Π(1 − s): a 20-item list on one topic weighs at most one block, not twenty passages;
 * 2. the blocks of the subtree are summed per tag and dampened with a square root
 *    (`PROFILE_DAMPING`), so a long chapter naming digital technology in twelve blocks does not
 *    drown the three blocks it spends on talent;
 * 3. each tag is scaled by its lift — its share of this section's tag mass over its share in the
 *    whole plan (add-one smoothed, so a tag the plan mentions once does not get full lift from that
 *    one mention) — capped at `MAX_LIFT`: a topic the plan mentions everywhere (国际, 数字经济,
 *    成果转化) says little about which section this is, a topic concentrated here says a lot;
 * 4. the profile is scaled so its strongest tag is 1; weights below `MIN_PROFILE_WEIGHT` are
 *    dropped and the rest rounded to 3 decimals (compact, deterministic JSON).
 * Heading evidence is already inside the passage scores: the tagger gives every passage under a
 * heading that names a topic a heading score for it (0.6 for its own heading), so a 人才 heading
 * lifts every block below it. An extra per-heading bonus was tried (a fixed 0.5–2 blocks' worth, or
 * 0.5–1 × the section's strongest tag) and made the alignment slightly worse on the seeds; headings instead count through title similarity,
 * including the headings one level down (`subheadings`).
 */
export const PROFILE_DAMPING = 0.5;
export const MAX_LIFT = 2;
export const MIN_PROFILE_WEIGHT = 0.1;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The tags of every passage record (paragraph, list item, table row) of a block. */
function blockTags(b: Block): PassageTag[][] {
  return b.type === 'paragraph' ? [b.tags] : b.type === 'list' ? b.items.map((i) => i.tags) : b.rows.map((r) => r.tags);
}

/** A run-in lead phrase: a paragraph's text up to its first "。" when that is short ("持续加强基础研究。"). */
const LEAD = /^([^。；，,;：:]{3,16})。/u;

/**
 * One profile per outline node of kind 'section' with level ≤ `maxLevel`, in document order.
 * Boxes (专栏) and deeper sections are not profiled themselves but count towards the sections
 * holding them. Works on the plan model alone (no taxonomy needed).
 */
export function sectionProfiles(plan: Pick<PlanDoc, 'outline' | 'blocks'>, maxLevel = 2): SectionProfile[] {
  const children = new Map<string, OutlineNode[]>();
  for (const o of plan.outline) if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
  const subtree = (o: OutlineNode): OutlineNode[] => [o, ...(children.get(o.id) ?? []).flatMap(subtree)];

  // Per outline node (its own blocks, not its subtree): tag → Σ over blocks of noisy-OR(passage scores).
  const blockSums = new Map<string, Map<string, number>>();
  const passageCount = new Map<string, number>();
  const leads = new Map<string, string[]>();
  const planSums = new Map<string, number>();
  for (const b of plan.blocks) {
    if (!b.sectionId) continue;
    const records = blockTags(b);
    passageCount.set(b.sectionId, (passageCount.get(b.sectionId) ?? 0) + records.length);
    const miss = new Map<string, number>();
    for (const tags of records) for (const t of tags) miss.set(t.tag, (miss.get(t.tag) ?? 1) * (1 - t.score));
    const sums = blockSums.get(b.sectionId) ?? new Map<string, number>();
    for (const [tag, m] of miss) {
      sums.set(tag, (sums.get(tag) ?? 0) + (1 - m));
      planSums.set(tag, (planSums.get(tag) ?? 0) + (1 - m));
    }
    blockSums.set(b.sectionId, sums);
    const lead = b.type === 'paragraph' ? LEAD.exec(b.text) : null;
    if (lead) leads.set(b.sectionId, [...(leads.get(b.sectionId) ?? []), lead[1]]);
  }
  const planTotal = [...planSums.values()].reduce((x, y) => x + y, 0);

  const out: SectionProfile[] = [];
  for (const o of plan.outline) {
    if (o.kind !== 'section' || o.level > maxLevel) continue;
    const nodes = subtree(o);
    const raw = new Map<string, number>();
    let count = 0;
    for (const n of nodes) {
      count += passageCount.get(n.id) ?? 0;
      for (const [tag, w] of blockSums.get(n.id) ?? []) raw.set(tag, (raw.get(tag) ?? 0) + w);
    }
    const total = [...raw.values()].reduce((x, y) => x + y, 0);
    const weighted = [...raw]
      .filter(([, w]) => w > 0)
      .map(([tag, w]) => [tag, w ** PROFILE_DAMPING * Math.min(MAX_LIFT, w / total / ((planSums.get(tag)! + 1) / (planTotal + 1)))] as const);
    const max = Math.max(0, ...weighted.map(([, w]) => w));
    const tags: Record<string, number> = {};
    // Strongest first, ties by tag id, so the JSON is deterministic.
    for (const [tag, w] of weighted.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) {
      const v = round3(w / max);
      if (v >= MIN_PROFILE_WEIGHT) tags[tag] = v;
    }
    const p: SectionProfile = { id: o.id, level: o.level, label: o.label, title: o.title, heading: headingText(o), parentId: o.parentId, passages: count, tags };
    const titled = (n: OutlineNode) => n !== o && !!n.title && !n.missing;
    const subs = !o.title || o.missing ? [...(leads.get(o.id) ?? []), ...nodes.filter(titled).map((n) => n.title!)] : (children.get(o.id) ?? []).filter(titled).map((n) => n.title!);
    if (subs.length) p.subheadings = subs.join('；');
    out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Title similarity

/**
 * Generic words stripped from headings before comparing them: the verbs and intensifiers with
 * which nearly every heading of a Chinese plan opens ("加快构建…", "全面提升…", "持续深化…"), and
 * 科技 / 创新, which nearly every heading of a science-and-technology plan contains. They say *how*
 * or *that*, not *what*: two headings sharing only them are not about the same thing, and as
 * bigrams they would give 构建高端高新的主导产业技术领域 and 构建链接国际国内的创新高地 a match.
 * Topic words — 人才, 孵化, 双创, 成渝, 知识产权, 金融, 开放, 改革, 平台, 空间布局, 保障措施 — are kept
 * and match through their bigrams. Short on purpose: each word is one that opens or fills headings
 * in all five seeds; nouns such as 体系, 能力, 水平 also recur but do carry some meaning ("人才体系").
 */
export const GENERIC_TITLE_WORDS = [
  '发展', '建设', '推进', '推动', '加快', '加强', '强化', '提升', '打造', '构建', '完善', '实施', '着力', '全面', '深化', '优化', '持续', '大力', '坚持', '科技', '创新',
] as const;

const GENERIC_RE = new RegExp(GENERIC_TITLE_WORDS.join('|'), 'gu');

/** Character bigrams of a title: without punctuation and generic words, never across a removed word. */
export function titleBigrams(title: string | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!title) return out;
  for (const run of title.normalize('NFKC').toLowerCase().replace(GENERIC_RE, ' ').split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  }
  return out;
}

/** Dice coefficient of two bigram sets (0 when either is empty). */
export function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

/**
 * Weight of a match that goes through a sub-heading (or, for a missing heading, a lead phrase)
 * rather than the two titles themselves: 第一章 把握新机遇迈向新征程 (一、发展回顾 二、发展形势) and
 * 第一章 基础现状及外部环境 (第二节 “十四五”时期科技创新发展形势) meet through 形势, at 0.7 of the
 * strength of two titles that say it.
 */
export const SUBHEADING_DISCOUNT = 0.7;

interface TitleKey {
  own: Set<string> | null;
  subs: Array<Set<string>>;
}
const titleKey = (p: SectionProfile): TitleKey => ({
  own: p.title ? titleBigrams(p.title) : null,
  subs: (p.subheadings ?? '').split('；').filter(Boolean).map(titleBigrams),
});
const bestDice = (xs: Array<Set<string>>, ys: Array<Set<string>>) => Math.max(0, ...xs.flatMap((x) => ys.map((y) => dice(x, y))));

/** Title similarity: the titles' Dice, or a discounted match through a sub-heading, whichever is higher. */
function titleSimilarity(x: TitleKey, y: TitleKey): number {
  const direct = x.own && y.own ? dice(x.own, y.own) : 0;
  const all = (k: TitleKey) => (k.own ? [k.own, ...k.subs] : k.subs);
  return Math.max(direct, SUBHEADING_DISCOUNT * bestDice(all(x), all(y)));
}

// ---------------------------------------------------------------------------------------------
// Topical similarity

/** Cosine of two tag profiles (0 when either is empty). */
export function cosine(x: Record<string, number>, y: Record<string, number>): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (const [t, v] of Object.entries(x)) {
    nx += v * v;
    const w = y[t];
    if (w) dot += v * w;
  }
  for (const v of Object.values(y)) ny += v * v;
  return nx && ny ? Math.min(1, dot / Math.sqrt(nx * ny)) : 0;
}

// ---------------------------------------------------------------------------------------------
// Alignment

/**
 * score = W_TOPIC · topicSim + W_TITLE · titleSim, both in [0, 1], so the score is in [0, 1].
 * A section's counterparts are the (at most `MAX_LINKS`) best sections of the other plan scoring at
 * least `LINK_THRESHOLD` and at least `RELATIVE_CUTOFF` × its best score; a section with none is
 * unmatched.
 *
 * How these were chosen: a grid over the weights (0.3–0.5 for the title), the threshold (0.3–0.5),
 * the relative cut-off (0.65–1), `MAX_LINKS` (2–3) and the profile options, scored on two seed pairs
 * of tests/fixtures/align/pairs.yaml (hand-labelled chapter pairs) and on the keyword rules of
 * tests/unit/align.test.ts (talent, incubators, 成渝 sections finding each other); the third pair of
 * the fixture was held out. Many settings score within one link of each other; these are from the
 * middle of that plateau. Topic similarity is dense — two chapters of science-and-technology plans
 * rarely fall below 0.4 — so the title, sparse but precise (空间布局, 保障措施, 人才), weighs 0.4.
 * The cut-off was 0.8 until the topic rules of issue 14 sharpened the profiles; at 0.8 a talent
 * chapter then lost its link to the other plan's talent section (0.41 against a best of 0.53).
 */
export const W_TOPIC = 0.6;
export const W_TITLE = 0.4;
export const LINK_THRESHOLD = 0.3;
export const RELATIVE_CUTOFF = 0.7;
export const MAX_LINKS = 3;
/** A tag counts as shared when both profiles give it at least this weight. */
export const SHARED_TAG_MIN = 0.3;

export interface AlignOptions {
  wTopic?: number;
  wTitle?: number;
  threshold?: number;
  relative?: number;
  maxLinks?: number;
}

export interface AlignLink {
  a: string;
  b: string;
  /** Combined similarity in [0, 1] (3 decimals). */
  score: number;
  /** Tags both sections weigh at least `SHARED_TAG_MIN`, strongest in both first. */
  sharedTags: string[];
  /** Title similarity in [0, 1] (3 decimals). */
  titleSim: number;
  /** Topical similarity in [0, 1] (3 decimals). */
  topicSim: number;
}

export interface Alignment {
  /** Every link once, in A's document order, then best first (ties: B's document order). */
  links: AlignLink[];
  /**
   * Per section of A (every id present), its links best first (ties: B's document order). Holds the
   * counterparts A's section chose and the sections of B that chose it, so it may exceed `MAX_LINKS`.
   */
  byA: Record<string, AlignLink[]>;
  /** Per section of B (every id present), its links best first (ties: A's document order). */
  byB: Record<string, AlignLink[]>;
  /** Sections of A with no link, in document order. */
  unmatchedA: string[];
  /** Sections of B with no link, in document order. */
  unmatchedB: string[];
}

export interface Similarity {
  score: number;
  topic: number;
  title: number;
}

/** Pairwise similarity of every section of A (rows) with every section of B (columns). */
export function similarityMatrix(a: SectionProfile[], b: SectionProfile[], opts: AlignOptions = {}): Similarity[][] {
  const wTopic = opts.wTopic ?? W_TOPIC;
  const wTitle = opts.wTitle ?? W_TITLE;
  const ka = a.map(titleKey);
  const kb = b.map(titleKey);
  return a.map((x, i) =>
    b.map((y, j) => {
      const topic = cosine(x.tags, y.tags);
      const title = titleSimilarity(ka[i], kb[j]);
      return { score: Math.min(1, wTopic * topic + wTitle * title), topic, title };
    }),
  );
}

function sharedTags(x: Record<string, number>, y: Record<string, number>): string[] {
  return Object.keys(x)
    .filter((t) => x[t] >= SHARED_TAG_MIN && (y[t] ?? 0) >= SHARED_TAG_MIN)
    .map((t) => [t, x[t] * y[t]] as const)
    .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
    .map(([t]) => t);
}

/**
 * Align two outlines (profiles from `sectionProfiles`). Each section of A links to its best
 * counterparts in B and each section of B to its best in A; the links are the union of both. Any
 * level may link to any level: a chapter of A may find its counterpart in a section of B.
 * Deterministic (ties broken by document order); O(|A|·|B|).
 */
export function alignOutlines(a: SectionProfile[], b: SectionProfile[], opts: AlignOptions = {}): Alignment {
  const threshold = opts.threshold ?? LINK_THRESHOLD;
  const relative = opts.relative ?? RELATIVE_CUTOFF;
  const maxLinks = opts.maxLinks ?? MAX_LINKS;
  const m = similarityMatrix(a, b, opts);

  /** The best counterparts among `n` candidates (indices in document order on ties). */
  const best = (n: number, score: (k: number) => number): number[] => {
    const ranked = Array.from({ length: n }, (_, k) => k)
      .filter((k) => score(k) >= threshold)
      .sort((p, q) => score(q) - score(p) || p - q);
    if (ranked.length === 0) return [];
    const top = score(ranked[0]);
    return ranked.filter((k) => score(k) >= relative * top).slice(0, maxLinks);
  };

  const chosen = new Map<string, [number, number]>();
  a.forEach((_, i) => best(b.length, (j) => m[i][j].score).forEach((j) => chosen.set(`${i},${j}`, [i, j])));
  b.forEach((_, j) => best(a.length, (i) => m[i][j].score).forEach((i) => chosen.set(`${i},${j}`, [i, j])));
  const pairs = [...chosen.values()];

  const made = new Map<string, AlignLink>();
  const link = ([i, j]: [number, number]): AlignLink => {
    const key = `${i},${j}`;
    let l = made.get(key);
    if (!l) {
      l = { a: a[i].id, b: b[j].id, score: round3(m[i][j].score), sharedTags: sharedTags(a[i].tags, b[j].tags), titleSim: round3(m[i][j].title), topicSim: round3(m[i][j].topic) };
      made.set(key, l);
    }
    return l;
  };
  const byScore = (p: [number, number], q: [number, number]) => m[q[0]][q[1]].score - m[p[0]][p[1]].score;

  const links = [...pairs].sort((p, q) => p[0] - q[0] || byScore(p, q) || p[1] - q[1]).map(link);
  const byA: Record<string, AlignLink[]> = Object.fromEntries(a.map((p) => [p.id, []]));
  const byB: Record<string, AlignLink[]> = Object.fromEntries(b.map((p) => [p.id, []]));
  for (const ij of [...pairs].sort((p, q) => byScore(p, q) || p[1] - q[1])) byA[a[ij[0]].id].push(link(ij));
  for (const ij of [...pairs].sort((p, q) => byScore(p, q) || p[0] - q[0])) byB[b[ij[1]].id].push(link(ij));
  return {
    links,
    byA,
    byB,
    unmatchedA: a.filter((p) => byA[p.id].length === 0).map((p) => p.id),
    unmatchedB: b.filter((p) => byB[p.id].length === 0).map((p) => p.id),
  };
}
