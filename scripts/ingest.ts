/**
 * Build step 1: seeds/ → content/plans/ (model JSON + MDX page per plan).
 * Every plan is ingested on its own. Bad input is reported with its file (and line); the other
 * plans are still written, and the command exits non-zero so a build never hides a dropped plan.
 */
import { relative } from 'node:path';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { CONTENT_DIR, ROOT, SEEDS_DIR } from '../src/ingest/paths.ts';
import { writeContent } from '../src/ingest/write.ts';

const t0 = performance.now();
const { plans, errors } = ingestCorpus(SEEDS_DIR, relative(ROOT, SEEDS_DIR) || '.');
writeContent(plans, CONTENT_DIR);
const ms = Math.round(performance.now() - t0);
for (const p of plans) {
  const c = p.counts;
  console.log(
    `  ${p.meta.slug.padEnd(20)} ${String(c.sections).padStart(3)} sections ${String(c.boxes).padStart(3)} boxes ${String(c.paragraphs).padStart(4)} paragraphs ${String(c.tables).padStart(2)} tables ${String(c.indicators).padStart(3)} indicators  coverage ${(p.coverage.ratio * 100).toFixed(2)}%  ${c.diagnostics} diagnostics`,
  );
}
console.log(`ingest: ${plans.length} plan(s) → ${relative(ROOT, CONTENT_DIR)} in ${ms} ms`);
if (errors.length) {
  console.error(`ingest: ${errors.length} plan file(s) could not be ingested (the others were written):`);
  for (const e of errors) console.error(`  error: ${e.message}`);
  process.exit(1);
}
