import type { APIRoute } from 'astro';
import { csvFormatRow } from 'd3';
import { directionCells, pairOf, reuseJson, sectionPath } from '../../lib/reuse';
import { REUSE_CSV_COLUMNS } from '../../lib/reuse-format.ts';
import { planUrl } from '../../lib/plans';

// One row per shared span (formulas included, marked), texts as printed. UTF-8 with a byte-order
// mark so that Excel opens the Chinese text correctly; CRLF between records (RFC 4180). Columns
// are documented on /reuse/#columns (REUSE_CSV_COLUMNS).
export const GET: APIRoute = ({ site }) => {
  const abs = (path: string) => (site ? new URL(path, site).href : path);
  const columns = REUSE_CSV_COLUMNS.map(([c]) => c);
  const rows = reuseJson().spans.map((s) => {
    const cells: Record<string, string> = {
      id: s.id,
      plan_a: s.a.plan,
      anchor_a: s.a.passage,
      section_a: sectionPath(s.a.plan, s.a.passage),
      text_a: s.a.text,
      plan_b: s.b.plan,
      anchor_b: s.b.passage,
      section_b: sectionPath(s.b.plan, s.b.passage),
      text_b: s.b.text,
      length: String(s.length),
      identity: String(s.identity),
      plans: String(s.plans),
      formula: String(s.formula),
      formula_by: s.formulaBy ?? '',
      weight: String(s.weight),
      ...directionCells(pairOf(s.a.plan, s.b.plan)),
      url_a: abs(planUrl(s.a.plan, s.a.passage)),
      url_b: abs(planUrl(s.b.plan, s.b.passage)),
    };
    return csvFormatRow(columns.map((c) => cells[c]));
  });
  const lines = [csvFormatRow(columns), ...rows];
  return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
