/**
 * Folding: the text that reuse detection compares. A passage is folded to its letters and digits
 * (NFKC, so full- and half-width forms are one; Latin lowercased), without punctuation, spaces or
 * symbols, and every folded character keeps the offset of the character it came from in the text
 * as printed, so a match found on folded text maps back to exactly what the plan printed.
 *
 * A plan is one stream: its passages' folded texts in document order, each followed by a
 * separator (`SEP`) that never matches anything, so a run of identical text never crosses from one
 * passage into the next while an alignment with gaps still may (one plan's paragraph split in two
 * by the other).
 */

/** Between passages in a stream; compares unequal to everything, itself included. */
export const SEP = '\u0000';

const KEEP = /[\p{L}\p{N}]/u;

export interface Folded {
  /** Letters and digits only, NFKC, Latin lowercased. */
  text: string;
  /** For each folded code unit, the [start, end) code-unit offsets in the printed text of the character it came from. */
  from: Int32Array;
  to: Int32Array;
}

/** Fold one printed text (see the module comment). */
export function fold(printed: string): Folded {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of printed) {
    const end = i + ch.length;
    for (const c of ch.normalize('NFKC')) {
      if (!KEEP.test(c)) continue;
      const out = c.toLowerCase();
      for (let k = 0; k < out.length; k++) {
        from.push(i);
        to.push(end);
      }
      text += out;
    }
    i = end;
  }
  return { text, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** One passage of a plan as reuse detection sees it. */
export interface ReusePassage {
  /** Deep-link id in the plan reader. */
  id: string;
  /** The text as printed. */
  text: string;
}

export interface Stream {
  /** Folded passages joined, each followed by SEP. */
  text: string;
  /** Start offset in `text` of each passage (ascending). */
  starts: Int32Array;
  folded: Folded[];
  passages: ReusePassage[];
}

export function stream(passages: ReusePassage[]): Stream {
  const folded = passages.map((p) => fold(p.text));
  const starts = new Int32Array(passages.length);
  const parts: string[] = [];
  let at = 0;
  folded.forEach((f, k) => {
    starts[k] = at;
    parts.push(f.text, SEP);
    at += f.text.length + 1;
  });
  return { text: parts.join(''), starts, folded, passages };
}

/** Index of the passage holding stream offset `pos` (a SEP belongs to the passage it ends). */
export function passageAt(s: Stream, pos: number): number {
  let lo = 0;
  let hi = s.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
