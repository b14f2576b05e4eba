/**
 * Page weight of a built site (Node only; for benchmarks and the weight gate in the site tests):
 * for every HTML page, its HTML, the CSS it links and the JavaScript it loads before any
 * interaction — its module scripts and their static imports, not `import()` on demand — each
 * gzipped at zlib's default level, as a static host would serve it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const gzipSize = (b: string | Buffer): number => gzipSync(typeof b === 'string' ? Buffer.from(b) : b).length;

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) rec(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  rec(dir);
  return out.sort();
}

export const PAGE_TYPES = ['home', 'plan', 'tag index', 'tag', 'indicators', 'metric', 'search', 'compare', 'outline', 'basket', 'reuse', 'reuse pair', 'other'] as const;
export type PageType = (typeof PAGE_TYPES)[number];

/** The page type of an HTML file in dist/ (path relative to dist/, base path already stripped). */
export function pageType(file: string): PageType {
  if (file === 'index.html') return 'home';
  if (/^plans\/[^/]+\/index\.html$/.test(file)) return 'plan';
  if (file === 'tags/index.html') return 'tag index';
  if (/^tags\/[^/]+\/(strongest\/)?index\.html$/.test(file)) return 'tag';
  if (file === 'indicators/index.html') return 'indicators';
  if (/^indicators\/[^/]+\/index\.html$/.test(file)) return 'metric';
  if (file === 'search/index.html') return 'search';
  if (file === 'compare/index.html') return 'compare';
  if (file.startsWith('compare/outline/')) return 'outline';
  if (file === 'basket/index.html') return 'basket';
  if (file === 'reuse/index.html') return 'reuse';
  if (/^reuse\/[^/]+--[^/]+\/index\.html$/.test(file)) return 'reuse pair';
  return 'other';
}

export interface PageWeight {
  file: string;
  type: PageType;
  htmlRaw: number;
  htmlGzip: number;
  cssGzip: number;
  jsGzip: number;
  /** HTML + CSS + JS, gzipped: what the page transfers before any interaction (fonts are the system's). */
  totalGzip: number;
}

/** Site-relative URL (with the base) → file in dist/. */
function fileOf(url: string, base: string): string | null {
  if (!url.startsWith(base)) return null;
  return url.slice(base.length).split(/[?#]/)[0];
}

/** Module scripts of a page and, transitively, their static imports (dist-relative paths). */
export function staticJs(dist: string, html: string, base = '/'): string[] {
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => fileOf(m[1], base)).filter((f): f is string => f !== null);
  // Inline module scripts import chunks too.
  for (const m of html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) for (const i of m[1].matchAll(/import\s*(?:[^"'()]*?from\s*)?["']([^"']+\.js)["']/g)) {
    const f = fileOf(i[1], base);
    if (f) queue.push(f);
  }
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    if (seen.has(f)) continue;
    seen.add(f);
    const code = readFileSync(join(dist, f), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["'](\.\.?\/[^"']+\.js)["']/g)) queue.push(posix.join(posix.dirname(f), m[1]));
  }
  return [...seen].sort();
}

export function stylesheets(html: string, base = '/'): string[] {
  return [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]+href="([^"]+)"[^>]*rel="stylesheet"/g)]
    .map((m) => fileOf(m[1] ?? m[2], base))
    .filter((f): f is string => f !== null);
}

/** The weight of every HTML page of a built site. Shared files are gzipped once. */
export function pageWeights(dist: string, base = '/'): PageWeight[] {
  const cache = new Map<string, number>();
  const gz = (f: string) => {
    let n = cache.get(f);
    if (n === undefined) cache.set(f, (n = gzipSize(readFileSync(join(dist, f)))));
    return n;
  };
  return walk(dist)
    .filter((f) => f.endsWith('.html'))
    .map((file) => {
      const html = readFileSync(join(dist, file), 'utf8');
      const htmlGzip = gz(file);
      const cssGzip = stylesheets(html, base).reduce((n, f) => n + gz(f), 0);
      const jsGzip = staticJs(dist, html, base).reduce((n, f) => n + gz(f), 0);
      return { file, type: pageType(file), htmlRaw: statSync(join(dist, file)).size, htmlGzip, cssGzip, jsGzip, totalGzip: htmlGzip + cssGzip + jsGzip };
    });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
}

/** Total bytes and file count under `dir`. */
export function dirSize(dir: string): { bytes: number; files: number } {
  const files = walk(dir);
  return { bytes: files.reduce((n, f) => n + statSync(join(dir, f)).size, 0), files: files.length };
}
