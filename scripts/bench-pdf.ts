/**
 * Benchmark of the PDF reader (src/ingest/read/pdf.ts): typeset a ~100-page plan with the test
 * PDF generator (a seed's content repeated), then time readPdf on it (median of 3) next to the
 * text reader on the same text, for scale.
 * Run: npx node --experimental-strip-types scripts/bench-pdf.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeta } from '../src/ingest/meta.ts';
import { ingestPlan } from '../src/ingest/pipeline.ts';
import { readPdf } from '../src/ingest/read/pdf.ts';
import { readText } from '../src/ingest/read/text.ts';
import { DEFAULT_LIMITS } from '../src/ingest/read/types.ts';
import { makePdf, planBlocks, type PdfBlock } from '../tests/helpers/make-pdf.ts';

const ROOT = join(import.meta.dirname, '..');
const SEED = 'chengdu-sti';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time<T>(f: () => Promise<T> | T): Promise<{ ms: number; out: T }> {
  const t = performance.now();
  const out = await f();
  return { ms: performance.now() - t, out };
}

const meta = parseMeta(readFileSync(join(ROOT, `seeds/${SEED}.yaml`), 'utf8'), `seeds/${SEED}.yaml`);
const bytes = readFileSync(join(ROOT, `seeds/${SEED}.txt`));
const plan = ingestPlan({ slug: SEED, file: `seeds/${SEED}.txt`, bytes, meta });
const one = planBlocks(plan);
// The seed typesets to ~72 pages; 1.4 copies make ~100.
const blocks: PdfBlock[] = [...one, ...one.slice(0, Math.round(one.length * 0.4))];
const made = await time(() => makePdf(blocks, { header: meta.shortTitle ?? meta.title, breakTables: true }));
const pdf = made.out;

const runs: number[] = [];
let doc = await readPdf(pdf, { file: 'bench.pdf', limits: DEFAULT_LIMITS });
for (let i = 0; i < 3; i++) {
  const r = await time(() => readPdf(pdf, { file: 'bench.pdf', limits: DEFAULT_LIMITS }));
  runs.push(r.ms);
  doc = r.out;
}
const pages = doc.text.split('\n').filter((l) => l === '\f').length + 1;
const textBytes = new TextEncoder().encode(doc.text);
const textRuns: number[] = [];
for (let i = 0; i < 3; i++) textRuns.push((await time(() => readText(textBytes, 'bench.txt'))).ms);

console.log(`generated: ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KB in ${made.ms.toFixed(0)} ms`);
console.log(`readPdf:   ${doc.text.length} characters, ${doc.text.split('\n').length} lines, median ${median(runs).toFixed(0)} ms (${runs.map((r) => r.toFixed(0)).join(', ')}), ${(median(runs) / pages).toFixed(1)} ms/page`);
console.log(`readText:  same text, median ${median(textRuns).toFixed(1)} ms`);
