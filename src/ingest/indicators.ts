/**
 * Stage 4 — indicators: the 2020 → 2025 target tables become indicator rows, cell by cell
 * exactly as printed ({raw, value}); merged category cells inherit the category above.
 * A table is an indicator table when its header names an indicator column and a baseline
 * and a target year column.
 */
import { squash } from './clean.ts';
import { prosePassages } from './passages.ts';
import type { Block, Diagnostic, Figure, Indicator } from './schema.ts';


interface Columns {
  seq: number;
  category: number;
  name: number;
  /** -1 when the table prints targets only (序号 | 指标 | 预期值 | 属性). */
  baseline: number;
  target: number;
  attribute: number;
}

/** A baseline column named as such: 基期值, 现状值, "2020年（基期）". */
const BASELINE = /^(基期值?|基准值|现状值|(19|20)\d\d年?[（(]?(基期|基数|现状)[值）)]*)$/;
/** A target column named as such: 预期值, 目标值, "2025年目标". */
const TARGET = /^(预期值|目标值|规划值|预期目标|(19|20)\d\d年?[（(]?(目标|预期|规划)[值）)]*)$/;

/**
 * The columns of an indicator table: an indicator-name column and either two year columns
 * (baseline the latest year before the target, target the last: 2015 | 2020 | 2025 reads
 * 2020 → 2025), or a column named as the target (targets only), with a baseline column if one is
 * named. Other columns (年均增长, 备注) are kept in the row, not read as figures.
 */
export function indicatorColumns(header: string[]): Columns | null {
  const h = header.map(squash);
  const find = (re: RegExp): number => h.findIndex((c) => re.test(c));
  const name = find(/^(指标|指标名称|主要指标|具体指标)$/);
  if (name < 0) return null;
  const years = h.map((c, k) => [k, /^((?:19|20)\d\d)年?(?:[（(]?(?:目标|预期|规划|基期|基数|现状)[值）)]*|年底|年末)?$/.exec(c)?.[1]] as const).filter(([, y]) => y);
  const named = { baseline: find(BASELINE), target: find(TARGET) };
  const sorted = [...years].sort((a, b) => Number(a[1]) - Number(b[1]));
  const target = named.target >= 0 ? named.target : sorted.length >= 2 ? sorted[sorted.length - 1][0] : -1;
  if (target < 0) return null;
  const before = sorted.filter(([k, y]) => k !== target && Number(y) < Number(h[target].slice(0, 4) || Infinity));
  const baseline = named.baseline >= 0 ? named.baseline : before.length ? before[before.length - 1][0] : -1;
  return {
    seq: find(/^(序号|编号)$/),
    category: find(/^(分类|类别|类型|领域|一级指标)$/),
    name,
    baseline,
    target,
    attribute: find(/属性$/),
  };
}

/** A number exactly as printed, or null for "——", "-", "高于全市平均水平", "完成任务目标" … */
export function parseFigure(raw: string): Figure {
  const t = raw.trim();
  const m = /^[+-]?(\d+(\.\d+)?|\.\d+)$/.exec(t.replace(/,/g, ''));
  return { raw, value: m ? Number(t.replace(/,/g, '')) : null };
}

/** "高新技术企业数量（家）" → name "高新技术企业数量", unit "家". */
export function splitUnit(cell: string): { name: string; unit: string | null } {
  const m = /^(.*?)\s*[（(]([^（）()]+)[）)]\s*$/.exec(cell);
  if (!m || !m[1]) return { name: cell.trim(), unit: null };
  return { name: m[1].trim(), unit: m[2].trim() };
}

export function extractIndicators(blocks: Block[]): { indicators: Indicator[]; diagnostics: Diagnostic[] } {
  const indicators: Indicator[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const b of blocks) {
    if (b.type !== 'table') continue;
    const cols = indicatorColumns(b.header);
    if (!cols) continue;
    const captionAttr = /约束性/.test(b.caption ?? '') ? null : /预期性/.test(b.caption ?? '') ? '预期性' : null;
    let category: string | null = null;
    b.rows.forEach((r, k) => {
      const cell = (c: number): string => (c >= 0 ? r.cells[c] ?? '' : '');
      if (cols.category >= 0 && cell(cols.category) !== '') category = cell(cols.category);
      const { name, unit } = splitUnit(cell(cols.name));
      const attrCell = cell(cols.attribute);
      const attribute = attrCell !== '' ? attrCell : captionAttr;
      if (!name) {
        diagnostics.push({ code: 'indicator-without-name', severity: 'warning', message: `Row ${k + 1} of table "${b.caption ?? b.id}" has no indicator name.`, lines: r.sourceLines, ref: r.id });
        return;
      }
      indicators.push({
        id: r.id,
        source: 'table',
        anchor: r.id,
        tableId: b.id,
        table: b.caption,
        row: cell(cols.seq) || String(k + 1),
        category: cols.category >= 0 ? category : null,
        name,
        unit,
        baseline: parseFigure(cell(cols.baseline)),
        target: parseFigure(cell(cols.target)),
        attribute: attribute || null,
        attributeSource: attrCell !== '' ? 'column' : attribute ? 'caption' : null,
        comparator: null,
        sourceLines: r.sourceLines,
      });
    });
  }
  return { indicators, diagnostics };
}

const UNIT_AFTER = /^\s*(万亿元|万亿|亿元|亿|万元|万平方米|平方米|万人|人年|人|家|个|件|项|%|％|亩|栋)/;
const unitCore = (u: string): string => u.replace(/元$/, '').replace('％', '%');

/**
 * A unit that contradicts the plan's own prose: the prose states the same target figure for
 * the same indicator with a different unit (e.g. a table printing 万亿 where the text says 亿元).
 * Flagged, never fixed.
 */
export function checkUnits(indicators: Indicator[], blocks: Block[]): Diagnostic[] {
  const prose = prosePassages({ blocks });
  const out: Diagnostic[] = [];
  for (const ind of indicators) {
    if (ind.target.value === null || !ind.unit) continue;
    const stem = ind.name.replace(/(数量|总数|总额|规模)$/, '');
    const key = stem.slice(0, Math.min(6, stem.length));
    for (const p of prose) {
      let at = p.text.indexOf(key);
      while (at >= 0) {
        const window = p.text.slice(at, at + stem.length + 30);
        const num = window.indexOf(ind.target.raw.trim(), key.length);
        if (num >= 0) {
          const m = UNIT_AFTER.exec(window.slice(num + ind.target.raw.trim().length));
          if (m && unitCore(m[1]) !== unitCore(ind.unit)) {
            out.push({
              code: 'unit-mismatch',
              severity: 'warning',
              message: `Indicator "${ind.name}" prints its unit as ${ind.unit} (target ${ind.target.raw}), but the text says "${window.slice(0, num + ind.target.raw.trim().length + m[0].length)}" (${m[1]}). The table is kept as printed.`,
              lines: ind.sourceLines,
              ref: ind.id,
            });
          }
          break;
        }
        at = p.text.indexOf(key, at + 1);
      }
    }
  }
  return out;
}
