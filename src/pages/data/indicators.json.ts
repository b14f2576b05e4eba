import type { APIRoute } from 'astro';
import { indicatorsJson } from '../../lib/indicators';

export const GET: APIRoute = () => new Response(JSON.stringify(indicatorsJson()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
