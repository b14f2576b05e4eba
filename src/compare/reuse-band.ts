/**
 * The compare view's shared-wording band, rendered in the browser for the chosen plans (the build
 * renders the default view with the same markup: src/components/ReuseBand.astro). Each pair of
 * chosen plans with substantive shared wording has a small file, /data/reuse/<a>--<b>.json (a < b);
 * /data/reuse/partners/<plan>.json says which exist, so nothing is fetched that is not there. Text only.
 */
import { el } from '../text/dom.ts';
import { BASE, cachedJson } from '../text/site.ts';

/** Spans listed per pair before the rest fold into "n more". */
export const BAND_FIRST = 5;
/** At most this many spans per pair in the band (longest first); the pair page has them all. */
export const BAND_MAX = 30;

export interface BandSpan {
  id: string;
  htmlId: string;
  length: number;
  a: { passage: string; section: string; text: string };
  b: { passage: string; section: string; text: string };
}
export interface BandPair {
  a: string;
  b: string;
  shareA: number;
  shareB: number;
  formulaSpans: number;
  direction: { zh: string; en: string };
  spans: BandSpan[];
}

const planHref = (slug: string, anchor?: string) => `${BASE}plans/${slug}/${anchor ? `#${anchor}` : ''}`;
const squash = (s: string) => s.replace(/\s+/g, '');

function spanList(x: string, y: string, shortX: string, shortY: string, spans: BandSpan[]): HTMLOListElement {
  const ol = el('ol', { class: 'hits' });
  for (const s of spans) {
    const [sx, sy] = x < y ? [s.a, s.b] : [s.b, s.a];
    const li = el('li', { class: 'hit' }, el('p', { class: 'crumb' }, `${shortX} · ${sx.section}`), el('p', { class: 'snip' }, sx.text));
    if (squash(sx.text) !== squash(sy.text)) li.append(el('p', { class: 'snip alt' }, `${shortY}：`, sy.text));
    li.append(
      el(
        'p',
        { class: 'hit-meta' },
        el('a', { href: planHref(x, sx.passage) }, `${shortX} §${sx.passage}`),
        ' · ',
        el('a', { href: planHref(y, sy.passage) }, `${shortY} §${sy.passage}`),
        ' · ',
        el('a', { href: `${BASE}reuse/${x}--${y}/#${s.htmlId}` }, '对照 ', el('span', { lang: 'en' }, 'side by side')),
        ` · ${s.length} 字`,
      ),
    );
    ol.append(li);
  }
  return ol;
}

export function renderPair(x: string, y: string, shortX: string, shortY: string, d: BandPair): HTMLElement {
  const hid = `rp-${x}--${y}-h`;
  const sec = el('section', { class: 'rpair', 'data-pair': `${x}--${y}`, 'aria-labelledby': hid });
  sec.append(
    el('h3', { id: hid }, el('a', { href: `${BASE}reuse/${x}--${y}/` }, `${shortX} ↔ ${shortY}`), ' ', el('span', { class: 'count' }, `${d.spans.length} 处 `, el('span', { lang: 'en' }, 'spans'))),
    el('p', { class: 'muted' }, `${d.direction.zh}。`, el('span', { lang: 'en' }, `${d.direction.en}.`)),
    spanList(x, y, shortX, shortY, d.spans.slice(0, BAND_FIRST)),
  );
  const rest = d.spans.slice(BAND_FIRST, BAND_MAX);
  if (rest.length) sec.append(el('details', { class: 'more-hits' }, el('summary', {}, `另有 ${rest.length} 处 `, el('span', { lang: 'en' }, `${rest.length} more`)), spanList(x, y, shortX, shortY, rest)));
  if (d.spans.length > BAND_MAX) sec.append(el('p', { class: 'hit-meta' }, el('a', { href: `${BASE}reuse/${x}--${y}/` }, `全部 ${d.spans.length} 处见对照页 `, el('span', { lang: 'en' }, `all ${d.spans.length} on the pair page`))));
  return sec;
}

/** Pairs of `plans` in their order (first with second, …), as [x, y] with x before y in the view. */
export function viewPairs(plans: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  plans.forEach((x, i) => plans.slice(i + 1).forEach((y) => out.push([x, y])));
  return out;
}

/**
 * Fetches what the band needs for `plans` (only the pairs that exist) and returns a function that
 * draws it into `band` (its heading kept): the caller applies it only if its view is still current.
 */
export async function prepareReuseBand(band: HTMLElement, plans: string[], short: Map<string, string>): Promise<() => void> {
  const key = (x: string, y: string) => (x < y ? `${x}--${y}` : `${y}--${x}`);
  // Which pairs exist: each chosen plan's partners (all but the last plan's are enough).
  const lists = await Promise.all(plans.slice(0, -1).map((x) => cachedJson<{ partners: string[] }>(`${BASE}data/reuse/partners/${x}.json`)));
  const available = new Set(plans.slice(0, -1).flatMap((x, k) => lists[k].partners.map((y) => key(x, y))));
  const pairs = viewPairs(plans).filter(([x, y]) => available.has(key(x, y)));
  const data = await Promise.all(pairs.map(([x, y]) => cachedJson<BandPair>(`${BASE}data/reuse/${key(x, y)}.json`)));
  return () => {
    const body = band.querySelector<HTMLElement>('.rpairs');
    if (!body) return;
    if (!pairs.length) body.replaceChildren(el('p', { class: 'absent' }, '所选规划之间没有实质性的共有措辞。', el('span', { lang: 'en' }, 'The chosen plans share no substantive wording.')));
    else body.replaceChildren(...pairs.map(([x, y], k) => renderPair(x, y, short.get(x) ?? x, short.get(y) ?? y, data[k])));
  };
}
