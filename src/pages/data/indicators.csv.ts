import type { APIRoute } from 'astro';
import { csvFormatRow } from 'd3';
import { indicatorsJson } from '../../lib/indicators';

// UTF-8 with a byte-order mark so that Excel opens the Chinese text correctly; CRLF between
// records (RFC 4180). An empty cell is null. Columns are documented on /indicators/ and in the README.
export const GET: APIRoute = () => {
  const { columns, rows } = indicatorsJson();
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const lines = [csvFormatRow(columns), ...rows.map((r) => csvFormatRow(columns.map((c) => cell((r as Record<string, unknown>)[c]))))];
  return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
