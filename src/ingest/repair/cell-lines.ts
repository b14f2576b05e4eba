/**
 * Tables printed one cell per line with no tab to mark them (a web page saved as text or
 * Markdown: every `<td>` on its own line, often blank-separated). A run of short header cells that
 * name a table's columns (序号, 指标, 2020年, 预期值, 属性 …) sets the width k; the cells after it
 * are grouped into rows of k — at each next row number where the first column is 序号, else k at
 * a time — until a line that is no cell (a sentence, a heading, a long line). Each row becomes one
 * tab-separated line spanning its source lines; the cell texts are not touched.
 */
import { type Line, squash } from '../clean.ts';
import { endsSentence, parseBoxLabel, parseLabel } from '../numbering.ts';
import { isTextLine, type Pass } from './types.ts';

const NAME = /^(指标|指标名称|主要指标|具体指标|项目|项目名称)$/;
const VALUE = /^((19|20)\d\d年?(目标值?|预期值?|基期值?|基数)?|基期值|基准值|现状值|目标值|预期值|规划值|年均增长.*)$/;
const OTHER = /^(序号|编号|类别|分类|领域|类型|一级指标|二级指标|单位|计量单位|属性|指标属性|性质|备注|说明|累计.*)$/;
const isHeaderCell = (t: string): boolean => t.length <= 12 && (NAME.test(t) || VALUE.test(t) || OTHER.test(t));
const MAX_CELL = 40;
const isCell = (l: Line): boolean => isTextLine(l) && l.text.length <= MAX_CELL && !endsSentence(l.text) && !parseBoxLabel(l.text) && !(parseLabel(l.text)?.rest);

/** Indexes of the non-blank lines from i on, while they are cells. */
function cellRun(lines: Line[], i: number): number[] {
  const out: number[] = [];
  for (let j = i; j < lines.length; j++) {
    if (lines[j].blank) continue;
    if (!isCell(lines[j])) break;
    out.push(j);
  }
  return out;
}

function tableAt(lines: Line[], i: number): { header: number[]; rows: number[][]; end: number } | null {
  const run = cellRun(lines, i);
  let k = 0;
  while (k < run.length && isHeaderCell(squash(lines[run[k]].text))) k++;
  const header = run.slice(0, k).map((j) => squash(lines[j].text));
  if (k < 3 || !header.some((h) => NAME.test(h)) || !header.some((h) => VALUE.test(h))) return null;
  const body = run.slice(k);
  const rows: number[][] = [];
  if (/^(序号|编号)$/.test(header[0])) {
    // A row starts at each next row number; it holds at most k cells.
    let at = 0;
    for (let n = 1; at < body.length && squash(lines[body[at]].text) === String(n); n++) {
      let end = at + 1;
      while (end < body.length && end - at < k && squash(lines[body[end]].text) !== String(n + 1)) end++;
      if (end - at !== k) break;
      rows.push(body.slice(at, end));
      at = end;
    }
  } else {
    for (let at = 0; at + k <= body.length; at += k) rows.push(body.slice(at, at + k));
  }
  if (rows.length < 2) return null;
  return { header: run.slice(0, k), rows, end: rows[rows.length - 1][k - 1] };
}

const rowLine = (lines: Line[], idx: number[]): Line => {
  const cells = idx.map((j) => lines[j].text);
  const first = lines[idx[0]];
  return { ...first, text: cells.join('\t'), cells, tabLead: false, indent: false, md: false, last: lines[idx[idx.length - 1]].n };
};

export const joinCellLines: Pass = (lines, ctx) => {
  const out: Line[] = [];
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = isCell(lines[i]) && isHeaderCell(squash(lines[i].text)) ? tableAt(lines, i) : null;
    if (!t) {
      out.push(lines[i]);
      continue;
    }
    tables++;
    out.push(rowLine(lines, t.header), ...t.rows.map((r) => rowLine(lines, r)));
    ctx.report({ code: 'cell-lines', severity: 'info', message: `A table printed one cell per line (${t.header.length} columns, ${t.rows.length} rows) was read as a table.`, lines: [lines[t.header[0]].n, lines[t.end].n] });
    i = t.end;
  }
  return tables ? out : lines;
};
