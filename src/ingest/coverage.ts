/**
 * Fidelity check: every source line's text (markers removed, whitespace ignored) must be
 * found in the model, in document order where possible. Lines deliberately excluded as
 * boilerplate or table of contents are not counted.
 */
import { type Line, squash } from './clean.ts';
import type { Block, Coverage, Excluded, OutlineNode } from './schema.ts';


/**
 * All model text in document order. Parts that start on the same source line (a heading split off
 * the paragraph it was glued to) are put in the order they stand in that line, when `lineText`
 * gives the line's text.
 */
export function modelText(outline: OutlineNode[], blocks: Block[], extra: string[] = [], lineText?: (n: number) => string): string {
  const parts: Array<[number, number, string]> = [];
  const add = (line: number, text: string): void => {
    const t = squash(text);
    const at = lineText && t ? lineText(line).indexOf(t.slice(0, 12)) : -1;
    parts.push([line, at < 0 ? Infinity : at, t]);
  };
  for (const o of outline) add(o.sourceLines[0], `${o.label ?? ''}${o.title ?? ''}`);
  for (const b of blocks) {
    if (b.type === 'paragraph') add(b.sourceLines[0], b.text);
    else if (b.type === 'list') for (const i of b.items) add(i.sourceLines[0], i.label + i.text);
    else {
      add(b.sourceLines[0], (b.caption ?? '') + b.header.join(''));
      for (const r of b.rows) add(r.sourceLines[0], r.cells.join(''));
    }
  }
  parts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return extra.map(squash).join('') + parts.map(([, , t]) => t).join('');
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
