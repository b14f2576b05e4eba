/**
 * Tagger evaluation against the hand-labelled set in tests/fixtures/tags-eval/ (see its README).
 * `npm run eval:tags` prints precision and recall per tag (add `--errors` to list every miss);
 * tests/unit/tags-eval.test.ts holds the requested tags to their thresholds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { passageRecords, passages } from '../src/ingest/passages.ts';
import { ROOT } from '../src/ingest/paths.ts';
import type { PlanDoc } from '../src/ingest/schema.ts';
import { createTagger } from '../src/ingest/tags.ts';
import { loadTaxonomy, type TagDef } from '../src/ingest/taxonomy.ts';

export const EVAL_DIR = join(ROOT, 'tests/fixtures/tags-eval');

export interface Labelled {
  plan: string;
  id: string;
  selection: 'random' | 'search';
  excerpt: string;
  tags: string[];
  why: string;
}

export interface TagScore {
  tag: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** Passages wrongly tagged / missed, as "plan#id". */
  falsePositives: string[];
  falseNegatives: string[];
}

export interface EvalReport {
  taxonomy: TagDef[];
  labelled: Labelled[];
  /** Problems with the labels themselves (unknown plan, id, tag, or an excerpt that no longer matches). */
  problems: string[];
  scores: TagScore[];
}

export function loadLabels(dir = EVAL_DIR): Labelled[] {
  const out: Labelled[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as { plan: string; passages: Omit<Labelled, 'plan'>[] };
    for (const p of doc.passages) out.push({ ...p, plan: doc.plan, tags: p.tags ?? [], excerpt: String(p.excerpt) });
  }
  return out;
}

export function evaluate(plans: PlanDoc[], taxonomy: TagDef[], labelled: Labelled[]): EvalReport {
  const problems: string[] = [];
  const predicted = new Map<string, Set<string>>();
  const texts = new Map<string, string>();
  for (const plan of plans) {
    const tagsOf = new Map(passageRecords(plan.blocks).map((x) => [x.id, x.tags.map((t) => t.tag)]));
    for (const p of passages(plan)) {
      predicted.set(`${plan.meta.slug}#${p.id}`, new Set(tagsOf.get(p.id)));
      texts.set(`${plan.meta.slug}#${p.id}`, p.text);
    }
  }
  const ids = new Set(taxonomy.map((t) => t.id));
  const seen = new Set<string>();
  const usable: Labelled[] = [];
  for (const l of labelled) {
    const key = `${l.plan}#${l.id}`;
    if (seen.has(key)) problems.push(`${key}: labelled twice`);
    seen.add(key);
    const text = texts.get(key);
    if (text === undefined) {
      problems.push(`${key}: no such passage`);
      continue;
    }
    if (!text.startsWith(l.excerpt)) problems.push(`${key}: excerpt "${l.excerpt}" no longer matches the passage ("${text.slice(0, 20)}")`);
    for (const t of l.tags) if (!ids.has(t)) problems.push(`${key}: unknown tag "${t}"`);
    usable.push(l);
  }
  const scores = taxonomy.map((t) => {
    const s: TagScore = { tag: t.id, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, falsePositives: [], falseNegatives: [] };
    for (const l of usable) {
      const key = `${l.plan}#${l.id}`;
      const gold = l.tags.includes(t.id);
      const got = predicted.get(key)!.has(t.id);
      if (gold && got) s.tp++;
      else if (got) (s.fp++, s.falsePositives.push(key));
      else if (gold) (s.fn++, s.falseNegatives.push(key));
    }
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
    return s;
  });
  return { taxonomy, labelled, problems, scores };
}

/** Ingest the seeds with the repository's taxonomy and evaluate against the labels. */
export async function evaluateSeeds(): Promise<EvalReport> {
  const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
  const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', createTagger(taxonomy));
  return evaluate(plans, taxonomy, loadLabels());
}

export function formatReport(r: EvalReport, withErrors = false): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const lines = [
    `Tagger evaluation: ${r.labelled.length} hand-labelled passages from ${new Set(r.labelled.map((l) => l.plan)).size} plans (${r.labelled.filter((l) => l.selection === 'random').length} random, ${r.labelled.filter((l) => l.selection === 'search').length} search)`,
    '',
    `${'tag'.padEnd(26)} ${'gold'.padStart(5)} ${'tagged'.padStart(6)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} precision  recall`,
  ];
  for (const s of r.scores) {
    const req = r.taxonomy.find((t) => t.id === s.tag)?.requested ? ' *' : '';
    lines.push(`${(s.tag + req).padEnd(26)} ${String(s.tp + s.fn).padStart(5)} ${String(s.tp + s.fp).padStart(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${pct(s.precision)}  ${pct(s.recall)}`);
    if (withErrors) {
      if (s.falsePositives.length) lines.push(`    FP: ${s.falsePositives.join(' ')}`);
      if (s.falseNegatives.length) lines.push(`    FN: ${s.falseNegatives.join(' ')}`);
    }
  }
  const sum = (k: 'tp' | 'fp' | 'fn') => r.scores.reduce((a, s) => a + s[k], 0);
  const [tp, fp, fn] = [sum('tp'), sum('fp'), sum('fn')];
  lines.push('', `micro-average: precision ${pct(tp / (tp + fp))}, recall ${pct(tp / (tp + fn))}   (* = requested topic: precision ≥ 90%, recall ≥ 85%)`);
  if (r.problems.length) lines.push('', 'label problems:', ...r.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

if (import.meta.main) console.log(formatReport(await evaluateSeeds(), process.argv.includes('--errors')));
