import type { APIRoute } from 'astro';
import type { PlansIndex } from '../../ingest/schema.ts';
import { allPlans } from '../../lib/plans';

export const GET: APIRoute = () => {
  const index: PlansIndex = { schemaVersion: 1, plans: allPlans().map((p) => ({ meta: p.meta, counts: p.counts, coverage: p.coverage.ratio })) };
  return new Response(JSON.stringify(index, null, 1), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
