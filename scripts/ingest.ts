/**
 * Build step 1: seeds/ → content/plans/ (model JSON + MDX page per plan, and the corpus-wide
 * tag and indicator indexes in content/plans/index/).
 * Every plan is ingested on its own. Bad input is reported with its file (and line); the other
 * plans are still written, and the command exits non-zero so a build never hides a dropped plan.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { join } from 'node:path';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { IngestError } from '../src/ingest/errors.ts';
import { agreement, evaluate, type Labelled, loadLabelDir, tagEvaluations } from '../src/ingest/evaluation.ts';
import { indicatorsIndex, type MetricDef, parseMetrics, reviewFromText } from '../src/ingest/metrics.ts';
import { CONTENT_DIR, FORMULAS_FILE, METRICS_FILE, ROOT, SEEDS_DIR, TAGS_DIR, TAGS_EVAL_DIR } from '../src/ingest/paths.ts';
import { createTagger, explainPassage, tagsIndex } from '../src/ingest/tags.ts';
import { loadTaxonomy, type TagDef } from '../src/ingest/taxonomy.ts';
import { writeContent } from '../src/ingest/write.ts';
import { parseFormulas, reuseIndex } from '../src/reuse/index.ts';

const t0 = performance.now();
// A broken taxonomy file is reported like a broken plan: the plans are still written (untagged)
// and the command fails.
let taxonomy: TagDef[] = [];
const errors: IngestError[] = [];
try {
  taxonomy = loadTaxonomy(TAGS_DIR, relative(ROOT, TAGS_DIR));
} catch (e) {
  if (!(e instanceof IngestError)) throw e;
  errors.push(e);
}
// Likewise a broken metrics file: indicator rows are still listed, mapped to no metric.
let metrics: MetricDef[] = [];
try {
  metrics = parseMetrics(readFileSync(METRICS_FILE, 'utf8'), relative(ROOT, METRICS_FILE), taxonomy.length ? new Set(taxonomy.map((t) => t.id)) : undefined);
} catch (e) {
  if (e instanceof IngestError) errors.push(e);
  else if ((e as NodeJS.ErrnoException).code === 'ENOENT') errors.push(new IngestError(relative(ROOT, METRICS_FILE), 'metrics file not found'));
  else throw e;
}
const tagger = taxonomy.length ? createTagger(taxonomy) : undefined;
const corpus = await ingestCorpus(SEEDS_DIR, relative(ROOT, SEEDS_DIR) || '.', tagger);
const plans = corpus.plans;
errors.push(...corpus.errors);
// The topic pages show each topic's figures on the held-out test split (for the plans labelled there).
let testLabels: Labelled[] = [];
let tuningLabels: Labelled[] = [];
try {
  testLabels = loadLabelDir(join(TAGS_EVAL_DIR, 'test'), relative(ROOT, join(TAGS_EVAL_DIR, 'test')));
  tuningLabels = loadLabelDir(join(TAGS_EVAL_DIR, 'tuning'), relative(ROOT, join(TAGS_EVAL_DIR, 'tuning')));
} catch (e) {
  if (!(e instanceof IngestError)) throw e;
  errors.push(e);
}
// Without a taxonomy (a broken tag file is reported below) there is nothing to evaluate.
const report = evaluate(plans, taxonomy, taxonomy.length ? testLabels : []);
for (const p of report.problems.slice(0, 10)) console.warn(`  warning: tag evaluation label ${p} (left out of the figures)`);
if (report.problems.length > 10) console.warn(`  warning: … and ${report.problems.length - 10} more tag evaluation label problems (npm run eval:tags lists them)`);
const planBySlug = new Map(plans.map((p) => [p.meta.slug, p]));
const evaluations =
  report.labelled.length && tagger
    ? tagEvaluations(
        report,
        agreement(report.labelled, taxonomy),
        (plan, id, tag) => explainPassage(planBySlug.get(plan)!, id, tag, tagger)!,
        evaluate(plans, taxonomy, [...report.labelled, ...tuningLabels]),
      )
    : {};
// Shared wording between plans; a broken formulas file is reported, and reuse is still found
// (with no authored formulas).
let formulas: string[] = [];
try {
  formulas = parseFormulas(readFileSync(FORMULAS_FILE, 'utf8'), relative(ROOT, FORMULAS_FILE)).map((f) => f.text);
} catch (e) {
  if (e instanceof IngestError) errors.push(e);
  else if ((e as NodeJS.ErrnoException).code === 'ENOENT') errors.push(new IngestError(relative(ROOT, FORMULAS_FILE), 'formulas file not found'));
  else throw e;
}
const reuse = reuseIndex(plans, { formulas });
writeContent(plans, CONTENT_DIR, tagsIndex(taxonomy, plans, evaluations), indicatorsIndex(plans, metrics, reviewFromText), reuse);
const ms = Math.round(performance.now() - t0);
for (const p of plans) {
  const c = p.counts;
  console.log(
    `  ${p.meta.slug.padEnd(20)} ${String(c.sections).padStart(3)} sections ${String(c.boxes).padStart(3)} boxes ${String(c.paragraphs).padStart(4)} paragraphs ${String(c.tables).padStart(2)} tables ${String(c.indicators).padStart(3)} indicators  ${String(c.tagged).padStart(4)}/${c.passages} passages tagged  coverage ${(p.coverage.ratio * 100).toFixed(2)}%  ${c.diagnostics} diagnostics`,
  );
}
console.log(`  shared wording: ${reuse.spans.filter((s) => !s.formula).length} spans (+${reuse.spans.filter((s) => s.formula).length} common formulas) in ${reuse.pairs.length} plan pairs`);
console.log(`ingest: ${plans.length} plan(s) → ${relative(ROOT, CONTENT_DIR)} in ${ms} ms`);
if (errors.length) {
  console.error(`ingest: ${errors.length} input file(s) could not be used (the plans that could be ingested were written):`);
  for (const e of errors) console.error(`  error: ${e.message}`);
  process.exit(1);
}
