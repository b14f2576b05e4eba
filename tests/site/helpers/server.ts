/**
 * A static server for the built site in dist/, on 127.0.0.1 and a free port, for the site tests.
 *
 * Uses Astro's own `preview()` (the same server as `npm run preview`) with port 0, so the OS picks a
 * free port and parallel runs cannot collide. If Astro's preview cannot start (or PLAN_ATLAS_TEST_SERVER=node),
 * falls back to a tiny node:http static server with the same URL mapping (`/x/` → dist/x/index.html).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = process.env.PLAN_ATLAS_OUT ? resolve(ROOT, process.env.PLAN_ATLAS_OUT) : join(ROOT, 'dist');

export interface SiteServer {
  /** e.g. http://127.0.0.1:43117 (no trailing slash) */
  origin: string;
  kind: 'astro-preview' | 'node-http';
  stop(): Promise<void>;
}

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`npm run build\` before the site tests (\`npm test\` does).`);
  }
}

export async function startServer(): Promise<SiteServer> {
  assertBuilt();
  if (process.env.PLAN_ATLAS_TEST_SERVER !== 'node') {
    try {
      return await startAstroPreview();
    } catch (err) {
      console.warn(`astro preview() failed, using the node:http fallback: ${(err as Error).message}`);
    }
  }
  return startStaticServer(DIST);
}

async function startAstroPreview(): Promise<SiteServer> {
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  const { preview } = await import('astro');
  const server = await preview({
    root: ROOT,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0 },
  });
  if (!server.port) {
    await server.stop();
    throw new Error('astro preview() reported no port');
  }
  const origin = `http://127.0.0.1:${server.port}`;
  // Sanity check: the server must serve this dist/.
  const res = await fetch(`${origin}/`);
  if (!res.ok) {
    await server.stop();
    throw new Error(`astro preview() answered ${res.status} for /`);
  }
  return { origin, kind: 'astro-preview', stop: () => server.stop() };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Maps a URL path to a file in `dist`, as a static host would: `/a/b/` → a/b/index.html. Null if none. */
export function resolveDistFile(dist: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const base = resolve(dist);
  const candidate = normalize(join(base, path));
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  const tries = path.endsWith('/') ? [join(candidate, 'index.html')] : [candidate, join(candidate, 'index.html')];
  for (const file of tries) {
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** `base` with exactly one leading and one trailing slash: '' and '/' → '/', 'plan-atlas' → '/plan-atlas/'. */
export function normaliseBase(base = '/'): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * A plain static server for a build directory (any, e.g. a test's temporary outDir) on 127.0.0.1.
 * With `base` (e.g. '/plan-atlas/', for a build with Astro's `base`), the build is served under that
 * path only, as on a project page: `/plan-atlas/x/` → dist/x/index.html, `/plan-atlas` → 301 to
 * `/plan-atlas/`, and anything outside the base answers 404, so a URL that lost the base fails.
 */
export async function startStaticServer(dist: string, base = '/'): Promise<SiteServer> {
  const prefix = normaliseBase(base);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (prefix !== '/' && url.pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { Location: `${prefix}${url.search}` });
      res.end();
      return;
    }
    const inside = url.pathname.startsWith(prefix);
    const file = inside ? resolveDistFile(dist, url.pathname.slice(prefix.length - 1)) : null;
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const notFound = join(dist, '404.html');
      res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : inside && existsSync(notFound) ? readFileSync(notFound) : 'Not found');
      return;
    }
    if (!url.pathname.endsWith('/') && file.endsWith(`${sep}index.html`) && !url.pathname.endsWith('.html')) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    kind: 'node-http',
    stop: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
