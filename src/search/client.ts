/**
 * Browser side of search: fetch the manifest and the shards (progressively, a few at a time, only
 * the plans the filters select), and render results as DOM built with textContent — never HTML
 * strings — so neither the query nor the plan text can inject markup.
 *
 * Imported only by the search page and, on first focus, by the search box: plain page views never
 * load it or the index.
 */
import { highlights, SearchEngine, type Filters, type Hit, type SearchResult } from './engine.ts';
import { el } from '../text/dom.ts';
import { BASE } from '../text/site.ts';
import { snippet } from '../text/spans.ts';
import type { SearchManifest, SearchShard } from './shard.ts';
import { readerUrl, writeState, type SearchState } from './state.ts';
import { enhance } from '../basket/buttons.ts';

const CONCURRENCY = 4;
/** Results listed for one plan when the filter selects that plan alone. */
const MAX_IN_PLAN = 500;

let enginePromise: Promise<SearchEngine> | null = null;
const shardPromises = new Map<string, Promise<void>>();

export function getEngine(): Promise<SearchEngine> {
  enginePromise ??= fetch(`${BASE}data/search/manifest.json`)
    .then((r) => {
      if (!r.ok) throw new Error(`search manifest: HTTP ${r.status}`);
      return r.json() as Promise<SearchManifest>;
    })
    .then((m) => new SearchEngine(m));
  enginePromise.catch(() => (enginePromise = null));
  return enginePromise;
}

function loadShard(engine: SearchEngine, slug: string): Promise<void> {
  let p = shardPromises.get(slug);
  if (!p) {
    const plan = engine.plans.find((x) => x.slug === slug)!;
    p = fetch(plan.shard)
      .then((r) => {
        if (!r.ok) throw new Error(`search shard ${slug}: HTTP ${r.status}`);
        return r.json() as Promise<SearchShard>;
      })
      .then((s) => engine.addShard(s));
    p.catch(() => shardPromises.delete(slug));
    shardPromises.set(slug, p);
  }
  return p;
}

/**
 * Load the shards of the selected plans, `CONCURRENCY` at a time in manifest order, calling
 * `onProgress` after each one so results can appear before the whole corpus has arrived.
 */
export async function loadShards(engine: SearchEngine, filters: Filters, onProgress: () => void): Promise<void> {
  const queue = engine.selectedPlans(filters).map((k) => engine.plans[k].slug);
  const worker = async () => {
    for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
      const was = engine.isLoaded(slug);
      await loadShard(engine, slug);
      if (!was) onProgress();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

export function hitUrl(engine: SearchEngine, hit: Hit): string {
  return readerUrl(BASE, engine.plans[hit.plan].slug, engine.anchor(hit), highlights(engine.text(hit), hit.ranges));
}

/** The snippet of a hit as a span with <mark> around the matched text. */
export function snippetNode(engine: SearchEngine, hit: Hit, width = 110): HTMLElement {
  const sn = snippet(engine.text(hit), hit.ranges, width, Math.floor(width / 4));
  const out = el('span', { class: 'snip' });
  if (sn.cutStart) out.append('…');
  for (const p of sn.parts) out.append(p.mark ? el('mark', {}, p.text) : p.text);
  if (sn.cutEnd) out.append('…');
  return out;
}

const KIND_LABELS: Record<string, string> = { heading: '标题 heading', paragraph: '段落 paragraph', item: '条目 item', row: '表格行 table row' };

function hitItem(engine: SearchEngine, hit: Hit): HTMLLIElement {
  const crumb = engine.breadcrumb(hit);
  const kind = engine.kind(hit);
  const a = el('a', { class: 'hit-link', href: hitUrl(engine, hit) });
  a.append(el('span', { class: 'crumb' }, crumb.length ? `${crumb.join(' › ')} · ` : '', el('span', { class: 'kind' }, KIND_LABELS[kind])));
  a.append(snippetNode(engine, hit));
  const slug = engine.plans[hit.plan].slug;
  const anchor = engine.anchor(hit);
  return el('li', { class: `hit hit-${kind}`, 'data-basket': `${slug}:${anchor}`, 'data-basket-label': `${engine.plans[hit.plan].short} §${anchor}` }, a);
}

export interface RenderOptions {
  /** Hits shown per plan before the "all in this plan" link (all when one plan is selected). */
  perPlan: number;
  /** The complete state, for "all in this plan" links. */
  state: SearchState;
  /** Whether every selected shard has been searched. */
  complete: boolean;
}

/** The status sentence for a result. */
export function statusText(r: SearchResult, complete: boolean): string {
  const plans = new Set(r.hits.map((h) => h.plan)).size;
  const loading = complete ? '' : `（正在载入 loading ${r.searched}/${r.selected}）`;
  const unknown = r.unknown.length ? ` 无法识别的筛选 Unknown filter: ${r.unknown.join(', ')}.` : '';
  switch (r.mode) {
    case 'empty':
      return `输入查询词，或选择规划、层级、主题浏览。Type a query, or pick a plan, level or topic to browse.${unknown}`;
    case 'browse':
      return `${r.hits.length} 条，来自 ${plans} 个规划${loading}。${r.hits.length} passage(s) from ${plans} plan(s).${unknown}`;
    case 'exact':
      return `${r.hits.length} 条完全匹配，来自 ${plans} 个规划${loading}。${r.hits.length} exact match(es) in ${plans} plan(s).${unknown}`;
    case 'fuzzy':
      return `没有完全匹配；以下是 ${r.hits.length} 条近似结果${loading}。No exact match — ${r.hits.length} closest fuzzy match(es).${unknown}`;
    case 'none': {
      const q = r.terms.map((t) => t.raw).join(' ');
      const per = r.terms.length > 1 ? ` 各词单独命中 Each term alone: ${r.terms.map((t, k) => `${t.raw}（${r.termCounts[k]}）`).join(' · ')}.` : '';
      return complete ? `没有与“${q}”匹配的结果。No results for “${q}”.${per}${unknown}` : `正在搜索… Searching… ${loading}`;
    }
  }
}

/** Results grouped by plan (groups in order of their best hit), each with its count. */
export function renderResults(container: HTMLElement, engine: SearchEngine, r: SearchResult, o: RenderOptions): void {
  const groups = new Map<number, Hit[]>();
  for (const h of r.hits) {
    const list = groups.get(h.plan) ?? [];
    list.push(h);
    groups.set(h.plan, list);
  }
  const order = r.mode === 'browse' ? [...groups.keys()].sort((a, b) => a - b) : [...groups.keys()];
  const frag = document.createDocumentFragment();
  // A term that names a topic (its Chinese name or one of its signal terms) also offers the topic:
  // 研发投入强度 as text is rare, the passages tagged R&D intensity are many.
  const topics = engine.manifest.tags.filter(
    (t) => !o.state.tags.includes(t.id) && r.terms.some((x) => x.kind === 'text' && (x.folded === engine.fold(t.zh) || t.terms.some((y) => engine.fold(y) === x.folded))),
  );
  if (topics.length) {
    const p = el('p', { class: 'topic-offer' }, '主题 Topic: ');
    topics.forEach((t, k) => {
      if (k) p.append(' · ');
      p.append(el('a', { href: `${BASE}search/${writeState({ q: '', plans: o.state.plans, levels: o.state.levels, tags: [t.id] })}`, 'data-nav': '' }, `${t.zh} ${t.en}`));
    });
    p.append(' — 浏览该主题的全部段落 Browse every passage on this topic.');
    frag.append(p);
  }
  if (r.mode === 'fuzzy') frag.append(el('p', { class: 'fuzzy-note' }, '近似匹配：以下结果不含完整的查询词，高亮处为最接近的文字。', el('span', { lang: 'en' }, ' Fuzzy matches: these passages do not contain the exact query; the closest text is highlighted.')));
  for (const k of order) {
    const hits = groups.get(k)!;
    const p = engine.plans[k];
    const id = `results-${p.slug}`;
    const section = el('section', { class: 'result-group', 'aria-labelledby': id, 'data-plan': p.slug });
    const h2 = el('h2', { id }, el('a', { href: `${BASE}plans/${p.slug}/` }, p.short), ' ', el('span', { class: 'count' }, `${hits.length} 条`));
    section.append(h2, el('p', { class: 'muted plan-meta' }, `${p.title} · ${p.region} · ${p.period}`));
    const shown = o.state.plans.length === 1 ? Math.min(hits.length, MAX_IN_PLAN) : Math.min(hits.length, o.perPlan);
    const ol = el('ol', { class: 'hits' });
    for (const h of hits.slice(0, shown)) ol.append(hitItem(engine, h));
    section.append(ol);
    if (o.state.plans.length === 1 && hits.length > shown) section.append(el('p', { class: 'more muted' }, `只显示前 ${shown} 条，请缩小查询。Showing the first ${shown}; narrow the query to see the rest.`));
    if (o.state.plans.length !== 1 && hits.length > shown) {
      const href = `${BASE}search/${writeState({ ...o.state, plans: [p.slug] })}`;
      section.append(el('p', { class: 'more' }, el('a', { href, 'data-nav': '' }, `该规划全部 ${hits.length} 条 · All ${hits.length} in this plan →`)));
    }
    frag.append(section);
  }
  container.replaceChildren(frag);
  enhance(container);
}
