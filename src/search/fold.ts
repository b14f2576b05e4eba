/**
 * Folding: the one normalisation search applies to both the query and the indexed text, so that
 * full-width and half-width forms （ vs (, ％ vs %, ＧＤＰ vs GDP), letter case, and traditional vs
 * simplified characters compare equal.
 *
 * Folding is length-preserving: every UTF-16 code unit maps to exactly one code unit. An offset in
 * the folded text is therefore the same offset in the text as printed, so matches found on folded
 * text highlight the original text without any offset map. (NFKC is not used for that reason: it
 * changes lengths, e.g. ㎡ → m2.)
 *
 * Runs in the browser and in Node; no dependencies.
 */

/** Traditional → simplified pairs as one string: "臺台體体…" (even index traditional, odd simplified). */
export type T2sPairs = string;

export interface Folder {
  /** The folded form of `s`, the same length as `s`. */
  (s: string): string;
}

const FULLWIDTH = /[\uFF01-\uFF5E\u3000A-Z]/g;

function foldWidthAndCase(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x3000) return ' ';
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  return c.toLowerCase();
}

/**
 * A folder using the given traditional → simplified pairs. Only single-code-unit pairs are used
 * (a pair outside the Basic Multilingual Plane would change lengths) — callers build the pairs with
 * `t2sPairs`, which guarantees that.
 */
export function createFolder(pairs: T2sPairs = ''): Folder {
  const t2s = new Map<string, string>();
  for (let k = 0; k + 1 < pairs.length; k += 2) t2s.set(pairs[k], pairs[k + 1]);
  if (t2s.size === 0) return (s) => s.replace(FULLWIDTH, foldWidthAndCase);
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const trad = new RegExp(`[${[...t2s.keys()].map(escape).join('')}]`, 'g');
  return (s) => s.replace(FULLWIDTH, foldWidthAndCase).replace(trad, (c) => t2s.get(c)!);
}
