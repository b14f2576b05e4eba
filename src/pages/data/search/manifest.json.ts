import type { APIRoute } from 'astro';
import { searchIndex } from '../../../lib/search';

export const GET: APIRoute = () => new Response(JSON.stringify(searchIndex().manifest), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
