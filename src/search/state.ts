/**
 * The search page's whole state lives in its URL: `/search/?q=…&plan=a,b&tag=…&level=…`.
 * Lists may be comma-separated or repeated (`plan=a&plan=b`); the canonical form is comma-separated,
 * in the order q, plan, tag, level, with empty parameters left out.
 */
import type { Filters } from './engine.ts';

export interface SearchState extends Filters {
  q: string;
}

const list = (p: URLSearchParams, name: string): string[] => {
  const out: string[] = [];
  for (const v of p.getAll(name)) for (const x of v.split(',')) if (x.trim() && !out.includes(x.trim())) out.push(x.trim());
  return out;
};

export function readState(search: string | URLSearchParams): SearchState {
  const p = typeof search === 'string' ? new URLSearchParams(search) : search;
  return { q: p.get('q') ?? '', plans: list(p, 'plan'), tags: list(p, 'tag'), levels: list(p, 'level') };
}

export function writeState(s: SearchState): string {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q);
  if (s.plans.length) p.set('plan', s.plans.join(','));
  if (s.tags.length) p.set('tag', s.tags.join(','));
  if (s.levels.length) p.set('level', s.levels.join(','));
  const q = p.toString();
  return q ? `?${q}` : '';
}

/** The reader URL of a hit: the passage anchor, with the matched strings to highlight there. */
export function readerUrl(base: string, slug: string, anchor: string, highlights: string[]): string {
  const p = new URLSearchParams();
  for (const h of highlights) p.append('hl', h);
  const q = p.toString();
  return `${base.replace(/\/?$/, '/')}plans/${slug}/${q ? `?${q}` : ''}#${anchor}`;
}
