/**
 * Labelling worksheets for the tagger's held-out test split (see content/tags-eval/README.md).
 *
 * The test split is every passage of the seed plans that is not in the tuning set, so it needs no
 * sampling and holds every occurrence of the rarer topics. This script writes, per plan, the
 * passages to label with their section path and text — and nothing of the tagger's output, so
 * the labellers stay blind to it — plus the topic definitions without the tagger's signal terms.
 *
 *   npm run eval:tags:sheets -- <out-dir>
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { ancestry, passages } from '../src/ingest/passages.ts';
import { ROOT } from '../src/ingest/paths.ts';
import { loadTaxonomy } from '../src/ingest/taxonomy.ts';
import { loadLabels, TUNING_DIR } from './tag-eval.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: npm run eval:tags:sheets -- <out-dir>');
mkdirSync(out, { recursive: true });

const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
// Ingest without a tagger's output being written anywhere the labellers read.
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
const tuning = new Set(loadLabels(TUNING_DIR).map((l) => `${l.plan}#${l.id}`));

for (const plan of plans) {
  const slug = plan.meta.slug;
  const rows = passages(plan).filter((p) => !tuning.has(`${slug}#${p.id}`));
  const sheet = [`# ${plan.meta.title} (${slug}) — ${rows.length} passages to label`, ''];
  for (const p of rows) {
    const path = ancestry(plan.outline, p.sectionId).map((o) => [o.label, o.title].filter(Boolean).join(' ')).join(' › ');
    const hash = createHash('sha256').update(`plan-atlas-tags-test:${slug}:${p.id}`).digest('hex').slice(0, 8);
    sheet.push(`## ${p.id}`, `kind: ${p.kind} · hash: ${hash}`, `section: ${path || '(preamble)'}`, '', p.text, '');
  }
  writeFileSync(join(out, `${slug}.md`), sheet.join('\n'));
}

const defs = ['# Topics: definitions and scope notes', ''];
for (const t of taxonomy) {
  const body = readFileSync(join(ROOT, 'content/tags', `${t.id}.mdx`), 'utf8').replace(/^---[\s\S]*?\n---\n/, '').trim();
  defs.push(`## ${t.id} — ${t.zh} / ${t.en}`, '', t.definition, '', t.definitionEn, '', body, '');
}
writeFileSync(join(out, 'topics.md'), defs.join('\n'));
console.log(`wrote ${plans.length} worksheets and topics.md to ${out}`);
