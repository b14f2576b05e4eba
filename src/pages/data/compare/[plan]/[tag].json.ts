import type { APIRoute, GetStaticPaths } from 'astro';
import { cellFor } from '../../../../lib/compare';
import { allPlans } from '../../../../lib/plans';
import { allTags } from '../../../../lib/tags';

// One small file per plan and topic: the compare pickers fetch only the cells they show.
export const getStaticPaths: GetStaticPaths = () =>
  allPlans().flatMap((plan) => allTags().map((tag) => ({ params: { plan: plan.meta.slug, tag: tag.id } })));

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(cellFor(params.plan!, params.tag!)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
