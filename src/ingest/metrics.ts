/**
 * Canonical metrics: authored rules (`content/metrics.yaml`) that map each plan's indicator rows
 * to a shared metric, unit normalisation so plans can share an axis, implied compound annual
 * growth, and sanity checks that flag — never fix — a figure that looks wrong. Pure.
 *
 * Every figure keeps its printed `raw` string; the normalised value is derived from the number
 * and the unit exactly as printed, and any doubt becomes a note beside it.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { IngestError } from './errors.ts';
import { reviewFigures } from './prose.ts';
import type { Diagnostic, Indicator, IndicatorsIndex, PlanDoc } from './schema.ts';

const Pattern = z.string().refine((s) => {
  try {
    new RegExp(s, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const MetricDef = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    zh: z.string().trim().min(1),
    en: z.string().trim().min(1),
    unit: z.string().trim().min(1),
    definition: z.string().trim().min(1),
    definitionEn: z.string().trim().min(1),
    match: z
      .object({ all: z.array(Pattern).default([]), any: z.array(Pattern).default([]), none: z.array(Pattern).default([]) })
      .strict()
      .refine((m) => m.all.length + m.any.length > 0, 'needs at least one "all" or "any" pattern'),
    units: z.array(z.string().trim().min(1)).min(1),
    related: z.array(z.string()).default([]),
    /** Topics (content/tags/<id>.mdx) the metric measures: the compare view shows its rows in those topics' bands. */
    tags: z.array(z.string()).default([]),
    comparability: z.string().trim().min(1).optional(),
  })
  .strict();
export type MetricDef = z.infer<typeof MetricDef>;

const MetricsFile = z.object({ metrics: z.array(MetricDef).min(1) }).strict();

/**
 * Parse `content/metrics.yaml`; errors name the file and the line of the offending metric.
 * With `tagIds` (the taxonomy), every metric's `tags` must name a known topic.
 */
export function parseMetrics(text: string, file: string, tagIds?: ReadonlySet<string>): MetricDef[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new IngestError(file, `invalid YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line);
  }
  const parsed = MetricsFile.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path;
    let line: number | undefined;
    if (path[0] === 'metrics' && typeof path[1] === 'number') {
      const node = doc.getIn(['metrics', path[1], ...path.slice(2, 3)], true) as { range?: [number, number] } | undefined;
      const item = doc.getIn(['metrics', path[1]], true) as { range?: [number, number] } | undefined;
      const at = node?.range?.[0] ?? item?.range?.[0];
      if (at !== undefined) line = lineCounter.linePos(at).line;
    }
    throw new IngestError(file, `invalid metric${path.length > 1 ? ` #${Number(path[1]) + 1}` : ''} ${path.slice(2).join('.')}: ${issue.message}`.replace(/ +:/, ':'), line);
  }
  const metrics = parsed.data.metrics;
  const ids = new Set<string>();
  for (const m of metrics) {
    if (ids.has(m.id)) throw new IngestError(file, `metric id "${m.id}" is used twice`);
    ids.add(m.id);
  }
  const lineOf = (k: number) => {
    const at = (doc.getIn(['metrics', k], true) as { range?: [number, number] } | undefined)?.range?.[0];
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
  metrics.forEach((m, k) => {
    for (const r of m.related) if (!ids.has(r)) throw new IngestError(file, `metric "${m.id}": related metric "${r}" does not exist`, lineOf(k));
    if (tagIds) for (const t of m.tags) if (!tagIds.has(t)) throw new IngestError(file, `metric "${m.id}": topic "${t}" does not exist (no content/tags/${t}.mdx)`, lineOf(k));
  });
  return metrics;
}

/** The form names are matched in: NFKC (full-width → half-width), no whitespace. */
const nameKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

const patterns = new Map<string, RegExp>();
/** A rule pattern compiled once (case-insensitive, Unicode). */
const compiled = (p: string): RegExp => {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(p, 'iu')));
  return re;
};

/** The metric an indicator row maps to, or null (a plan-specific indicator). First matching metric wins. */
export function matchMetric(name: string, unit: string | null, metrics: MetricDef[]): MetricDef | null {
  const key = nameKey(name);
  const u = unit ? nameKey(unit) : null;
  for (const m of metrics) {
    const test = (p: string) => compiled(p).test(key);
    if (!m.match.all.every(test)) continue;
    if (m.match.any.length && !m.match.any.some(test)) continue;
    if (m.match.none.some(test)) continue;
    if (u !== null && !m.units.map(nameKey).includes(u)) continue;
    return m;
  }
  return null;
}

/** Units by family, with the factor to the family's base (亿元, 万平方米, 1 for counts). */
const UNIT_FACTORS: Record<string, { family: string; factor: number }> = {
  亿元: { family: 'money', factor: 1 },
  亿: { family: 'money', factor: 1 },
  万亿元: { family: 'money', factor: 1e4 },
  万亿: { family: 'money', factor: 1e4 },
  万元: { family: 'money', factor: 1e-4 },
  元: { family: 'money', factor: 1e-8 },
  万平方米: { family: 'area', factor: 1 },
  平方米: { family: 'area', factor: 1e-4 },
  '%': { family: 'percent', factor: 1 },
  人年: { family: 'person-years', factor: 1 },
  家: { family: 'count', factor: 1 },
  个: { family: 'count', factor: 1 },
  件: { family: 'count', factor: 1 },
  项: { family: 'count', factor: 1 },
  人: { family: 'count', factor: 1 },
  名: { family: 'count', factor: 1 },
  位: { family: 'count', factor: 1 },
  所: { family: 'count', factor: 1 },
  栋: { family: 'count', factor: 1 },
  亩: { family: 'land', factor: 1 },
};

/** Factor to convert a value in `from` to `to`, or null when they are not the same kind of quantity. */
export function unitFactor(from: string | null, to: string): number | null {
  if (from === null) return null;
  const a = UNIT_FACTORS[nameKey(from)];
  const b = UNIT_FACTORS[nameKey(to)];
  if (!a || !b || a.family !== b.family) return null;
  return a.factor / b.factor;
}

/** Implied compound annual growth from `base` to `target` over `years`, or null when it is undefined. */
export function cagr(base: number | null, target: number | null, years: number): number | null {
  if (base === null || target === null || !(base > 0) || target < 0 || !(years > 0)) return null;
  return (target / base) ** (1 / years) - 1;
}

/** Baseline and target years from a plan period "2021–2025": 2020 → 2025. */
export function periodYears(period: string): { baseline: number; target: number } {
  const [a, b] = period.split(/[–-]/).map(Number);
  return { baseline: a - 1, target: b };
}

/** One row of /data/indicators.{json,csv}: an indicator row of a plan with its metric and checks. */
export interface IndicatorRow {
  plan: string;
  id: string;
  anchor: string;
  table: string | null;
  row: string;
  category: string | null;
  indicator: string;
  unit: string | null;
  baseline_raw: string;
  baseline: number | null;
  target_raw: string;
  target: number | null;
  attribute: string | null;
  metric: string | null;
  unit_normalized: string | null;
  baseline_normalized: number | null;
  target_normalized: number | null;
  cagr: number | null;
  comparator: string | null;
  source: 'table' | 'prose';
  source_lines: string;
  note: string;
  /** true when a sanity check fired (unit, order of magnitude, review section); plain information notes leave it false. */
  flagged: boolean;
}

/** Round to 6 significant digits so floating-point noise (0.1 × 3) never shows in the data. */
const tidy = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(6)));

/** Figures the plan's review section gives for an indicator. */
export type ReviewCheck = (plan: PlanDoc, indicator: Indicator) => Array<{ value: number | null; unit: string | null; passageId: string; text: string }>;

/** The review check the build uses: figures found in the plan's review section (prose.ts). */
export const reviewFromText: ReviewCheck = (plan, i) =>
  reviewFigures(plan, i.name).map((r) => ({ value: r.figure.value, unit: r.unit, passageId: r.passageId, text: r.text }));

/**
 * Every indicator row of every plan, mapped and normalised, with notes for anything doubtful:
 * a unit the plan's own prose contradicts, a value an order of magnitude away from the same
 * metric in a related plan (same region), a baseline that differs from the plan's review section,
 * cells that are not numbers, an attribute inferred from the caption.
 */
export function indicatorRows(plans: PlanDoc[], metrics: MetricDef[], review?: ReviewCheck): IndicatorRow[] {
  const rows: Array<IndicatorRow & { notes: string[]; flags: string[]; level: string; region: string }> = [];
  for (const plan of plans) {
    const years = periodYears(plan.meta.period);
    const diag = new Map<string, Diagnostic[]>();
    for (const d of plan.diagnostics) if (d.ref) diag.set(d.ref, [...(diag.get(d.ref) ?? []), d]);
    for (const i of plan.indicators) {
      const m = matchMetric(i.name, i.unit, metrics);
      const f = m ? unitFactor(i.unit, m.unit) : null;
      const norm = (v: number | null) => (f === null || v === null ? null : tidy(v * f));
      const notes: string[] = [];
      const flags: string[] = [];
      for (const d of diag.get(i.id) ?? []) if (d.code === 'unit-mismatch') flags.push(`单位存疑 unit in doubt: ${d.message}`);
      if (i.source === 'table' && i.baseline.value === null && i.baseline.raw.trim() !== '') notes.push(`基期非数值 baseline not a number: “${i.baseline.raw}”`);
      if (i.target.value === null && i.target.raw.trim() !== '') notes.push(`目标非数值 target not a number: “${i.target.raw}”`);
      if (i.attributeSource === 'caption') notes.push('属性据表题 attribute taken from the table caption');
      if (m && f === null) notes.push(`单位“${i.unit ?? '（无）'}”无法换算为 ${m.unit} unit not convertible`);
      if (review && i.source === 'table' && i.baseline.value !== null) {
        for (const r of review(plan, i)) {
          const rf = unitFactor(r.unit, i.unit ?? r.unit ?? '');
          if (r.value === null || rf === null) continue;
          // A figure for another year ("到2019年的3.47%") is not the baseline's figure.
          if ([...r.text.matchAll(/(20\d\d)年/g)].some((y) => Number(y[1]) !== years.baseline)) continue;
          const stated = r.value * rf;
          const b = i.baseline.value;
          // "突破1万亿元" / "超过…" is a lower bound, "约/近/左右" an approximation: consistent unless contradicted.
          if (/突破|超过|超|以上|逾|多/.test(r.text) && b >= stated) continue;
          if (/约|近|左右/.test(r.text) && Math.abs(b - stated) <= 0.1 * Math.abs(stated)) continue;
          if (Math.abs(stated - b) > 1e-9 * Math.max(1, Math.abs(b))) {
            flags.push(`基期与回顾部分不一致 baseline differs from the review section: 表中 ${i.baseline.raw}${i.unit ?? ''}，回顾部分“${r.text}”（§${r.passageId}）`);
          }
        }
      }
      rows.push({
        plan: plan.meta.slug,
        id: i.id,
        anchor: i.anchor,
        table: i.table,
        row: i.row,
        category: i.category,
        indicator: i.name,
        unit: i.unit,
        baseline_raw: i.baseline.raw,
        baseline: i.baseline.value,
        target_raw: i.target.raw,
        target: i.target.value,
        attribute: i.attribute,
        metric: m?.id ?? null,
        unit_normalized: m && f !== null ? m.unit : null,
        baseline_normalized: norm(i.baseline.value),
        target_normalized: norm(i.target.value),
        cagr: tidy(cagr(i.baseline.value, i.target.value, years.target - years.baseline)),
        comparator: i.comparator,
        source: i.source,
        source_lines: `${i.sourceLines[0]}-${i.sourceLines[1]}`,
        note: '',
        flagged: false,
        notes,
        flags,
        level: plan.meta.level,
        region: plan.meta.region,
      });
    }
  }
  // Order of magnitude: the same metric in a related plan (same region). A share (%) cannot
  // legitimately differ tenfold; a count or amount of a district can be far below its city's,
  // but not ten times above it.
  const RANK: Record<string, number> = { national: 0, province: 1, city: 2, district: 3, 'high-tech-zone': 3 };
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    if (!r.metric || r.unit_normalized === null) continue;
    const key = `${r.metric}\u0000${r.region}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) for (const a of group) {
    const va = a.target_normalized ?? a.baseline_normalized;
    if (va === null || va <= 0) continue;
    for (const b of group) {
      if (b.plan === a.plan) continue;
      const vb = b.target_normalized ?? b.baseline_normalized;
      if (vb === null || vb <= 0) continue;
      const ratio = va / vb;
      const [ra, rb] = [RANK[a.level] ?? 9, RANK[b.level] ?? 9];
      const tenfold = ratio >= 10 || ratio <= 0.1;
      const suspicious = a.unit_normalized === '%' || ra === rb ? tenfold : ra > rb && ratio >= 10;
      if (suspicious) {
        a.flags.push(`数量级存疑 order of magnitude: ${a.target_normalized !== null ? a.target_raw : a.baseline_raw}${a.unit ?? ''}（${va} ${a.unit_normalized}）与 ${b.plan} 的 ${b.target_normalized !== null ? b.target_raw : b.baseline_raw}${b.unit ?? ''}（${vb} ${b.unit_normalized}）相差 ${ratio >= 1 ? Math.round(ratio) : `1/${Math.round(1 / ratio)}`} 倍`);
      }
    }
  }
  return rows.map(({ notes, flags, level: _l, region: _r, ...r }) => ({ ...r, note: [...flags, ...notes].join('；'), flagged: flags.length > 0 }));
}

/** CSV columns, in order (documented in the README and on /indicators/). */
export const CSV_COLUMNS = [
  'plan', 'table', 'row', 'category', 'indicator', 'unit', 'baseline_raw', 'baseline', 'target_raw', 'target', 'attribute',
  'metric', 'unit_normalized', 'baseline_normalized', 'target_normalized', 'cagr', 'source', 'source_lines', 'note',
] as const;

/** The indicator index: the metrics with the plans that report them, and every row. */
export function indicatorsIndex(plans: PlanDoc[], metrics: MetricDef[], review?: ReviewCheck): IndicatorsIndex {
  const rows = indicatorRows(plans, metrics, review);
  return {
    schemaVersion: 1,
    columns: [...CSV_COLUMNS],
    metrics: metrics.map((m) => ({
      id: m.id,
      zh: m.zh,
      en: m.en,
      unit: m.unit,
      definition: m.definition,
      definitionEn: m.definitionEn,
      related: m.related,
      tags: m.tags,
      comparability: m.comparability ?? null,
      plans: [...new Set(rows.filter((r) => r.metric === m.id).map((r) => r.plan))],
    })),
    rows,
  };
}
