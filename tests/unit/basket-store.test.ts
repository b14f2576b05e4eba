/**
 * The basket store against a fake localStorage and a window that is a plain EventTarget:
 * add/remove/move/has/clear, no duplicates, the stored shape, corrupt or refused storage
 * (never an exception), `basket-change` events, and changes from another tab (`storage`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Store = typeof import('../../src/basket/store.ts');

class FakeStorage {
  data = new Map<string, string>();
  failWrites = false;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, String(v));
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

let storage: FakeStorage;
let win: EventTarget;
let store: Store;
let events: unknown[];

beforeEach(async () => {
  storage = new FakeStorage();
  win = new EventTarget();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('window', win);
  vi.resetModules();
  store = await import('../../src/basket/store.ts');
  events = [];
  win.addEventListener(store.EVENT, (e) => events.push((e as CustomEvent).detail));
});
afterEach(() => vi.unstubAllGlobals());

const a = { plan: 'chengdu-sti', anchor: 's3-3-p1' };
const b = { plan: 'wuhou-sti', anchor: 's6-5-2_2-p1' };
const c = { plan: 'chongqing-htz-sti', anchor: 's2' };
const stored = () => JSON.parse(storage.getItem('plan-atlas:basket')!);

describe('basket store', () => {
  it('starts empty and stores { v: 1, items } under plan-atlas:basket', () => {
    expect(store.load()).toEqual([]);
    expect(store.add(a)).toBe(true);
    expect(store.add(b)).toBe(true);
    expect(stored()).toEqual({ v: 1, items: [a, b] });
    expect(store.load()).toEqual([a, b]);
    expect(store.has(a)).toBe(true);
    expect(store.has(c)).toBe(false);
  });

  it('never holds duplicates', () => {
    store.add(a);
    expect(store.add({ ...a })).toBe(false);
    store.save([a, b, a, b, c]);
    expect(store.load()).toEqual([a, b, c]);
  });

  it('removes, moves (clamped) and clears', () => {
    store.save([a, b, c]);
    expect(store.move(2, 0)).toBe(true);
    expect(store.load()).toEqual([c, a, b]);
    expect(store.move(0, 1)).toBe(true);
    expect(store.load()).toEqual([a, c, b]);
    expect(store.move(1, 99)).toBe(true);
    expect(store.load()).toEqual([a, b, c]);
    expect(store.move(0, -1)).toBe(false);
    expect(store.move(5, 0)).toBe(false);
    expect(store.remove(b)).toBe(true);
    expect(store.remove(b)).toBe(false);
    expect(store.load()).toEqual([a, c]);
    expect(store.clear()).toBe(true);
    expect(store.load()).toEqual([]);
    expect(stored()).toEqual({ v: 1, items: [] });
  });

  it.each([
    ['not JSON', '{oops'],
    ['JSON null', 'null'],
    ['another version', JSON.stringify({ v: 2, items: [a] })],
    ['items not an array', JSON.stringify({ v: 1, items: 'chengdu-sti:s1' })],
    ['a bare array', JSON.stringify([a])],
  ])('treats corrupt storage (%s) as empty without throwing', (_what, raw) => {
    storage.data.set('plan-atlas:basket', raw);
    expect(store.load()).toEqual([]);
    expect(store.add(a)).toBe(true);
    expect(store.load()).toEqual([a]);
  });

  it('drops malformed entries but keeps the good ones', () => {
    storage.data.set(
      'plan-atlas:basket',
      JSON.stringify({ v: 1, items: [a, null, 7, { plan: 'Bad Slug', anchor: 's1' }, { plan: 'x', anchor: 'a b' }, { plan: 'x' }, { plan: 'x', anchor: '<img>' }, b, a] }),
    );
    expect(store.load()).toEqual([a, b]);
  });

  it('survives storage that refuses writes or cannot be reached', () => {
    store.add(a);
    storage.failWrites = true;
    expect(store.add(b)).toBe(false);
    expect(store.load()).toEqual([a]);
    // listeners still hear the (unchanged) state, so buttons can repaint
    expect(events.at(-1)).toEqual([a]);
    vi.stubGlobal('localStorage', undefined);
    expect(store.load()).toEqual([]);
    expect(store.save([a])).toBe(false);
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    expect(store.load()).toEqual([]);
    expect(store.add(a)).toBe(false);
  });

  it('dispatches basket-change with the items on every change', () => {
    store.add(a);
    store.add(b);
    store.move(1, 0);
    store.remove(a);
    store.clear();
    expect(events).toEqual([[a], [a, b], [b, a], [b], []]);
  });

  it('hears changes made in another tab through the storage event', () => {
    const seen: unknown[] = [];
    const off = store.onChange((items) => seen.push(items));
    // another tab writes the same key, then an unrelated key
    storage.data.set('plan-atlas:basket', JSON.stringify({ v: 1, items: [c, a] }));
    win.dispatchEvent(Object.assign(new Event('storage'), { key: 'plan-atlas:basket' }));
    win.dispatchEvent(Object.assign(new Event('storage'), { key: 'something-else' }));
    expect(seen).toEqual([[c, a]]);
    // localStorage.clear() in another tab reports key null
    storage.data.clear();
    win.dispatchEvent(Object.assign(new Event('storage'), { key: null }));
    expect(seen).toEqual([[c, a], []]);
    off();
    store.add(b);
    expect(seen).toHaveLength(2);
  });

  it('parses and prints references', () => {
    expect(store.parseRef('chengdu-sti:s3-3-p1')).toEqual(a);
    expect(store.parseRef('wuhou-sti:s6-5-2_2-p1')).toEqual(b);
    for (const bad of ['', ':s1', 'chengdu-sti:', 'chengdu-sti', 'Chengdu:s1', 'x:a:b', 'x:<b>', '-x:s1', 'x:' + 'a'.repeat(121)]) expect(store.parseRef(bad), bad).toBeNull();
    expect(store.refOf(b)).toBe('wuhou-sti:s6-5-2_2-p1');
  });
});
