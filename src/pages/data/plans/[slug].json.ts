import type { APIRoute, GetStaticPaths } from 'astro';
import type { PlanDoc } from '../../../ingest/schema.ts';
import { allPlans } from '../../../lib/plans';

export const getStaticPaths: GetStaticPaths = () => allPlans().map((plan) => ({ params: { slug: plan.meta.slug }, props: { plan } }));

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify((props as { plan: PlanDoc }).plan), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
