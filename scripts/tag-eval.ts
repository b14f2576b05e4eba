/**
 * Tagger evaluation against the hand labels in content/tags-eval/ (see its README).
 * `npm run eval:tags` prints precision and recall per tag on the held-out test split, with the
 * labellers' agreement (Cohen's kappa), and on the tuning set; `--errors` lists every miss,
 * `--tuning` / `--test` print one split only. tests/unit/tags-eval.test.ts holds the thresholds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { ingestDoc } from '../src/ingest/pipeline.ts';
import { readDocument } from '../src/ingest/read/index.ts';
import { agreement, type Agreement, evaluate, type EvalReport, loadLabelDir, type Labelled } from '../src/ingest/evaluation.ts';
import { ROOT, TAGS_EVAL_DIR } from '../src/ingest/paths.ts';
import type { PlanDoc } from '../src/ingest/schema.ts';
import { createTagger, explainPassage, type Tagger } from '../src/ingest/tags.ts';
import { loadTaxonomy, type TagDef } from '../src/ingest/taxonomy.ts';

export type { EvalReport, Labelled };
/** The set the tagger was tuned on (306 passages, frozen). */
export const TUNING_DIR = join(TAGS_EVAL_DIR, 'tuning');
/** The held-out test split: every other passage of the seeds, labelled twice, blind. */
export const TEST_DIR = join(TAGS_EVAL_DIR, 'test');

/**
 * A second blind set, labelled after the rules were revised from the test split's first score:
 * documents of ../shared/corpus/ (read in place, never copied here; a clone without ../shared skips it).
 */
export const FRESH_DIR = join(TAGS_EVAL_DIR, 'fresh');
export const CORPUS_DIR = join(ROOT, '../shared/corpus');

export const loadLabels = (dir = TUNING_DIR): Labelled[] => loadLabelDir(dir, dir.slice(ROOT.length + 1));

/**
 * The corpus documents the fresh set labels, ingested and tagged: each label file's `plan` is a
 * document's file name without its extension (a text form preferred to a DOCX or PDF of the same
 * document). Null when ../shared/corpus is not here.
 */
export async function freshPlans(tagger: Tagger | undefined, slugs: string[]): Promise<PlanDoc[] | null> {
  if (!existsSync(CORPUS_DIR)) return null;
  const files = readdirSync(CORPUS_DIR);
  const out: PlanDoc[] = [];
  for (const slug of [...new Set(slugs)].sort()) {
    const file = ['.txt', '.md', '.html', '.docx', '.pdf'].map((ext) => slug + ext).find((f) => files.includes(f));
    if (!file) throw new Error(`${FRESH_DIR}: no document ${slug}.* in ${CORPUS_DIR}`);
    const doc = await readDocument(new Uint8Array(readFileSync(join(CORPUS_DIR, file))), `corpus/${file}`);
    const meta = { title: slug, titleEn: slug, issuer: null, level: 'national', region: '全国', period: '2021–2025', docNumber: null, issued: null, sourceType: 'plan' } as const;
    out.push(ingestDoc(doc, { slug, file: `corpus/${file}`, meta, ...(tagger ? { tagger } : {}) }));
  }
  return out;
}

export interface SeedEvaluation {
  taxonomy: TagDef[];
  plans: PlanDoc[];
  tuning: EvalReport;
  test: EvalReport;
  agreement: Agreement[];
  tagger: Tagger;
  /** The fresh blind set on corpus documents; null without ../shared/corpus or without labels. */
  fresh: { plans: PlanDoc[]; report: EvalReport; agreement: Agreement[] } | null;
}

/** Ingest the seeds with the repository's taxonomy and evaluate against both label sets. */
export async function evaluateSeeds(): Promise<SeedEvaluation> {
  const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
  const tagger = createTagger(taxonomy);
  const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger);
  const test = loadLabels(TEST_DIR);
  const freshLabels = loadLabels(FRESH_DIR);
  const fp = freshLabels.length ? await freshPlans(tagger, freshLabels.map((l) => l.plan)) : null;
  const fresh = fp ? { plans: fp, report: evaluate(fp, taxonomy, freshLabels), agreement: agreement(freshLabels, taxonomy) } : null;
  return { taxonomy, plans, tagger, fresh, tuning: evaluate(plans, taxonomy, loadLabels(TUNING_DIR)), test: evaluate(plans, taxonomy, test), agreement: agreement(test, taxonomy) };
}

/** "plan#id" → why the tagger leaves it out of `tag` (the rule's kind and terms), for the error lists. */
export function missReason(e: Pick<SeedEvaluation, 'plans' | 'tagger' | 'fresh'>): (key: string, tag: string) => string {
  return (key, tag) => {
    const [slug, id] = key.split('#');
    const plan = [...e.plans, ...(e.fresh?.plans ?? [])].find((p) => p.meta.slug === slug);
    const x = plan && explainPassage(plan, id, tag, e.tagger);
    return x ? [x.kind, ...x.terms].join(' ') : 'unknown passage';
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

export function formatReport(name: string, r: EvalReport, agree?: Agreement[], withErrors = false, why?: (key: string, tag: string) => string): string {
  const bySelection = Object.entries(Object.groupBy(r.labelled, (l) => l.selection)).map(([k, v]) => `${v!.length} ${k}`).join(', ');
  const lines = [
    `${name}: ${r.labelled.length} hand-labelled passages from ${new Set(r.labelled.map((l) => l.plan)).size} plans (${bySelection})`,
    '',
    `${'tag'.padEnd(32)} ${'gold'.padStart(5)} ${'tagged'.padStart(6)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} precision  recall${agree ? '   kappa' : ''}`,
  ];
  for (const s of r.scores) {
    const def = r.taxonomy.find((t) => t.id === s.tag)!;
    const mark = def.requested ? ' *' : def.experimental ? ' (exp.)' : '';
    const k = agree?.find((a) => a.tag === s.tag)?.kappa;
    lines.push(
      `${(s.tag + mark).padEnd(32)} ${String(s.tp + s.fn).padStart(5)} ${String(s.tp + s.fp).padStart(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${pct(s.precision)}  ${pct(s.recall)}${agree ? `   ${k === null || k === undefined ? '  —' : k.toFixed(2).padStart(5)}` : ''}`,
    );
    if (withErrors) {
      if (s.falsePositives.length) lines.push(`    FP: ${s.falsePositives.join(' ')}`);
      if (s.falseNegatives.length) lines.push(`    FN: ${s.falseNegatives.map((k) => (why ? `${k} (${why(k, s.tag)})` : k)).join(' ')}`);
    }
  }
  const sum = (k: 'tp' | 'fp' | 'fn') => r.scores.reduce((a, s) => a + s[k], 0);
  const [tp, fp, fn] = [sum('tp'), sum('fp'), sum('fn')];
  lines.push('', `micro-average: precision ${pct(tp / (tp + fp))}, recall ${pct(tp / (tp + fn))}   (* = requested topic: precision ≥ 90%, recall ≥ 85%; other topics ≥ 85% / 85% unless experimental)`);
  if (r.problems.length) lines.push('', 'label problems:', ...r.problems.map((p) => `  ${p}`));
  return lines.join('\n');
}

if (import.meta.main) {
  const e = await evaluateSeeds();
  const errors = process.argv.includes('--errors');
  const out: string[] = [];
  const why = missReason(e);
  if (!process.argv.includes('--tuning')) out.push(formatReport('Test split (held out)', e.test, e.agreement, errors, why));
  if (!process.argv.includes('--test')) out.push(formatReport('Tuning set', e.tuning, undefined, errors, why));
  if (e.fresh && !process.argv.includes('--tuning') && !process.argv.includes('--test')) out.push(formatReport('Fresh blind set (corpus documents)', e.fresh.report, e.fresh.agreement, errors, why));
  else if (!e.fresh) out.push(`fresh blind set skipped: ${existsSync(CORPUS_DIR) ? 'no labels' : `${CORPUS_DIR} is not here`}`);
  console.log(out.join('\n\n'));
}
