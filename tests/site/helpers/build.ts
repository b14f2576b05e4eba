/**
 * Separate builds for the site tests (a hostile corpus, a second build for determinism, a sub-path
 * build): ingest and `astro build` as child processes with the PLAN_ATLAS_* variables pointing into
 * a work directory, never at content/plans/ or dist/.
 */
import { spawn } from 'node:child_process';
import { ROOT } from './server.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
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

export interface BuildDirs {
  /** Plan texts (default: seeds/). */
  seeds?: string;
  content: string;
  out: string;
  cache: string;
  /** Astro's base path (default "/"). */
  base?: string;
}

/** The environment of a build into `dirs`. */
export function buildEnv(dirs: BuildDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...(dirs.seeds ? { PLAN_ATLAS_SEEDS: dirs.seeds } : {}),
    PLAN_ATLAS_CONTENT: dirs.content,
    PLAN_ATLAS_OUT: dirs.out,
    PLAN_ATLAS_CACHE: dirs.cache,
    ...(dirs.base ? { PLAN_ATLAS_BASE: dirs.base } : {}),
  };
}

/** Ingest, then (if that succeeded) build. */
export async function ingestAndBuild(dirs: BuildDirs): Promise<{ ingest: Run; build: Run | null }> {
  const env = buildEnv(dirs);
  const ingest = await run('npx', ['node', 'scripts/ingest.ts'], env, 60_000);
  if (ingest.code !== 0) return { ingest, build: null };
  return { ingest, build: await run('npx', ['astro', 'build'], env, 180_000) };
}
