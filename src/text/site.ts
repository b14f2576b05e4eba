/** What the browser modules share: the site's base path, and JSON fetched once per URL. */

/** The site's base path, ending in "/" (Astro's `base`, "/" by default). */
export const BASE = import.meta.env.BASE_URL.replace(/\/?$/, '/');

const json = new Map<string, Promise<unknown>>();

/** GET `url` as JSON, once: later calls share the promise; a failure is forgotten so the next call retries. */
export function cachedJson<T>(url: string): Promise<T> {
  let p = json.get(url);
  if (!p) {
    p = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${r.url}`);
      return r.json();
    });
    p.catch(() => json.delete(url));
    json.set(url, p);
  }
  return p as Promise<T>;
}
