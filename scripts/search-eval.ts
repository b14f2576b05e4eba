/**
 * Search relevance on the hand-labelled set (tests/fixtures/search-eval/, see its README):
 * recall@10 per query (share of the must-find units in the top 10 over all plans), and for
 * single-term queries whether the first result is an exact match.
 *
 *   npm run eval:search            the summary and every query below 1.0
 *   npm run eval:search -- --all   every query with its top 10
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../src/ingest/paths.ts';
import { loadEngine, searchCorpus, type SearchCorpus } from '../src/search/corpus.ts';
import type { SearchEngine, SearchResult } from '../src/search/engine.ts';

export const EVAL_FILE = join(ROOT, 'tests/fixtures/search-eval/queries.yaml');
export const K = 10;

export interface EvalQuery {
  q: string;
  kind: 'single' | 'and' | 'phrase' | 'trad' | 'typo' | 'fullwidth' | 'tag';
  tag?: string;
  intended?: string;
  must: Array<{ plan: string; id: string; excerpt: string; why: string }>;
}

export interface QueryScore {
  query: EvalQuery;
  recall: number;
  found: number;
  missing: string[];
  /** null when the query has more than one term or is a typo (fuzzy by design). */
  firstExact: boolean | null;
  mode: SearchResult['mode'];
  top: string[];
}

export interface SearchReport {
  queries: QueryScore[];
  meanRecall: number;
  firstExactRate: number;
  /** Labels whose unit is not in the index, or whose text no longer starts with the excerpt. */
  problems: string[];
}

export function loadQueries(file = EVAL_FILE): EvalQuery[] {
  return (parse(readFileSync(file, 'utf8')) as { queries: EvalQuery[] }).queries;
}

function firstIsExact(engine: SearchEngine, r: SearchResult): boolean {
  const hit = r.hits[0];
  if (!hit || r.mode !== 'exact' || r.terms.length !== 1) return false;
  const t = r.terms[0];
  const text = engine.fold(engine.text(hit));
  if (t.kind === 'tag') return engine.tags(hit).includes(engine.manifest.tags[t.tag].id) || text.includes(t.folded);
  return text.includes(t.folded);
}

export function evaluate(engine: SearchEngine, queries: EvalQuery[]): SearchReport {
  const problems: string[] = [];
  const known = new Map<string, string>();
  // Every unit's text by plan#anchor, to check the labels still point where they were written.
  engine.plans.forEach((p, plan) => {
    for (let doc = 0; doc < engine.size(plan); doc++) known.set(`${p.slug}#${engine.anchor({ plan, doc })}`, engine.text({ plan, doc }));
  });
  const scores = queries.map((query): QueryScore => {
    for (const m of query.must) {
      const text = known.get(`${m.plan}#${m.id}`);
      if (text === undefined) problems.push(`${query.q}: ${m.plan}#${m.id} is not in the index`);
      // (a heading's text starts with its numbering label, which excerpts leave out)
      else if (!text.startsWith(m.excerpt) && !text.includes(` ${m.excerpt}`) && !text.replace(/^\S+?[、．.]/, '').startsWith(m.excerpt)) problems.push(`${query.q}: ${m.plan}#${m.id} no longer starts with "${m.excerpt}"`);
    }
    const r = engine.search(query.q);
    const top = r.hits.slice(0, K).map((h) => `${engine.plans[h.plan].slug}#${engine.anchor(h)}`);
    const missing = query.must.map((m) => `${m.plan}#${m.id}`).filter((x) => !top.includes(x));
    const single = r.terms.length === 1 && query.kind !== 'typo';
    return {
      query,
      recall: (query.must.length - missing.length) / query.must.length,
      found: query.must.length - missing.length,
      missing,
      firstExact: single ? firstIsExact(engine, r) : null,
      mode: r.mode,
      top,
    };
  });
  const singles = scores.filter((s) => s.firstExact !== null);
  return {
    queries: scores,
    meanRecall: scores.reduce((n, s) => n + s.recall, 0) / scores.length,
    firstExactRate: singles.filter((s) => s.firstExact).length / singles.length,
    problems,
  };
}

export async function evaluateSeeds(): Promise<{ report: SearchReport; corpus: SearchCorpus; engine: SearchEngine }> {
  const corpus = await searchCorpus(join(ROOT, 'seeds'), join(ROOT, 'content/tags'));
  const engine = loadEngine(corpus);
  return { report: evaluate(engine, loadQueries()), corpus, engine };
}

export function formatReport(r: SearchReport, all = false): string {
  const kinds = [...new Set(r.queries.map((s) => s.query.kind))];
  const lines = [
    `Search relevance: ${r.queries.length} queries, ${r.queries.reduce((n, s) => n + s.query.must.length, 0)} must-find units`,
    `mean recall@${K}: ${r.meanRecall.toFixed(3)}   first result exact (single-term): ${(r.firstExactRate * 100).toFixed(1)}%`,
    '',
    '| kind | queries | recall@10 |',
    '|---|---|---|',
    ...kinds.map((k) => {
      const qs = r.queries.filter((s) => s.query.kind === k);
      return `| ${k} | ${qs.length} | ${(qs.reduce((n, s) => n + s.recall, 0) / qs.length).toFixed(3)} |`;
    }),
    '',
  ];
  for (const s of r.queries) {
    if (!all && s.recall === 1 && s.firstExact !== false) continue;
    lines.push(`${s.query.q} [${s.query.kind}, ${s.mode}] recall ${s.found}/${s.query.must.length}${s.firstExact === false ? ' FIRST NOT EXACT' : ''}`);
    for (const m of s.missing) lines.push(`  missing ${m}`);
    if (all || s.missing.length) for (const [k, t] of s.top.entries()) lines.push(`  ${k + 1}. ${t}`);
  }
  if (r.problems.length) lines.push('', 'Label problems:', ...r.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { report } = await evaluateSeeds();
  console.log(formatReport(report, process.argv.includes('--all')));
}
