/**
 * Search benchmark (not a test): index size, load time and query latency, in Node and in headless
 * Chromium, for the five seeds and for a synthetic corpus of 200 plans (src/bench/synth.ts).
 *
 *   npm run bench:search                 print the table
 *   npm run bench:search -- --write      also record it in docs/benchmarks.md
 *   npm run bench:search -- --n 50       another synthetic size (default 200)
 *
 * Queries are the relevance set's (tests/fixtures/search-eval/queries.yaml), run ROUNDS times
 * after one warm-up round; latency is engine.search() over every loaded shard. In Chromium the
 * engine's own source is served (types stripped by Node, no bundler), the shards over HTTP from
 * 127.0.0.1 with gzip, fetched 4 at a time as the site does; "first results" is the time from
 * the first request until the first shard is searched.
 */
import { createServer, type Server } from 'node:http';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { machine, recordBenchmark } from '../src/bench/record.ts';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateCorpus } from '../src/bench/synth.ts';
import { staticJs } from '../src/bench/weight.ts';
import { ROOT } from '../src/ingest/paths.ts';
import { searchCorpus, type SearchCorpus } from '../src/search/corpus.ts';
import { SearchEngine } from '../src/search/engine.ts';
import type { SearchManifest, SearchShard } from '../src/search/shard.ts';
import { loadQueries } from './search-eval.ts';

const ROUNDS = 5;
const CHROMIUM = process.env.PLAN_ATLAS_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface Sizes {
  plans: number;
  docs: number;
  raw: number;
  gzip: number;
  manifestGzip: number;
  maxShardGzip: number;
  /** Largest file fetched before the first results: the manifest or one shard. */
  maxBeforeFirst: number;
}

interface Timing {
  loadMs: number;
  firstMs: number;
  p50: number;
  p95: number;
  max: number;
}

// zlib's default level, as a static host would serve it.
const gz = (s: string | Buffer) => gzipSync(typeof s === 'string' ? Buffer.from(s) : s).length;

/** JavaScript the built search page loads (src/bench/weight.ts), gzipped; null when the site is not built. */
function searchPageJs(): number | null {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'search/index.html'))) return null;
  return staticJs(dist, readFileSync(join(dist, 'search/index.html'), 'utf8')).reduce((n, f) => n + gz(readFileSync(join(dist, f))), 0);
}

function sizes(c: SearchCorpus): Sizes {
  const shardGz = [...c.shards.values()].map((s) => gz(s.json));
  const manifestGzip = gz(c.manifestJson);
  return {
    plans: c.plans.length,
    docs: [...c.shards.values()].reduce((n, s) => n + s.docs, 0),
    raw: Buffer.byteLength(c.manifestJson) + [...c.shards.values()].reduce((n, s) => n + Buffer.byteLength(s.json), 0),
    gzip: manifestGzip + shardGz.reduce((a, b) => a + b, 0),
    manifestGzip,
    maxShardGzip: Math.max(...shardGz),
    maxBeforeFirst: Math.max(manifestGzip, ...shardGz),
  };
}

function percentiles(xs: number[]): Pick<Timing, 'p50' | 'p95' | 'max'> {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

function benchNode(c: SearchCorpus, queries: string[]): Timing {
  const t0 = performance.now();
  const engine = new SearchEngine(JSON.parse(c.manifestJson) as SearchManifest);
  let firstMs = 0;
  for (const s of c.shards.values()) {
    engine.addShard(JSON.parse(s.json) as SearchShard);
    if (!firstMs) (engine.search(queries[0]), (firstMs = performance.now() - t0));
  }
  const loadMs = performance.now() - t0;
  for (const q of queries) engine.search(q);
  const lat: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of queries) {
      const t = performance.now();
      engine.search(q);
      lat.push(performance.now() - t);
    }
  }
  return { loadMs, firstMs, ...percentiles(lat) };
}

/** Serves the engine source (types stripped), fuse, and each corpus's manifest and shards, gzipped. */
function serve(corpora: Map<string, SearchCorpus>): Promise<{ server: Server; origin: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const js = 'text/javascript; charset=utf-8';
  const json = 'application/json; charset=utf-8';
  // The engine and every module it imports (relative imports, followed), types stripped.
  const queue = ['/src/search/engine.ts'];
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    if (files.has(f)) continue;
    const src = readFileSync(join(ROOT, f), 'utf8').replace("from 'fuse.js/basic'", "from '/fuse.mjs'");
    files.set(f, { body: Buffer.from(stripTypeScriptTypes(src)), type: js });
    for (const m of src.matchAll(/^import (?!type )[^;]*?from '(\.\.?\/[^']+\.ts)'/gm)) queue.push(posix.join(posix.dirname(f), m[1]));
  }
  files.set('/fuse.mjs', { body: readFileSync(join(ROOT, 'node_modules/fuse.js/dist/fuse.basic.mjs')), type: js });
  files.set('/', { body: Buffer.from('<!doctype html><meta charset="utf-8"><title>bench</title><script type="module">import { SearchEngine } from "/src/search/engine.ts"; window.SearchEngine = SearchEngine;</script>'), type: 'text/html; charset=utf-8' });
  for (const [name, c] of corpora) {
    files.set(`/${name}/manifest.json`, { body: Buffer.from(c.manifestJson), type: json });
    for (const [slug, s] of c.shards) files.set(`/${name}/plans/${slug}.json`, { body: Buffer.from(s.json), type: json });
  }
  const gzipped = new Map([...files].map(([k, f]) => [k, gzipSync(f.body)]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const f = files.get(path);
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': f.type, 'Content-Encoding': 'gzip', 'Cache-Control': 'no-store' }).end(gzipped.get(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function benchChromium(origin: string, corpus: string, queries: string[]): Promise<Timing> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'SearchEngine' in window);
    return await page.evaluate(
      async ({ corpus, queries, rounds }) => {
        const Engine = (window as unknown as { SearchEngine: typeof SearchEngine }).SearchEngine;
        const t0 = performance.now();
        const manifest = await (await fetch(`/${corpus}/manifest.json`)).json();
        const engine = new Engine(manifest);
        let firstMs = 0;
        const queue = manifest.plans.map((p: { slug: string }) => p.slug);
        const worker = async () => {
          for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
            const shard = await (await fetch(`/${corpus}/plans/${slug}.json`)).json();
            engine.addShard(shard);
            if (!firstMs) (engine.search(queries[0]), (firstMs = performance.now() - t0));
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
        const loadMs = performance.now() - t0;
        for (const q of queries) engine.search(q);
        const lat: number[] = [];
        for (let r = 0; r < rounds; r++) {
          for (const q of queries) {
            const t = performance.now();
            engine.search(q);
            lat.push(performance.now() - t);
          }
        }
        const s = lat.sort((a, b) => a - b);
        const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
        return { loadMs, firstMs, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
      },
      { corpus, queries, rounds: ROUNDS },
    );
  } finally {
    await browser.close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

async function main() {
  const args = process.argv.slice(2);
  const n = Number(args[args.indexOf('--n') + 1] || 200) || 200;
  const queries = loadQueries().map((q) => q.q);
  const tags = join(ROOT, 'content/tags');
  console.error('indexing the seeds…');
  const corpora = new Map<string, SearchCorpus>([['seeds', await searchCorpus(join(ROOT, 'seeds'), tags)]]);
  const dir = mkdtempSync(join(tmpdir(), 'plan-atlas-synth-'));
  try {
    console.error(`generating and indexing ${n} synthetic plans…`);
    await generateCorpus({ n, seedsDir: join(ROOT, 'seeds'), outDir: dir });
    corpora.set(`synth${n}`, await searchCorpus(dir, tags));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { server, origin } = await serve(corpora);
  const rows: string[] = [];
  try {
    for (const [name, c] of corpora) {
      console.error(`benchmarking ${name}…`);
      const sz = sizes(c);
      const node = benchNode(c, queries);
      const chrome = await benchChromium(origin, name, queries);
      rows.push(
        `| ${sz.plans} | ${sz.docs} | ${kb(sz.raw)} | ${kb(sz.gzip)} | ${kb(sz.manifestGzip)} | ${kb(sz.maxShardGzip)} | ` +
          `${ms(node.loadMs)} | ${ms(node.p50)} / ${ms(node.p95)} | ${ms(chrome.firstMs)} | ${ms(chrome.loadMs)} | ${ms(chrome.p50)} / ${ms(chrome.p95)} / ${ms(chrome.max)} |`,
      );
    }
  } finally {
    server.close();
  }
  const browserVersion = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).then(async (b) => [b.version(), await b.close()][0]);
  const machineInfo = `${machine()}, Chromium ${browserVersion}`;
  const js = searchPageJs();
  const table = [
    `Machine: ${machineInfo}. ${queries.length} queries × ${ROUNDS} rounds after a warm-up round. Sizes gzipped at zlib's default level.`,
    '',
    js === null
      ? 'Search page JavaScript: not measured (build the site first).'
      : `Search page JavaScript (engine, fuse.js, page script; from dist/): ${kb(js)} gzip. Search payload at ${[...corpora.values()][0].plans.length} plans (index + JavaScript): ${kb(sizes([...corpora.values()][0]).gzip + js)} gzip.`,
    '',
    '| plans | units | index raw | index gzip | manifest gzip | largest shard gzip | Node load+parse | Node p50 / p95 | Chromium first results | Chromium load all | Chromium p50 / p95 / max |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(table);
  if (args.includes('--write')) recordBenchmark('search', table);
}

await main();
