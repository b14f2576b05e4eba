/**
 * Shared wording between plans (analysis stage, pure: no I/O). For every pair of plans, the
 * stretches of text they share: maximal aligned spans of at least `minShared` identical folded
 * characters, identical or nearly so, with small edits allowed (a changed place name, an
 * inserted clause, a changed number).
 *
 * How, in the manner of passim and the Legislative Influence Detector:
 * 1. Each plan is folded into one stream (fold.ts) and winnowed (fingerprint.ts).
 * 2. Candidates come from the fingerprint index only: fingerprints held by more than
 *    `maxPlansPerGram` plans (boilerplate) or occurring more than `maxPostings` times are not used
 *    as seeds, so the work grows with the amount of shared text, not with the square of the number
 *    of plans. Each seed is extended to the maximal exact run it lies in (once per run).
 * 3. The runs of a plan pair are chained in document order of both plans when the text between
 *    them is short (≤ `maxGap` characters on each side); the gaps are aligned with the
 *    Smith–Waterman scores (gap.ts). A chain is one alignment; only windows around seeds are
 *    aligned, never whole documents.
 * 4. An alignment with at least `minShared` identical characters, identity ≥ `minIdentity` and
 *    an exact run of at least k + w − 1 characters (one the index is sure to see: two stock terms
 *    of eight characters a clause apart are not an alignment) is kept — a shorter one (down to
 *    `minPiece`) only where both sides print a whole authored formula, known wording rather than
 *    chance — cut at passage boundaries into spans (one per passage of each plan), each mapped back to
 *    the text as printed with its segments: same, replaced, deleted, inserted.
 * 5. Each span is weighed by how many plans of the corpus carry the same wording (the median
 *    document frequency of its fingerprints, after Linder et al. 2020): wording in at least
 *    `formulaPlans(n)` plans, or mostly covered by an authored formula (content/reuse/formulas.yaml),
 *    is a common formula, counted apart (formula.ts).
 * 6. Direction (direction.ts): which plan likely restates the other, where it can be told.
 */
import { type Direction, direction, type PlanPlace } from './direction.ts';
import { type Folded, fold, passageAt, type ReusePassage, SEP, type Stream, stream } from './fold.ts';
import { winnow } from './fingerprint.ts';
import { alignGap, extendPrefix, GAP, MATCH, MISMATCH, type Op } from './gap.ts';

export interface ReusePlan {
  slug: string;
  place: PlanPlace;
  /** Passages in document order. */
  passages: ReusePassage[];
}

export interface ReuseOptions {
  /** k-gram length of fingerprints, in folded characters. Default 5. */
  k?: number;
  /** Winnowing window. Default 6: any exact run of k + w − 1 = 10 characters is seen. */
  w?: number;
  /** Identical folded characters an alignment needs to count as shared. Default 16 (see README, Shared wording). */
  minShared?: number;
  /** Identical characters a piece of an alignment needs in one passage pair to be listed. Default 10. */
  minPiece?: number;
  /** Identical characters / alignment columns. Default 0.6. */
  minIdentity?: number;
  /** Largest gap between two exact runs of one alignment, on either side. Default 40. */
  maxGap?: number;
  /** Fingerprints held by more plans are not used as seeds. Default 25. */
  maxPlansPerGram?: number;
  /** Fingerprints occurring more often (in all plans together) are not used as seeds. Default 100. */
  maxPostings?: number;
  /** Authored common formulas, as printed (folded before use). */
  formulas?: string[];
}

export const DEFAULTS = { k: 5, w: 6, minShared: 15, minPiece: 10, minIdentity: 0.6, maxGap: 40, maxPlansPerGram: 25, maxPostings: 100 } as const;

/** Wording carried by at least this many of n plans is a common formula (never more than the seeding cap). */
export function formulaPlans(n: number, cap: number = DEFAULTS.maxPlansPerGram): number {
  return Math.min(Math.max(4, Math.ceil(n / 2)), cap);
}

export interface SpanSide {
  plan: string;
  /** Passage id (anchor in the plan reader). */
  passage: string;
  /** [start, end) code-unit offsets of the shared text in the passage as printed. */
  start: number;
  end: number;
  /** The shared text as printed (the passage text from start to end). */
  text: string;
}

export interface Segment {
  op: 'same' | 'replace' | 'delete' | 'insert';
  /** Offsets in A's / B's passage text as printed; null on the side that has nothing. */
  a: [number, number] | null;
  b: [number, number] | null;
}

export interface SharedSpan {
  /** Stable id: both anchors, and an ordinal when one passage pair shares more than one span. */
  id: string;
  /** The alignment this span is a piece of (equal to `id` unless it crosses a passage boundary). */
  alignment: string;
  a: SpanSide;
  b: SpanSide;
  /** Identical folded characters (letters and digits). */
  length: number;
  /** Identical characters / aligned columns, 3 decimals. */
  identity: number;
  /** How many plans of the corpus carry this wording (median over its fingerprints). */
  plans: number;
  formula: boolean;
  formulaBy: 'frequency' | 'list' | null;
  /** length / plans: boilerplate weighs little. */
  weight: number;
  segments: Segment[];
}

export interface PairSummary {
  a: string;
  b: string;
  /** Share of A's folded text inside substantive (non-formula) spans with B, and the converse. */
  shareA: number;
  shareB: number;
  formulaShareA: number;
  formulaShareB: number;
  spans: number;
  formulaSpans: number;
  direction: Direction;
}

export interface ReuseResult {
  /**
   * Plans in the order given, with their folded length (the denominator of shares) and the share of
   * their fingerprints held by at least `formulaPlans` plans: common wording, counted even where it
   * is carried by more plans than are aligned pair by pair (`maxPlansPerGram`).
   */
  plans: Array<{ slug: string; chars: number; commonShare: number }>;
  /** Every plan pair that shares anything, a < b in the order given. */
  pairs: PairSummary[];
  /** Every span, by plan pair, then in A's document order. */
  spans: SharedSpan[];
  formulaPlans: number;
  options: Required<Omit<ReuseOptions, 'formulas'>>;
}

interface Run {
  a: number;
  b: number;
  len: number;
}

/** An alignment between two streams: start offsets and its columns (SEP columns included). */
interface Alignment {
  a: number;
  b: number;
  ops: Op[];
  matches: number;
  /** Its longest exact run. */
  anchor: number;
}

const sameChar = (x: string, y: string) => x === y && x !== SEP;

export function detectReuse(plans: ReusePlan[], options: ReuseOptions = {}): ReuseResult {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<ReuseOptions>;
  const streams = plans.map((p) => stream(p.passages));
  const { df, runs } = candidateRuns(streams, o);
  const fThreshold = formulaPlans(plans.length, o.maxPlansPerGram);
  const formulas = (o.formulas ?? []).map((f) => fold(f).text).filter((f) => f.length >= o.k);
  const spans: SharedSpan[] = [];
  const pairs: PairSummary[] = [];
  for (const [key, list] of [...runs].sort((x, y) => x[0] - y[0])) {
    const pa = Math.floor(key / plans.length);
    const pb = key % plans.length;
    const A = streams[pa];
    const B = streams[pb];
    const candidates = chain(list, o.maxGap).flatMap((c) => local(stitch(c, A.text, B.text))).filter((al) => al.anchor >= o.k + o.w - 1);
    const alignments = dedupe(dedupe(candidates).map((al) => extend(al, A.text, B.text, o.maxGap)).filter((al) => al.matches >= Math.min(o.minShared, o.minPiece) && al.matches / al.ops.length >= o.minIdentity));
    const listed = (p: Piece) => formulas.length > 0 && listCovered(A.folded[p.ai].text, p.a - A.starts[p.ai], p.aEnd - A.starts[p.ai], formulas) >= 0.5;
    // Below minShared only a whole authored formula printed on both sides is kept: known wording, not a chance match.
    const wholeFormula = (p: Piece) => {
      const ta = A.text.slice(p.a, p.aEnd);
      const tb = B.text.slice(p.b, p.bEnd);
      return formulas.some((f) => ta.includes(f) && tb.includes(f));
    };
    const pieces = alignments.flatMap((al) => cut(al, A, B, o.minPiece).filter((p) => al.matches >= o.minShared || wholeFormula(p)).map((p) => ({ ...p, alignment: al })));
    pieces.sort((x, y) => x.ai - y.ai || x.a - y.a || x.bi - y.bi || x.b - y.b);
    const made: SharedSpan[] = [];
    const seen = new Map<string, number>();
    const ids = new Map<Alignment, string>();
    for (const p of pieces) {
      const base = `${plans[pa].slug}:${A.passages[p.ai].id}~${plans[pb].slug}:${B.passages[p.bi].id}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const id = n === 1 ? base : `${base}~${n}`;
      if (!ids.has(p.alignment)) ids.set(p.alignment, id);
      const plansWith = medianDf(df[pa], A.text, p.a, p.aEnd, o);
      const byList = listed(p);
      const formulaBy = plansWith >= fThreshold ? 'frequency' : byList ? 'list' : null;
      made.push({
        id,
        alignment: ids.get(p.alignment)!,
        ...printed(p, A, B, plans[pa].slug, plans[pb].slug),
        length: p.matches,
        identity: Math.round((p.matches / p.ops.length) * 1000) / 1000,
        plans: plansWith,
        formula: formulaBy !== null,
        formulaBy,
        weight: Math.round((p.matches / plansWith) * 100) / 100,
      });
    }
    if (!made.length) continue;
    spans.push(...made);
    const share = (side: 'a' | 'b', formula: boolean, s: Stream, folded: Folded[]) => {
      const index = new Map(s.passages.map((ps, k) => [ps.id, k]));
      const marks = new Map<number, Uint8Array>();
      for (const m of made) {
        if (m.formula !== formula) continue;
        const x = m[side];
        const k = index.get(x.passage)!;
        const f = folded[k];
        let mark = marks.get(k);
        if (!mark) marks.set(k, (mark = new Uint8Array(f.text.length)));
        for (let i = 0; i < f.text.length; i++) if (f.from[i] >= x.start && f.to[i] <= x.end) mark[i] = 1;
      }
      let covered = 0;
      for (const mark of marks.values()) for (const v of mark) covered += v;
      const total = foldedLength(s);
      return total ? Math.round((covered / total) * 10000) / 10000 : 0;
    };
    pairs.push({
      a: plans[pa].slug,
      b: plans[pb].slug,
      shareA: share('a', false, A, A.folded),
      shareB: share('b', false, B, B.folded),
      formulaShareA: share('a', true, A, A.folded),
      formulaShareB: share('b', true, B, B.folded),
      spans: made.filter((m) => !m.formula).length,
      formulaSpans: made.filter((m) => m.formula).length,
      direction: direction(plans[pa].place, plans[pb].place),
    });
  }
  const { formulas: _f, ...rest } = o;
  const common = (k: number) => {
    const c = df[k].counts;
    let n = 0;
    for (const v of c) if (v >= fThreshold) n++;
    return c.length ? Math.round((n / c.length) * 10000) / 10000 : 0;
  };
  return { plans: plans.map((p, k) => ({ slug: p.slug, chars: foldedLength(streams[k]), commonShare: common(k) })), pairs, spans, formulaPlans: fThreshold, options: rest };
}

/** Folded characters of a stream, without separators. */
const foldedLength = (s: Stream) => s.text.length - s.passages.length;

/**
 * Seeds → maximal exact runs, per plan pair (key pa · n + pb, pa < pb), and for each plan the
 * number of plans holding each of its fingerprints (aligned with its fingerprint list).
 */
function candidateRuns(streams: Stream[], o: Required<ReuseOptions>) {
  const fps = streams.map((s) => winnow(s.text, o.k, o.w));
  const total = fps.reduce((a, f) => a + f.hashes.length, 0);
  // Sort (hash, plan, position) by packing them: hash in the high 32 bits, a global index below.
  const packed = new BigUint64Array(total);
  const planOf = new Int32Array(total);
  const posOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  let g = 0;
  fps.forEach((f, p) => {
    for (let i = 0; i < f.hashes.length; i++, g++) {
      packed[g] = (BigInt(f.hashes[i]) << 32n) | BigInt(g);
      planOf[g] = p;
      posOf[g] = f.positions[i];
      indexOf[g] = i;
    }
  });
  packed.sort();
  const df = fps.map((f) => ({ positions: f.positions, counts: new Uint16Array(f.hashes.length) }));
  const runs = new Map<number, Run[]>();
  const done = new Map<number, Array<[number, number]>>(); // (pair, diagonal) → runs found, as [a, a + len)
  const n = streams.length;
  const DIAG = 2 ** 22;
  let i = 0;
  while (i < total) {
    const h = packed[i] >> 32n;
    let j = i + 1;
    while (j < total && packed[j] >> 32n === h) j++;
    const members: number[] = [];
    for (let x = i; x < j; x++) members.push(Number(packed[x] & 0xffffffffn));
    let plansHere = 0;
    for (let x = 0; x < members.length; x++) if (x === 0 || planOf[members[x]] !== planOf[members[x - 1]]) plansHere++;
    for (const m of members) df[planOf[m]].counts[indexOf[m]] = Math.min(plansHere, 65535);
    if (plansHere >= 2 && plansHere <= o.maxPlansPerGram && members.length <= o.maxPostings) {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const mx = members[x];
          const my = members[y];
          const pa = planOf[mx];
          const pb = planOf[my];
          if (pa === pb) continue;
          const A = streams[pa].text;
          const B = streams[pb].text;
          const a = posOf[mx];
          const b = posOf[my];
          const key = pa * n + pb;
          const dkey = key * DIAG * 2 + (a - b + DIAG);
          const found = done.get(dkey);
          if (found?.some(([s, e]) => a >= s && a < e)) continue;
          let s = a;
          let t = b;
          while (s > 0 && t > 0 && sameChar(A[s - 1], B[t - 1])) {
            s--;
            t--;
          }
          let e = a;
          let f = b;
          while (e < A.length && f < B.length && sameChar(A[e], B[f])) {
            e++;
            f++;
          }
          if (found) found.push([s, e]);
          else done.set(dkey, [[s, e]]);
          if (e - s < o.k) continue; // a hash collision
          const list = runs.get(key);
          const run = { a: s, b: t, len: e - s };
          if (list) list.push(run);
          else runs.set(key, [run]);
        }
      }
    }
    i = j;
  }
  return { df, runs };
}

/** Runs → chains: consecutive in both plans, each gap at most maxGap on either side. Greedy, in A's order. */
function chain(runs: Run[], maxGap: number): Run[][] {
  const sorted = [...runs].sort((x, y) => x.a - y.a || x.b - y.b);
  const chains: Run[][] = [];
  // Chains whose end lies more than maxGap before the current run can take no later run either.
  let active: Run[][] = [];
  for (const r0 of sorted) {
    active = active.filter((c) => r0.a - (c[c.length - 1].a + c[c.length - 1].len) <= maxGap);
    let best: Run[] | null = null;
    let bestCost = Infinity;
    let bestRun: Run | null = null;
    for (const c of active) {
      const last = c[c.length - 1];
      // Overlap with the chain's end is trimmed off the run's start (both sides alike).
      const cut = Math.max(0, last.a + last.len - r0.a, last.b + last.len - r0.b);
      const r = { a: r0.a + cut, b: r0.b + cut, len: r0.len - cut };
      if (r.len <= 0) continue;
      const ga = r.a - (last.a + last.len);
      const gb = r.b - (last.b + last.len);
      if (ga < 0 || gb < 0 || ga > maxGap || gb > maxGap) continue;
      if (ga + gb < bestCost) {
        best = c;
        bestCost = ga + gb;
        bestRun = r;
      }
    }
    if (best && bestRun) best.push(bestRun);
    else {
      chains.push([r0]);
      active.push(chains[chains.length - 1]);
    }
  }
  return chains;
}

/** A chain's columns: its runs, and each gap between two runs aligned. */
function stitch(c: Run[], A: string, B: string): Alignment {
  const ops: Op[] = [];
  let matches = 0;
  let anchor = 0;
  c.forEach((r, k) => {
    anchor = Math.max(anchor, r.len);
    if (k > 0) {
      const p = c[k - 1];
      const g = alignGap(A.slice(p.a + p.len, r.a), B.slice(p.b + p.len, r.b));
      for (const op of g.ops) {
        ops.push(op);
        if (op === '=') matches++;
      }
    }
    for (let i = 0; i < r.len; i++) ops.push('=');
    matches += r.len;
  });
  return { a: c[0].a, b: c[0].b, ops, matches, anchor };
}

/** Extend an alignment at both ends past edits, up to maxGap characters each way (gap.ts, extendPrefix). */
function extend(al: Alignment, A: string, B: string, maxGap: number): Alignment {
  let ea = al.a;
  let eb = al.b;
  for (const op of al.ops) {
    if (op !== '+') ea++;
    if (op !== '-') eb++;
  }
  const stop = (t: string, from: number, to: number) => {
    const k = t.slice(from, to).indexOf(SEP);
    return k < 0 ? t.slice(from, to) : t.slice(from, from + k);
  };
  const right = extendPrefix(stop(A, ea, ea + maxGap), stop(B, eb, eb + maxGap));
  const rev = (x: string) => [...x].reverse().join('');
  const la = rev(A.slice(Math.max(0, al.a - maxGap), al.a));
  const lb = rev(B.slice(Math.max(0, al.b - maxGap), al.b));
  const cutAt = (x: string) => (x.indexOf(SEP) < 0 ? x : x.slice(0, x.indexOf(SEP)));
  const left = extendPrefix(cutAt(la), cutAt(lb)).reverse();
  const shiftA = left.filter((op) => op !== '+').length;
  const shiftB = left.filter((op) => op !== '-').length;
  const ops = [...left, ...al.ops, ...right];
  return { a: al.a - shiftA, b: al.b - shiftB, ops, matches: ops.filter((op) => op === '=').length, anchor: al.anchor };
}

/**
 * The best-scoring local pieces of a stitched chain (Smith–Waterman: +3 per identical character, −1
 * per substitution, −2 per gap column): the maximal-scoring segment, then the same on what lies left
 * and right of it. A weak run chained onto a strong one is cut off instead of diluting it below the
 * identity bar; two strong runs with a cheap gap between stay one alignment.
 */
function local(al: Alignment): Alignment[] {
  const score = (op: Op) => (op === '=' ? MATCH : op === 'x' ? MISMATCH : GAP);
  const out: Alignment[] = [];
  const walk = (from: number, to: number) => {
    let best = 0;
    let bestS = -1;
    let bestE = -1;
    let run = 0;
    let start = from;
    for (let i = from; i < to; i++) {
      run += score(al.ops[i]);
      if (run <= 0) {
        run = 0;
        start = i + 1;
      } else if (run > best) {
        best = run;
        bestS = start;
        bestE = i + 1;
      }
    }
    if (bestS < 0) return;
    walk(from, bestS);
    let a = al.a;
    let b = al.b;
    for (let i = 0; i < bestS; i++) {
      if (al.ops[i] !== '+') a++;
      if (al.ops[i] !== '-') b++;
    }
    const ops = al.ops.slice(bestS, bestE);
    let anchor = 0;
    let cur = 0;
    for (const op of ops) {
      cur = op === '=' ? cur + 1 : 0;
      anchor = Math.max(anchor, cur);
    }
    out.push({ a, b, ops, matches: ops.filter((op) => op === '=').length, anchor });
    walk(bestE, to);
  };
  walk(0, al.ops.length);
  return out;
}

/**
 * Drop an alignment mostly inside a larger one on both sides (two chains over one stretch). A
 * phrase repeated in a plan is kept once per occurrence pair: which occurrence pairs with which
 * must not depend on text elsewhere, or an edit in one section would move spans in another.
 */
function dedupe(als: Alignment[]): Alignment[] {
  const extent = (al: Alignment) => {
    let ea = al.a;
    let eb = al.b;
    for (const op of al.ops) {
      if (op !== '+') ea++;
      if (op !== '-') eb++;
    }
    return { ea, eb };
  };
  const withExt = als.map((al) => ({ al, ...extent(al) })).sort((x, y) => y.al.matches - x.al.matches || x.al.a - y.al.a || x.al.b - y.al.b);
  const kept: typeof withExt = [];
  const overlap = (s0: number, e0: number, s1: number, e1: number) => Math.max(0, Math.min(e0, e1) - Math.max(s0, s1));
  for (const x of withExt) {
    const inside = kept.some((k) => overlap(x.al.a, x.ea, k.al.a, k.ea) > 0.5 * (x.ea - x.al.a) && overlap(x.al.b, x.eb, k.al.b, k.eb) > 0.5 * (x.eb - x.al.b));
    if (!inside) kept.push(x);
  }
  return kept.map((k) => k.al).sort((x, y) => x.a - y.a || x.b - y.b);
}

interface Piece {
  /** Passage indices and stream offsets [a, aEnd), [b, bEnd). */
  ai: number;
  bi: number;
  a: number;
  aEnd: number;
  b: number;
  bEnd: number;
  ops: Op[];
  /** Stream offset of each column's A / B character (−1 where that side has none). */
  colA: number[];
  colB: number[];
  matches: number;
}

/** Cut an alignment at passage boundaries (SEP) of either plan, each piece trimmed to start and end on a match. */
function cut(al: Alignment, A: Stream, B: Stream, minPiece: number): Piece[] {
  const out: Piece[] = [];
  let cur: { ops: Op[]; colA: number[]; colB: number[] } = { ops: [], colA: [], colB: [] };
  let ia = al.a;
  let ib = al.b;
  const flush = () => {
    const { ops, colA, colB } = cur;
    let s = 0;
    let e = ops.length;
    while (s < e && ops[s] !== '=') s++;
    while (e > s && ops[e - 1] !== '=') e--;
    const o = ops.slice(s, e);
    const matches = o.filter((x) => x === '=').length;
    if (matches >= minPiece) {
      const ca = colA.slice(s, e);
      const cb = colB.slice(s, e);
      const a = ca.find((x) => x >= 0)!;
      const b = cb.find((x) => x >= 0)!;
      const aEnd = ca.findLast((x) => x >= 0)! + 1;
      const bEnd = cb.findLast((x) => x >= 0)! + 1;
      out.push({ ai: passageAt(A, a), bi: passageAt(B, b), a, aEnd, b, bEnd, ops: o, colA: ca, colB: cb, matches });
    }
    cur = { ops: [], colA: [], colB: [] };
  };
  for (const op of al.ops) {
    const ca = op === '+' ? -1 : ia++;
    const cb = op === '-' ? -1 : ib++;
    if ((ca >= 0 && A.text[ca] === SEP) || (cb >= 0 && B.text[cb] === SEP)) {
      flush();
      continue;
    }
    cur.ops.push(op);
    cur.colA.push(ca);
    cur.colB.push(cb);
  }
  flush();
  return out;
}

/** A piece as printed: both sides' offsets and text, and its segments. */
function printed(p: Piece, A: Stream, B: Stream, slugA: string, slugB: string): Pick<SharedSpan, 'a' | 'b' | 'segments'> {
  const fa = A.folded[p.ai];
  const fb = B.folded[p.bi];
  const oa = A.starts[p.ai];
  const ob = B.starts[p.bi];
  const segments: Segment[] = [];
  let k = 0;
  while (k < p.ops.length) {
    const isSame = p.ops[k] === '=';
    let e = k;
    while (e < p.ops.length && (p.ops[e] === '=') === isSame) e++;
    const as = p.colA.slice(k, e).filter((x) => x >= 0);
    const bs = p.colB.slice(k, e).filter((x) => x >= 0);
    const ra: [number, number] | null = as.length ? [fa.from[as[0] - oa], fa.to[as[as.length - 1] - oa]] : null;
    const rb: [number, number] | null = bs.length ? [fb.from[bs[0] - ob], fb.to[bs[bs.length - 1] - ob]] : null;
    segments.push({ op: isSame ? 'same' : ra && rb ? 'replace' : ra ? 'delete' : 'insert', a: ra, b: rb });
    k = e;
  }
  const side = (slug: string, s: Stream, i: number, f: Folded, start: number, end: number): SpanSide => {
    const a = f.from[start - s.starts[i]];
    const b = f.to[end - 1 - s.starts[i]];
    return { plan: slug, passage: s.passages[i].id, start: a, end: b, text: s.passages[i].text.slice(a, b) };
  };
  return { a: side(slugA, A, p.ai, fa, p.a, p.aEnd), b: side(slugB, B, p.bi, fb, p.b, p.bEnd), segments };
}

/** Median number of plans holding the fingerprints of stream range [s, e) (2 when it holds none). */
function medianDf(d: { positions: Int32Array; counts: Uint16Array }, _text: string, s: number, e: number, o: Required<ReuseOptions>): number {
  const vals: number[] = [];
  for (let i = lowerBound(d.positions, s); i < d.positions.length && d.positions[i] + o.k <= e; i++) vals.push(d.counts[i]);
  if (!vals.length) return 2;
  vals.sort((x, y) => x - y);
  return Math.max(2, vals[Math.floor((vals.length - 1) / 2)]);
}

function lowerBound(xs: Int32Array, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Share of folded range [s, e) of a passage covered by occurrences of the formulas. */
function listCovered(text: string, s: number, e: number, formulas: string[]): number {
  const covered = new Uint8Array(e - s);
  for (const f of formulas) {
    for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + 1)) {
      for (let i = Math.max(at, s); i < Math.min(at + f.length, e); i++) covered[i - s] = 1;
    }
  }
  return e > s ? covered.reduce((a, x) => a + x, 0) / (e - s) : 0;
}
