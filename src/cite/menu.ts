/**
 * The ¶ menu of the plan reader (enhancement: without JavaScript ¶ is a plain link to the passage).
 * Copy the passage's link (with a text fragment where the browser supports them, so the passage is
 * highlighted on arrival), its citation in GB/T 7714-2015 or APA 7, or its text with the citation;
 * or add it to (remove it from) the passage basket (src/basket/store.ts), whose passages are marked.
 *
 * Keyboard: Enter/Space on ¶ opens the menu on its first item; ↑/↓ move; Escape or Tab closes it
 * and returns to ¶. Everything is written as text; nothing from the page is parsed as HTML.
 */
import { apa, gbt7714, today, type CiteSource } from './citation.ts';
import { add, has, load, onChange, remove } from '../basket/store.ts';

interface PlanCite {
  title: string;
  titleEn: string;
  issuer: string | null;
  issued: string | null;
  docNumber: string | null;
}

/** The passage's text as printed: its own text without the ¶, tag chips and list label. */
export function passageText(el: Element): string {
  // A section or box is cited by its heading.
  if (/^(SECTION|ASIDE)$/.test(el.tagName)) return el.getAttribute('data-heading') ?? cellText(el.querySelector('h2, h3, h4, h5, h6') ?? el);
  if (el.tagName === 'TR') return [...el.querySelectorAll('td')].map((td) => cellText(td)).filter(Boolean).join(' | ');
  return cellText(el);
}

function cellText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const x of copy.querySelectorAll('.pilcrow, .chips, .label, .flag, .also')) x.remove();
  return (copy.textContent ?? '').trim();
}

/** Headings of the sections and boxes around `el`, outermost first. */
function sectionPath(el: Element): string[] {
  const out: string[] = [];
  for (let s = el.closest('[data-heading]'); s; s = s.parentElement?.closest('[data-heading]') ?? null) out.unshift(s.getAttribute('data-heading') ?? '');
  // A ¶ on a heading cites the section itself, whose heading is the last entry already.
  return out;
}

const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');

/** The passage URL, plus a text fragment when the browser supports them. */
export function passageUrl(el: Element, base: string): string {
  const url = `${base}#${el.id}`;
  const supported = 'fragmentDirective' in document;
  const text = el.tagName === 'TR' ? cellText(el.querySelector('td') ?? el) : passageText(el);
  if (!supported || !text || /^(SECTION|ASIDE)$/.test(el.tagName)) return url;
  const chars = [...text];
  const fragment = chars.length <= 24 ? enc(text) : `${enc(chars.slice(0, 10).join(''))},${enc(chars.slice(-10).join(''))}`;
  return `${url}:~:text=${fragment}`;
}

export function attachMenu(article: HTMLElement, announce: (msg: string) => void): void {
  const plan = JSON.parse(article.dataset.cite ?? '{}') as PlanCite;
  const base = `${location.origin}${location.pathname}`;
  const menu = document.createElement('div');
  menu.className = 'pmenu';
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  // Inside <main> (not positioned, so the coordinates below still count from the page), so the menu sits in a landmark.
  (document.getElementById('main') ?? document.body).append(menu);
  let owner: HTMLAnchorElement | null = null;

  const items: Array<[string, (el: Element) => string, string]> = [
    ['复制链接 Copy link', (el) => passageUrl(el, base), '已复制链接 Link copied'],
    ['复制引文 GB/T 7714', (el) => gbt7714(source(el)), '已复制 GB/T 7714 引文 Citation copied'],
    ['复制引文 APA', (el) => apa(source(el)), '已复制 APA 引文 Citation copied'],
    ['复制原文及引文 Copy text + citation', (el) => `“${passageText(el)}”\n—— ${gbt7714(source(el))}`, '已复制原文及引文 Text and citation copied'],
  ];
  function source(el: Element): CiteSource {
    return { ...plan, section: sectionPath(el), url: `${base}#${el.id}`, accessed: today() };
  }
  const buttons = items.map(([label, make, done]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'menuitem');
    b.tabIndex = -1;
    b.textContent = label;
    b.addEventListener('click', () => {
      const target = owner && document.getElementById(owner.getAttribute('href')!.slice(1));
      const a = owner;
      close(true);
      if (!target || !a) return;
      navigator.clipboard?.writeText(make(target)).then(
        () => {
          a.dataset.copied = '1';
          announce(done);
          setTimeout(() => delete a.dataset.copied, 1500);
        },
        () => announce('无法写入剪贴板 Could not write to the clipboard'),
      );
    });
    menu.append(b);
    return b;
  });

  // Fifth item: add to / remove from the basket (passages, sections and boxes; not the indicator table).
  const slug = article.dataset.slug ?? '';
  const basketable = (el: Element | null) => !!el?.matches('.passage, section[data-heading], aside[data-heading]');
  const basket = document.createElement('button');
  basket.type = 'button';
  basket.setAttribute('role', 'menuitem');
  basket.tabIndex = -1;
  basket.addEventListener('click', () => {
    const target = owner && document.getElementById(owner.getAttribute('href')!.slice(1));
    close(true);
    if (!target || !basketable(target)) return;
    const item = { plan: slug, anchor: target.id };
    const added = !has(item);
    const ok = added ? add(item) : remove(item);
    const n = load().length;
    announce(!ok ? '无法保存摘录篮 Could not save the basket' : added ? `已加入摘录篮（共 ${n} 条）Added to basket (${n})` : `已移出摘录篮（剩 ${n} 条）Removed from basket (${n} left)`);
  });
  menu.append(basket);
  buttons.push(basket);
  const markBasket = () => {
    for (const x of article.querySelectorAll('.in-basket')) x.classList.remove('in-basket');
    for (const i of load()) if (i.plan === slug) document.getElementById(i.anchor)?.classList.add('in-basket');
  };
  markBasket();
  onChange(markBasket);

  function open(a: HTMLAnchorElement, focusFirst: boolean) {
    owner = a;
    const target = document.getElementById(a.getAttribute('href')!.slice(1));
    basket.hidden = !basketable(target);
    basket.textContent = target && has({ plan: slug, anchor: target.id }) ? '移出摘录篮 Remove from basket' : '加入摘录篮 Add to basket';
    a.setAttribute('aria-expanded', 'true');
    menu.hidden = false;
    const r = a.getBoundingClientRect();
    menu.style.top = `${r.bottom + scrollY + 4}px`;
    menu.style.left = `${Math.max(8, Math.min(r.left + scrollX, scrollX + innerWidth - menu.offsetWidth - 8))}px`;
    if (focusFirst) buttons[0].focus();
  }
  function close(refocus: boolean) {
    if (!owner) return;
    owner.setAttribute('aria-expanded', 'false');
    menu.hidden = true;
    if (refocus) owner.focus();
    owner = null;
  }

  for (const a of article.querySelectorAll<HTMLAnchorElement>('a.pilcrow')) {
    a.setAttribute('aria-haspopup', 'menu');
    a.setAttribute('aria-expanded', 'false');
  }
  article.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a.pilcrow');
    if (!(a instanceof HTMLAnchorElement)) return;
    e.preventDefault();
    if (owner === a) return close(false);
    close(false);
    // A click from the keyboard (Enter) has no pointer position: focus goes into the menu.
    open(a, (e as MouseEvent).detail === 0);
  });
  article.addEventListener('keydown', (e) => {
    const a = (e.target as Element | null)?.closest?.('a.pilcrow');
    if (a instanceof HTMLAnchorElement && (e.key === ' ' || e.key === 'ArrowDown')) {
      e.preventDefault();
      open(a, true);
    }
  });
  menu.addEventListener('keydown', (e) => {
    const shown = buttons.filter((b) => !b.hidden);
    const k = shown.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      shown[(k + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length].focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      shown[e.key === 'Home' ? 0 : shown.length - 1].focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close(true);
    }
  });
  document.addEventListener('click', (e) => {
    if (owner && !menu.contains(e.target as Node) && !(e.target as Element).closest?.('a.pilcrow')) close(false);
  });
}
