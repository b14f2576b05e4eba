/** The indicator index written by the ingest step (metrics, rows), and helpers for pages. */
import type { IndicatorsIndex, MetricSummary } from '../ingest/schema.ts';
import index from '@plan-content/index/indicators.json';
import { withBase } from './plans';

const data = index as IndicatorsIndex;
export type IndicatorRow = IndicatorsIndex['rows'][number];

export function indicatorsJson(): IndicatorsIndex {
  return data;
}
/** Metrics that at least one plan reports, in the authored order. */
export function reportedMetrics(): MetricSummary[] {
  return data.metrics.filter((m) => m.plans.length > 0);
}
const metricsById = new Map(data.metrics.map((m) => [m.id, m]));
export function metricById(id: string): MetricSummary | undefined {
  return metricsById.get(id);
}
export function rowsFor(metric: string): IndicatorRow[] {
  return data.rows.filter((r) => r.metric === metric);
}
export function planSpecificRows(): IndicatorRow[] {
  return data.rows.filter((r) => r.metric === null);
}
/** The metric of one indicator (by plan and indicator id), for the reader's links. */
const metricOfRow = new Map(data.rows.map((r) => [`${r.plan}#${r.id}`, r.metric]));
export function metricOf(plan: string, id: string): MetricSummary | undefined {
  const metric = metricOfRow.get(`${plan}#${id}`);
  return metric ? metricById(metric) : undefined;
}
export function metricUrl(id: string): string {
  return withBase(`/indicators/${id}/`);
}
/** "+4.2%/年" style growth label. */
export function pctLabel(x: number | null, digits = 1): string {
  return x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;
}
/** A normalised value for display: up to 4 significant digits, thousands separated. */
export function num(x: number | null): string {
  if (x === null) return '—';
  return Number(x.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}
