/**
 * The compare page's pickers (enhancement). The URL holds the whole state; a picker change pushes
 * a history entry, back/forward restore it, and each view fetches only its cells
 * (/data/compare/<plan>/<tag>.json). Cells are rendered as DOM built from text, with the same
 * markup as the build-time CompareCell component.
 */
import { enhance } from '../basket/buttons.ts';
import { el } from '../text/dom.ts';
import { BASE, cachedJson } from '../text/site.ts';
import type { CompareCell, CompareHit } from './data.ts';
import { FIRST_HITS, KIND_LABELS } from './labels.ts';
import { prepareReuseBand } from './reuse-band.ts';
import { MAX_PLANS, readCompareState, writeCompareState, type CompareState, type ReadResult } from './state.ts';

const planHref = (slug: string, anchor?: string) => `${BASE}plans/${slug}/${anchor ? `#${anchor}` : ''}`;

interface Label {
  zh: string;
  en: string;
}

const fetchCell = (plan: string, tag: string) => cachedJson<CompareCell>(`${BASE}data/compare/${plan}/${tag}.json`);

function hitList(plan: string, short: string, hits: CompareHit[], start?: number): HTMLOListElement {
  const ol = el('ol', start ? { class: 'hits', start: String(start) } : { class: 'hits' });
  for (const p of hits) {
    const snip = el('p', { class: 'snip' });
    if (p.cut[0]) snip.append('…');
    p.snippet.forEach((t, k) => snip.append(k % 2 ? el('mark', {}, t) : t));
    if (p.cut[1]) snip.append('…');
    ol.append(
      el(
        'li',
        { class: 'hit', 'data-basket': `${plan}:${p.anchor}`, 'data-basket-label': `${short} §${p.anchor}` },
        el('p', { class: 'crumb' }, p.section.length ? p.section.join(' › ') : '卷首 Front matter'),
        snip,
        el('p', { class: 'hit-meta', 'data-basket-slot': '' }, el('a', { href: planHref(plan, p.anchor) }, '原文 ', el('span', { lang: 'en' }, 'Open'), ` §${p.anchor}`), ' ', el('span', { class: 'muted' }, `· ${KIND_LABELS[p.kind]}`)),
      ),
    );
  }
  return ol;
}

export function renderCell(cell: CompareCell, short: string, tag: Label): HTMLElement {
  const hid = `cell-${cell.tag}-${cell.plan}`;
  const sec = el('section', { class: 'cell', 'data-plan': cell.plan, 'aria-labelledby': hid });
  sec.append(el('h3', { class: 'cell-plan', id: hid }, el('a', { href: planHref(cell.plan) }, short), ' ', el('span', { class: 'count' }, `${cell.passages.length} 处 `, el('span', { lang: 'en' }, 'passages'))));
  if (cell.indicators.length) {
    const tbody = el('tbody');
    for (const r of cell.indicators) {
      const raw = el('span', { class: 'ind-raw' }, el('a', { href: planHref(cell.plan, r.anchor) }, r.indicator));
      if (r.unit) raw.append(`（${r.unit}）`);
      if (r.comparator) raw.append(` ${r.comparator}`);
      const th = el('th', { scope: 'row' }, el('a', { href: `${BASE}indicators/${r.metric}/` }, r.metricZh), raw);
      if (r.flagged) th.append(el('span', { class: 'ind-note' }, `⚠ ${r.note}`));
      tbody.append(
        el('tr', r.flagged ? { class: 'flagged' } : {}, th, el('td', { class: 'num' }, r.source === 'prose' ? '—' : r.baseline_raw || '（空）'), el('td', { class: 'num' }, r.target_raw || '（空）')),
      );
    }
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, '指标 ', el('span', { lang: 'en' }, 'Indicator')),
      el('th', { scope: 'col', class: 'num' }, '基期 ', el('span', { lang: 'en' }, 'Base')),
      el('th', { scope: 'col', class: 'num' }, '目标 ', el('span', { lang: 'en' }, 'Target')),
    );
    sec.append(el('table', { class: 'cell-ind' }, el('caption', {}, '指标 ', el('span', { lang: 'en' }, 'Indicators')), el('thead', {}, head), tbody));
  }
  if (!cell.passages.length) {
    sec.append(el('p', { class: 'absent' }, el('strong', {}, '未涉及'), `：没有关于“${tag.zh}”的段落。`, el('span', { lang: 'en' }, `No passage on ${tag.en}.`)));
    return sec;
  }
  sec.append(hitList(cell.plan, short, cell.passages.slice(0, FIRST_HITS)));
  const rest = cell.passages.slice(FIRST_HITS);
  if (rest.length) {
    sec.append(el('details', { class: 'more-hits' }, el('summary', {}, `另有 ${rest.length} 处 `, el('span', { lang: 'en' }, `${rest.length} more`)), hitList(cell.plan, short, rest, FIRST_HITS + 1)));
  }
  return sec;
}

export function renderBand(tag: string, label: Label, tagHref: string, cellsOfBand: HTMLElement[], cols: number): HTMLElement {
  const hid = `band-${tag}-h`;
  return el(
    'section',
    { class: 'band', id: `band-${tag}`, 'data-tag': tag, 'aria-labelledby': hid },
    el('h2', { id: hid }, `${label.zh} `, el('span', { lang: 'en', class: 'h-en' }, label.en), ' ', el('a', { class: 'band-all', href: tagHref }, '全部规划 ', el('span', { lang: 'en' }, 'All plans'), ' →')),
    el('div', { class: 'cells', style: `--cols: ${cols}` }, ...cellsOfBand),
  );
}

export function attach(form: HTMLFormElement, view: HTMLElement, status: HTMLElement, reuseBand: HTMLElement | null = null): void {
  const planBoxes = [...form.querySelectorAll<HTMLInputElement>('input[name="plans"]')];
  const tagBoxes = [...form.querySelectorAll<HTMLInputElement>('input[name="tags"]')];
  const known = { plans: planBoxes.map((b) => b.value), tags: tagBoxes.map((b) => b.value) };
  const fallback = JSON.parse(view.dataset.default!) as CompareState;
  const short = new Map(planBoxes.map((b) => [b.value, b.dataset.short!]));
  const tagLabel = new Map(tagBoxes.map((b) => [b.value, { zh: b.dataset.zh!, en: b.dataset.en! }]));
  const siteTitle = document.title.replace(/^.*? — /, '');
  let state: ReadResult = readCompareState(location.search, known, fallback);
  let token = 0;
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, k) => x === b[k]);

  function sync() {
    for (const b of planBoxes) {
      b.checked = state.plans.includes(b.value);
      b.disabled = !b.checked && state.plans.length >= MAX_PLANS;
    }
    for (const b of tagBoxes) b.checked = state.tags.includes(b.value);
    const names = state.plans.map((p) => short.get(p)).join(' · ');
    document.title = `对照 Compare：${names} — ${state.tags.map((t) => tagLabel.get(t)?.zh).join('、')} — ${siteTitle}`;
  }

  async function render() {
    const mine = ++token;
    status.textContent = '载入中… Loading…';
    view.setAttribute('aria-busy', 'true');
    try {
      const reuse = reuseBand ? prepareReuseBand(reuseBand, state.plans, short) : Promise.resolve(() => {});
      const data = await Promise.all(state.tags.map((t) => Promise.all(state.plans.map((p) => fetchCell(p, t)))));
      const drawReuse = await reuse;
      if (mine !== token) return;
      drawReuse();
      const frag = document.createDocumentFragment();
      state.tags.forEach((t, k) => {
        const label = tagLabel.get(t)!;
        frag.append(renderBand(t, label, `${BASE}tags/${t}/`, data[k].map((c) => renderCell(c, short.get(c.plan)!, label)), state.plans.length));
      });
      view.replaceChildren(frag);
      view.style.setProperty('--cols', String(state.plans.length));
      const n = state.plans.length;
      const ignored = state.dropped.length ? ` · 已忽略无效参数 ignored: ${state.dropped.join(', ')}` : '';
      status.textContent = `${n < 2 ? '再选一个规划即可对照。Pick at least one more plan to compare.' : `${n} 个规划 × ${state.tags.length} 个主题 · ${n} plans × ${state.tags.length} topics`}${ignored}`;
      enhance(view);
    } catch (e) {
      if (mine === token) status.textContent = `无法载入对照数据 Could not load the comparison (${(e as Error).message})`;
    } finally {
      if (mine === token) view.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    if (box.name !== 'plans' && box.name !== 'tags') return;
    const key = box.name as 'plans' | 'tags';
    const list = box.checked ? [...state[key], box.value] : state[key].filter((x) => x !== box.value);
    if (key === 'tags' && list.length === 0) {
      box.checked = true;
      status.textContent = '至少保留一个主题。Keep at least one topic.';
      return;
    }
    if (key === 'plans' && list.length === 0) {
      box.checked = true;
      status.textContent = '至少保留一个规划。Keep at least one plan.';
      return;
    }
    state = { plans: key === 'plans' ? list : state.plans, tags: key === 'tags' ? list : state.tags, dropped: [], defaulted: false };
    history.pushState(null, '', writeCompareState(state));
    sync();
    void render();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.querySelector('#cmp-copy')?.addEventListener('click', () => {
    navigator.clipboard?.writeText(location.href).then(
      () => (status.textContent = '已复制此视图的链接 Link to this view copied'),
      () => (status.textContent = '无法写入剪贴板 Could not write to the clipboard'),
    );
  });
  form.querySelector('#cmp-print')?.addEventListener('click', () => print());
  addEventListener('popstate', () => {
    const next = readCompareState(location.search, known, fallback);
    // A fragment navigation is a history entry too: nothing to redraw when the state is the same.
    if (same(next.plans, state.plans) && same(next.tags, state.tags)) return;
    state = next;
    sync();
    void render();
  });

  form.hidden = false;
  enhance(view);
  sync();
  // The build rendered the default view; any other URL is rendered here.
  if (!same(state.plans, fallback.plans) || !same(state.tags, fallback.tags) || state.dropped.length) void render();
  else status.textContent = `${state.plans.length} 个规划 × ${state.tags.length} 个主题（默认） · ${state.plans.length} plans × ${state.tags.length} topics (default)`;
}
