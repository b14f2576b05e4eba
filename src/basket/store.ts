/**
 * The passage basket (摘录篮): references `{ plan, anchor }` kept in localStorage under
 * `plan-atlas:basket` as `{ v: 1, items: [...] }`, in the user's order, without duplicates.
 *
 * Small on purpose: every page's badge, the ¶ menu and the add buttons load it. Corrupt or
 * unavailable storage reads as an empty basket and never throws. Every change dispatches
 * `basket-change` on window (detail: the items); changes made in another tab arrive through
 * the `storage` event and are re-dispatched the same way.
 */
export interface BasketItem {
  plan: string;
  anchor: string;
}

export const KEY = 'plan-atlas:basket';
export const EVENT = 'basket-change';

/** A plan slug (as in the plan metadata schema) and a passage or outline id. */
export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ANCHOR_RE = /^[A-Za-z0-9_-]{1,120}$/;

export const refOf = (i: BasketItem): string => `${i.plan}:${i.anchor}`;

/** `<slug>:<anchor>` → item, or null when either part is not a valid id. */
export function parseRef(s: string | null | undefined): BasketItem | null {
  const k = (s ?? '').indexOf(':');
  const plan = (s ?? '').slice(0, k);
  const anchor = (s ?? '').slice(k + 1);
  return k > 0 && SLUG_RE.test(plan) && ANCHOR_RE.test(anchor) ? { plan, anchor } : null;
}

const storage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // access itself can throw (blocked storage)
  }
};

/** Valid items of `list`, first occurrence of each kept. */
export function clean(list: unknown): BasketItem[] {
  const seen = new Set<string>();
  const out: BasketItem[] = [];
  for (const x of Array.isArray(list) ? list : []) {
    const { plan, anchor } = (x ?? {}) as Partial<BasketItem>;
    const i = typeof plan === 'string' && typeof anchor === 'string' ? parseRef(`${plan}:${anchor}`) : null;
    if (i && !seen.has(refOf(i))) {
      seen.add(refOf(i));
      out.push(i);
    }
  }
  return out;
}

export function load(): BasketItem[] {
  try {
    const data = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    return data && data.v === 1 ? clean(data.items) : [];
  } catch {
    return [];
  }
}

function emit(items: BasketItem[]): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(EVENT, { detail: items }));
}

/** Stores `items` (cleaned); false when storage refused (full, blocked). Listeners hear of it either way. */
export function save(items: BasketItem[]): boolean {
  const list = clean(items);
  let ok = true;
  try {
    const s = storage();
    if (!s) throw new Error('no storage');
    s.setItem(KEY, JSON.stringify({ v: 1, items: list }));
  } catch {
    ok = false;
  }
  emit(ok ? list : load());
  return ok;
}

export const has = (i: BasketItem, items = load()): boolean => items.some((x) => refOf(x) === refOf(i));

/** Appends `i` unless present; true when it was added. */
export function add(i: BasketItem): boolean {
  const items = load();
  return !has(i, items) && save([...items, i]);
}

export function remove(i: BasketItem): boolean {
  const items = load();
  return has(i, items) && save(items.filter((x) => refOf(x) !== refOf(i)));
}

/** Moves the item at `from` to position `to` (clamped); true when the order changed. */
export function move(from: number, to: number): boolean {
  const items = load();
  const t = Math.max(0, Math.min(items.length - 1, to));
  if (from < 0 || from >= items.length || t === from) return false;
  const [x] = items.splice(from, 1);
  items.splice(t, 0, x);
  return save(items);
}

export const clear = (): boolean => save([]);

let bridged = false;
/** Calls `fn` with the items after every change, in this tab or another. Returns an unsubscribe. */
export function onChange(fn: (items: BasketItem[]) => void): () => void {
  if (!bridged) {
    bridged = true;
    window.addEventListener('storage', (e) => {
      if (e.key === KEY || e.key === null) emit(load());
    });
  }
  const h = (e: Event) => fn((e as CustomEvent<BasketItem[]>).detail ?? load());
  window.addEventListener(EVENT, h);
  return () => window.removeEventListener(EVENT, h);
}
