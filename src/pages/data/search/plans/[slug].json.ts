import type { APIRoute, GetStaticPaths } from 'astro';
import { allPlans } from '../../../../lib/plans';
import { searchIndex } from '../../../../lib/search';

export const getStaticPaths: GetStaticPaths = () => allPlans().map((plan) => ({ params: { slug: plan.meta.slug } }));

export const GET: APIRoute = ({ params }) =>
  new Response(searchIndex().shards.get(params.slug!)!.json, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
