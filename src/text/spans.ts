/**
 * Spans of highlighted text and snippets around them — shared by the topic pages (at build time)
 * and search results (in the browser). Pure, dependency-free; parts are text, for rendering with
 * <mark> through escaping or textContent, never as HTML.
 */
export type Span = [number, number];

/** Sorted, overlapping or touching [start, end) spans merged into one. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface Snippet {
  parts: SnippetPart[];
  /** Whether text was left out before / after the window. */
  cutStart: boolean;
  cutEnd: boolean;
}

/**
 * A window of at most `max` characters around the first span (the whole text when short), starting
 * `lead` characters before it, split into plain and marked parts. `spans` must be sorted.
 */
export function snippet(text: string, spans: Span[], max = 150, lead = 30): Snippet {
  const chars = text.length;
  let start = 0;
  if (chars > max && spans.length) start = Math.max(0, Math.min(spans[0][0] - lead, chars - max));
  const end = Math.min(chars, start + max);
  const parts: SnippetPart[] = [];
  let at = start;
  for (const [a, b] of spans) {
    if (b <= start || a >= end) continue;
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (s > at) parts.push({ text: text.slice(at, s), mark: false });
    parts.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false });
  return { parts, cutStart: start > 0, cutEnd: end < chars };
}
