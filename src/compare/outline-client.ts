/**
 * /compare/outline/?plans=a,b (enhancement): two plans' outlines aligned in the browser from their
 * section profiles (/data/outline/<plan>.json), with the same markup as the OutlineAlign component.
 * The URL holds the pair; choosing another pushes a history entry and back/forward restore it.
 */
import { el } from '../text/dom.ts';
import { BASE, cachedJson } from '../text/site.ts';
import { alignOutlines, type Alignment, type SectionProfile } from './align.ts';
import { linkReason } from './labels.ts';


interface Side {
  slug: string;
  short: string;
  profiles: SectionProfile[];
}

const profiles = (slug: string) => cachedJson<SectionProfile[]>(`${BASE}data/outline/${slug}.json`);

export function renderOutline(sides: [Side, Side], alignment: Alignment, tagZh: (id: string) => string): HTMLElement {
  const root = el('div', { class: 'olcmp', 'data-a': sides[0].slug, 'data-b': sides[1].slug });
  (['a', 'b'] as const).forEach((side, k) => {
    const { slug, short, profiles: list } = sides[k];
    const other = sides[1 - k];
    const links = side === 'a' ? alignment.byA : alignment.byB;
    const heading = new Map(other.profiles.map((p) => [p.id, p.heading]));
    const unmatched = list.filter((p) => !links[p.id]?.length).length;
    const ol = el('ol', { class: 'ol-list' });
    for (const p of list) {
      const mine = links[p.id] ?? [];
      const li = el('li', { class: `ol-sec lvl${p.level}${mine.length ? '' : ' unmatched'}`, id: `${side}-${p.id}` });
      li.append(el('p', { class: 'ol-head' }, el('a', { href: `${BASE}plans/${slug}/#${p.id}` }, p.heading), ' ', el('span', { class: 'muted' }, `${p.passages} 段`)));
      if (mine.length) {
        const ul = el('ul', { class: 'ol-links' });
        for (const l of mine) {
          const to = side === 'a' ? l.b : l.a;
          ul.append(el('li', {}, el('a', { href: `#${side === 'a' ? 'b' : 'a'}-${to}` }, `${side === 'a' ? '→' : '←'} ${heading.get(to)}`), ' ', el('span', { class: 'muted why' }, linkReason(l, tagZh))));
        }
        li.append(ul);
      } else li.append(el('p', { class: 'ol-none' }, '无对应 ', el('span', { lang: 'en' }, `No counterpart in ${other.short}`)));
      ol.append(li);
    }
    root.append(
      el(
        'section',
        { class: 'ol-col', 'data-side': side, 'aria-labelledby': `ol-${side}-h` },
        el('h2', { id: `ol-${side}-h` }, el('a', { href: `${BASE}plans/${slug}/` }, short)),
        el('p', { class: 'muted ol-sum' }, `${list.length} 节，${unmatched} 节无对应 `, el('span', { lang: 'en' }, `${list.length} sections, ${unmatched} without counterpart`)),
        ol,
      ),
    );
  });
  return root;
}

/** The pair in the URL: two different known plans, or null. */
export function readPair(search: string, known: readonly string[]): [string, string] | null {
  const ids = new URLSearchParams(search)
    .getAll('plans')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim());
  return ids.length === 2 && ids[0] !== ids[1] && ids.every((x) => known.includes(x)) ? [ids[0], ids[1]] : null;
}

export function attach(form: HTMLFormElement, view: HTMLElement, status: HTMLElement): void {
  const selA = form.elements.namedItem('a') as HTMLSelectElement;
  const selB = form.elements.namedItem('b') as HTMLSelectElement;
  const known = [...selA.options].map((o) => o.value);
  const short = new Map([...selA.options].map((o) => [o.value, o.dataset.short!]));
  const tagLabels = JSON.parse(view.dataset.tags!) as Record<string, string>;
  const tagZh = (id: string) => tagLabels[id] ?? id;
  const fallback: [string, string] = [view.dataset.defaultA!, view.dataset.defaultB!];
  const siteTitle = document.title.replace(/^.*? — /, '');
  let pair = readPair(location.search, known) ?? fallback;
  let token = 0;

  function sync() {
    selA.value = pair[0];
    selB.value = pair[1];
    document.title = `提纲对照 Outlines：${short.get(pair[0])} ↔ ${short.get(pair[1])} — ${siteTitle}`;
  }
  async function render() {
    const mine = ++token;
    status.textContent = '载入中… Loading…';
    view.setAttribute('aria-busy', 'true');
    try {
      const [pa, pb] = await Promise.all([profiles(pair[0]), profiles(pair[1])]);
      if (mine !== token) return;
      const sides: [Side, Side] = [
        { slug: pair[0], short: short.get(pair[0])!, profiles: pa },
        { slug: pair[1], short: short.get(pair[1])!, profiles: pb },
      ];
      view.replaceChildren(renderOutline(sides, alignOutlines(pa, pb), tagZh));
      status.textContent = `${short.get(pair[0])} ↔ ${short.get(pair[1])}`;
    } catch (e) {
      if (mine === token) status.textContent = `无法载入提纲 Could not load the outlines (${(e as Error).message})`;
    } finally {
      if (mine === token) view.removeAttribute('aria-busy');
    }
  }
  form.addEventListener('change', () => {
    if (selA.value === selB.value) {
      status.textContent = '请选择两个不同的规划。Choose two different plans.';
      return;
    }
    pair = [selA.value, selB.value];
    history.pushState(null, '', `?plans=${pair.join(',')}`);
    sync();
    void render();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.querySelector('#ol-swap')?.addEventListener('click', () => {
    pair = [pair[1], pair[0]];
    history.pushState(null, '', `?plans=${pair.join(',')}`);
    sync();
    void render();
  });
  addEventListener('popstate', () => {
    const next = readPair(location.search, known) ?? fallback;
    // Following an in-page link to the other outline is a history entry too: nothing to redraw.
    if (next[0] === pair[0] && next[1] === pair[1]) return;
    pair = next;
    sync();
    void render();
  });
  form.hidden = false;
  sync();
  if (pair[0] !== fallback[0] || pair[1] !== fallback[1]) void render();
}
