/**
 * Provenance: where a line of the model stands in the original file — a line of a text file, a
 * page of a PDF, a paragraph of a DOCX — built from the reader's origins and read back for display
 * ("p. 12", "¶ 34", "第 5 行").
 */
import type { Origin, ReadDoc } from './read/types.ts';
import type { SourceMap } from './schema.ts';

/** The compact map stored in the model. */
export function sourceMap(doc: Pick<ReadDoc, 'format' | 'origins'>): SourceMap {
  const map: SourceMap = { format: doc.format };
  const origins: Origin[] = doc.origins ?? [];
  if (doc.format === 'pdf' && origins.length) {
    const pages: number[] = [];
    origins.forEach((o, i) => {
      const p = o.page ?? 0;
      while (p > pages.length) pages.push(i + 1);
    });
    map.pages = pages;
  }
  if (doc.format === 'docx' && origins.length) map.paragraphs = origins.map((o) => o.para ?? 0);
  return map;
}

/** The page of line n (PDF), by binary search over the pages' first lines. */
export function pageOf(map: SourceMap, n: number): number | null {
  const pages = map.pages;
  if (!pages?.length) return null;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pages[mid] <= n) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Where lines [a, b] stand, as a reader says it: "p. 12", "pp. 12–13", "¶ 34", "第 5 行", "第 5–9 行". */
export function describeLines(map: SourceMap | undefined, [a, b]: [number, number]): string {
  if (map?.pages?.length) {
    const pa = pageOf(map, a)!;
    const pb = pageOf(map, b)!;
    return pa === pb ? `p. ${pa}` : `pp. ${pa}–${pb}`;
  }
  if (map?.paragraphs?.length) {
    const ps = map.paragraphs.slice(a - 1, b).filter((p) => p > 0);
    if (ps.length) {
      const lo = Math.min(...ps);
      const hi = Math.max(...ps);
      return lo === hi ? `¶ ${lo}` : `¶ ${lo}–${hi}`;
    }
  }
  return a === b ? `第 ${a} 行` : `第 ${a}–${b} 行`;
}
