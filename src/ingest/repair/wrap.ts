/**
 * Paragraphs from printed lines. Two layouts print one paragraph on several lines:
 *  - hard-wrapped (a PDF's text layer, a text dump): every line but a paragraph's last runs to the
 *    same width. The wrap width is read off the document's own line widths; a line that reaches it
 *    continues on the next line, a shorter line ends its paragraph;
 *  - indented paragraphs without blank lines (GB/T 9704's two-character indent): an indented line
 *    opens a paragraph and the lines after it, up to the next indent, continue it.
 * Lines are never joined across a heading, a numbering label, a box title, a list bullet or a
 * table; across a page break they are (the furniture pass marked where pages start). The joined
 * line keeps its first and last source line. Where the wrap width cannot explain a break (the
 * indented layout), the line break is kept inside the paragraph as printed.
 */
import type { Line } from '../clean.ts';
import { endsSentence, isCaption, isSentenceTitle, isTitleText, parseBoxLabel, parseBullet, parseLabel, parseNamedHeading } from '../numbering.ts';
import { displayWidth, isTextLine, type Pass, type RepairContext } from './types.ts';

export interface WrapLayout {
  kind: 'hard-wrapped' | 'indented';
  /** The wrap width in full-width characters (hard-wrapped from character counts only). */
  width: number | null;
  /** The reader measured which lines run to the right edge (PDF geometry): join by that. */
  geometry?: boolean;
}

const MIN_WIDTH = 16;

/**
 * Hard-wrapped when at least 30% of the text lines end within one character of the same width,
 * and hardly any line (≤ 3%) runs past it.
 */
export function wrapWidth(lines: Line[]): number | null {
  const widths = lines.filter(isTextLine).map((l) => displayWidth(l.text));
  if (widths.length < 10) return null;
  const bins = new Map<number, number>();
  for (const w of widths) if (w >= MIN_WIDTH) bins.set(Math.floor(w), (bins.get(Math.floor(w)) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [w, n] of bins) {
    const near = n + (bins.get(w - 1) ?? 0);
    if (near > bestCount || (near === bestCount && best !== null && w > best)) {
      best = w;
      bestCount = near;
    }
  }
  if (best === null || bestCount < widths.length * 0.3) return null;
  // The wrap width: the widest line of that cluster (a line holds up to it).
  const width = Math.max(...widths.filter((w) => w < best! + 1));
  const over = widths.filter((w) => w > width + 0.5).length;
  return over <= widths.length * 0.03 ? width : null;
}

/**
 * Indented paragraphs: no blank lines between paragraphs, indented lines are 10–70% of the text,
 * and a line followed by an unindented one mostly stops mid-sentence (in a one-paragraph-per-line
 * document, where an indent means something else, every line ends its sentence).
 */
function indentedLayout(lines: Line[]): boolean {
  const text = lines.filter(isTextLine);
  if (text.length < 10) return false;
  const blanks = lines.filter((l) => l.blank).length;
  const indented = text.filter((l) => l.indent).length;
  if (blanks >= text.length * 0.1 || indented < text.length * 0.1 || indented > text.length * 0.7) return false;
  let pairs = 0;
  let ended = 0;
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    if (!isTextLine(a) || !isTextLine(b) || b.indent || opensUnit(b) || isHeadingLine(a)) continue;
    pairs++;
    if (endsSentence(a.text)) ended++;
  }
  return pairs > 0 && ended < pairs * 0.5;
}

export function detectWrap(lines: Line[], origin: RepairContext['origin'] = () => undefined): WrapLayout | null {
  const measured = lines.filter(isTextLine).map((l) => origin(l.n)?.full);
  if (measured.some((f) => f !== undefined)) return measured.some(Boolean) ? { kind: 'hard-wrapped', width: null, geometry: true } : null;
  const width = wrapWidth(lines);
  if (width !== null) return { kind: 'hard-wrapped', width };
  return indentedLayout(lines) ? { kind: 'indented', width: null } : null;
}

/** Does this line open a unit of its own (so it never continues the line above)? */
export function opensUnit(l: Line): boolean {
  const t = l.text;
  return l.md || !!parseLabel(t) || !!parseBoxLabel(t) || !!parseNamedHeading(t) || !!parseBullet(t) || /^[—-]{2,}\S/.test(t) || isCaption(t);
}

/**
 * What a typesetter does not break: an ASCII run (a number, a word), or one character, together
 * with whatever follows it across spaces ("和 2035 年": CJK typesetting keeps the spaces around a
 * number on the line).
 */
const FIRST_UNIT = /^(?:[A-Za-z0-9.%+\-/&]+|[^ ])(?: +(?:[A-Za-z0-9.%+\-/&]+|[^ ]))*/su;

/**
 * A line that ends its paragraph is short; one broken by the wrap would have overflowed had the next
 * line's first unbreakable piece been set on it.
 */
const wrappedBefore = (width: number, prev: Line, next: Line): boolean =>
  (prev.lead ?? 0) + displayWidth(prev.text) + displayWidth(FIRST_UNIT.exec(next.text)?.[0] ?? '') > width;

/** A heading line (label and a short title): it is never continued either. */
function isHeadingLine(l: Line): boolean {
  const label = parseLabel(l.text);
  return (!!label && (isTitleText(label.rest) || isSentenceTitle(label.rest))) || !!parseBoxLabel(l.text) || !!parseNamedHeading(l.text);
}

function joinWrapped(a: string, b: string): string {
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}

export const joinWrappedLines: Pass = (lines, ctx) => {
  const layout = detectWrap(lines, ctx.origin);
  if (!layout) return lines;
  const wrapped = (prev: Line, next: Line): boolean => (layout.geometry ? !!ctx.origin(prev.last ?? prev.n)?.full : wrappedBefore(layout.width!, prev, next));

  const out: Line[] = [];
  let joins = 0;
  // A heading-like line that the wrap broke (it runs to the full width) continues too: a long
  // heading, or a numbered paragraph whose first line reads like a title.
  const continues = (prev: Line | undefined, l: Line): boolean =>
    isTextLine(prev) && isTextLine(l) && !opensUnit(l) && !l.indent && (layout.kind === 'indented' ? !isHeadingLine(prev) : wrapped(prev, l));
  for (let i = 0; i < lines.length; i++) {
    // Blank lines right before a page break are the page's margin, not a paragraph break.
    let k = i;
    while (lines[k]?.blank) k++;
    const at = k > i && lines[k]?.pageBreak ? k : i;
    const prev = out[out.length - 1];
    const l = lines[at];
    if (prev && l && continues(prev, l)) {
      const glue = layout.kind === 'hard-wrapped' ? joinWrapped(prev.text, l.text) : `${prev.text}\n${l.text}`;
      out[out.length - 1] = { ...prev, text: glue, last: l.last ?? l.n };
      joins++;
      i = at;
      continue;
    }
    out.push(lines[i]);
  }
  if (!joins) return lines;
  ctx.report({
    code: layout.kind === 'hard-wrapped' ? 'hard-wrapped' : 'indented-paragraphs',
    severity: 'info',
    message:
      layout.kind === 'hard-wrapped'
        ? `The text is hard-wrapped${layout.geometry ? ' (lines that run to the right edge of the page)' : ` at ${layout.width} characters a line`}: ${joins} line break(s) inside paragraphs were joined.`
        : `Paragraphs are marked by a first-line indent, not by blank lines: ${joins} line(s) were joined to the paragraph above, keeping their line breaks.`,
  });
  return out;
};
