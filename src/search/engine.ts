/**
 * The search engine: parses a query, matches it against loaded shards, ranks, and explains.
 *
 * Runs unchanged in the browser (the search page and box) and in Node (relevance test, benchmark).
 *
 * - Query syntax: space-separated terms must all match (AND); a quoted phrase ("…", “…”, 「…」) must
 *   match exactly, spaces included; an English topic name or tag id ("talent", "R&D intensity",
 *   "incubators") matches the passages carrying that tag. Nothing else is an operator: every other
 *   character, including fuse's extended-search syntax (' = ! ^ $ |), is searched literally.
 * - Both sides are folded (fold.ts): width, case, traditional → simplified.
 * - Exact first: a document matches when every term occurs in it as a substring. Only when no
 *   document matches exactly are the unmatched terms searched fuzzily with Fuse (Bitap) over the
 *   serialised index, among candidates that share enough character pairs with the term; those
 *   results are labelled fuzzy.
 * - Ranking of exact hits: a heading naming the term first (the best entry point), then by how much
 *   of the unit the terms cover (a table row naming the term beats a long paragraph mentioning it),
 *   a little for repeated mentions, and the tagger's score for a topic related to the term.
 *   Ties keep plan order, then document order, so results are deterministic.
 */
import Fuse from 'fuse.js/basic';
import { createFolder, type Folder } from './fold.ts';
import { mergeSpans } from '../text/spans.ts';
import type { FuseIndexJson, ManifestPlan, SearchDoc, SearchManifest, SearchSection, SearchShard } from './shard.ts';

export type Range = [number, number];

export type Term =
  | { kind: 'text'; raw: string; folded: string; quoted: boolean }
  | { kind: 'tag'; raw: string; folded: string; tag: number };

export interface Filters {
  plans: string[];
  tags: string[];
  levels: string[];
}

export interface Hit {
  /** Index of the plan in the manifest. */
  plan: number;
  /** Index of the document in its shard. */
  doc: number;
  score: number;
  /** [start, end) ranges in the text as printed (sorted, merged) to highlight. */
  ranges: Range[];
}

export type Mode = 'empty' | 'browse' | 'exact' | 'fuzzy' | 'none';

export interface SearchResult {
  mode: Mode;
  terms: Term[];
  /** Units matching each term on its own (within the filters), in `terms` order — counted only
   * when no unit matches them all (mode fuzzy or none); all 0 otherwise. */
  termCounts: number[];
  hits: Hit[];
  /** Plans whose shards were searched / plans the filters select. */
  searched: number;
  selected: number;
  /** Filter values that name no plan, tag or level. */
  unknown: string[];
}

interface Loaded {
  plan: number;
  shard: SearchShard;
  /** Texts as printed, by document index. */
  texts: string[];
  /** Folded texts, by document index. */
  folded: string[];
}

export const FUSE_OPTIONS = {
  includeMatches: true,
  includeScore: true,
  ignoreLocation: true,
  ignoreFieldNorm: true,
  isCaseSensitive: true, // the texts are folded already
  threshold: 0.34,
  minMatchCharLength: 2,
  shouldSort: true,
} as const;

/** Score for a term standing in the unit's lead phrase (see leadSpan), and the longest lead. */
export const LEAD_WEIGHT = 0.6;
const LEAD_MAX = 40;

/** See SearchEngine.sort. */
export const PLAN_DECAY = 0.8;

/** Fuzzy search looks at no more candidates than this (the ones sharing most character pairs). */
const FUZZY_CANDIDATES = 100;

const QUOTES = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』/g;

/** English names a tag answers to: its English name, its id, the parts of an "A & B" name, singular/plural. */
export function tagAliases(tags: SearchManifest['tags'], fold: Folder): Array<[string, number]> {
  const out = new Map<string, number>();
  tags.forEach((t, k) => {
    const names = [t.en, t.id, t.id.replace(/-/g, ' '), ...t.en.split(/\s*(?:&|\band\b|,)\s*/)];
    for (const n of names) {
      const a = fold(n.trim()).replace(/[–—]/g, '-').replace(/\s+/g, ' ');
      if (a.length < 2 || !/[a-z]/.test(a)) continue;
      for (const v of [a, a.endsWith('s') ? a.slice(0, -1) : `${a}s`]) if (!out.has(v)) out.set(v, k);
    }
  });
  return [...out].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
}

/** Split a query into terms (see the module comment for the syntax). */
export function parseQuery(q: string, fold: Folder, aliases: Array<[string, number]>): Term[] {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const push = (t: Term) => {
    const key = `${t.kind}:${t.kind === 'tag' ? t.tag : t.folded}`;
    if (!seen.has(key)) (seen.add(key), terms.push(t));
  };
  const rest: string[] = [];
  let last = 0;
  const source = q.normalize('NFC');
  for (const m of source.matchAll(QUOTES)) {
    rest.push(source.slice(last, m.index));
    last = m.index + m[0].length;
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (raw.trim()) push({ kind: 'text', raw, folded: fold(raw), quoted: true });
  }
  rest.push(source.slice(last));
  // An unmatched quote mark is not an operator: it is dropped, not searched.
  let plain = rest.join(' ').replace(/["“”「」『』]/g, ' ');
  let folded = fold(plain).replace(/[–—]/g, '-');
  for (const [alias, tag] of aliases) {
    let at = folded.indexOf(alias);
    while (at >= 0) {
      const before = folded[at - 1] ?? ' ';
      const after = folded[at + alias.length] ?? ' ';
      if (!/[a-z0-9&]/.test(before) && !/[a-z0-9&]/.test(after)) {
        push({ kind: 'tag', raw: plain.slice(at, at + alias.length), folded: alias, tag });
        plain = plain.slice(0, at) + ' '.repeat(alias.length) + plain.slice(at + alias.length);
        folded = folded.slice(0, at) + ' '.repeat(alias.length) + folded.slice(at + alias.length);
      }
      at = folded.indexOf(alias, at + 1);
    }
  }
  const words = plain.split(/\s+/);
  const fwords = folded.split(/\s+/);
  words.forEach((w, k) => {
    if (w) push({ kind: 'text', raw: w, folded: fwords[k], quoted: false });
  });
  return terms;
}

function occurrences(text: string, term: string, into: Range[]): number {
  let n = 0;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    into.push([at, at + term.length]);
    n++;
  }
  return n;
}

/** The doc's score (0–1) for tag `tag`, or -1 when it does not carry it. */
function tagScore(doc: SearchDoc, tag: number): number {
  const t = doc[3];
  for (let k = 0; k < t.length; k += 2) if (t[k] === tag) return t[k + 1] / 100;
  return -1;
}

/**
 * The lead of a unit: plans open most paragraphs and list items with a short phrase that names
 * their subject ("加快打造成果转化基地。…", "集成电路。…"), and a table row names its subject in its
 * first text cell. [start, end) of that phrase, or [0, 0] when there is none.
 */
export function leadSpan(text: string, row: boolean): Range {
  if (row) {
    let at = 0;
    for (const cell of text.split(' | ')) {
      if (!/^[\d.\s（）()、-]*$/.test(cell)) return [at, at + cell.length];
      at += cell.length + 3;
    }
    return [0, 0];
  }
  const m = /[。；：:！？]/.exec(text.slice(0, LEAD_MAX + 1));
  return m ? [0, m.index] : [0, 0];
}

function bigrams(s: string): string[] {
  const out = new Set<string>();
  for (let k = 0; k + 1 < s.length; k++) if (s[k].trim() && s[k + 1].trim()) out.add(s.slice(k, k + 2));
  return [...out];
}

export class SearchEngine {
  readonly manifest: SearchManifest;
  readonly fold: Folder;
  readonly aliases: Array<[string, number]>;
  private readonly loaded = new Map<number, Loaded>();
  private readonly planIndex: Map<string, number>;
  private readonly tagIndex: Map<string, number>;
  /** For each tag, its folded signal terms (a text term containing one is related to the tag). */
  private readonly tagTerms: string[][];

  constructor(manifest: SearchManifest) {
    this.manifest = manifest;
    this.fold = createFolder(manifest.t2s);
    this.aliases = tagAliases(manifest.tags, this.fold);
    this.planIndex = new Map(manifest.plans.map((p, k) => [p.slug, k]));
    this.tagIndex = new Map(manifest.tags.map((t, k) => [t.id, k]));
    this.tagTerms = manifest.tags.map((t) => t.terms.map((x) => this.fold(x)));
  }

  get plans(): ManifestPlan[] {
    return this.manifest.plans;
  }

  isLoaded(slug: string): boolean {
    const k = this.planIndex.get(slug);
    return k !== undefined && this.loaded.has(k);
  }

  /** Add a parsed shard. The index is used as serialised; only the texts are folded for matching. */
  addShard(shard: SearchShard): void {
    const plan = this.planIndex.get(shard.plan);
    if (plan === undefined) throw new Error(`search shard for unknown plan "${shard.plan}"`);
    const texts: string[] = new Array(shard.docs.length).fill('');
    for (const r of shard.index.records) texts[r.i] = r.v;
    this.loaded.set(plan, { plan, shard, texts, folded: texts.map(this.fold) });
  }

  /** Manifest indices of the plans the filters select, in manifest order. */
  selectedPlans(f: Filters): number[] {
    const plans = f.plans.filter((s) => this.planIndex.has(s));
    return this.manifest.plans
      .map((p, k) => ({ p, k }))
      .filter(({ p }) => (plans.length === 0 || plans.includes(p.slug)) && (f.levels.length === 0 || f.levels.includes(p.level)))
      .map(({ k }) => k);
  }

  unknownFilters(f: Filters): string[] {
    const levels = new Set(this.manifest.plans.map((p) => p.level));
    return [...f.plans.filter((s) => !this.planIndex.has(s)), ...f.tags.filter((t) => !this.tagIndex.has(t)), ...f.levels.filter((l) => !levels.has(l))];
  }

  search(q: string, filters: Filters = { plans: [], tags: [], levels: [] }): SearchResult {
    const terms = parseQuery(q, this.fold, this.aliases);
    const selected = this.selectedPlans(filters);
    const shards = selected.map((k) => this.loaded.get(k)).filter((s): s is Loaded => s !== undefined);
    const tagFilter = filters.tags.map((t) => this.tagIndex.get(t)).filter((t): t is number => t !== undefined);
    const base = { terms, searched: shards.length, selected: selected.length, unknown: this.unknownFilters(filters) };
    const termCounts = terms.map(() => 0);
    const passes = (doc: SearchDoc) => tagFilter.every((t) => tagScore(doc, t) >= 0);

    if (terms.length === 0) {
      if (filters.plans.length === 0 && filters.tags.length === 0 && filters.levels.length === 0) return { ...base, mode: 'empty', termCounts, hits: [] };
      const hits: Hit[] = [];
      for (const s of shards) {
        s.shard.docs.forEach((doc, d) => {
          if (!s.texts[d] || !passes(doc)) return;
          const ranges: Range[] = [];
          for (const t of tagFilter) for (const term of this.tagTerms[t]) occurrences(s.folded[d], term, ranges);
          hits.push({ plan: s.plan, doc: d, score: 0, ranges: mergeSpans(ranges) });
        });
      }
      return { ...base, mode: 'browse', termCounts, hits };
    }

    const hits: Hit[] = [];
    const related = terms.map((t) => (t.kind === 'tag' ? [t.tag] : this.relatedTags(t.folded)));
    const matches = (doc: SearchDoc, text: string, t: Term) => (t.kind === 'tag' ? tagScore(doc, t.tag) >= 0 || text.includes(t.folded) : text.includes(t.folded));
    for (const s of shards) {
      const docs = s.shard.docs;
      for (let d = 0; d < docs.length; d++) {
        const text = s.folded[d];
        // Cheap rejection first: most units contain none of the terms.
        if (!text || !terms.every((t) => matches(docs[d], text, t)) || !passes(docs[d])) continue;
        const ranges: Range[] = [];
        let count = 0;
        let rel = 0;
        terms.forEach((t, k) => {
          count += occurrences(text, t.folded, ranges);
          if (t.kind === 'tag') {
            const sc = tagScore(docs[d], t.tag);
            if (sc >= 0) for (const term of this.tagTerms[t.tag]) occurrences(text, term, ranges);
            rel = Math.max(rel, sc);
          } else for (const tag of related[k]) rel = Math.max(rel, tagScore(docs[d], tag));
        });
        const merged = mergeSpans(ranges);
        const covered = merged.reduce((n, r) => n + r[1] - r[0], 0);
        const kind = docs[d][0];
        const lead = kind === 0 ? null : leadSpan(text, kind === 3);
        const inLead = lead && merged.some((r) => r[0] >= lead[0] && r[1] <= lead[1]) ? 1 : 0;
        const score = (kind === 0 ? 1 : 0) + covered / text.length + 0.1 * Math.min(count, 5) + 0.5 * rel + LEAD_WEIGHT * inLead;
        hits.push({ plan: s.plan, doc: d, score, ranges: merged });
      }
    }
    if (hits.length > 0) return { ...base, mode: 'exact', termCounts, hits: this.sort(hits) };

    // No unit matches every term: count each term alone (shown to the user, and fuzzy search
    // looks only at the terms that match nowhere).
    for (const s of shards) {
      s.shard.docs.forEach((doc, d) => {
        const text = s.folded[d];
        if (text && passes(doc)) terms.forEach((t, k) => matches(doc, text, t) && termCounts[k]++);
      });
    }

    const fuzzy = this.fuzzy(terms, termCounts, shards, passes);
    return { ...base, mode: fuzzy.length ? 'fuzzy' : 'none', termCounts, hits: fuzzy };
  }

  /** Tags whose signal terms occur in the (folded) term, or that contain it: 研发投入强度 → R&D intensity. */
  private relatedTags(term: string): number[] {
    const out: number[] = [];
    this.tagTerms.forEach((terms, k) => {
      if (terms.some((x) => x.length >= 2 && (term.includes(x) || (term.length >= 2 && x.includes(term))))) out.push(k);
    });
    return out;
  }

  /**
   * Best first, with a gentle spread over plans: the n-th hit of a plan (0-based) counts
   * PLAN_DECAY^n of its score, so one plan's many mentions do not push every other plan off the
   * first page (within a plan the order is unchanged). `score` keeps the undecayed value.
   */
  private sort(hits: Hit[]): Hit[] {
    hits.sort((a, b) => b.score - a.score || a.plan - b.plan || a.doc - b.doc);
    const seen = new Map<number, number>();
    const adjusted = new Map<Hit, number>();
    for (const h of hits) {
      const n = seen.get(h.plan) ?? 0;
      seen.set(h.plan, n + 1);
      adjusted.set(h, h.score * PLAN_DECAY ** n);
    }
    return hits.sort((a, b) => adjusted.get(b)! - adjusted.get(a)! || a.plan - b.plan || a.doc - b.doc);
  }

  /**
   * Fuzzy fallback. Terms that matched somewhere stay exact requirements; each unquoted text term
   * (≥ 3 characters) that matched nowhere is searched with Fuse among the candidates sharing enough
   * character pairs with it (a match with k edits keeps at least len − 1 − 2k of the term's pairs).
   */
  private fuzzy(terms: Term[], termCounts: number[], shards: Loaded[], passes: (d: SearchDoc) => boolean): Hit[] {
    const fuzzyTerms = terms.filter((t, k) => termCounts[k] === 0 && t.kind === 'text' && !t.quoted && [...t.folded].length >= 3);
    const missingOther = terms.some((t, k) => termCounts[k] === 0 && !fuzzyTerms.includes(t));
    if (fuzzyTerms.length === 0 || missingOther) return [];
    const exactTerms = terms.filter((t) => !fuzzyTerms.includes(t));
    const pairs = fuzzyTerms.map((t) => bigrams(t.folded));
    const need = fuzzyTerms.map((t, k) => {
      const len = t.folded.length;
      const edits = Math.floor(FUSE_OPTIONS.threshold * len);
      return Math.max(1, Math.min(pairs[k].length, len - 1 - 2 * edits));
    });
    type Cand = { s: Loaded; d: number; overlap: number; ranges: Range[] };
    const cands: Cand[] = [];
    for (const s of shards) {
      const docs = s.shard.docs;
      for (let d = 0; d < docs.length; d++) {
        const text = s.folded[d];
        if (!text || !passes(docs[d])) continue;
        let overlap = 0;
        let ok = true;
        for (let k = 0; k < fuzzyTerms.length && ok; k++) {
          let n = 0;
          for (const p of pairs[k]) if (text.includes(p)) n++;
          ok = n >= need[k];
          overlap += n;
        }
        if (!ok) continue;
        const ranges: Range[] = [];
        for (const t of exactTerms) {
          if (t.kind === 'tag') {
            if (tagScore(docs[d], t.tag) < 0 && !text.includes(t.folded)) ok = false;
          } else if (occurrences(text, t.folded, ranges) === 0) ok = false;
        }
        if (ok) cands.push({ s, d, overlap, ranges });
      }
    }
    if (cands.length === 0) return [];
    // The closest candidates: those within one character pair of the best overlap (one more edit
    // costs up to two pairs), at most FUZZY_CANDIDATES of them — Bitap over long texts is costly.
    cands.sort((a, b) => b.overlap - a.overlap || a.s.plan - b.s.plan || a.d - b.d);
    const floor = cands[0].overlap - 1;
    cands.length = Math.min(cands.filter((c) => c.overlap >= floor).length, FUZZY_CANDIDATES);
    // A Fuse index over the candidates, given as records of their already-folded texts:
    // Fuse.parseIndex takes records as they are, so nothing is tokenised or re-indexed.
    const index: FuseIndexJson = { keys: [], records: cands.map((c, i) => ({ v: c.s.folded[c.d], i, n: 1 })) };
    const fuse = new Fuse(
      cands.map((c) => c.s.folded[c.d]),
      FUSE_OPTIONS,
      Fuse.parseIndex(index),
    );
    const scores = new Map<number, number>();
    const ranges = new Map<number, Range[]>();
    fuzzyTerms.forEach((t, k) => {
      const found = new Map<number, { score: number; ranges: Range[] }>();
      for (const r of fuse.search(t.folded)) {
        const rs: Range[] = [];
        for (const m of r.matches ?? []) for (const [a, b] of m.indices) if (b - a + 1 >= 2) rs.push([a, b + 1]);
        found.set(r.refIndex, { score: r.score ?? 1, ranges: rs });
      }
      for (let i = 0; i < cands.length; i++) {
        const f = found.get(i);
        if (!f || (k > 0 && !scores.has(i))) {
          scores.delete(i);
          continue;
        }
        scores.set(i, (k === 0 ? 1 : scores.get(i)!) * (1 - f.score));
        ranges.set(i, [...(ranges.get(i) ?? cands[i].ranges), ...f.ranges]);
      }
    });
    const hits: Hit[] = [...scores].map(([i, sc]) => ({ plan: cands[i].s.plan, doc: cands[i].d, score: sc, ranges: mergeSpans(ranges.get(i) ?? []) }));
    return this.sort(hits);
  }

  // ---- accessors for rendering ----

  private at(hit: Pick<Hit, 'plan' | 'doc'>): Loaded {
    const s = this.loaded.get(hit.plan);
    if (!s) throw new Error(`plan ${hit.plan} is not loaded`);
    return s;
  }

  /** Number of documents of a loaded plan (0 when its shard is not loaded). */
  size(plan: number): number {
    return this.loaded.get(plan)?.shard.docs.length ?? 0;
  }

  text(hit: Pick<Hit, 'plan' | 'doc'>): string {
    return this.at(hit).texts[hit.doc];
  }

  anchor(hit: Pick<Hit, 'plan' | 'doc'>): string {
    return this.at(hit).shard.docs[hit.doc][1];
  }

  kind(hit: Pick<Hit, 'plan' | 'doc'>): 'heading' | 'paragraph' | 'item' | 'row' {
    return (['heading', 'paragraph', 'item', 'row'] as const)[this.at(hit).shard.docs[hit.doc][0]];
  }

  /** The headings above the hit, root first (for a heading, its ancestors only). */
  breadcrumb(hit: Pick<Hit, 'plan' | 'doc'>): string[] {
    const s = this.at(hit);
    const doc = s.shard.docs[hit.doc];
    const path = sectionPath(s.shard.sections, doc[2]);
    return doc[0] === 0 ? path.slice(0, -1) : path;
  }

  /** Tag ids the hit carries, strongest first. */
  tags(hit: Pick<Hit, 'plan' | 'doc'>): string[] {
    const t = this.at(hit).shard.docs[hit.doc][3];
    const out: string[] = [];
    for (let k = 0; k < t.length; k += 2) out.push(this.manifest.tags[t[k]].id);
    return out;
  }
}

/** The section path of a section index, root first. */
export function sectionPath(sections: SearchSection[], index: number): string[] {
  const out: string[] = [];
  for (let k = index; k >= 0; k = sections[k][2]) out.unshift(sections[k][1]);
  return out;
}

/** The distinct highlighted strings of a hit, as printed (for the reader's `?hl=`). */
export function highlights(text: string, ranges: Range[], max = 6): string[] {
  const out: string[] = [];
  for (const [a, b] of ranges) {
    const s = text.slice(a, b);
    if (s.trim() && !out.includes(s)) out.push(s);
    if (out.length >= max) break;
  }
  return out;
}
