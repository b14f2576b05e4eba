/**
 * Lines that are not plan text: a table of contents at the top, and the chrome of a
 * scraped web page in front of the article (kept out of the body, recorded as excluded).
 */
import type { Line } from './clean.ts';
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

/** A table of contents: a 目录 heading followed by entries, or a run of ≥3 entries with dot leaders. */
export function findToc(lines: Line[]): Excluded | null {
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
