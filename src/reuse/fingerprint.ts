/**
 * Fingerprints: which k-grams of a stream are indexed (winnowing, Schleimer, Wilkerson & Aiken
 * 2003, as in MOSS). In every window of `w` consecutive k-grams of a passage the smallest hash is
 * kept (the rightmost on ties), so any run of at least w + k − 1 identical folded characters that
 * two streams share is certain to share a fingerprint, while only about 2 / (w + 1) of the
 * positions are indexed. k-grams never cross a passage separator.
 */
import { SEP } from './fold.ts';

export interface Fingerprints {
  hashes: Uint32Array;
  /** Stream offset of each fingerprint's k-gram, ascending. */
  positions: Int32Array;
}

/** FNV-1a over the k code units at `i`. */
function hashAt(text: string, i: number, k: number): number {
  let h = 0x811c9dc5;
  for (let j = i; j < i + k; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return h >>> 0;
}

export function winnow(text: string, k: number, w: number): Fingerprints {
  const hashes: number[] = [];
  const positions: number[] = [];
  let segStart = 0;
  while (segStart < text.length) {
    let segEnd = text.indexOf(SEP, segStart);
    if (segEnd < 0) segEnd = text.length;
    const n = segEnd - segStart - k + 1; // k-grams in this passage
    if (n > 0) {
      const h = new Uint32Array(n);
      for (let i = 0; i < n; i++) h[i] = hashAt(text, segStart + i, k);
      let last = -1;
      // A passage shorter than one window still gets its smallest k-gram.
      const windows = Math.max(1, n - w + 1);
      for (let s = 0; s < windows; s++) {
        let m = s;
        for (let j = s; j < Math.min(s + w, n); j++) if (h[j] <= h[m]) m = j;
        if (m !== last) {
          hashes.push(h[m]);
          positions.push(segStart + m);
          last = m;
        }
      }
    }
    segStart = segEnd + 1;
  }
  return { hashes: Uint32Array.from(hashes), positions: Int32Array.from(positions) };
}
