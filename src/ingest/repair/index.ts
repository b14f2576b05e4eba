/**
 * The layout repair passes, in order. Furniture goes first (so that a page number never splits a
 * paragraph), then glued headings are split, tables printed one cell per line are put back
 * together, and wrapped lines are joined into paragraphs.
 */
import type { Line } from '../clean.ts';
import type { Diagnostic, Excluded } from '../schema.ts';
import { joinCellLines } from './cell-lines.ts';
import { removeFurniture } from './furniture.ts';
import { splitGluedHeadings } from './glued.ts';
import type { Origin } from '../read/types.ts';
import type { Pass } from './types.ts';
import { joinWrappedLines } from './wrap.ts';

export const PASSES: Array<[name: string, pass: Pass]> = [
  ['furniture', removeFurniture],
  ['glued-headings', splitGluedHeadings],
  ['cell-lines', joinCellLines],
  ['wrap', joinWrappedLines],
];

export interface Repaired {
  lines: Line[];
  excluded: Excluded[];
  diagnostics: Diagnostic[];
}

export function repairLayout(lines: Line[], origins: Origin[] = [], passes = PASSES): Repaired {
  const excluded: Excluded[] = [];
  const diagnostics: Diagnostic[] = [];
  const ctx = { origin: (n: number) => origins[n - 1], exclude: (e: Excluded) => excluded.push(e), report: (d: Diagnostic) => diagnostics.push(d) };
  let out = lines;
  for (const [, pass] of passes) out = pass(out, ctx);
  return { lines: out, excluded, diagnostics };
}
