/**
 * Word automatic numbering (`word/numbering.xml`), for the DOCX reader: the definitions
 * (abstract numbering with its levels, and the numbering instances that point at them with
 * level overrides), the counters Word keeps while it lays the document out, and the label each
 * numbered paragraph shows ("一、", "（一）", "1.", "①", "第一章", "•"). Word never stores
 * these labels in the text, so a reader that skips this stage loses the document's numbering.
 */

/** One level of a list definition (`w:lvl`). */
export interface NumLevel {
  start: number;
  /** `w:numFmt`: decimal, chineseCounting, bullet, … */
  numFmt: string;
  /** `w:lvlText`: "%1、", "（%1）", "第%1章", or the bullet character. */
  lvlText: string;
  /**
   * `w:lvlRestart`: undefined = restart after any higher level advances; 0 = never restart;
   * n = restart after level n (1-based) or a higher one advances.
   */
  restart?: number;
  /** `w:isLgl`: every %n prints as a decimal number. */
  legal?: boolean;
  /** `w:suff`: what follows the label (default tab). */
  suffix: 'tab' | 'space' | 'nothing';
  /** The font of the label (`w:rPr/w:rFonts`), to tell symbol-font bullets. */
  font?: string;
}

export interface NumInstance {
  abstractId: string;
  /** `w:lvlOverride` by level: a new start value and/or a whole replacement level. */
  overrides: Map<number, { start?: number; level?: NumLevel }>;
}

export interface NumberingDefs {
  abstracts: Map<string, Map<number, NumLevel>>;
  /** abstractNum → the style it links to (`w:numStyleLink`): the real definition is that style's list. */
  styleLinks: Map<string, string>;
  nums: Map<string, NumInstance>;
}

export const emptyNumbering = (): NumberingDefs => ({ abstracts: new Map(), styleLinks: new Map(), nums: new Map() });

/* ---------- number formats ---------- */

const CN_DIGITS = '〇一二三四五六七八九';
const LEGAL_SIMPLIFIED = '零壹贰叁肆伍陆柒捌玖';
const LEGAL_TRADITIONAL = '零壹貳參肆伍陸柒捌玖';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const DIZHI = '子丑寅卯辰巳午未申酉戌亥';

/**
 * Counting style: 1→一, 10→十, 11→十一, 20→二十, 101→一百零一, 1010→一千零一十.
 * `units` are the characters for 10, 100, 1000; `dropOne` leaves out 一 before 十 at the start
 * (Chinese "十一") and, for Japanese counting, before every unit ("百一").
 */
function counting(n: number, digits: string, units: [string, string, string], japanese = false): string {
  if (n <= 0 || n >= 10000) return String(n);
  const parts = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  const unitOf = [units[2], units[1], units[0], ''];
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = parts[i];
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero && !japanese) out += digits[0];
    zero = false;
    const isTen = i === 2;
    const omitOne = d === 1 && i < 3 && (japanese || (isTen && out === ''));
    out += (omitOne ? '' : digits[d]) + unitOf[i];
  }
  return out;
}

const cnCounting = (n: number): string => counting(n, '零一二三四五六七八九', ['十', '百', '千']);

function letters(n: number, base: string): string {
  if (n <= 0) return String(n);
  // Word repeats the letter: 27 → AA, 28 → BB.
  const ch = base[(n - 1) % 26];
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

function enclosedCircle(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return String(n);
}

const fullWidth = (n: number): string => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const inRange = (n: number, lo: number, hi: number, f: (n: number) => string): string => (n >= lo && n <= hi ? f(n) : String(n));
const ordinalSuffix = (n: number): string => {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/** Number formats by `w:numFmt` value. Anything not listed prints as a decimal number. */
const FORMATS: Record<string, (n: number) => string> = {
  decimal: String,
  decimalHalfWidth: String,
  decimalZero: (n) => (n >= 0 && n < 10 ? `0${n}` : String(n)),
  decimalFullWidth: fullWidth,
  decimalFullWidth2: fullWidth,
  decimalEnclosedCircle: enclosedCircle,
  decimalEnclosedCircleChinese: enclosedCircle,
  decimalEnclosedParen: (n) => inRange(n, 1, 20, (k) => String.fromCodePoint(0x2474 + k - 1)),
  decimalEnclosedFullstop: (n) => inRange(n, 1, 20, (k) => String.fromCodePoint(0x2488 + k - 1)),
  upperLetter: (n) => letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  lowerLetter: (n) => letters(n, 'abcdefghijklmnopqrstuvwxyz'),
  upperRoman: roman,
  lowerRoman: (n) => roman(n).toLowerCase(),
  ordinal: ordinalSuffix,
  chineseCounting: cnCounting,
  chineseCountingThousand: cnCounting,
  taiwaneseCounting: cnCounting,
  taiwaneseCountingThousand: cnCounting,
  japaneseCounting: (n) => counting(n, '〇一二三四五六七八九', ['十', '百', '千'], true),
  chineseLegalSimplified: (n) => counting(n, LEGAL_SIMPLIFIED, ['拾', '佰', '仟']),
  ideographLegalTraditional: (n) => counting(n, LEGAL_TRADITIONAL, ['拾', '佰', '仟']),
  ideographDigital: (n) => String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]),
  taiwaneseDigital: (n) => String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]),
  japaneseDigitalTenThousand: (n) => String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]),
  ideographTraditional: (n) => inRange(n, 1, 10, (k) => TIANGAN[k - 1]),
  ideographZodiac: (n) => inRange(n, 1, 12, (k) => DIZHI[k - 1]),
  none: () => '',
};

/** One number in one `w:numFmt`. */
export function formatNumber(n: number, numFmt: string): string {
  return (FORMATS[numFmt] ?? String)(n);
}

/* ---------- bullets ---------- */

const PLAIN_BULLETS = /^[•·●○◦▪▫■□◆◇◊★☆►▶▸➢➤✓✔√※–—\-*>]$/u;
const SYMBOL_FONTS = /symbol|wingdings|webdings|zapf/i;

/**
 * The bullet character as the reader sees it: a plain one as is; a symbol-font or private-use
 * character (Symbol's U+F0B7, Wingdings' "l" or "§"), which means nothing as text, as "•".
 */
export function bulletChar(lvlText: string, font?: string): string {
  const ch = [...lvlText.trim()][0];
  if (!ch) return '';
  if (PLAIN_BULLETS.test(ch)) return ch;
  const cp = ch.codePointAt(0)!;
  if ((cp >= 0xe000 && cp <= 0xf8ff) || (font && SYMBOL_FONTS.test(font)) || cp < 0x20) return '•';
  return ch;
}

/* ---------- labels ---------- */

/**
 * The label text of a level: `w:lvlText` with each %n replaced by level n's counter in that
 * level's format (decimal throughout for a legal-style level). `counters[k]` is level k's value.
 */
export function renderLabel(levels: (k: number) => NumLevel | undefined, ilvl: number, counters: ReadonlyArray<number | undefined>): string {
  const lvl = levels(ilvl);
  if (!lvl) return '';
  if (lvl.numFmt === 'bullet') return bulletChar(lvl.lvlText, lvl.font);
  return lvl.lvlText.replace(/%([1-9])/g, (_m, d: string) => {
    const k = Number(d) - 1;
    const at = levels(k);
    const value = counters[k] ?? at?.start ?? 1;
    return formatNumber(value, lvl.legal ? 'decimal' : (at?.numFmt ?? 'decimal'));
  });
}

/** What follows the label on the printed line: nothing after closing punctuation, else a space. */
export function labelSeparator(label: string, suffix: NumLevel['suffix']): string {
  if (label === '' || suffix === 'nothing') return '';
  if (suffix === 'space') return ' ';
  // A tab stop: after "一、" or "（一）" or "1." the reader sees the text run on; after "第一章" or "1" a gap.
  return /[、，,.．。:：)）\]】」』]$/.test(label) ? '' : ' ';
}

/**
 * The counters of the document's lists, as Word keeps them while laying out: one set per
 * abstract list (numbering instances without a start override share it and carry on each
 * other's count), one per instance that overrides a start value.
 */
export class NumberingState {
  readonly defs: NumberingDefs;
  readonly resolveStyleLink: (styleId: string) => string | undefined;
  private counters = new Map<string, Array<number | undefined>>();
  /** Labels rendered so far (for the diagnostic). */
  rendered = 0;

  constructor(defs: NumberingDefs, resolveStyleLink: (styleId: string) => string | undefined = () => undefined) {
    this.defs = defs;
    this.resolveStyleLink = resolveStyleLink;
  }

  /** The levels of the abstract list behind an instance, following a numStyleLink once. */
  private abstractLevels(inst: NumInstance): Map<number, NumLevel> | undefined {
    const levels = this.defs.abstracts.get(inst.abstractId);
    const link = this.defs.styleLinks.get(inst.abstractId);
    if (levels && levels.size) return levels;
    if (link) {
      const numId = this.resolveStyleLink(link);
      const target = numId ? this.defs.nums.get(numId) : undefined;
      if (target && target.abstractId !== inst.abstractId) return this.defs.abstracts.get(target.abstractId);
    }
    return levels;
  }

  /** The label of the next paragraph numbered (numId, ilvl), advancing the counters; null when there is none. */
  next(numId: string, ilvl: number): string | null {
    const inst = this.defs.nums.get(numId);
    if (!inst || numId === '0') return null;
    const base = this.abstractLevels(inst);
    const levelOf = (k: number): NumLevel | undefined => {
      const o = inst.overrides.get(k);
      const lvl = o?.level ?? base?.get(k);
      if (!lvl) return undefined;
      return o?.start !== undefined ? { ...lvl, start: o.start } : lvl;
    };
    const lvl = levelOf(ilvl);
    if (!lvl) return null;
    const hasStartOverride = [...inst.overrides.values()].some((o) => o.start !== undefined || o.level);
    const key = hasStartOverride ? `num:${numId}` : `abs:${inst.abstractId}`;
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = []));
    const prev = c[ilvl];
    c[ilvl] = prev === undefined ? lvl.start : prev + 1;
    // Deeper levels restart when this one advances, unless their lvlRestart says otherwise.
    for (let k = ilvl + 1; k < 9; k++) {
      const deeper = levelOf(k);
      const restart = deeper?.restart;
      if (restart === undefined || (restart !== 0 && ilvl < restart)) c[k] = undefined;
    }
    const label = renderLabel(levelOf, ilvl, c);
    if (label === '') return null;
    this.rendered++;
    return label + labelSeparator(label, lvl.suffix);
  }
}
