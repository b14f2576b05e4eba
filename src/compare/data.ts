/**
 * The compare view's data: one cell per plan and topic — the plan's passages on the topic in
 * document order (snippet, breadcrumb, anchor) and the plan's indicator rows for the metrics that
 * measure the topic. Pure: the page renders the default view from it at build time, and the same
 * cells are published as `/data/compare/<plan>/<tag>.json` for the pickers to fetch, so choosing
 * plans costs a few small files whatever the size of the corpus.
 */
import { taggedPassages, type PassageKind } from '../ingest/passages.ts';
import type { IndicatorsIndex, MetricSummary, PlanDoc } from '../ingest/schema.ts';
import { snippet } from '../text/spans.ts';

export const SNIPPET_CHARS = 120;

export interface CompareHit {
  anchor: string;
  kind: PassageKind;
  /** Headings from the chapter down to the passage's section, as printed. */
  section: string[];
  score: number;
  /** The snippet's text as printed, alternating plain and marked (even index plain, odd marked). */
  snippet: string[];
  /** Whether the snippet was cut before / after the passage's text. */
  cut: [boolean, boolean];
}

export interface CompareIndicator {
  id: string;
  anchor: string;
  metric: string;
  metricZh: string;
  metricEn: string;
  /** The indicator's name, figures and unit as printed. */
  indicator: string;
  comparator: string | null;
  baseline_raw: string;
  target_raw: string;
  unit: string | null;
  source: 'table' | 'prose';
  flagged: boolean;
  note: string;
}

export interface CompareCell {
  schemaVersion: 1;
  plan: string;
  tag: string;
  /** All of the plan's passages (the denominator shown next to the count). */
  planPassages: number;
  passages: CompareHit[];
  indicators: CompareIndicator[];
}

type IndicatorRow = IndicatorsIndex['rows'][number];

export function compareCell(plan: PlanDoc, tag: string, metrics: MetricSummary[], rows: IndicatorRow[]): CompareCell {
  const hits = (taggedPassages(plan).get(tag) ?? []).map((p): CompareHit => {
    const s = snippet(p.text, p.spans, SNIPPET_CHARS, 24);
    // Alternate plain/marked: a marked part first gets an empty plain part before it.
    const parts: string[] = [];
    for (const part of s.parts) {
      if (part.mark !== (parts.length % 2 === 1)) parts.push('');
      parts.push(part.text);
    }
    return { anchor: p.id, kind: p.kind, section: p.breadcrumb, score: p.score, snippet: parts, cut: [s.cutStart, s.cutEnd] };
  });
  const measuring = new Map(metrics.filter((m) => m.tags.includes(tag)).map((m, k) => [m.id, { m, k }]));
  const indicators = rows
    .filter((r) => r.plan === plan.meta.slug && r.metric !== null && measuring.has(r.metric))
    // Metrics in their authored order, each metric's rows in document order.
    .map((r, k) => ({ r, k, order: measuring.get(r.metric!)!.k }))
    .sort((a, b) => a.order - b.order || a.k - b.k)
    .map(({ r }): CompareIndicator => {
      const m = measuring.get(r.metric!)!.m;
      return {
        id: r.id,
        anchor: r.anchor,
        metric: m.id,
        metricZh: m.zh,
        metricEn: m.en,
        indicator: r.indicator,
        comparator: r.comparator,
        baseline_raw: r.baseline_raw,
        target_raw: r.target_raw,
        unit: r.unit,
        source: r.source,
        flagged: r.flagged,
        note: r.note,
      };
    });
  return { schemaVersion: 1, plan: plan.meta.slug, tag, planPassages: plan.counts.passages, passages: hits, indicators };
}
