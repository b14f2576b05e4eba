/**
 * Build-time only: the traditional → simplified character pairs the search folder ships with.
 *
 * The pairs come from OpenCC's dictionaries (opencc-js): TSCharacters, plus the Taiwan and Hong Kong
 * variant forms composed through it (裡 → 裏 → 里). Only pairs whose simplified character occurs in
 * the indexed text are kept — a query character that maps to nothing in the corpus cannot match
 * anyway — which keeps the table a few kilobytes instead of ~25 KB. Pairs that would change string
 * length (characters outside the Basic Multilingual Plane) are dropped, because folding must be
 * length-preserving (see fold.ts).
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import type { T2sPairs } from './fold.ts';

function parseDict(dict: string): Array<[string, string]> {
  return dict
    .split('|')
    .map((e) => e.split(' '))
    .filter((e): e is [string, string, ...string[]] => e.length >= 2)
    .map(([from, to]) => [from, to]);
}

let full: Map<string, string> | null = null;

/** Every single-code-unit traditional → simplified pair (traditional ≠ simplified). */
export function t2sMap(): Map<string, string> {
  if (full) return full;
  const map = new Map<string, string>();
  for (const [t, s] of parseDict(TSCharacters)) if (t.length === 1 && s.length === 1 && t !== s) map.set(t, s);
  for (const [variant, standard] of [...parseDict(TWVariantsRev), ...parseDict(HKVariantsRev)]) {
    if (variant.length !== 1 || map.has(variant)) continue;
    const s = map.get(standard) ?? (standard.length === 1 ? standard : undefined);
    if (s && s !== variant) map.set(variant, s);
  }
  full = map;
  return map;
}

/** The pairs whose simplified side occurs in `corpusText`, sorted by code point (deterministic). */
export function t2sPairs(corpusText: Iterable<string>): T2sPairs {
  const present = new Set<string>();
  for (const text of corpusText) for (const c of text) present.add(c);
  return [...t2sMap()]
    .filter(([, s]) => present.has(s))
    .sort(([a], [b]) => a.charCodeAt(0) - b.charCodeAt(0))
    .map(([t, s]) => t + s)
    .join('');
}
