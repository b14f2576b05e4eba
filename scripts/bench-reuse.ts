/**
 * Shared-wording benchmark (issue 15): detection time and peak memory at 5, 50 and 200 plans of the
 * synthetic corpus (src/bench/synth.ts recombines the seeds' sections, so it is full of reuse: a
 * hard case), side by side with what a developer would reach for instead: diff-match-patch's
 * `diff_main` on every pair of whole plans (its default 1 s timeout per pair; matching runs of at
 * least 16 characters counted as shared). The baseline runs on every pair at 5 plans and on a
 * sample of 20 pairs beyond, extrapolated to all pairs (marked as such).
 * Each size runs in its own process so its peak memory (maxRSS) is its own.
 * Run: npm run bench:reuse [-- --write]   (--write records the table in docs/benchmarks.md)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import DiffMatchPatch from 'diff-match-patch';
import { machine, recordBenchmark } from '../src/bench/record.ts';
import { generateCorpus } from '../src/bench/synth.ts';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { passages } from '../src/ingest/passages.ts';
import type { PlanDoc } from '../src/ingest/schema.ts';
import { reuseIndex } from '../src/reuse/index.ts';

const ROOT = join(import.meta.dirname, '..');
const SIZES = [5, 50, 200];
const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

interface ChildResult {
  n: number;
  chars: number;
  ms: number;
  rssMiB: number;
  spans: number;
  formula: number;
  pairs: number;
  dmp: { pairs: number; ms: number; of: number; sharedChars: number } | null;
}

async function child(n: number): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reuse-'));
  try {
    await generateCorpus({ n, seedsDir: join(ROOT, 'seeds'), outDir: dir, seed: 1 });
    const { plans } = await ingestCorpus(dir, 'synth');
    const rssBefore = process.resourceUsage().maxRSS;
    global.gc?.();
    const t = performance.now();
    const r = reuseIndex(plans);
    const ms = performance.now() - t;
    const rssMiB = (process.resourceUsage().maxRSS - rssBefore) / 1024;
    return {
      n,
      chars: r.plans.reduce((a, p) => a + p.chars, 0),
      ms,
      rssMiB,
      spans: r.spans.filter((s) => !s.formula).length,
      formula: r.spans.filter((s) => s.formula).length,
      pairs: r.pairs.length,
      dmp: baseline(plans),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** diff-match-patch on whole plans: every pair at ≤ 5 plans, else 20 pairs spread over the corpus. */
function baseline(plans: PlanDoc[]): ChildResult['dmp'] {
  const text = plans.map((p) => passages(p).map((x) => x.text).join('\n'));
  const all: Array<[number, number]> = [];
  for (let i = 0; i < plans.length; i++) for (let j = i + 1; j < plans.length; j++) all.push([i, j]);
  const sample = all.length <= 10 ? all : Array.from({ length: 20 }, (_, k) => all[Math.floor((k * all.length) / 20)]);
  const dmp = new DiffMatchPatch();
  let shared = 0;
  const t = performance.now();
  for (const [i, j] of sample) {
    for (const [op, s] of dmp.diff_main(text[i], text[j])) if (op === 0 && s.length >= 16) shared += s.length;
  }
  return { pairs: sample.length, ms: performance.now() - t, of: all.length, sharedChars: shared };
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await child(Number(process.argv[3]))));
} else {
  const results: ChildResult[] = [];
  for (const n of SIZES) {
    const p = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', '--expose-gc', import.meta.filename, '--child', String(n)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`bench child ${n} failed:\n${p.stderr}`);
    results.push(JSON.parse(p.stdout.trim().split('\n').at(-1)!));
    console.error(`  ${n} plans done`);
  }
  const base = results[0];
  const rows = results.map((r) => {
    const perChar = r.ms / r.chars / (base.ms / base.chars);
    const d = r.dmp!;
    const full = (d.ms / d.pairs) * d.of;
    const dmpCell = `${fmt(full)}${d.pairs < d.of ? ` (extrapolated from ${d.pairs} of ${d.of} pairs)` : ` (${d.of} pairs)`}`;
    return `| ${r.n} | ${(r.chars / 1e6).toFixed(2)} M | ${fmt(r.ms)} | ${perChar.toFixed(2)}× | ${r.rssMiB.toFixed(0)} MiB | ${r.spans} (+${r.formula} formula) in ${r.pairs} pairs | ${dmpCell} | ${(full / r.ms).toFixed(0)}× |`;
  });
  const last = results.at(-1)!;
  const growth = last.ms / last.chars / (base.ms / base.chars);
  const table = [
    `Machine: ${machine()}.`,
    '',
    '| plans | folded text | detection (ours) | time per character vs 5 plans | peak memory added | shared spans found | diff-match-patch, all pairs of whole plans | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Goal: near-linear growth in total text — time per character at ${last.n} plans is ${growth.toFixed(2)}× that at ${base.n} (${growth <= 3 ? 'met' : 'NOT met'}); detection adds ≤ 2 s to the build at 5 plans: ${fmt(base.ms)} (${base.ms <= 2000 ? 'met' : 'NOT met'}).`,
  ].join('\n');
  console.log(table);
  if (process.argv.includes('--write')) recordBenchmark('reuse', table);
}
