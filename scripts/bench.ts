/**
 * Build benchmark (not a test): how the cost of ingest and build grows with the number of plans.
 *
 *   npm run bench                      the five seeds, then synthetic corpora of 5, 50 and 200 plans
 *   npm run bench -- --n 5,50          other sizes
 *   npm run bench -- --write           also record the tables in docs/benchmarks.md
 *   npm run bench -- --keep            keep the temporary corpora and builds (printed path)
 *
 * Synthetic corpora come from src/bench/synth.ts (new slugs and metadata, sections recombined from
 * the seeds). Each corpus is ingested and built in a temporary directory (PLAN_ATLAS_SEEDS /
 * _CONTENT / _OUT / _CACHE), never touching content/plans/ or dist/; the build starts with an empty
 * cache. Times are wall clock of the child process; peak memory is its largest process's maximum
 * resident set (GNU time's %M). Page weights are from src/bench/weight.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { machine, recordBenchmark } from '../src/bench/record.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from '../src/bench/synth.ts';
import { dirSize, gzipSize, median, PAGE_TYPES, pageWeights, walk, type PageWeight } from '../src/bench/weight.ts';
import { ROOT, SEEDS_DIR } from '../src/ingest/paths.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '5,50,200' }, write: { type: 'boolean' }, keep: { type: 'boolean' } } });
const sizes = values.n!.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--n takes a comma-separated list of plan counts');

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const work = mkdtempSync(join(tmpdir(), 'plan-atlas-bench-'));

interface Run {
  ms: number;
  peakMb: number | null;
  stdout: string;
}

/** Runs `node args…` (this Node: 22) in the repository with `env`, timing it and reading its peak memory. */
function run(args: string[], env: Record<string, string>, label: string): Run {
  const cmd = TIME ? TIME : process.execPath;
  const argv = TIME ? ['-f', 'BENCH-PEAK-KB %M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    console.error(r.stdout.slice(-4000), r.stderr.slice(-4000));
    throw new Error(`${label} failed (exit ${r.status})`);
  }
  const kb = /BENCH-PEAK-KB (\d+)/.exec(r.stderr)?.[1];
  return { ms, peakMb: kb ? Number(kb) / 1024 : null, stdout: r.stdout };
}

interface Row {
  label: string;
  plans: number;
  ingest: Run;
  /** The pipeline's own time, as scripts/ingest.ts reports it (without Node start-up and module loading). */
  pipelineMs: number;
  build: Run;
  pages: number;
  dist: { bytes: number; files: number };
  weights: PageWeight[];
  search: { gzip: number; maxFile: number };
}

function measure(label: string, seeds: string, dir: string): Row {
  const env = {
    PLAN_ATLAS_SEEDS: seeds,
    PLAN_ATLAS_CONTENT: join(dir, 'content'),
    PLAN_ATLAS_OUT: join(dir, 'dist'),
    PLAN_ATLAS_CACHE: join(dir, 'cache'),
  };
  const plans = walk(seeds).filter((f) => f.endsWith('.txt')).length;
  process.stdout.write(`${label}: ${plans} plans — ingest… `);
  const ingest = run(['--experimental-strip-types', '--no-warnings', 'scripts/ingest.ts'], env, `${label} ingest`);
  process.stdout.write(`${(ingest.ms / 1000).toFixed(1)} s, build… `);
  const build = run([join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--silent'], env, `${label} build`);
  const dist = env.PLAN_ATLAS_OUT;
  const weights = pageWeights(dist);
  const shards = walk(join(dist, 'data/search')).map((f) => gzipSize(readFileSync(join(dist, 'data/search', f))));
  console.log(`${(build.ms / 1000).toFixed(1)} s, ${weights.length} pages`);
  return {
    label,
    plans,
    ingest,
    pipelineMs: Number(/ingest: \d+ plan\(s\) → .* in (\d+) ms/.exec(ingest.stdout)?.[1] ?? NaN),
    build,
    pages: weights.length,
    dist: dirSize(dist),
    weights,
    search: { gzip: shards.reduce((a, b) => a + b, 0), maxFile: Math.max(...shards) },
  };
}

const rows: Row[] = [];
try {
  rows.push(measure('seeds', SEEDS_DIR, join(work, 'seeds')));
  for (const n of sizes) {
    const dir = join(work, `n${n}`);
    mkdirSync(dir, { recursive: true });
    await generateCorpus({ n, seedsDir: SEEDS_DIR, outDir: join(dir, 'seeds'), seed: 1 });
    rows.push(measure(`synthetic ${n}`, join(dir, 'seeds'), dir));
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

// ---------------------------------------------------------------------------------------------
// Tables

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const peak = (r: Run) => (r.peakMb === null ? '—' : `${r.peakMb.toFixed(0)} MB`);

const main = [
  '| corpus | plans | pages | ingest (pipeline) | build | build per plan | peak memory (ingest / build) | dist/ | search payload gzip (largest file) | largest page, total gzip |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const big = r.weights.reduce((a, b) => (b.totalGzip > a.totalGzip ? b : a));
    return `| ${r.label} | ${r.plans} | ${r.pages} | ${s(r.ingest.ms)} (${s(r.pipelineMs)}) | ${s(r.build.ms)} | ${s(r.build.ms / r.plans)} | ${peak(r.ingest)} / ${peak(r.build)} | ${mb(r.dist.bytes)} in ${r.dist.files} files | ${kb(r.search.gzip)} (${kb(r.search.maxFile)}) | ${kb(big.totalGzip)} (${big.file.replace(/index\.html$/, '')}) |`;
  }),
];

const types = [
  '| corpus | page type | pages | HTML gzip median / max | JavaScript gzip (max) | total gzip max (HTML + CSS + JS) |',
  '|---|---|---|---|---|---|',
  ...rows.flatMap((r) =>
    PAGE_TYPES.flatMap((t) => {
      const xs = r.weights.filter((w) => w.type === t);
      if (!xs.length) return [];
      return [`| ${r.label} | ${t} | ${xs.length} | ${kb(median(xs.map((x) => x.htmlGzip)))} / ${kb(Math.max(...xs.map((x) => x.htmlGzip)))} | ${kb(Math.max(...xs.map((x) => x.jsGzip)))} | ${kb(Math.max(...xs.map((x) => x.totalGzip)))} |`];
    }),
  ),
];

// Goals (issue 7).
const seeds = rows[0];
const synth = rows.slice(1).sort((a, b) => a.plans - b.plans);
const largestSeedReader = seeds.weights.filter((w) => w.type === 'plan').reduce((a, b) => (b.htmlRaw > a.htmlRaw ? b : a));
const readerJs = Math.max(...seeds.weights.filter((w) => w.type === 'plan').map((w) => w.jsGzip));
const heaviest = rows.map((r) => Math.max(...r.weights.map((w) => w.totalGzip)));
const [lo, hi] = [synth[synth.length - 2], synth[synth.length - 1]];
const marginal = lo && hi ? (hi.build.ms - lo.build.ms) / (hi.plans - lo.plans) : null;
const five = synth.find((r) => r.plans === 5) ?? seeds;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const goals = [
  '| goal | measured | |',
  '|---|---|---|',
  `| ingest of the five seeds ≤ 1 s | ${s(seeds.pipelineMs)} pipeline; ${s(seeds.ingest.ms)} for the whole command (Node start-up and TypeScript loading included) | ${mark(seeds.pipelineMs <= 1000)} |`,
  `| full build at 5 plans ≤ 30 s | ${s(five.build.ms)} (${five.label}); seeds ${s(seeds.build.ms)} | ${mark(five.build.ms <= 30_000)} |`,
  marginal === null ? '' : `| marginal build cost ≤ 0.5 s per plan at ${hi.plans} plans | ${s(marginal)} per plan (${lo.plans} → ${hi.plans}) | ${mark(marginal <= 500)} |`,
  `| plan reader HTML ≤ 150 KB gzip, largest seed | ${kb(largestSeedReader.htmlGzip)} (${largestSeedReader.file.replace(/index\.html$/, '')}, ${kb(largestSeedReader.htmlRaw)} raw) | ${mark(largestSeedReader.htmlGzip <= 150 * 1024)} |`,
  `| JavaScript on a plan reader page ≤ 15 KB gzip | ${kb(readerJs)} | ${mark(readerJs <= 15 * 1024)} |`,
  `| no page over 300 KB gzip before interaction | heaviest: ${rows.map((r, k) => `${r.label} ${kb(heaviest[k])}`).join(', ')} | ${mark(heaviest.every((h) => h <= 300 * 1024))} |`,
].filter(Boolean);

const report = [`Machine: ${machine()}.`, '', ...main, '', ...goals, '', ...types].join('\n');
console.log(`\n${report}`);

if (values.write) recordBenchmark('build', report);
