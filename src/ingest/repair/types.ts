/**
 * Layout repair — stage 2b: an ordered list of small passes over the cleaned lines, each undoing
 * one thing that printing or extraction did to the text (page furniture, a table of contents,
 * headings glued into one line, hard-wrapped lines). Each pass is `(lines, ctx) => lines`; it
 * never changes a character of plan text, only removes furniture, splits a line at a gap or joins
 * lines, and reports every change through the context.
 */
import type { Line } from '../clean.ts';
import type { Origin } from '../read/types.ts';
import type { Diagnostic, Excluded } from '../schema.ts';

export interface RepairContext {
  /** Where source line n came from, when the reader said (PDF geometry: page, whether the line is full). */
  origin(n: number): Origin | undefined;
  /** Lines taken out of the text (page numbers, running headers, …): listed under "about this text". */
  exclude(e: Excluded): void;
  /** What a pass repaired, for the plan's diagnostics. */
  report(d: Diagnostic): void;
}

export type Pass = (lines: Line[], ctx: RepairContext) => Line[];

/** Display width of a string in full-width character units (ASCII and half-width forms count ½). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += c < 0x1100 || (c >= 0xff61 && c <= 0xffdc) ? 0.5 : 1;
  }
  return w;
}

/** Lines a pass may treat as running text: not blank, not a table cell line. */
export const isTextLine = (l: Line | undefined): l is Line => !!l && !l.blank && !l.cells;
