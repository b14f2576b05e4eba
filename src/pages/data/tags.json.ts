import type { APIRoute } from 'astro';
import { tagsJson } from '../../lib/tags';

export const GET: APIRoute = () => new Response(JSON.stringify(tagsJson()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
