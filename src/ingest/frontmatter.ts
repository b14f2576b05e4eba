/**
 * Lines that are not plan text: a table of contents at the top, and the chrome of a
 * scraped web page in front of the article (kept out of the body, recorded as excluded).
 */
import { type Line, squash } from './clean.ts';
import type { Excluded } from './schema.ts';
import { parseLabel, parseNamedHeading } from './numbering.ts';

const LEADERS = /[·•.…]{4,}/;

function isTocEntry(l: Line): boolean {
  if (LEADERS.test(l.text)) return true;
  const cells = l.cells;
  if (cells && cells.length >= 2 && /^\d{1,3}$/.test(cells[cells.length - 1])) {
    const first = cells[0];
    return !!parseLabel(first) || !!parseNamedHeading(first) || /^第/.test(first);
  }
  return false;
}

/** A table of contents: a 目录 heading followed by entries, or a run of ≥3 entries with dot leaders, or (by structure) a run of headings printed again later. */
export function findToc(lines: Line[]): Excluded | null {
  return findMarkedToc(lines) ?? findStructuralToc(lines);
}

function findMarkedToc(lines: Line[]): Excluded | null {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const named = !l.blank && !l.cells ? parseNamedHeading(l.text) : null;
    const headed = named?.tier === 'toc';
    if (!headed && !(isTocEntry(l) && LEADERS.test(l.text))) continue;
    let j = headed ? i + 1 : i;
    let last = headed ? i : -1;
    let entries = 0;
    while (j < lines.length && (lines[j].blank || isTocEntry(lines[j]))) {
      if (!lines[j].blank) {
        last = j;
        entries++;
      }
      j++;
    }
    if (entries >= 3) {
      return {
        kind: 'toc',
        lines: [lines[i].n, lines[last].n],
        text: lines.slice(i, last + 1).filter((x) => !x.blank).map((x) => x.text).join('\n'),
      };
    }
  }
  return null;
}

const SHARE_WIDGET = /^(分享|转发|收藏|打印|字号|来源|作者|编辑|责任编辑|发布时间|浏览次数)\s*[:：]?\s*.{0,20}$/;

/** Prose: a long line with Chinese sentence punctuation. */
const isProse = (l: Line): boolean => !l.blank && l.text.length >= 40 && /[，。,]/.test(l.text);

export interface ArticleFront {
  headline: string | null;
  headlineLine: number | null;
  dateline: string | null;
  excluded: Excluded[];
}

/**
 * For a scraped article: everything before the headline is site chrome (navigation,
 * ads, contact lines); share widgets between headline and text are chrome too.
 * The headline is the last non-widget line before the first prose paragraph.
 */
export function findArticleFront(lines: Line[]): ArticleFront {
  const first = lines.findIndex(isProse);
  const none: ArticleFront = { headline: null, headlineLine: null, dateline: null, excluded: [] };
  if (first <= 0) return none;
  let h = -1;
  let dateline: string | null = null;
  for (let i = first - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.blank) continue;
    if (SHARE_WIDGET.test(l.text)) continue;
    if (/^\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/.test(l.text)) {
      dateline ??= l.text;
      continue;
    }
    h = i;
    break;
  }
  if (h < 0) return none;
  // One record per run of chrome lines on either side of the headline.
  const excluded: Excluded[] = [];
  for (const run of [lines.slice(0, h), lines.slice(h + 1, first)]) {
    const chrome = run.filter((l) => !l.blank && l.text !== dateline);
    if (chrome.length) excluded.push({ kind: 'boilerplate', lines: [chrome[0].n, chrome[chrome.length - 1].n], text: chrome.map((l) => l.text).join('\n') });
  }
  // A dateline that opens the article's first paragraph (“3月22日，…”) is kept there, and noted.
  dateline ??= /^((\d{4}年)?\d{1,2}月)?\d{1,3}日(?=[,，\s])/.exec(lines[first].text)?.[0] ?? null;
  return { headline: lines[h].text, headlineLine: lines[h].n, dateline, excluded };
}

/** A TOC entry's heading without its page number, dot leaders or "|" rule: "第一章 总体要求……3" → "第一章总体要求". */
const entryKey = (text: string): string => squash(text.replace(/[\s.·•…_—\-|｜]*\d{0,4}\s*$/u, '').replace(/[.·•…]{2,}/g, ''));

const isHeadingLike = (text: string): boolean => {
  const t = text.replace(/[\s.·•…_—\-|｜]*\d{0,4}\s*$/u, '');
  const label = parseLabel(t);
  return (!!label && label.rest.length > 0 && label.rest.length <= 60 && !/[。；]/.test(label.rest)) || !!parseNamedHeading(t);
};

/**
 * A table of contents told by its structure, not its title (OCR may print 目录 as anything): a
 * run of at least four heading-like lines, with nothing else between them, at least 80% of which
 * come back later in the same order as the document's headings. A short title line right above
 * the run (目录, or what OCR made of it) belongs to it.
 */
export function findStructuralToc(lines: Line[]): Excluded | null {
  const text = lines.map((l, i) => ({ l, i, heading: !l.blank && !l.cells && isHeadingLike(l.text) })).filter(({ l }) => !l.blank && !l.cells);
  const keys = text.map((t) => (t.heading ? entryKey(t.l.text) : ''));
  // Where each heading key stands (indexes into `text`, rising): later occurrences by binary search, so the whole scan is O(n log n).
  const at = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (!k) return;
    const xs = at.get(k);
    if (xs) xs.push(i);
    else at.set(k, [i]);
  });
  const nextAfter = (k: string, i: number): number => {
    const xs = at.get(k) ?? [];
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] > i) hi = mid;
      else lo = mid + 1;
    }
    return lo < xs.length ? xs[lo] : -1;
  };
  for (let s = 0; s < text.length; s++) {
    if (!text[s].heading) continue;
    // The run ends where a heading comes back: the body has begun.
    let e = s;
    const seen = new Set([keys[s]]);
    while (e + 1 < text.length && text[e + 1].heading && !seen.has(keys[e + 1])) seen.add(keys[++e]);
    const run = text.slice(s, e + 1);
    if (run.length >= 4) {
      // Later headings in order: each entry must be found after the previous one's match.
      let cursor = e;
      let found = 0;
      for (let r = s; r <= e; r++) {
        const j = nextAfter(keys[r], cursor);
        if (j >= 0) {
          found++;
          cursor = j;
        }
      }
      if (found >= run.length * 0.8) {
        const title = s > 0 && lines.slice(text[s - 1].i + 1, run[0].i).every((x) => x.blank) ? text[s - 1] : null;
        const head = title && title.l.text.length <= 6 && !/[，。；、,.]/.test(title.l.text) && !title.heading ? title : null;
        const first = head ?? run[0];
        return {
          kind: 'toc',
          lines: [first.l.n, run[run.length - 1].l.n],
          text: [first, ...run.filter((r) => r !== first)].map((r) => r.l.text).join('\n'),
        };
      }
    }
    s = e;
  }
  return null;
}
