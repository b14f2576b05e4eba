/**
 * Fidelity check: every source line's text (markers removed, whitespace ignored) must be
 * found in the model, in document order where possible. Lines deliberately excluded as
 * boilerplate or table of contents are not counted.
 */
import { type Line, squash } from './clean.ts';
import type { Block, Coverage, Excluded, OutlineNode } from './schema.ts';


/** All model text in document order. */
export function modelText(outline: OutlineNode[], blocks: Block[], extra: string[] = []): string {
  const parts: Array<[number, string]> = [];
  for (const o of outline) parts.push([o.sourceLines[0], `${o.label ?? ''}${o.title ?? ''}`]);
  for (const b of blocks) {
    if (b.type === 'paragraph') parts.push([b.sourceLines[0], b.text]);
    else if (b.type === 'list') for (const i of b.items) parts.push([i.sourceLines[0], i.label + i.text]);
    else {
      parts.push([b.sourceLines[0], (b.caption ?? '') + b.header.join('')]);
      for (const r of b.rows) parts.push([r.sourceLines[0], r.cells.join('')]);
    }
  }
  parts.sort((a, b) => a[0] - b[0]);
  return extra.map(squash).join('') + parts.map(([, t]) => squash(t)).join('');
}

export function coverage(lines: Line[], excluded: Excluded[], blob: string): Coverage {
  const out = new Set<number>();
  for (const e of excluded) if (!e.kind.startsWith('repeated-')) for (let n = e.lines[0]; n <= e.lines[1]; n++) out.add(n);
  let sourceChars = 0;
  let coveredChars = 0;
  const missingLines: number[] = [];
  let cursor = 0;
  for (const l of lines) {
    if (l.blank || out.has(l.n)) continue;
    const t = squash(l.text);
    sourceChars += t.length;
    let at = blob.indexOf(t, cursor);
    if (at >= 0) cursor = at;
    else at = blob.indexOf(t);
    if (at >= 0) coveredChars += t.length;
    else missingLines.push(l.n);
  }
  return { sourceChars, coveredChars, ratio: sourceChars ? coveredChars / sourceChars : 1, missingLines };
}
