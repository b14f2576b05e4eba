/**
 * Headings glued into one line: PDF text dumps run a part, its chapter and the chapter's first
 * sentence together, separated only by runs of spaces ("第一篇  指导原则     第一章  …     正文").
 * A line is split at a run of three or more spaces where the piece after it opens with a numbering
 * label or a list dash, or the piece before it is a heading (a label and a title). Every piece
 * keeps its source line; the spaces are layout, not text.
 */
import type { Line } from '../clean.ts';
import { parseBoxLabel, parseLabel, parseNamedHeading } from '../numbering.ts';
import { isTextLine, type Pass } from './types.ts';

const GAP = / {3,}/g;
const TITLE = (s: string): boolean => s.length > 0 && s.length <= 40 && !/[。！？；;，,：:]/.test(s);

/** A label and a title, nothing more: "第一章  全面建设小康社会的关键时期". */
export function isHeadingPiece(s: string): boolean {
  const label = parseLabel(s);
  if (label) return ['pian', 'zhang', 'jie', 'cn', 'paren-cn'].includes(label.tier) && TITLE(label.rest);
  const box = parseBoxLabel(s);
  return !!box && TITLE(box.title);
}

const opensUnit = (s: string): boolean => {
  const label = parseLabel(s);
  return (!!label && ['pian', 'zhang', 'jie', 'cn', 'paren-cn'].includes(label.tier)) || !!parseBoxLabel(s) || !!parseNamedHeading(s) || /^(?:—{2,}|——)/.test(s);
};

export function splitGlued(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const m of text.matchAll(GAP)) {
    const before = text.slice(start, m.index);
    const after = text.slice(m.index + m[0].length);
    if (before && (isHeadingPiece(before) || opensUnit(after))) {
      pieces.push(before);
      start = m.index + m[0].length;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

export const splitGluedHeadings: Pass = (lines, ctx) => {
  const out: Line[] = [];
  let split = 0;
  const where: number[] = [];
  for (const l of lines) {
    const pieces = isTextLine(l) && / {3,}/.test(l.text) ? splitGlued(l.text) : [l.text];
    if (pieces.length === 1) {
      out.push(l);
      continue;
    }
    split++;
    if (where.length < 10) where.push(l.n);
    // The first piece keeps the line's indent; each later piece stands at the start of a line of its own.
    pieces.forEach((p, k) => out.push({ ...l, text: p, indent: k === 0 ? l.indent : true, md: k === 0 && l.md, pageBreak: k === 0 && l.pageBreak ? true : undefined }));
  }
  if (!split) return lines;
  ctx.report({ code: 'glued-headings', severity: 'info', message: `${split} line(s) held a heading run together with the next heading or its text, separated by spaces; they were split (lines ${where.join(', ')}${split > where.length ? ', …' : ''}).` });
  return out;
};
