/**
 * The /basket/ page: list, reorder, remove, export (Markdown, CSV), share, clear — and the shared
 * view for /basket/?items=… . Loaded only on /basket/. All DOM is built from text (el()).
 */
import { today } from '../cite/citation.ts';
import { el } from '../text/dom.ts';
import { BASE } from '../text/site.ts';
import { createResolver, type Resolved } from './resolve.ts';
import { MAX_SHARED, parseShare, shareQuery, STATUS_NOTES, toCsv, toMarkdown } from './format.ts';
import { clear, load, move, onChange, refOf, remove, save, type BasketItem } from './store.ts';


type Action = 'up' | 'down' | 'remove';
const LABELS: Record<Action, [string, string]> = { up: ['上移', 'Move up'], down: ['下移', 'Move down'], remove: ['移除', 'Remove'] };

const same = (a: BasketItem[], b: BasketItem[]) => a.length === b.length && a.every((x, k) => refOf(x) === refOf(b[k]));
const planName = (r: Resolved) => r.meta?.shortTitle ?? r.meta?.title ?? r.item.plan;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function start(): void {
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const app = $('basket-app');
  const list = $('basket-list');
  const empty = $('basket-empty');
  const tools = $('basket-tools');
  const summary = $('basket-summary');
  const status = $('basket-status');
  const banner = $('basket-shared');
  const clearButton = $('b-clear');
  app.hidden = false;

  const resolveAll = createResolver({ origin: location.origin, base: BASE });
  /** Non-null while showing a shared list that differs from the own basket. */
  let shared: BasketItem[] | null = null;
  let current: Resolved[] = [];
  let seq = 0;
  let pendingFocus: { ref: string; action: Action } | 'empty' | 'summary' | null = null;

  const say = (...parts: Array<Node | string>) => status.replaceChildren(...parts);
  const items = () => shared ?? load();
  const dropQuery = () => history.replaceState(history.state, '', location.pathname + location.hash);

  function itemNode(r: Resolved, k: number, n: number): HTMLLIElement {
    const ref = refOf(r.item);
    const href = `${BASE}plans/${r.item.plan}/#${r.item.anchor}`;
    const head = el('p', { class: 'bi-head' }, r.status === 'missing-plan' ? el('span', {}, r.item.plan) : el('a', { href: `${BASE}plans/${r.item.plan}/` }, planName(r)));
    if (r.section.length) head.append(' · ', el('span', { class: 'bi-section' }, r.section.join(' › ')));
    const li = el('li', { class: `basket-item${r.status === 'ok' ? '' : ' missing'}`, 'data-ref': ref }, head);
    if (r.status === 'ok') li.append(el('blockquote', { class: `bi-text bi-${r.kind}` }, r.text));
    else li.append(el('p', { class: 'bi-missing' }, `${STATUS_NOTES[r.status]}（${ref}）`));
    li.append(el('p', { class: 'bi-link' }, el('a', { href }, '原文 ', el('span', { lang: 'en' }, 'Open in plan'), ` §${r.item.anchor}`)));
    if (!shared) {
      const actions = el('div', { class: 'bi-actions' });
      for (const a of ['up', 'down', 'remove'] as Action[]) {
        const off = (a === 'up' && k === 0) || (a === 'down' && k === n - 1);
        const b = el('button', { type: 'button', 'data-action': a }, `${LABELS[a][0]} `, el('span', { lang: 'en' }, LABELS[a][1]), el('span', { class: 'visually-hidden' }, `：第 ${k + 1} 条 item ${k + 1}, ${planName(r)}`));
        if (off) b.setAttribute('aria-disabled', 'true');
        actions.append(b);
      }
      li.append(actions);
    }
    return li;
  }

  function showBanner(): void {
    banner.hidden = !shared;
    clearButton.hidden = !!shared;
    if (!shared) return banner.replaceChildren();
    const own = load().length;
    const merge = el('button', { type: 'button', id: 'b-merge' }, '合并到我的摘录篮 ', el('span', { lang: 'en' }, 'Add to my basket'));
    const replace = el('button', { type: 'button', id: 'b-replace' }, '替换我的摘录篮 ', el('span', { lang: 'en' }, 'Replace my basket'));
    merge.addEventListener('click', () => adopt('merge'));
    replace.addEventListener('click', () => adopt('replace'));
    banner.replaceChildren(
      el('p', {}, `这是分享的摘录篮，共 ${shared.length} 条；你自己的摘录篮有 ${own} 条，尚未改动。`, el('span', { lang: 'en' }, ` This is a shared basket of ${plural(shared.length, 'passage')}; your own basket (${own}) is unchanged.`)),
      el('p', { class: 'shared-actions' }, merge, ' ', replace, ' ', el('a', { href: `${BASE}basket/` }, `查看我的摘录篮 `, el('span', { lang: 'en' }, `View my basket (${own})`))),
    );
  }

  function adopt(how: 'merge' | 'replace'): void {
    if (!shared) return;
    const own = load();
    if (how === 'replace' && !confirm(`用分享的 ${shared.length} 条替换你的 ${own.length} 条摘录？\nReplace your ${plural(own.length, 'passage')} with the ${shared.length} shared?`)) return;
    const next = how === 'merge' ? [...own, ...shared] : shared;
    const added = how === 'merge' ? next.length - own.length - shared.filter((s) => own.some((o) => refOf(o) === refOf(s))).length : shared.length;
    shared = null;
    pendingFocus = 'summary';
    if (!save(next)) {
      say('无法保存：浏览器拒绝了本地存储。Could not save: the browser refused local storage.');
      return;
    }
    dropQuery();
    showBanner();
    say(how === 'merge' ? `已合并，新增 ${added} 条。Added ${added} to your basket.` : `已替换为分享的 ${next.length} 条。Your basket now holds the ${next.length} shared passages.`);
  }

  async function render(): Promise<void> {
    const mine = ++seq;
    const its = items();
    // Keep focus on the same control of the same item when the list is redrawn for another reason.
    const active = document.activeElement;
    const li = active instanceof HTMLElement && list.contains(active) ? active.closest('li') : null;
    if (!pendingFocus && li && active instanceof HTMLButtonElement) pendingFocus = { ref: li.dataset.ref!, action: active.dataset.action as Action };
    if (its.length && !current.length) summary.textContent = '正在载入… Loading…';
    const resolved = await resolveAll(its);
    if (mine !== seq) return;
    current = resolved;
    const plans = new Set(its.map((i) => i.plan)).size;
    const missing = resolved.filter((r) => r.status !== 'ok').length;
    summary.textContent = its.length
      ? `${its.length} 条摘录，来自 ${plans} 个规划${missing ? `，其中 ${missing} 条未找到` : ''}。${plural(its.length, 'passage')} from ${plural(plans, 'plan')}${missing ? `, ${missing} not found` : ''}.`
      : '';
    summary.hidden = !its.length;
    tools.hidden = !its.length;
    empty.hidden = its.length > 0;
    list.replaceChildren(...resolved.map((r, k) => itemNode(r, k, resolved.length)));
    const f = pendingFocus;
    pendingFocus = null;
    if (f === 'empty' || (f && !its.length)) empty.focus();
    else if (f === 'summary') (summary.setAttribute('tabindex', '-1'), summary.focus());
    else if (f) list.querySelector<HTMLElement>(`li[data-ref="${f.ref}"] button[data-action="${f.action}"]`)?.focus();
  }

  list.addEventListener('click', (e) => {
    const b = (e.target as Element).closest?.('button[data-action]');
    const li = b?.closest('li');
    if (!(b instanceof HTMLButtonElement) || !li || shared || b.getAttribute('aria-disabled') === 'true') return;
    const k = [...list.children].indexOf(li);
    const r = current[k];
    if (!r) return;
    const action = b.dataset.action as Action;
    const name = `${planName(r)} §${r.item.anchor}`;
    if (action === 'remove') {
      const next = current[k + 1] ?? current[k - 1];
      pendingFocus = next ? { ref: refOf(next.item), action: 'remove' } : 'empty';
      remove(r.item);
      say(`已移除 Removed: ${name}。剩 ${current.length - 1} 条 ${plural(current.length - 1, 'passage')} left.`);
    } else {
      const to = action === 'up' ? k - 1 : k + 1;
      // Focus stays on the pressed button of the moved item; at the top or bottom that button is
      // aria-disabled (still focusable), so pressing it again does nothing.
      pendingFocus = { ref: refOf(r.item), action };
      move(k, to);
      say(`已移到第 ${to + 1} 条 Moved to position ${to + 1} of ${current.length}: ${name}`);
    }
  });

  const copy = (text: string, done: string, fallback?: string) =>
    (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'))).then(
      () => say(done),
      () => say('无法写入剪贴板 Could not write to the clipboard', ...(fallback ? ['：', el('a', { href: fallback }, fallback)] : [])),
    );
  function download(name: string, text: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el('a', { href: url, download: name, hidden: '' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
  const fileName = (ext: string) => `plan-atlas-basket-${today()}.${ext}`;

  $('b-md').addEventListener('click', () => {
    download(fileName('md'), toMarkdown(current), 'text/markdown;charset=utf-8');
    say(`已导出 Markdown（${current.length} 条）Markdown downloaded.`);
  });
  $('b-md-copy').addEventListener('click', () => void copy(toMarkdown(current), `已复制 Markdown（${current.length} 条）Markdown copied.`));
  $('b-csv').addEventListener('click', () => {
    download(fileName('csv'), toCsv(current), 'text/csv;charset=utf-8');
    say(`已导出 CSV（${current.length} 条）CSV downloaded.`);
  });
  $('b-share').addEventListener('click', () => {
    const its = current.map((r) => r.item);
    const url = `${location.origin}${BASE}basket/${shareQuery(its)}`;
    const cut = its.length > MAX_SHARED ? ` 链接只含前 ${MAX_SHARED} 条 The link holds the first ${MAX_SHARED} only.` : '';
    void copy(url, `已复制分享链接 Share link copied.${cut}`, url);
  });
  clearButton.addEventListener('click', () => {
    const n = load().length;
    if (!n || !confirm(`清空摘录篮中的 ${n} 条摘录？\nRemove all ${plural(n, 'passage')} from the basket?`)) return;
    pendingFocus = 'empty';
    clear();
    say('已清空摘录篮 Basket cleared.');
  });

  const sh = parseShare(location.search);
  if (sh.present) {
    const own = load();
    const ignored = sh.ignored ? ` 另有 ${sh.ignored} 个无效条目已忽略 ${sh.ignored} invalid entr${sh.ignored === 1 ? 'y' : 'ies'} ignored.` : '';
    if (!sh.items.length) {
      dropQuery();
      say(`分享链接中没有有效的段落。The share link holds no valid passage.${ignored}`);
    } else if (!own.length || same(own, sh.items)) {
      if (save(sh.items)) {
        dropQuery();
        say(`已从分享链接载入 ${sh.items.length} 条。Loaded ${plural(sh.items.length, 'shared passage')}.${ignored}`);
      } else {
        shared = sh.items;
        say(`无法保存到本浏览器，只能查看。Could not save to this browser; view only.${ignored}`);
      }
    } else {
      shared = sh.items;
      if (ignored) say(ignored.trim());
    }
  }
  showBanner();
  onChange(() => {
    if (shared) showBanner();
    void render();
  });
  void render();
}
