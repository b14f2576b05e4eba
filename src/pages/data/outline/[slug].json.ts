import type { APIRoute, GetStaticPaths } from 'astro';
import { profilesFor } from '../../../lib/outline';
import { allPlans } from '../../../lib/plans';

// Section profiles per plan: what /compare/outline/ aligns in the browser for any pair.
export const getStaticPaths: GetStaticPaths = () => allPlans().map((plan) => ({ params: { slug: plan.meta.slug } }));

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(profilesFor(params.slug!)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
