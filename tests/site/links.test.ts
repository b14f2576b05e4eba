/**
 * Link check of the built site in dist/, without a browser: every internal href/src resolves to a file,
 * every #fragment to an element id in the target page, and no page repeats an id.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import astroConfig from '../../astro.config.mjs';
import { checkSite, formatSummary, pageUrlPath, parseTags } from './helpers/linkcheck.ts';
import { assertBuilt, DIST } from './helpers/server.ts';

const SITE = 'http://127.0.0.1:4321';

describe('the link checker itself (a tiny fake site)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-atlas-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'index.html',
    `<!doctype html><html><head><link rel="stylesheet" href="/s.css"><link rel=icon href='/favicon.svg'></head><body>
<a href="/a/">ok</a> <a href="/a/#x">ok anchor</a> <a href="/a/#missing">bad anchor</a>
<a href="/missing/">bad page</a> <a href="/data.json">ok json</a> <a href="/data.json#foo">fragment on json</a>
<a href="mailto:x@example.com">mail</a> <a href="https://example.com/nope/">other host</a> <a href="javascript:void 0">js</a>
<a href="${SITE}/a/#x">own site, absolute</a> <a href="${SITE}/gone/">own site, broken</a>
<a href="#">top</a> <a href="#here">self</a> <p id="here">here</p> <a href="#%E4%B8%AD">encoded, but on the other page</a>
<a href="a/#%E4%B8%AD">relative + encoded Chinese id</a> <a href="/a/?q=1&amp;r=2#x">query + entity</a>
<p id="d">one</p><p id="d">two</p>
<!-- <a href="/in-a-comment/">ignored</a> -->
<script>document.body.insertAdjacentHTML('beforeend', '<a href="/in-a-script/" id="d">x</a>');</script>
<img src="/img/missing.png" alt=""><img srcset="/favicon.svg 1x, /img/two.png 2x" alt="">
</body></html>`,
  );
  write('a/index.html', `<p id="x">x</p><p id='中'>zh</p><a name="legacy"></a><a href="../data.json">up</a> <a href="./b.html">missing sibling</a> <a href="/#legacy">wrong page</a> <a href="/a/#legacy">legacy name</a>`);
  write('data.json', '{}');
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('s.css', `/* url(/commented.png) */ body { background: url("/favicon.svg") } .x { background: url(/img/bg.png) } .y { fill: url(#grad) }`);

  it('finds exactly the broken links, broken anchors and duplicate ids', () => {
    const r = checkSite(dir, { siteOrigins: [SITE] });
    expect(r.problems.sort()).toEqual(
      [
        '/ <a>: "/a/#missing" → no element with id "missing" in /a/',
        '/ <a>: "/missing/" → /missing/ does not exist in dist/',
        '/ <a>: "/data.json#foo" has a #fragment but /data.json is not an HTML page',
        `/ <a>: "${SITE}/gone/" → /gone/ does not exist in dist/`,
        '/ <a>: "#%E4%B8%AD" → no element with id "中" in /',
        '/: duplicate id "d" (on <p>)',
        '/ <img>: "/img/missing.png" → /img/missing.png does not exist in dist/',
        '/ <img>: "/img/two.png" → /img/two.png does not exist in dist/',
        '/a/ <a>: "./b.html" → /a/b.html does not exist in dist/',
        '/a/ <a>: "/#legacy" → no element with id "legacy" in /',
        '/s.css url(): "/img/bg.png" → /img/bg.png does not exist in dist/',
      ].sort(),
    );
    expect(r.pages).toBe(2);
    expect(r.skipped).toBe(3);
    expect(r.anchors).toBeGreaterThanOrEqual(8);
  });

  it('treats the own site origin as external when not told about it', () => {
    const r = checkSite(dir);
    expect(r.problems.some((p) => p.includes('/gone/'))).toBe(false);
    expect(r.skipped).toBe(5);
  });

  it('maps files to URLs and parses attributes', () => {
    expect(pageUrlPath(dir, join(dir, 'index.html'))).toBe('/');
    expect(pageUrlPath(dir, join(dir, 'a', 'index.html'))).toBe('/a/');
    expect(pageUrlPath(dir, join(dir, '404.html'))).toBe('/404.html');
    const [tag] = parseTags(`<a  HREF = '/x?a=1&amp;b=&#x4e2d;' data-x=y title="a > b">`);
    expect(tag.name).toBe('a');
    expect(tag.attrs.get('href')).toBe('/x?a=1&b=中');
    expect(tag.attrs.get('title')).toBe('a > b');
  });
});

describe('dist/', () => {
  it('has no broken internal links or anchors, and no duplicate ids', () => {
    assertBuilt();
    const site = (astroConfig as { site?: string }).site;
    expect(site, 'astro.config.mjs sets `site`').toBeTruthy();
    const r = checkSite(DIST, { siteOrigins: [site!] });
    console.log(formatSummary(r));
    // Sanity: the checker really walked the site (home, five plan pages, their TOCs and ¶ links).
    expect(r.pages).toBeGreaterThanOrEqual(6);
    expect(r.links).toBeGreaterThan(500);
    expect(r.anchors).toBeGreaterThan(500);
    expect(r.problems, r.problems.slice(0, 50).join('\n')).toEqual([]);
  });
});
