/**
 * Scoring an ingested outline against a hand-labelled one (`tests/fixtures/outline/**.tsv`):
 * headings are matched in document order by label and title (whitespace ignored, and a title's
 * final 。 too: a run-in heading keeps the 。 it was printed with, the fixtures drop it).
 */
import { readFileSync } from 'node:fs';
import type { OutlineNode } from '../../src/ingest/schema.ts';

export interface ExpectedHeading {
  level: number;
  kind: string;
  label: string;
  title: string;
  line: number;
}

export function readOutlineFixture(path: string): ExpectedHeading[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [level, kind, label, title, line] = l.split('\t');
      return { level: Number(level), kind, label, title, line: Number(line) };
    });
}

const key = (label: string | null, title: string | null): string => `${label ?? ''}|${(title ?? '').replace(/\s+/g, '').replace(/。$/, '')}`;

export interface OutlineScore {
  precision: number;
  recall: number;
  /** Of the matched headings, the share at the expected level. */
  levels: number;
  matched: number;
  missing: string[];
  extra: string[];
}

/** Match in order: each expected heading takes the first unmatched actual heading with its key at or after the last match. */
export function scoreOutline(actual: OutlineNode[], expected: ExpectedHeading[]): OutlineScore {
  const keys = actual.map((o) => key(o.label, o.title));
  const used = new Set<number>();
  let cursor = 0;
  let sameLevel = 0;
  const missing: string[] = [];
  for (const e of expected) {
    const k = key(e.label, e.title);
    let at = keys.indexOf(k, cursor);
    if (at < 0 || used.has(at)) at = keys.findIndex((x, i) => x === k && !used.has(i));
    if (at < 0) {
      missing.push(`${e.line}: ${e.label}${e.title}`);
      continue;
    }
    used.add(at);
    cursor = at + 1;
    if (actual[at].level === e.level) sameLevel++;
  }
  const extra = actual.filter((_, i) => !used.has(i)).map((o) => `${o.sourceLines[0]}: ${o.label ?? ''}${o.title ?? '∅'}`);
  return {
    precision: actual.length ? used.size / actual.length : 1,
    recall: expected.length ? used.size / expected.length : 1,
    levels: used.size ? sameLevel / used.size : 1,
    matched: used.size,
    missing,
    extra,
  };
}
