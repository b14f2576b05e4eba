/**
 * Separate builds for the site tests (a hostile corpus, a second build for determinism, a sub-path
 * build): ingest and `astro build` as child processes with the PLAN_ATLAS_* variables pointing into
 * a work directory, never at content/plans/ or dist/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  const t0 = performance.now();
  return new Promise((done) => {
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGTERM'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Math.round(performance.now() - t0) });
    });
  });
}

export interface TestBuild {
  /** The work directory: content/, dist/, cache/ (and whatever the caller puts there, e.g. seeds/). */
  work: string;
  content: string;
  out: string;
  ingest?: Run;
  build?: Run;
  /** Ingest `seeds` (default: seeds/), then build if that succeeded. */
  run(opts?: { seeds?: string; base?: string; site?: string }): Promise<void>;
  remove(): void;
}

/**
 * A work directory for one test build. It lies inside the project (node_modules/.cache) on purpose:
 * for an out dir outside the project Astro 7 puts its prerender chunks in the shared
 * <root>/.astro/.prerender/, where two builds at once collide.
 */
export function testBuild(name: string): TestBuild {
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const work = mkdtempSync(join(ROOT, `node_modules/.cache/plan-atlas-${name}-`));
  const b: TestBuild = {
    work,
    content: join(work, 'content'),
    out: join(work, 'dist'),
    async run(opts = {}) {
      // vitest puts its own import.meta.env into process.env (BASE_URL=/, MODE=test, DEV, PROD, SSR) and
      // sets NODE_ENV=test; Astro would read BASE_URL from there, so the build gets a clean environment.
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/.test(k)));
      const env: NodeJS.ProcessEnv = {
        ...inherited,
        ASTRO_TELEMETRY_DISABLED: '1',
        PLAN_ATLAS_CONTENT: b.content,
        PLAN_ATLAS_OUT: b.out,
        PLAN_ATLAS_CACHE: join(work, 'cache'),
        ...(opts.seeds ? { PLAN_ATLAS_SEEDS: opts.seeds } : {}),
        ...(opts.base ? { PLAN_ATLAS_BASE: opts.base } : {}),
        ...(opts.site ? { PLAN_ATLAS_SITE: opts.site } : {}),
      };
      b.ingest = await run('npx', ['node', 'scripts/ingest.ts'], env, 60_000);
      if (b.ingest.code === 0) b.build = await run('npx', ['astro', 'build'], env, 180_000);
    },
    remove() {
      rmSync(work, { recursive: true, force: true });
    },
  };
  return b;
}
