import type { APIRoute, GetStaticPaths } from 'astro';
import { bandData, bandPairs } from '../../../lib/reuse';

// One small file per plan pair (a < b) with substantive shared wording: the compare view's reuse band fetches only the pairs it shows.
export const getStaticPaths: GetStaticPaths = () => bandPairs().map(([a, b]) => ({ params: { pair: `${a}--${b}` }, props: { a, b } }));

export const GET: APIRoute = ({ props }) => {
  const { a, b } = props as { a: string; b: string };
  return new Response(JSON.stringify(bandData(a, b)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
