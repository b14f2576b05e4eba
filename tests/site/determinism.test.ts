/**
 * Deterministic builds: ingesting the seeds again and building into a fresh directory with an empty
 * cache gives a dist/ byte-identical to the one under test (every file, same names, same bytes).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walk } from '../../src/bench/weight.ts';
import { ingestAndBuild, type Run } from './helpers/build.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

let work = '';
let result: { ingest: Run; build: Run | null };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'plan-atlas-determinism-'));
  result = await ingestAndBuild({ content: join(work, 'content'), out: join(work, 'dist'), cache: join(work, 'cache') });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('deterministic build', () => {
  assertBuilt();
  it('a second ingest and build of the same input is byte-identical to dist/', () => {
    expect(result.ingest.code, result.ingest.stderr).toBe(0);
    expect(result.build?.code, `${result.build?.stderr.slice(-3000)}`).toBe(0);
    const second = join(work, 'dist');
    const a = walk(DIST);
    const b = walk(second);
    expect(b).toEqual(a);
    const differ = a.filter((f) => digest(join(DIST, f)) !== digest(join(second, f)));
    expect(differ, `files that differ between two builds: ${differ.slice(0, 20).join(', ')}`).toEqual([]);
    expect(a.length).toBeGreaterThan(100);
  });
});
