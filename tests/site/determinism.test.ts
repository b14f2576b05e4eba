/**
 * Deterministic builds: ingesting the seeds again and building into a fresh directory with an empty
 * cache gives a dist/ byte-identical to the one under test (every file, same names, same bytes).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walk } from '../../src/bench/weight.ts';
import { testBuild } from './helpers/build.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

const second = testBuild('determinism');
beforeAll(() => second.run(), 300_000);
afterAll(() => second.remove());

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('deterministic build', () => {
  assertBuilt();
  it('a second ingest and build of the same input is byte-identical to dist/', () => {
    expect(second.ingest?.code, second.ingest?.stderr).toBe(0);
    expect(second.build?.code, `${second.build?.stderr.slice(-3000)}`).toBe(0);
    const a = walk(DIST);
    const b = walk(second.out);
    expect(b).toEqual(a);
    const differ = a.filter((f) => digest(join(DIST, f)) !== digest(join(second.out, f)));
    expect(differ, `files that differ between two builds: ${differ.slice(0, 20).join(', ')}`).toEqual([]);
    expect(a.length).toBeGreaterThan(100);
  });
});
