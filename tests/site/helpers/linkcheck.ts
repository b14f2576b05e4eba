/**
 * A small link checker for a static build directory, without a browser: every internal href/src/srcset in
 * every .html file (and url(...) in .css files) must name a file in the directory, and a #fragment must name
 * an element id (or <a name>) in the target page. Duplicate ids within a page are reported too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { normaliseBase, resolveDistFile } from './server.ts';

export interface LinkCheckOptions {
  /** Absolute URLs on this origin count as internal (the site's own `site` URL, e.g. canonical links). */
  siteOrigins?: string[];
  /**
   * The build's base path (Astro's `base`, e.g. '/plan-atlas/'; default '/'): pages are served under it,
   * so an internal URL must start with it, and the rest names the file in the directory.
   */
  base?: string;
}

export interface LinkCheckReport {
  pages: number;
  cssFiles: number;
  /** Internal links checked (each occurrence). */
  links: number;
  /** Internal links with a non-empty #fragment that were checked against the target's ids. */
  anchors: number;
  /** Links to other hosts / mailto: / javascript: / data: etc., not checked. */
  skipped: number;
  /** Ids collected over all pages. */
  ids: number;
  /** One line per problem; empty means the site is clean. */
  problems: string[];
}

interface Tag {
  name: string;
  attrs: Map<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The start tags of an HTML document (comments, scripts, styles and templates' raw text skipped). */
export function parseTags(html: string): Tag[] {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi, '<$1$2></$1>');
  const tags: Tag[] = [];
  const tagRe = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attrRe = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of stripped.matchAll(tagRe)) {
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(attrRe)) {
      const key = a[1].toLowerCase();
      if (!attrs.has(key)) attrs.set(key, decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    tags.push({ name: m[1].toLowerCase(), attrs });
  }
  return tags;
}

/** The URL path a built file is served at: index.html → its directory with a trailing slash. */
export function pageUrlPath(dist: string, file: string): string {
  const rel = relative(dist, file).split(sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

/** Link-bearing attributes: [tag or '*', attribute]. */
const LINK_ATTRS: [string, string][] = [
  ['*', 'href'],
  ['*', 'src'],
  ['*', 'srcset'],
  ['*', 'poster'],
  ['form', 'action'],
  ['object', 'data'],
  ['blockquote', 'cite'],
  ['q', 'cite'],
];

function linkValues(tag: Tag): string[] {
  const out: string[] = [];
  for (const [t, attr] of LINK_ATTRS) {
    if (t !== '*' && t !== tag.name) continue;
    const v = tag.attrs.get(attr);
    if (v === undefined) continue;
    if (attr === 'srcset') out.push(...v.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean));
    else out.push(v.trim());
  }
  return out;
}

export function checkSite(dist: string, options: LinkCheckOptions = {}): LinkCheckReport {
  const BASE = 'http://link-check.invalid';
  const internalOrigins = new Set([BASE, ...(options.siteOrigins ?? []).map((o) => new URL(o).origin)]);
  const base = normaliseBase(options.base);
  /** The URL path a built file is served at, under the base. */
  const servedAt = (file: string) => base + pageUrlPath(dist, file).slice(1);
  const files = walk(dist);
  const htmlFiles = files.filter((f) => extname(f) === '.html');
  const cssFiles = files.filter((f) => extname(f) === '.css');
  const report: LinkCheckReport = { pages: htmlFiles.length, cssFiles: cssFiles.length, links: 0, anchors: 0, skipped: 0, ids: 0, problems: [] };

  // Pass 1: ids (and <a name>) of every page.
  const idsOf = new Map<string, Set<string>>();
  const tagsOf = new Map<string, Tag[]>();
  for (const file of htmlFiles) {
    const tags = parseTags(readFileSync(file, 'utf8'));
    tagsOf.set(file, tags);
    const ids = new Set<string>();
    const where = pageUrlPath(dist, file);
    for (const tag of tags) {
      const id = tag.attrs.get('id');
      if (id !== undefined) {
        if (id === '') report.problems.push(`${where}: empty id on <${tag.name}>`);
        else if (ids.has(id)) report.problems.push(`${where}: duplicate id "${id}" (on <${tag.name}>)`);
        else ids.add(id);
      }
    }
    report.ids += ids.size;
    for (const tag of tags) {
      const name = tag.name === 'a' ? tag.attrs.get('name') : undefined;
      if (name) ids.add(name);
    }
    idsOf.set(file, ids);
  }

  const checkLink = (raw: string, fromPath: string, label: string) => {
    if (raw === '' || raw === '#') {
      report.links++;
      return;
    }
    if (/^(mailto|javascript|tel|data|blob|about):/i.test(raw)) {
      report.skipped++;
      return;
    }
    let url: URL;
    try {
      url = new URL(raw, BASE + fromPath);
    } catch {
      report.problems.push(`${label}: unparseable URL "${raw}"`);
      return;
    }
    if (!internalOrigins.has(url.origin)) {
      report.skipped++;
      return;
    }
    report.links++;
    if (!url.pathname.startsWith(base)) {
      report.problems.push(`${label}: "${raw}" → ${url.pathname} is outside the base ${base}`);
      return;
    }
    const target = resolveDistFile(dist, url.pathname.slice(base.length - 1));
    if (!target) {
      report.problems.push(`${label}: "${raw}" → ${url.pathname} does not exist in dist/`);
      return;
    }
    if (!url.hash || url.hash === '#') return;
    let fragment: string;
    try {
      fragment = decodeURIComponent(url.hash.slice(1));
    } catch {
      report.problems.push(`${label}: "${raw}" has a malformed #fragment`);
      return;
    }
    if (fragment.startsWith(':~:')) return; // text fragment directive
    report.anchors++;
    const ids = idsOf.get(target);
    if (!ids) {
      report.problems.push(`${label}: "${raw}" has a #fragment but ${pageUrlPath(dist, target)} is not an HTML page`);
      return;
    }
    if (!ids.has(fragment) && fragment.toLowerCase() !== 'top') {
      report.problems.push(`${label}: "${raw}" → no element with id "${fragment}" in ${pageUrlPath(dist, target)}`);
    }
  };

  // Pass 2: links.
  for (const file of htmlFiles) {
    const fromPath = pageUrlPath(dist, file);
    const baseHref = tagsOf.get(file)!.find((t) => t.name === 'base')?.attrs.get('href');
    const resolvedFrom = baseHref ? new URL(baseHref, BASE + servedAt(file)).pathname : servedAt(file);
    for (const tag of tagsOf.get(file)!) {
      if (tag.name === 'base') continue;
      for (const value of linkValues(tag)) checkLink(value, resolvedFrom, `${fromPath} <${tag.name}>`);
    }
  }
  for (const file of cssFiles) {
    const fromPath = pageUrlPath(dist, file);
    const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)) {
      const value = m[1] ?? m[2] ?? m[3] ?? '';
      if (value.startsWith('#')) continue; // SVG paint server references inside CSS
      checkLink(value, servedAt(file), `${fromPath} url()`);
    }
  }
  return report;
}

export function formatSummary(r: LinkCheckReport): string {
  return `link check: ${r.pages} pages, ${r.cssFiles} css files, ${r.ids} ids, ${r.links} internal links, ${r.anchors} #anchors checked, ${r.skipped} external/other skipped, ${r.problems.length} problems`;
}
