/**
 * "Add to basket" toggles for lists of passages (topic pages, search results, the compare page).
 *
 * Markup opts in with `data-basket="<slug>:<anchor>"` on the element showing a passage, and
 * optionally `data-basket-label` (words naming the passage for screen readers, e.g. the plan and
 * anchor) and a descendant `[data-basket-slot]` where the button goes (default: appended to the
 * element). `enhance(root)` adds the buttons; it is idempotent and the buttons stay in sync with the
 * basket (this tab and others). Without JavaScript no button appears.
 */
import { add, has, load, onChange, parseRef, refOf, remove, type BasketItem } from './store.ts';
import { el } from '../text/dom.ts';

let listening = false;

function paint(b: HTMLButtonElement, on: boolean): void {
  b.setAttribute('aria-pressed', String(on));
  const c = b.children;
  c[0].textContent = on ? '✓ ' : '＋ ';
  c[1].textContent = on ? '已摘录 ' : '摘录 ';
  c[2].textContent = on ? 'In basket' : 'Add to basket';
}

function sync(items: BasketItem[]): void {
  const refs = new Set(items.map(refOf));
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.basket-toggle')) paint(b, refs.has(b.dataset.ref ?? ''));
}

export function enhance(root: ParentNode = document): void {
  const items = load();
  for (const host of root.querySelectorAll<HTMLElement>('[data-basket]')) {
    const item = parseRef(host.dataset.basket);
    if (!item || host.querySelector('button.basket-toggle')) continue;
    const label = host.dataset.basketLabel;
    const b = el(
      'button',
      { type: 'button', class: 'basket-toggle', 'data-ref': refOf(item) },
      el('span', { 'aria-hidden': 'true' }),
      el('span', {}),
      el('span', { lang: 'en' }),
      ...(label ? [el('span', { class: 'visually-hidden' }, `：${label}`)] : []),
    );
    paint(b, has(item, items));
    b.addEventListener('click', () => {
      if (!(has(item) ? remove(item) : add(item))) sync(load());
    });
    (host.querySelector('[data-basket-slot]') ?? host).append(b);
  }
  if (!listening) {
    listening = true;
    onChange(sync);
  }
}
