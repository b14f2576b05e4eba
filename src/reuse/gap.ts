/**
 * Scoring and aligning the text between two exact runs of a chain: global alignment
 * (Needleman–Wunsch) of two short gaps with the scores of the Legislative Influence Detector's
 * Smith–Waterman (match +3, mismatch −1, gap −2). Gaps are at most a few dozen characters, so the
 * table is small; whole documents are never aligned.
 */
import { SEP } from './fold.ts';

export const MATCH = 3;
export const MISMATCH = -1;
export const GAP = -2;

/** One alignment column: '=' identical, 'x' substituted, '-' only in A, '+' only in B. */
export type Op = '=' | 'x' | '-' | '+';

const same = (a: string, b: string) => a === b && a !== SEP;

/** Columns aligning a[0..] with b[0..] end to end, with their score. Deterministic on ties (diagonal, then A-only). */
export function alignGap(a: string, b: string): { ops: Op[]; score: number } {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { ops: [...Array<Op>(n).fill('-'), ...Array<Op>(m).fill('+')], score: GAP * (n + m) };
  const W = m + 1;
  const s = new Int32Array((n + 1) * W);
  for (let i = 1; i <= n; i++) s[i * W] = GAP * i;
  for (let j = 1; j <= m; j++) s[j] = GAP * j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const d = s[(i - 1) * W + j - 1] + (same(a[i - 1], b[j - 1]) ? MATCH : MISMATCH);
      const u = s[(i - 1) * W + j] + GAP;
      const l = s[i * W + j - 1] + GAP;
      s[i * W + j] = Math.max(d, u, l);
    }
  }
  const ops: Op[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = s[i * W + j];
    if (i > 0 && j > 0 && here === s[(i - 1) * W + j - 1] + (same(a[i - 1], b[j - 1]) ? MATCH : MISMATCH)) {
      ops.push(same(a[i - 1], b[j - 1]) ? '=' : 'x');
      i--;
      j--;
    } else if (i > 0 && here === s[(i - 1) * W + j] + GAP) {
      ops.push('-');
      i--;
    } else {
      ops.push('+');
      j--;
    }
  }
  return { ops: ops.reverse(), score: s[n * W + m] };
}

/**
 * Extend an alignment past its end: the best-scoring alignment of a prefix of `a` with a prefix of
 * `b` (both at most a few dozen characters), or nothing when no prefix scores above zero — the
 * X-drop extension of BLAST-like aligners. Picks up identical pieces shorter than a k-gram beyond an
 * edit (“完善实验室管理运行机制，[探索]建立科研特区”).
 */
export function extendPrefix(a: string, b: string): Op[] {
  const n = a.length;
  const m = b.length;
  const W = m + 1;
  const s = new Int32Array((n + 1) * W);
  for (let i = 1; i <= n; i++) s[i * W] = GAP * i;
  for (let j = 1; j <= m; j++) s[j] = GAP * j;
  let best = 0;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const v = Math.max(s[(i - 1) * W + j - 1] + (same(a[i - 1], b[j - 1]) ? MATCH : MISMATCH), s[(i - 1) * W + j] + GAP, s[i * W + j - 1] + GAP);
      s[i * W + j] = v;
      // The best cell must end on an identical character, so an extension never ends on an edit.
      if (v > best && same(a[i - 1], b[j - 1])) {
        best = v;
        bi = i;
        bj = j;
      }
    }
  }
  if (best <= 0) return [];
  return alignGap(a.slice(0, bi), b.slice(0, bj)).ops;
}
