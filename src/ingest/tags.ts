/**
 * The tagger: assigns topic tags to every passage with a score in [0, 1] and the evidence.
 *
 * Matching is done on a normalised copy of the text (NFKC — full-width and half-width forms
 * agree —, lower case, whitespace and backslashes dropped, so "R&D 经费", "R\&D经费" and
 * "Ｒ＆Ｄ经费" all match "R&D经费"), with a map back to the printed text so evidence spans point
 * at the characters as printed. Short terms (one or two characters, or any term marked `word`)
 * only match on word boundaries found by Intl.Segmenter: "高企" does not match inside "提高企业".
 *
 * Score: how devoted the passage is to the topic, not just whether a term occurs.
 * - text: saturates with the number of matches (1 → 0.5, 2 → 0.75, 3 → 0.875 …), scaled by the
 *   tag's share of all tag matches in the passage, so a sentence that lists eight topics in one
 *   breath ranks each of them below a passage devoted to one;
 * - heading: the passage's own section (or box) heading naming the topic weighs most; an ancestor
 *   heading less the further up it is.
 * A passage carries a tag when its text matches, or when its own heading does.
 */
import { rowText } from './passages.ts';
import type { Block, OutlineNode, PassageTag, PlanDoc, TagEvaluation, TagsIndex } from './schema.ts';
import type { TagDef } from './taxonomy.ts';

type Evidence = PassageTag['evidence'][number];

export interface Match {
  tag: string;
  term: string;
  /** The sense word found in the same clause, for a term that needs one. */
  cue?: string;
  /** Offsets into the original string. */
  start: number;
  end: number;
}

interface Normalised {
  text: string;
  /** map[i] = offset in the original of normalised char i; map[text.length] = original length. */
  map: number[];
}

/** NFKC per character, lower case, whitespace and backslashes removed, with an offset map. */
export function normalise(s: string): Normalised {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of s) {
    if (!/[\s\\]/u.test(ch)) {
      const n = ch.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
      for (let k = 0; k < n.length; k++) map.push(i);
      text += n;
    }
    i += ch.length;
  }
  map.push(s.length);
  return { text, map };
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Generic lists of factors — "人才、技术、资本、数据等要素", "科技、人才、金融等资源", "知识链、产业链、
 * 资金链、人才链", "资源共享、平台共建、人才共用" — name topics without saying anything about them;
 * matches inside such a list do not count for any tag. At least three short items, ending in 等/多
 * …要素/资源, all ending in 链, or all of the form XX共Y.
 */
const FACTOR_LISTS = [
  /(?:\p{Script=Han}{1,4}、){2,}\p{Script=Han}{1,4}(?:等|多)(?:创新|发展|生产|高端|优质|成果转化|创新创业)?(?:要素|资源)/gu,
  /(?:\p{Script=Han}{1,3}链、){2,}\p{Script=Han}{1,3}链/gu,
  // What is shared across a region: "资源共享、平台共建、政策共通、人才共用".
  /(?:\p{Script=Han}{2}共\p{Script=Han}、){2,}\p{Script=Han}{2}共\p{Script=Han}/gu,
];

export function factorLists(normalised: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const re of FACTOR_LISTS) for (const m of normalised.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function boundaries(text: string): Set<number> {
  const b = new Set<number>([0, text.length]);
  for (const s of segmenter.segment(text)) b.add(s.index);
  return b;
}

/**
 * Clause boundaries of a normalised text: ，。；：！？ (NFKC turns the full-width forms into ASCII)
 * and the " | " between table cells. Returns the clause [start, end) around every position.
 */
const CLAUSE_END = /[,;:!?。|]/u;
const SENTENCE_END = /[;!?。|]/u;
function clauseAt(text: string, k: number, end: number, stop: RegExp): [number, number] {
  let a = k;
  while (a > 0 && !stop.test(text[a - 1])) a--;
  let b = end;
  while (b < text.length && !stop.test(text[b])) b++;
  return [a, b];
}

interface CompiledTerm {
  term: string;
  norm: string;
  word: boolean;
  /** Sense words as written and normalised. */
  cues?: Array<{ text: string; norm: string }>;
  scope?: 'clause' | 'sentence';
}

interface CompiledTag {
  def: TagDef;
  terms: CompiledTerm[];
  exclude: string[];
}

/** The first cue of `t` in the clause around [k, end), outside the match itself; null if none. */
function cueFor(t: CompiledTerm, text: string, k: number, end: number): string | null {
  const [a, b] = clauseAt(text, k, end, t.scope === 'sentence' ? SENTENCE_END : CLAUSE_END);
  for (const cue of t.cues!) {
    for (let i = text.indexOf(cue.norm, a); i >= 0 && i + cue.norm.length <= b; i = text.indexOf(cue.norm, i + 1)) {
      if (i >= k && i + cue.norm.length <= end) continue;
      return cue.text;
    }
  }
  return null;
}

export interface Tagger {
  tags: TagDef[];
  /**
   * All term matches in `s` (overlaps within one tag resolved to the longest). Matches inside a
   * `masked` range of `s` (table cells that only say who, where or how much) are left out.
   */
  match(s: string, masked?: Array<[number, number]>): Match[];
  /** Tags of one passage, given its text and the headings from its own section up to the root. */
  tagPassage(text: string, headings: Array<{ id: string; text: string }>, masked?: Array<[number, number]>): PassageTag[];
  /** Why `tag` is (or is not) given to this passage: the first reason a reader would check. */
  explain(text: string, headings: Array<{ id: string; text: string }>, tag: string, masked?: Array<[number, number]>): Explanation;
}

/** Why a term occurrence did not count. */
export interface Skip {
  kind: 'no-cue' | 'excluded' | 'masked' | 'factor-list' | 'word-boundary';
  /** The sense words it lacked, or the excluded phrase it stood in. */
  detail?: string[];
}

/**
 * Why a passage does or does not carry a tag: `tagged`; a term set aside (`Skip['kind']`); a term
 * only in its own heading of a topic not tagged from headings (`heading-only`); only in a heading
 * further up (`ancestor-heading`); or no term of the topic at all (`no-term`, a paraphrase).
 */
export interface Explanation {
  kind: 'tagged' | Skip['kind'] | 'heading-only' | 'ancestor-heading' | 'no-term';
  terms: string[];
  detail?: string[];
}

export function createTagger(tags: TagDef[]): Tagger {
  const compiled: CompiledTag[] = tags.map((def) => ({
    def,
    // Longest first, so "研发投入强度" claims its span before "研发投入".
    terms: def.terms
      .map((t) => ({ term: t.term, norm: normalise(t.term).text, word: t.word, ...(t.cues ? { cues: t.cues.map((c) => ({ text: c, norm: normalise(c).text })), scope: t.scope } : {}) }))
      .sort((a, b) => b.norm.length - a.norm.length),
    exclude: def.exclude.map((e) => normalise(e).text),
  }));

  /**
   * Every occurrence of every term of `only` (all tags if omitted) in `s`, with the reason it was
   * set aside, if it was: inside an excluded phrase or a factor list, inside a masked cell, not on a
   * word boundary, or with no sense word in its clause. Overlaps within one tag go to the longest.
   */
  function scan(s: string, masked: Array<[number, number]>, only?: string): Array<Match & { skip?: Skip }> {
    const n = normalise(s);
    let bounds: Set<number> | null = null;
    const out: Array<Match & { skip?: Skip }> = [];
    const lists = factorLists(n.text);
    for (const c of compiled) {
      if (only && c.def.id !== only) continue;
      const excluded: Array<[number, number, string]> = [];
      for (const e of c.exclude) for (let k = n.text.indexOf(e); k >= 0; k = n.text.indexOf(e, k + 1)) excluded.push([k, k + e.length, e]);
      const taken: Array<[number, number]> = [];
      for (const t of c.terms) {
        for (let k = n.text.indexOf(t.norm); k >= 0; k = n.text.indexOf(t.norm, k + 1)) {
          const end = k + t.norm.length;
          if (taken.some(([a, b]) => k < b && end > a)) continue;
          const start = n.map[k];
          const stop = n.map[end - 1] + 1;
          const m: Match = { tag: c.def.id, term: t.term, start, end: stop };
          const ex = excluded.find(([a, b]) => k >= a && end <= b);
          if (ex) {
            out.push({ ...m, skip: { kind: 'excluded', detail: [c.def.exclude[c.exclude.indexOf(ex[2])] ?? ex[2]] } });
            continue;
          }
          if (lists.some(([a, b]) => k >= a && end <= b)) {
            out.push({ ...m, skip: { kind: 'factor-list' } });
            continue;
          }
          if (t.word) {
            bounds ??= boundaries(n.text);
            if (!bounds.has(k) || !bounds.has(end)) {
              out.push({ ...m, skip: { kind: 'word-boundary' } });
              continue;
            }
          }
          if (masked.some(([a, b]) => start >= a && stop <= b)) {
            out.push({ ...m, skip: { kind: 'masked' } });
            continue;
          }
          let cue: string | null = null;
          if (t.cues && (cue = cueFor(t, n.text, k, end)) === null) {
            out.push({ ...m, skip: { kind: 'no-cue', detail: t.cues.map((x) => x.text) } });
            continue;
          }
          taken.push([k, end]);
          out.push({ ...m, ...(cue ? { cue } : {}) });
        }
      }
    }
    return out;
  }

  function match(s: string, masked: Array<[number, number]> = []): Match[] {
    return scan(s, masked)
      .filter((m) => !m.skip)
      .sort((a, b) => a.start - b.start || b.end - a.end || a.tag.localeCompare(b.tag));
  }

  const headingCache = new Map<string, Match[]>();
  const headingMatches = (text: string) => {
    let m = headingCache.get(text);
    if (!m) headingCache.set(text, (m = match(text)));
    return m;
  };

  function tagPassage(text: string, headings: Array<{ id: string; text: string }>, masked?: Array<[number, number]>): PassageTag[] {
    const own = match(text, masked);
    const total = own.length;
    const out: PassageTag[] = [];
    for (const c of compiled) {
      const mine = own.filter((m) => m.tag === c.def.id);
      const evidence: Evidence[] = [];
      const byTerm = new Map<string, { spans: Array<[number, number]>; cues: string[] }>();
      for (const m of mine) {
        const e = byTerm.get(m.term) ?? { spans: [], cues: [] };
        e.spans.push([m.start, m.end]);
        if (m.cue && !e.cues.includes(m.cue)) e.cues.push(m.cue);
        byTerm.set(m.term, e);
      }
      for (const [term, e] of byTerm) evidence.push({ term, where: 'text', spans: e.spans, ...(e.cues.length ? { cues: e.cues } : {}) });
      let heading = 0;
      let nearest = Infinity;
      headings.forEach((h, distance) => {
        const hm = headingMatches(h.text).filter((m) => m.tag === c.def.id);
        if (hm.length === 0) return;
        nearest = Math.min(nearest, distance);
        heading = Math.max(heading, 0.6 ** distance);
        for (const term of new Set(hm.map((m) => m.term))) evidence.push({ term, where: 'heading', section: h.id, distance });
      });
      if (mine.length === 0 && (nearest !== 0 || !c.def.fromHeading)) continue;
      const share = total ? mine.length / total : 0;
      const textScore = (1 - 0.5 ** mine.length) * (0.4 + 0.6 * share);
      const score = 1 - (1 - textScore) * (1 - 0.6 * heading);
      out.push({ tag: c.def.id, score: Math.round(score * 1000) / 1000, evidence });
    }
    return out.sort((a, b) => b.score - a.score || order(a.tag) - order(b.tag));
  }
  const orderOf = new Map(tags.map((t) => [t.id, t.order]));
  const order = (id: string) => orderOf.get(id) ?? 0;

  function explain(text: string, headings: Array<{ id: string; text: string }>, tag: string, masked: Array<[number, number]> = []): Explanation {
    if (!compiled.some((c) => c.def.id === tag)) throw new Error(`unknown tag ${tag}`);
    // Whether the tag is given is tagPassage's decision alone; this only says why, when it is not.
    const given = tagPassage(text, headings, masked).find((t) => t.tag === tag);
    if (given) return { kind: 'tagged', terms: [...new Set(given.evidence.map((e) => e.term))] };
    const found = scan(text, masked, tag);
    const heads = headings.map((h, distance) => ({ distance, terms: headingMatches(h.text).filter((m) => m.tag === tag).map((m) => m.term) })).filter((h) => h.terms.length);
    // The first reason in the order a reader would check: a term set aside, then a heading.
    const order: Skip['kind'][] = ['no-cue', 'excluded', 'masked', 'factor-list', 'word-boundary'];
    for (const kind of order) {
      const hit = found.filter((m) => m.skip!.kind === kind);
      if (hit.length) return { kind, terms: [...new Set(hit.map((m) => m.term))], detail: [...new Set(hit.flatMap((m) => m.skip!.detail ?? []))] };
    }
    if (heads.some((h) => h.distance === 0)) return { kind: 'heading-only', terms: [...new Set(heads[0].terms)] };
    if (heads.length) return { kind: 'ancestor-heading', terms: [...new Set(heads[0].terms)] };
    return { kind: 'no-term', terms: [] };
  }

  return { tags, match, tagPassage, explain };
}

/**
 * Table columns that say who, where, when, how much or in what state — 序号, 牵头单位, 责任单位,
 * 建设地点, 所在区域, 投资额（亿元）, 项目状态, 属性 — describe a row, not its topic: "悦湖科技城" as
 * the lead unit of a project does not make the project about science cities.
 */
const METADATA_COLUMN = /^(?:序号|编号|属性|指标属性|类型)$|单位|责任|牵头|主体|地点|位置|选址|区域|所在|街道|状态|进度|投资|金额|亿元|万元|时间|年限|期限|起止/u;

/** Offsets in rowText(cells) of the cells whose column is a metadata column. */
function metadataSpans(cells: string[], meta: boolean[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  let first = true;
  cells.forEach((c, i) => {
    if (c === '') return;
    if (!first) at += 3;
    first = false;
    if (meta[i]) out.push([at, at + c.length]);
    at += c.length;
  });
  return out;
}

/** The headings above a section, its own first, each `{id, text}` (untitled levels skipped), cached per section. */
function headingsFinder(outline: OutlineNode[]): (sectionId: string | null) => Array<{ id: string; text: string }> {
  const byId = new Map(outline.map((o) => [o.id, o]));
  const cache = new Map<string | null, Array<{ id: string; text: string }>>();
  return (sectionId) => {
    let h = cache.get(sectionId);
    if (!h) {
      h = [];
      for (let o = sectionId ? byId.get(sectionId) : undefined; o; o = o.parentId ? byId.get(o.parentId) : undefined) if (o.title) h.push({ id: o.id, text: o.title });
      cache.set(sectionId, h);
    }
    return h;
  };
}

/** Every passage record of the blocks with the text, section and masked ranges the tagger sees. */
function* records(blocks: Block[]): Generator<{ target: { id: string; tags: PassageTag[] }; text: string; sectionId: string | null; masked?: Array<[number, number]> }> {
  for (const b of blocks) {
    if (b.type === 'paragraph') yield { target: b, text: b.text, sectionId: b.sectionId };
    else if (b.type === 'list') for (const i of b.items) yield { target: i, text: i.text, sectionId: b.sectionId };
    else {
      const meta = b.header.map((h) => METADATA_COLUMN.test(h.replace(/\s+/gu, '')));
      for (const r of b.rows) yield { target: r, text: rowText(r.cells), sectionId: b.sectionId, masked: metadataSpans(r.cells, meta) };
    }
  }
}

/** Tags every passage record of `blocks` in place; returns the count of tagged passages per tag. */
export function tagBlocks(blocks: Block[], outline: OutlineNode[], tagger: Tagger): Record<string, number> {
  const headingsOf = headingsFinder(outline);
  const counts: Record<string, number> = {};
  for (const r of records(blocks)) {
    r.target.tags = tagger.tagPassage(r.text, headingsOf(r.sectionId), r.masked);
    for (const t of r.target.tags) counts[t.tag] = (counts[t.tag] ?? 0) + 1;
  }
  return Object.fromEntries(tagger.tags.filter((t) => counts[t.id]).map((t) => [t.id, counts[t.id]]));
}

/** Why passage `id` of `plan` does or does not carry `tag` (see `Tagger.explain`); null for an unknown id. */
export function explainPassage(plan: Pick<PlanDoc, 'blocks' | 'outline'>, id: string, tag: string, tagger: Tagger): Explanation | null {
  for (const r of records(plan.blocks)) if (r.target.id === id) return tagger.explain(r.text, headingsFinder(plan.outline)(r.sectionId), tag, r.masked);
  return null;
}

/** The tag index: every tag of the taxonomy with its count of tagged passages in every plan. */
export function tagsIndex(tags: TagDef[], plans: PlanDoc[], evaluations: Record<string, TagEvaluation> = {}): TagsIndex {
  return {
    schemaVersion: 1,
    plans: plans.map((p) => ({ slug: p.meta.slug, title: p.meta.title, passages: p.counts.passages, tagged: p.counts.tagged })),
    tags: tags.map((t) => {
      const counts = Object.fromEntries(plans.map((p) => [p.meta.slug, p.tagCounts[t.id] ?? 0]));
      return {
        id: t.id,
        zh: t.zh,
        en: t.en,
        order: t.order,
        requested: t.requested,
        experimental: t.experimental,
        evaluationNote: t.evaluationNote ?? null,
        fromHeading: t.fromHeading,
        evaluation: evaluations[t.id] ?? null,
        definition: t.definition,
        definitionEn: t.definitionEn,
        terms: t.terms.map((x) => x.term),
        cues: Object.fromEntries(t.terms.filter((x) => x.cues).map((x) => [x.term, x.cues!])),
        exclude: t.exclude,
        counts,
        total: Object.values(counts).reduce((a, b) => a + b, 0),
      };
    }),
  };
}
