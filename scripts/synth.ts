/**
 * A synthetic corpus for benchmarks, recombined from seeds/ (see src/bench/synth.ts):
 *   node --experimental-strip-types scripts/synth.ts --n 200 --out /tmp/synth200 [--seed 1] [--seeds seeds] [--pool compatible|style]
 * Clears the .txt/.yaml files in --out first, then writes <slug>.txt + <slug>.yaml per plan.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from '../src/bench/synth.ts';
import { SEEDS_DIR } from '../src/ingest/paths.ts';

const USAGE = 'usage: scripts/synth.ts --n <plans> --out <dir> [--seed <int>] [--seeds <dir>] [--pool compatible|style]';
let values: { n?: string; out?: string; seed?: string; seeds?: string; pool?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { n: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, seeds: { type: 'string' }, pool: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const n = Number(values.n);
const seed = values.seed === undefined ? 1 : Number(values.seed);
const pool = values.pool ?? 'compatible';
if (!values.out || !Number.isInteger(n) || n < 1 || !Number.isInteger(seed) || (pool !== 'compatible' && pool !== 'style')) {
  console.error(USAGE);
  process.exit(2);
}
const outDir = resolve(values.out);
const seedsDir = values.seeds ? resolve(values.seeds) : SEEDS_DIR;
const t0 = performance.now();
const { slugs, bytes } = await generateCorpus({ n, seedsDir, outDir, seed, pool });
const ms = performance.now() - t0;
console.log(`wrote ${slugs.length} plans (${slugs.length * 2} files, ${bytes} bytes) to ${outDir} in ${(ms / 1000).toFixed(2)} s`);
console.log(`  ${slugs.slice(0, 3).join(', ')}${slugs.length > 3 ? `, … ${slugs[slugs.length - 1]}` : ''}`);
