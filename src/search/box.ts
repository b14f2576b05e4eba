/**
 * The search box in every page header, enhanced into a combobox on first focus: it loads the index
 * (progressively), shows the best few results in a listbox as the user types, and keeps the plain
 * form behaviour (Enter with no option chosen opens /search/?q=…). ARIA 1.2 combobox pattern:
 * ↓/↑ move the active option, Enter follows it, Escape closes the list.
 */
import { getEngine, hitUrl, loadShards, snippetNode } from './client.ts';
import { BASE } from '../text/site.ts';
import { writeState } from './state.ts';
import type { SearchEngine } from './engine.ts';

const MAX_OPTIONS = 8;

export function attach(input: HTMLInputElement): void {
  if (input.dataset.enhanced) return;
  input.dataset.enhanced = '1';
  const listId = `${input.id}-list`;
  const list = document.createElement('ul');
  list.id = listId;
  list.className = 'box-results';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', '搜索建议 Search suggestions');
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);

  let engine: SearchEngine | null = null;
  let active = -1;
  let timer = 0;
  const all = { plans: [], tags: [], levels: [] };

  const options = () => [...list.querySelectorAll<HTMLLIElement>('[role="option"]')];
  function setActive(k: number) {
    const opts = options();
    active = opts.length ? (k + opts.length) % opts.length : -1;
    opts.forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', opts[active].id);
      opts[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }
  function option(id: string, href: string, ...children: Array<Node | string>): HTMLLIElement {
    const li = document.createElement('li');
    li.id = id;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.href = href;
    li.append(...children);
    li.addEventListener('mousedown', (e) => e.preventDefault());
    li.addEventListener('click', () => (location.href = href));
    return li;
  }
  /** Rebuild the suggestions; `keep` keeps the active option (by its link) when it is still there. */
  function update(keep = false) {
    const before = keep && active >= 0 ? options()[active]?.dataset.href : undefined;
    const q = input.value;
    if (!engine || !q.trim()) return close();
    const r = engine.search(q, all);
    const frag = document.createDocumentFragment();
    r.hits.slice(0, MAX_OPTIONS).forEach((h, k) => {
      const plan = document.createElement('span');
      plan.className = 'box-plan';
      plan.textContent = engine!.plans[h.plan].short;
      frag.append(option(`${listId}-${k}`, hitUrl(engine!, h), plan, snippetNode(engine!, h, 48)));
    });
    const label = r.mode === 'fuzzy' ? `近似结果 ${r.hits.length} 条 · ${r.hits.length} fuzzy` : r.mode === 'none' ? '没有结果 No results' : `全部 ${r.hits.length} 条结果 · All ${r.hits.length} results`;
    const allLi = option(`${listId}-all`, `${BASE}search/${writeState({ q, ...all })}`, `${label} →`);
    allLi.className = 'box-all';
    frag.append(allLi);
    list.replaceChildren(frag);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(before === undefined ? -1 : options().findIndex((o) => o.dataset.href === before));
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => update(), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden) update();
      e.preventDefault();
      setActive(active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      location.href = options()[active].dataset.href!;
    } else if (e.key === 'Escape') {
      if (!list.hidden) e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));

  void (async () => {
    try {
      engine = await getEngine();
      // As shards arrive the suggestions improve; an option the user has moved to stays chosen.
      const refresh = () => document.activeElement === input && update(true);
      refresh();
      await loadShards(engine, all, refresh);
      refresh();
    } catch {
      // The box still works as a plain form to /search/, which reports the failure.
    }
  })();
}
