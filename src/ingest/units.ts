/**
 * Stage 3a — units: cleaned lines grouped into the document's units (headings, box
 * titles, tables, text paragraphs and list items), before they are placed in the outline.
 */
import { lastLine, type Line, squash } from './clean.ts';
import type { LineRange } from './schema.ts';
import { endsSentence, isCaption, isSentenceTitle, isTitleText, looksLikeProse, parseBoxLabel, parseBullet, parseLabel, parseNamedHeading, TIER_RANK, type Tier } from './numbering.ts';
import { parseTable, tableStartsAt, type RawTable } from './tables.ts';

interface UnitBase {
  lines: LineRange;
  /** Blank lines right before this unit. */
  blanksBefore: number;
  /** The line began with an indent (see Line.indent). */
  indent: boolean;
  /** Its width in full-width characters (see Line.lead). */
  lead?: number;
}
export interface HeadingUnit extends UnitBase {
  kind: 'heading';
  tier: Tier | 'front' | 'appendix';
  label: string;
  ordinal: number;
  title: string;
  /** The same heading printed again at a page top: not a new section. */
  repeat?: boolean;
}
export interface BoxUnit extends UnitBase {
  kind: 'box';
  boxKind: string;
  label: string;
  ordinal: number;
  title: string;
  /** The box title printed again after a page break: the same box continues. */
  repeat?: boolean;
}
export interface TableUnit extends UnitBase {
  kind: 'table';
  table: RawTable;
  /** The caption line printed right above the table ("表1 …"). */
  caption?: string;
}
export interface TextUnit extends UnitBase {
  kind: 'text';
  text: string;
  /** A list item: its label as printed and the label's style (a numbering tier or a bullet); the ordinal when it may be a run-in heading. */
  list?: { label: string; style: string; ordinal?: number };
  caption?: boolean;
}
export type Unit = HeadingUnit | BoxUnit | TableUnit | TextUnit;

/** "7.强化国家战略科技力量。制定…": a heading run into its body (see promoteRunIn). */
const RUN_IN = /^([^。！？；;，,：:]{2,30}。)(\S.*)$/s;
const balanced = (s: string): boolean => (s.match(/“/g) ?? []).length === (s.match(/”/g) ?? []).length && (s.match(/[（(]/g) ?? []).length === (s.match(/[）)]/g) ?? []).length;
const runInTitle = (s: string): RegExpExecArray | null => {
  const m = RUN_IN.exec(s);
  return m && balanced(m[1]) ? m : null;
};

export const unitKey = (u: HeadingUnit | BoxUnit): string => `${u.label}|${u.title}`.replace(/[\s:：]+/g, '');

export function joinText(a: string, b: string): string {
  if (/[A-Za-z0-9,.;:]$/.test(a) && /^[A-Za-z0-9]/.test(b)) return `${a} ${b}`;
  return a + b;
}

/**
 * Does this document separate paragraphs with blank lines (PDF/Markdown/web) rather than
 * put one paragraph on each line (DOCX)?
 */
export function isBlankSeparated(lines: Line[]): boolean {
  let text = 0;
  let followed = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.blank || l.cells) continue;
    text++;
    if (i + 1 < lines.length && lines[i + 1].blank) followed++;
  }
  return text > 0 && followed / text > 0.5;
}

export function toUnits(lines: Line[], skip: Set<number>, blankMode: boolean): Unit[] {
  const units: Unit[] = [];
  let blanks = 0;
  let lastBox: BoxUnit | null = null;
  const titleKeys = new Set<string>();
  const isRepeatedTitle = (text: string): boolean => {
    const box = parseBoxLabel(text);
    if (box && lastBox) return squash(`${box.label}|${box.title}`) === unitKey(lastBox);
    return titleKeys.has(squash(text));
  };
  /** For a label standing alone: the next non-blank line, when it reads as a title. */
  const titleOnNextLine = (i: number): { title: string; line: number; next: number } | null => {
    let j = i + 1;
    while (j < lines.length && (lines[j].blank || skip.has(lines[j].n))) j++;
    const cand = lines[j];
    if (!cand || cand.cells || !isTitleText(cand.text) || parseLabel(cand.text) || parseBoxLabel(cand.text)) return null;
    return { title: cand.text, line: cand.n, next: j + 1 };
  };

  /** Index of the last line appended to a text unit: a line right after it may continue it. */
  let lastText = -2;
  /**
   * A box title came after the last heading: numbered lines are the box's items, not headings,
   * unless their tier is that of the heading the box sits under or higher (the box has ended).
   */
  let inBox = false;
  let headingRank = Infinity;
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    const lastUnit = units[units.length - 1];
    if (lastUnit?.kind === 'heading') {
      inBox = false;
      headingRank = TIER_RANK[lastUnit.tier as Tier] ?? 0;
    }
    if (skip.has(l.n)) {
      i++;
      continue;
    }
    if (l.blank) {
      blanks++;
      i++;
      continue;
    }
    const base = { blanksBefore: blanks, indent: l.indent, ...(l.lead ? { lead: l.lead } : {}) };
    blanks = 0;
    /** Blank-line-separated text: a line right under a text line continues its paragraph. */
    const continuesPrev = (): boolean => {
      const p = units[units.length - 1];
      return blankMode && base.blanksBefore === 0 && p?.kind === 'text' && lastText === i - 1;
    };
    if (tableStartsAt(lines, i)) {
      const { table, next } = parseTable(lines, i, isRepeatedTitle);
      units.push({ kind: 'table', table, lines: table.lines, ...base });
      i = next;
      continue;
    }
    const text = l.cells ? l.cells.filter((c) => c !== '').join(' ') : l.text;

    const named = parseNamedHeading(text);
    if (named && named.tier !== 'toc') {
      const below = named.title ? null : titleOnNextLine(i);
      const title = below?.title ?? named.title;
      units.push({ kind: 'heading', tier: named.tier, label: named.label, ordinal: 0, title, lines: [l.n, below?.line ?? l.n], ...base });
      titleKeys.add(squash(text + (below?.title ?? '')));
      i = below?.next ?? i + 1;
      continue;
    }

    const box = parseBoxLabel(text);
    if (box) {
      const u: BoxUnit = { kind: 'box', boxKind: box.kind, label: box.label, ordinal: box.ordinal, title: box.title, lines: [l.n, l.n], ...base };
      units.push(u);
      lastBox = u;
      inBox = true;
      i++;
      continue;
    }

    const label = parseLabel(text);
    if (label && inBox && TIER_RANK[label.tier] <= headingRank) inBox = false;
    if (label) {
      if (label.rest === '') {
        // A label alone on its line ("第二篇"): the title is on the next line.
        const below = titleOnNextLine(i);
        units.push({ kind: 'heading', tier: label.tier, label: label.label, ordinal: label.ordinal, title: below?.title ?? '', lines: [l.n, below?.line ?? l.n], ...base });
        titleKeys.add(squash(text + (below?.title ?? '')));
        i = below?.next ?? i + 1;
        continue;
      }
      if (isTitleText(label.rest) || (!inBox && isSentenceTitle(label.rest))) {
        units.push({ kind: 'heading', tier: label.tier, label: label.label, ordinal: label.ordinal, title: label.rest, lines: [l.n, l.n], ...base });
        titleKeys.add(squash(text));
        i++;
        continue;
      }

      // A Markdown heading that ran into the bold lead of the next paragraph:
      // "（三）标题 下一段的首句。" → heading + paragraph.
      const split = l.md ? /^(\S.{1,58}?)\s+(\S.*[。！？])$/.exec(label.rest) : null;
      if (split && isTitleText(split[1])) {
        units.push({ kind: 'heading', tier: label.tier, label: label.label, ordinal: label.ordinal, title: split[1], lines: [l.n, l.n], ...base });
        units.push({ kind: 'text', text: split[2], lines: [l.n, l.n], blanksBefore: 0, indent: false });
        lastText = i;
        i++;
        continue;
      }
      if (!['pian', 'zhang', 'jie'].includes(label.tier) && !continuesPrev()) {
        const maybeHeading = !inBox && !l.md;
        units.push({ kind: 'text', text: label.rest, list: { label: label.label, style: label.tier, ...(maybeHeading ? { ordinal: label.ordinal } : {}) }, lines: [l.n, lastLine(l)], ...base });
        lastText = i;
        i++;
        continue;
      }
    }

    const bullet = parseBullet(text);
    if (bullet && !continuesPrev()) {
      units.push({ kind: 'text', text: bullet.rest, list: { label: bullet.label, style: `bullet:${bullet.label.startsWith('“') ? 'key' : bullet.label}` }, lines: [l.n, lastLine(l)], ...base });
      lastText = i;
      i++;
      continue;
    }

    const prev = units[units.length - 1];
    if (continuesPrev() && prev?.kind === 'text') {
      prev.text = endsSentence(prev.text) ? `${prev.text}\n${text}` : joinText(prev.text, text);
      prev.lines[1] = lastLine(l);
      lastText = i;
      i++;
      continue;
    }
    const caption = isCaption(text);
    units.push({ kind: 'text', text, lines: [l.n, lastLine(l)], ...base, ...(caption ? { caption } : {}) });
    lastText = i;
    i++;
  }
  markRepeats(units);
  const shaped = dashLists(promoteRunIn(units));
  return attachCaptions(blankMode ? joinPageBreaks(shaped) : shaped);
}

/** One dash-like mark (OCR reads a dash as 一 or a hyphen as often as —) before text, not a double dash "——". */
const DASH_LEAD = /^([—–\-‐―一])(?![—–\-‐―一])(?=\S)/;

/**
 * Dash bullets printed inconsistently ("一关键技术…", "—科技创新…"): three or more paragraphs in a
 * row that open with one dash-like mark, at least one of them a real dash, are one list; each
 * item keeps its mark as printed as its label.
 */
function dashLists(units: Unit[]): Unit[] {
  const lead = (u: Unit): string | null => (u.kind === 'text' && !u.list && !u.caption ? DASH_LEAD.exec(u.text)?.[1] ?? null : null);
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j < units.length && lead(units[j]) !== null) j++;
    const marks = units.slice(i, j).map(lead);
    if (j - i >= 3 && marks.some((m) => m !== '一')) {
      for (let k = i; k < j; k++) {
        const u = units[k] as TextUnit;
        u.list = { label: marks[k - i]!, style: 'bullet:dash' };
        u.text = u.text.slice(1);
      }
    }
    i = Math.max(j, i + 1);
  }
  return units;
}

/**
 * Tiers the document numbers straight through their parents (第一篇 第一章…第三章, 第二篇 第四章…; or
 * articles 1–60 across 一、…十五、): under each later parent the first numbered line of the tier — a
 * heading, or an item outside a box — continues the one before, at least twice, and never
 * otherwise. Such numbering is not expected to restart (so it is no gap), and no list is numbered so.
 */
export function numberedThrough(units: Unit[]): Set<string> {
  const stats = new Map<string, { through: number; other: number }>();
  const last = new Map<string, number>();
  const open = new Set<string>(); // tiers whose next numbered line is the first under a new parent
  for (const u of units) {
    const n = u.kind === 'heading' && !u.repeat && u.tier in TIER_RANK ? { tier: u.tier, ordinal: u.ordinal } : u.kind === 'text' && u.list?.ordinal !== undefined ? { tier: u.list.style, ordinal: u.list.ordinal } : null;
    if (!n) continue;
    const s = stats.get(n.tier) ?? { through: 0, other: 0 };
    stats.set(n.tier, s);
    const prev = last.get(n.tier);
    if (open.has(n.tier) && prev !== undefined) {
      if (n.ordinal === prev + 1) s.through++;
      else s.other++;
    }
    open.delete(n.tier);
    last.set(n.tier, n.ordinal);
    if (u.kind === 'heading') for (const t of last.keys()) if (TIER_RANK[t as Tier] > TIER_RANK[n.tier as Tier]) open.add(t);
  }
  return new Set([...stats].filter(([, s]) => s.through >= 2 && s.other === 0).map(([t]) => t));
}

/**
 * Run-in headings: "7.强化国家战略科技力量。制定…" is a numbered heading run into its body when the
 * document numbers that tier straight through its higher headings (numberedThrough); a tier that
 * restarts under each heading (①② under every （3）) stays a list. Items inside a box are never
 * headings.
 */
function promoteRunIn(units: Unit[]): Unit[] {
  const promote = numberedThrough(units);
  if (!promote.size) return units;
  const out: Unit[] = [];
  for (const u of units) {
    const m = u.kind === 'text' && u.list?.ordinal !== undefined && promote.has(u.list.style) ? runInTitle(u.text) : null;
    if (!m || u.kind !== 'text' || !u.list) {
      out.push(u);
      continue;
    }
    out.push({ kind: 'heading', tier: u.list.style as Tier, label: u.list.label, ordinal: u.list.ordinal!, title: m[1], lines: [u.lines[0], u.lines[0]], blanksBefore: u.blanksBefore, indent: u.indent });
    out.push({ kind: 'text', text: m[2], lines: [u.lines[0], u.lines[1]], blanksBefore: 0, indent: false });
  }
  return out;
}

/** "表1 …" right above a table is that table's caption. */
function attachCaptions(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const u of units) {
    const prev = out[out.length - 1];
    if (u.kind === 'table' && prev?.kind === 'text' && prev.caption && u.blanksBefore <= 2) {
      out.pop();
      u.caption = prev.text;
      u.lines = [prev.lines[0], u.lines[1]];
      u.blanksBefore = prev.blanksBefore;
      u.indent = prev.indent;
    }
    out.push(u);
  }
  return out;
}

/** Front and back matter rank above every numbered tier. */
const RANK: Record<string, number> = { front: 0, appendix: 0, ...TIER_RANK };

/**
 * A heading is a page-top repeat when it equals the last heading of its tier and no heading
 * of a higher tier came in between; a box title when it equals the last box title and no
 * heading came in between.
 */
function markRepeats(units: Unit[]): void {
  const lastByTier = new Map<string, string>();
  let lastBox: string | null = null;
  for (const u of units) {
    if (u.kind === 'heading') {
      const k = unitKey(u);
      if (lastByTier.get(u.tier) === k) {
        u.repeat = true;
        continue;
      }
      for (const t of [...lastByTier.keys()]) if (RANK[t] > RANK[u.tier]) lastByTier.delete(t);
      lastByTier.set(u.tier, k);
      lastBox = null;
    } else if (u.kind === 'box') {
      const k = unitKey(u);
      if (lastBox === k) u.repeat = true;
      lastBox = k;
    }
  }
}

/**
 * A paragraph cut by a page break: text that stops mid-sentence, then blank lines (and maybe
 * a title repeated at the page top), then text that carries on without a label of its own.
 */
function joinPageBreaks(units: Unit[]): Unit[] {
  const isRepeat = (u: Unit): boolean => (u.kind === 'heading' || u.kind === 'box') && !!u.repeat;
  const result: Unit[] = [];
  let inBody = false;
  let i = 0;
  while (i < units.length) {
    const a = units[i++];
    result.push(a);
    if (a.kind === 'heading') inBody = true;
    if (a.kind !== 'text' || a.caption) continue;
    const moved: Unit[] = [];
    // Before the first heading (title page) only prose is joined: titles also lack a full stop.
    while (!endsSentence(a.text) && (inBody || looksLikeProse(a.text))) {
      let j = i;
      const between: Unit[] = [];
      while (j < units.length && isRepeat(units[j])) between.push(units[j++]);
      const b = units[j];
      if (!b || b.kind !== 'text' || b.list || b.caption || b.blanksBefore === 0) break;
      a.text = joinText(a.text, b.text);
      a.lines = [a.lines[0], b.lines[1]];
      moved.push(...between);
      i = j + 1;
    }
    // Repeated titles skipped over stay in the stream (after the joined paragraph) to be excluded.
    result.push(...moved);
  }
  return result;
}
