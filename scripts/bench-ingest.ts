/**
 * Ingest benchmark (issue 13): the five seeds through the whole pipeline; a 100-page PDF read and
 * ingested, side by side with poppler's pdftotext on the same file (what a user would reach for to
 * get the text out: text only, no structure), when it is installed; a DOCX of a seed; and a text of
 * 1,000 and 10,000 headings (no stage may grow faster than the document).
 * Run: npm run bench:ingest [-- --write]   (--write records the table in docs/benchmarks.md)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, recordBenchmark } from '../src/bench/record.ts';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { createTagger } from '../src/ingest/tags.ts';
import { loadTaxonomy } from '../src/ingest/taxonomy.ts';
import { parseMeta } from '../src/ingest/meta.ts';
import { ingestDoc, ingestPlan } from '../src/ingest/pipeline.ts';
import { readDocument } from '../src/ingest/read/index.ts';
import { makeDocx } from '../tests/helpers/make-docx.ts';
import { makePdf, planBlocks, type PdfBlock } from '../tests/helpers/make-pdf.ts';

const ROOT = join(import.meta.dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(runs: number, f: () => unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}
const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

// 1. The seeds, whole pipeline with the tagger (read → repair → structure → indicators → tags), in
// process; and `npm run ingest` as a command (Node start-up, TypeScript loading, writing content/).
const tagger = createTagger(loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags'));
await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger);
const seeds = await timed(5, () => ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger));
const command = await timed(3, () => spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', join(ROOT, 'scripts/ingest.ts')], { cwd: ROOT }));

// 2. A 100-page PDF: chengdu-sti typeset ~1.4 times.
const SEED = 'chengdu-sti';
const meta = parseMeta(readFileSync(join(ROOT, `seeds/${SEED}.yaml`), 'utf8'), `seeds/${SEED}.yaml`);
const plan = ingestPlan({ slug: SEED, file: `seeds/${SEED}.txt`, bytes: readFileSync(join(ROOT, `seeds/${SEED}.txt`)), meta });
const one = planBlocks(plan);
const blocks: PdfBlock[] = [...one, ...one.slice(0, Math.round(one.length * 0.4))];
const pdf = await makePdf(blocks, { header: meta.shortTitle ?? meta.title, breakTables: true });
const ingestFile = async (bytes: Uint8Array, file: string) => ingestDoc(await readDocument(bytes, file), { slug: 'bench', file, meta });
const pdfPlan = await ingestFile(pdf, 'bench.pdf');
const pages = pdfPlan.source.pages?.length ?? 0;
const pdfMs = await timed(3, () => ingestFile(pdf, 'bench.pdf'));
const readMs = await timed(3, () => readDocument(pdf, 'bench.pdf'));

let popplerMs: number | null = null;
const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
try {
  writeFileSync(join(dir, 'bench.pdf'), pdf);
  if (spawnSync('pdftotext', ['-v']).error === undefined) {
    popplerMs = await timed(3, () => spawnSync('pdftotext', ['-layout', join(dir, 'bench.pdf'), join(dir, 'bench.txt')]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 3. A DOCX of the same seed.
const docx = await makeDocx(plan);
const docxMs = await timed(3, () => ingestFile(docx, 'bench.docx'));

// 4. Growth: 1,000 vs 10,000 headings (chapters of nine sections, one paragraph each).
const cn = (n: number): string => {
  const d = '零一二三四五六七八九';
  return n < 10 ? d[n] : n < 20 ? `十${n % 10 ? d[n % 10] : ''}` : `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
};
function headings(n: number): Uint8Array {
  const lines: string[] = [];
  for (let a = 1, h = 0; h < n; a++) {
    lines.push(`第${a}章 第${a}部分`, '');
    h++;
    for (let b = 1; b <= 9 && h < n; b++, h++) lines.push(`（${cn(b)}）小节${a}-${b}`, '', `第${a}章第${b}节的正文，研发投入强度和人才。`, '');
  }
  return new TextEncoder().encode(lines.join('\n'));
}
const small = headings(1000);
const large = headings(10_000);
const h1k = await timed(3, () => ingestPlan({ slug: 'h', file: 'h.txt', bytes: small, meta }));
const h10k = await timed(3, () => ingestPlan({ slug: 'h', file: 'h.txt', bytes: large, meta }));

const rows = [
  `| the five seeds (text), whole pipeline with tagging | ${fmt(seeds)} | ≤ 1 s | ${seeds <= 1000 ? 'met' : 'NOT met'} |`,
  `| \`npm run ingest\` (the same, plus Node start-up and writing content/) | ${fmt(command)} | | |`,
  `| ${pages}-page PDF (${(pdf.length / 1024).toFixed(0)} KB): read + ingest | ${fmt(pdfMs)} (read ${fmt(readMs)}, ${(pdfMs / pages).toFixed(1)} ms/page) | ≤ 5 s | ${pdfMs <= 5000 ? 'met' : 'NOT met'} |`,
  `| same PDF, poppler \`pdftotext -layout\` (text only, no structure) | ${popplerMs === null ? 'not installed' : `${fmt(popplerMs)} (ours ${(pdfMs / popplerMs).toFixed(1)}× its time)`} | | |`,
  `| DOCX of ${SEED} (${(docx.length / 1024).toFixed(0)} KB): read + ingest | ${fmt(docxMs)} | | |`,
  `| 1,000 / 10,000 headings (text) | ${fmt(h1k)} / ${fmt(h10k)} (${(h10k / h1k).toFixed(1)}× for 10× the headings) | linear | ${h10k / h1k < 15 ? 'met' : 'NOT met'} |`,
];
const table = [`Machine: ${machine()}.`, '', '| input | time (median) | goal | |', '|---|---|---|---|', ...rows].join('\n');
console.log(table);
if (process.argv.includes('--write')) recordBenchmark('ingest', table);
