import type { APIRoute } from 'astro';
import { reuseJson } from '../../lib/reuse';

// The shared-wording index as the ingest step wrote it (ReuseIndex in src/ingest/schema.ts).
export const GET: APIRoute = () => new Response(JSON.stringify(reuseJson()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
