import type { APIRoute, GetStaticPaths } from 'astro';
import { bandPartners } from '../../../../lib/reuse';
import { allPlans } from '../../../../lib/plans';

// Per plan, the plans it shares substantive wording with: the compare view's band asks only for the
// chosen plans' partners, then fetches only the pair files that exist (/data/reuse/<a>--<b>.json).
export const getStaticPaths: GetStaticPaths = () => allPlans().map((p) => ({ params: { slug: p.meta.slug } }));

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify({ schemaVersion: 1, plan: params.slug, partners: bandPartners(params.slug!) }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
