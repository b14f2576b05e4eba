/**
 * A first guess at a plan's metadata (`seeds/<slug>.yaml`) from what its text prints: the title
 * line near the top, the document number (文号), the issuing body and date of the covering notice
 * or signature, the plan period, and level and region from the place names. Pure: text in, a
 * guess out. Every field says whether it was read from the text (`guessed: false`, with the line)
 * or guessed (with the reason), so `npm run add` can mark what a person must check.
 */
import type { PlanMetaInput } from './schema.ts';

export type Level = PlanMetaInput['level'];

/** One guessed field: the value, whether it is a guess, and why (the text read, or the reason). */
export interface Field<T> {
  value: T;
  /** false when the value is printed in the text (see `line`); true when it is inferred or a placeholder. */
  guessed: boolean;
  /** What was read (the printed text) or why the value was guessed; null when there is nothing to say. */
  evidence: string | null;
  /** 1-based line of the text the value comes from (the first, when it spans several). */
  line: number | null;
  /** The last line, when the value spans several (a title split over two lines). */
  toLine?: number;
}

export interface Guess {
  title: Field<string>;
  titleEn: Field<string>;
  issuer: Field<string | null>;
  level: Field<Level>;
  region: Field<string>;
  period: Field<string>;
  docNumber: Field<string | null>;
  issued: Field<string | null>;
  sourceType: Field<'plan'>;
}

/** A schema-valid stand-in for the English title, which the text never gives. */
export const TITLE_EN_PLACEHOLDER = 'TODO: English title';
/** A schema-valid stand-in for a region no place name in the title or issuer gives. */
export const REGION_PLACEHOLDER = 'TODO: region';

/** How many non-empty lines count as "the top" (cover, notice, title). */
const HEAD_LINES = 40;
/** How many non-empty lines count as "the end" (a signature and date). */
const TAIL_LINES = 15;

interface Line {
  /** 1-based line number in the text. */
  n: number;
  /** The line as printed, trimmed, with format marks removed. */
  raw: string;
  /** `raw` with spaces next to Chinese characters removed (letter-spaced PDF lines, "2035 年"). */
  s: string;
}

const field = <T>(value: T, guessed: boolean, evidence: string | null, line: number | null = null): Field<T> => ({ value, guessed, evidence, line });

/** Heading marks (`# `), HTML bold, Word bookmarks and Markdown emphasis carry no words. */
function stripMarks(line: string): string {
  return line
    .replace(/\[bookmark:[^\]]*\]/g, '')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/^\s*#+\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\\(?=[^\sA-Za-z0-9])/g, '')
    .trim();
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef\\u201c\\u201d\\u2018\\u2019\\u2014\\u00b7';
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}])[\\s\\u3000]+|[\\s\\u3000]+(?=[${CJK}])`, 'g');

/** Remove spaces beside Chinese characters and punctuation (they are layout, not words). */
export function tidy(s: string): string {
  return s.replace(SPACE_NEAR_CJK, '').replace(/\s+/g, ' ').trim();
}

/** The non-empty lines of the text, numbered as in the text. */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  text.split('\n').forEach((l, i) => {
    const raw = stripMarks(l.replace(/\f/g, ''));
    if (raw) out.push({ n: i + 1, raw, s: tidy(raw) });
  });
  return out;
}

/** A short quote of a line for evidence. */
function quote(s: string, max = 40): string {
  return `“${s.length > max ? `${s.slice(0, max)}…` : s}”`;
}

// ── Chinese numerals ─────────────────────────────────────────────────────────

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, '○': 0, Ｏ: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "2021" or "二〇二一" (digit by digit) → 2021. */
function yearNumber(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : Number([...s].map((c) => CN_DIGITS[c] ?? '').join(''));
}

/** "7", "七", "十二", "二十六" → the number (1–99), or NaN. */
export function smallNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return Number.NaN;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : Number.NaN;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

// ── Document number ──────────────────────────────────────────────────────────

/** 文号: issuer abbreviation + 〔year〕 (or [year], (year), 【year】) + number + 号. */
const DOC_NUMBER = /([\u4e00-\u9fff]{1,10})\s*[〔［\[（(【]\s*((?:19|20)\d{2})\s*[〕］\]）)】]\s*(第?\s*\d{1,5})\s*号/;
/** Words that may run into a number's abbreviation in a sentence ("根据国发〔2021〕36号"). */
const LEAD_WORDS = /^(?:根据|依据|按照|贯彻|落实|印发|转发|关于|文件|和|及|与|的)+/;

function guessDocNumber(head: Line[]): Field<string | null> {
  let cited: Field<string | null> | null = null;
  for (const l of head) {
    const m = DOC_NUMBER.exec(l.s);
    if (!m) continue;
    const value = `${m[1].replace(LEAD_WORDS, '') || m[1]}${m[0].slice(m[1].length).replace(/\s+/g, '')}`;
    // Printed on a line of its own (or with little else): the plan's own number.
    if (l.s.length - m[0].length <= 12 && !/[。；]/.test(l.s)) return field(value, false, quote(l.s), l.n);
    cited ??= field(value, true, `cited inside a sentence on line ${l.n} — may be another document's number`, l.n);
  }
  return cited ?? field(null, true, 'no document number (…〔year〕N号) printed near the top');
}

// ── Dates ────────────────────────────────────────────────────────────────────

const DATE_LINE =
  /^(?:(?:印发|发布|成文|发文|公布)(?:日期|时间)[:：]?)?[（(]?((?:19|20)\d{2}|[二][〇零○Ｏ][一二三四五六七八九〇零○Ｏ]{2})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(\d{1,2}|[一二三四五六七八九十]{1,3})日)?[）)]?$/;

/** A line that is only a date ("2021年7月26日", "2022年4月", "二〇二一年七月") → ISO, or null. */
export function dateOfLine(s: string): string | null {
  const m = DATE_LINE.exec(s);
  if (!m) return null;
  const year = yearNumber(m[1]);
  const month = smallNumber(m[2]);
  const day = m[3] === undefined ? null : smallNumber(m[3]);
  if (!(year >= 1949 && year <= 2100) || !(month >= 1 && month <= 12)) return null;
  if (day !== null && !(day >= 1 && day <= 31)) return null;
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${year}-${pad(month)}${day === null ? '' : `-${pad(day)}`}`;
}

// ── Issuing body ─────────────────────────────────────────────────────────────

const ORG_SUFFIX =
  /(?:人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|委员会|办公厅|办公室|国务院|科学技术局|科学技术厅|科学技术部|科技局|科技厅|科技部|发展和改革局|经济和信息化局|经济信息化局|商务局|市委|省委|区委|县委|党工委)$/;
const ORG_LINE = /^[\u4e00-\u9fff（）()·]{2,40}$/;

/** A line that is only the name of a body (or of several, space-separated) → the name(s), or null. */
export function orgOfLine(raw: string): string | null {
  const parts = raw.split(/[\s\u3000]+/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => ORG_LINE.test(p) && ORG_SUFFIX.test(p))) return parts.join('、');
  const s = tidy(raw);
  return ORG_LINE.test(s) && ORG_SUFFIX.test(s) && s.length <= 30 ? s : null;
}

/** "X关于印发《Y》的通知" over one to three lines of the top. */
interface Notice {
  issuer: string | null;
  issuerLine: number | null;
  title: string | null;
  line: number;
}

const NOTICE = /^(.*?)关于(?:印发|转发|发布|颁布|公布)(.+?)的(?:通知|决定|公告)$/;

function findNotice(head: Line[]): Notice | null {
  for (let i = 0; i < head.length; i++) {
    if (!/关于(?:印发|转发|发布|颁布|公布)/.test(head[i].s) || /[。；]/.test(head[i].s)) continue;
    let joined = head[i].s;
    for (let k = i + 1; k < Math.min(head.length, i + 3) && !/的(?:通知|决定|公告)$/.test(joined); k++) joined += head[k].s;
    const m = NOTICE.exec(joined);
    if (!m) continue;
    const before = m[1].replace(DOC_NUMBER, '').trim();
    let issuer: string | null = before ? orgOfLine(before) ?? before : null;
    let issuerLine: number | null = issuer ? head[i].n : null;
    if (!issuer && i > 0 && orgOfLine(head[i - 1].raw)) {
      issuer = orgOfLine(head[i - 1].raw);
      issuerLine = head[i - 1].n;
    }
    const title = m[2].replace(/^《(.*)》$/, '$1').trim() || null;
    return { issuer, issuerLine, title, line: head[i].n };
  }
  return null;
}

function guessIssuer(head: Line[], tail: Line[], notice: Notice | null): Field<string | null> {
  if (notice?.issuer) return field(notice.issuer, false, `the notice “${notice.issuer}关于印发…”`, notice.issuerLine);
  // A body's name with a date under it: a cover or a signature.
  for (const part of [head, tail]) {
    for (let i = 0; i + 1 < part.length; i++) {
      const org = orgOfLine(part[i].raw);
      if (org && dateOfLine(part[i + 1].s)) return field(org, false, `${quote(org)} above the date ${quote(part[i + 1].s)}`, part[i].n);
    }
  }
  for (const l of head) {
    const org = orgOfLine(l.raw);
    if (org) return field(org, false, quote(org), l.n);
  }
  return field(null, true, 'no issuing body printed near the top or at a signature');
}

function guessIssued(head: Line[], tail: Line[], issuer: Field<string | null>): Field<string | null> {
  const all = [...head, ...tail];
  // The date right under the issuer's name first (signature, cover), then any date line at the top, then at the end.
  if (issuer.line !== null) {
    const k = all.findIndex((l) => l.n > (issuer.line ?? 0) && dateOfLine(l.s));
    if (k >= 0 && all[k].n - issuer.line <= 3) return field(dateOfLine(all[k].s), false, quote(all[k].s), all[k].n);
  }
  for (const l of head) if (dateOfLine(l.s)) return field(dateOfLine(l.s), false, quote(l.s), l.n);
  for (const l of [...tail].reverse()) if (dateOfLine(l.s)) return field(dateOfLine(l.s), false, quote(l.s), l.n);
  return field(null, true, 'no date (…年…月…日) printed on a line of its own near the top or at the end');
}

// ── Title ────────────────────────────────────────────────────────────────────

const TITLE_WORD = /规划|纲要|计划|方案|意见/;
/** The title word ends the line, maybe followed by a bracketed part ("（2021—2025年）", "（科技创新部分）"). */
const TITLE_END = /(?:规划|纲要|计划|方案|意见)(?:[（(][^）)]{1,20}[）)])?$/;
const NUMBERED = /^(?:第[一二三四五六七八九十百零〇\d]+[章节篇条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．\s]|专栏|附件|附表|表\s*\d)/;
const SENTENCE = /[。；！？，：:]/;
const TOC_LINE = /(?:\t|…{2,}|\.{3,}|·{3,})\s*\d+\s*$|\s\d+$/;

function isTitleLine(l: Line): boolean {
  if (l.s.length < 4 || l.s.length > 60) return false;
  if (SENTENCE.test(l.s) || NUMBERED.test(l.s) || TOC_LINE.test(l.raw) || /^(?:根据|依据|按照|为)/.test(l.s)) return false;
  if (/关于(?:印发|转发|发布)|通知$/.test(l.s)) return false;
  return TITLE_END.test(l.s) || /^《[^《》]+》$/.test(l.s);
}

/** A line that may be the first part of a title split over lines. */
function isTitleFragment(l: Line): boolean {
  return (
    l.s.length >= 2 &&
    l.s.length <= 40 &&
    !SENTENCE.test(l.s) &&
    !NUMBERED.test(l.s) &&
    !TITLE_END.test(l.s) &&
    !orgOfLine(l.raw) &&
    !dateOfLine(l.s) &&
    !DOC_NUMBER.test(l.s) &&
    !/^[（(【].*[）)】]$/.test(l.s) &&
    !/^[\d\s.\-—–:：/]+$/.test(l.s)
  );
}

const unquote = (s: string): string => s.replace(/^《([^《》]+)》$/, '$1');

function guessTitle(lines: Line[], head: Line[], notice: Notice | null): Field<string> {
  const at = head.findIndex(isTitleLine);
  if (at >= 0) {
    // Up to two lines directly above that read as the title's beginning (no blank line between).
    let first = at;
    while (first > 0 && at - first < 2 && head[first - 1].n === head[first].n - 1 && isTitleFragment(head[first - 1])) first--;
    let text = head.slice(first, at + 1).map((l) => l.s).join('');
    // A bracketed part on the next line: "（2021—2025年）".
    const next = head[at + 1];
    if (next && next.n === head[at].n + 1 && /^[（(][^）)]{1,20}[）)]$/.test(next.s)) text += next.s;
    const title = field(unquote(text), false, quote(text, 60), head[first].n);
    return first === at ? title : { ...title, toLine: head[at].n };
  }
  if (notice?.title) return field(notice.title, false, `the notice “关于印发《${notice.title}》的通知”`, notice.line);
  for (const l of head) {
    const m = /《([^《》]{4,60})》/.exec(l.s);
    if (m && TITLE_WORD.test(m[1])) return field(m[1], true, `named in 《》 on line ${l.n}, not printed as a title line`, l.n);
  }
  const l = lines[0];
  if (!l.s) return field('TODO: title', true, 'the text is empty');
  return field(l.s.slice(0, 60), true, `no title line found; the first line of the text (line ${l.n})`, l.n);
}

// ── Period ───────────────────────────────────────────────────────────────────

/** Five-Year Plan n → its years (6th: 1981–1985, …, 14th: 2021–2025, 15th: 2026–2030). */
export function fiveYearPeriod(n: number): string {
  const start = 1981 + 5 * (n - 6);
  return `${start}–${start + 4}`;
}

/** The Five-Year Plans a string names ("十四五", "第十四个五年"), in order. */
function fiveYearPlansIn(s: string): Array<{ n: number; printed: string }> {
  const out: Array<{ n: number; printed: string }> = [];
  const re = /(?<![一二三四五六七八九十百〇零])(十[一二三四五六七八九])五(?![年个届次日月号万亿])|第(十[一二三四五六七八九]?|[六七八九])个五年/g;
  for (const m of s.matchAll(re)) {
    const n = smallNumber(m[1] ?? m[2]);
    if (n >= 6 && n <= 19) out.push({ n, printed: m[0] });
  }
  return out;
}

const RANGE = /((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年?/;

function rangeIn(s: string): string | null {
  const m = RANGE.exec(s);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return b > a && b - a <= 15 ? `${a}–${b}` : null;
}

function guessPeriod(title: Field<string>, head: Line[], issued: Field<string | null>): Field<string> {
  const inTitle = rangeIn(title.value);
  if (inTitle) return field(inTitle, title.guessed, `the title says ${quote(RANGE.exec(title.value)?.[0] ?? inTitle)}`, title.line);
  const fyp = fiveYearPlansIn(title.value)[0];
  if (fyp) return field(fiveYearPeriod(fyp.n), title.guessed, `the title says “${fyp.printed}”`, title.line);
  // The latest Five-Year Plan the top mentions (a plan looks back on the previous one).
  const mentioned = head.flatMap((l) => fiveYearPlansIn(l.s).map((f) => ({ ...f, line: l.n })));
  if (mentioned.length) {
    const latest = mentioned.reduce((a, b) => (b.n > a.n ? b : a));
    return field(fiveYearPeriod(latest.n), true, `“${latest.printed}” on line ${latest.line} (the latest Five-Year Plan the top mentions)`, latest.line);
  }
  for (const l of head) {
    const r = rangeIn(l.s);
    if (r) return field(r, true, `the years ${quote(RANGE.exec(l.s)?.[0] ?? r)} on line ${l.n}`, l.n);
  }
  if (issued.value) {
    const y = Number(issued.value.slice(0, 4));
    return field(fiveYearPeriod(6 + Math.floor((y - 1981) / 5)), true, `the Five-Year Plan period holding the date issued (${issued.value})`);
  }
  return field(fiveYearPeriod(14), true, 'no period printed; the 14th Five-Year Plan assumed');
}

// ── Level and region ─────────────────────────────────────────────────────────

interface Place {
  level: Level;
  region: string;
  why: string;
  /** Which printed place the region is. */
  regionWhy: string;
}

const MUNICIPALITIES = /^(北京|上海|天津|重庆)$/;
const ZONE = /^([\u4e00-\u9fff]{2,8}?)(?:市)?(高新技术产业开发区|经济技术开发区|高新技术产业园区|自由贸易试验区|高新区|经开区|开发区|新区|自贸区)/;
const UNIT = /^([\u4e00-\u9fff]{2,6}?)(自治区|自治州|省|市|区|县|旗)/;
/** Words ending in 区/市/县 that are not places ("成渝地区", "中心城区", "都市"). */
const NOT_A_PLACE = /(?:地|社|园|片|湾|景|校|功能|示范)区$|^(?:中心|主|老)城区$|(?:现代|大|国际)(?:都|城)市$|^(?:智慧|数字|国际化|新型|中心)城市$/;
const RANK: Record<string, number> = { 省: 1, 自治区: 1, 市: 2, 自治州: 2, 区: 3, 县: 3, 旗: 3 };
const LEVEL_OF_UNIT: Record<string, Level> = { 省: 'province', 自治区: 'province', 市: 'city', 自治州: 'city', 区: 'district', 县: 'district', 旗: 'district' };

/** Level and region from the place names a title or issuer begins with ("成都市武侯区…", "重庆高新区…", "国务院…"). */
export function placeOf(name: string): Place | null {
  // Leading quote marks, "中共" before a local committee, and a headline's "解读"/"图解" are no place.
  let s = name.replace(/^[《“"‘「]+/, '').replace(/^(?:解读|图解|一图读懂|聚焦|关于)/, '').replace(/^中共(?!中央)/, '');
  if (/^(?:国务院|中共中央|中华人民共和国|国家|全国)/.test(s)) return { level: 'national', region: '全国', why: `it begins “${s.slice(0, 4)}”`, regionWhy: 'a national body or plan' };
  const chain: Array<{ name: string; unit: string }> = [];
  for (;;) {
    const zone = ZONE.exec(s);
    if (zone) {
      const city = chain.find((c) => c.unit === '市' || c.unit === '自治州');
      const region = city?.name ?? zone[1];
      return { level: 'high-tech-zone', region, why: `“${zone[0]}” is a development zone`, regionWhy: `the ${city ? 'city' : 'place'} named with the zone, “${region}”` };
    }
    const unit = UNIT.exec(s);
    if (!unit || NOT_A_PLACE.test(unit[0]) || (chain.length && RANK[unit[2]] <= RANK[chain[chain.length - 1].unit])) break;
    chain.push({ name: unit[1], unit: unit[2] });
    s = s.slice(unit[0].length);
  }
  if (!chain.length) return null;
  const finest = chain[chain.length - 1];
  const city = chain.find((c) => c.unit === '市' || c.unit === '自治州');
  const printed = chain.map((c) => c.name + c.unit).join('');
  if (finest.unit === '市' && MUNICIPALITIES.test(finest.name)) {
    return { level: 'province', region: finest.name, why: `“${printed}” is a province-level municipality`, regionWhy: `“${printed}”` };
  }
  const region = city ?? chain[0];
  return { level: LEVEL_OF_UNIT[finest.unit], region: region.name, why: `“${printed}” (${finest.unit})`, regionWhy: `${region === city ? 'the city in' : 'the place'} “${printed}”` };
}

function guessPlace(title: Field<string>, issuer: Field<string | null>): { level: Field<Level>; region: Field<string> } {
  const sources: Array<[string, string | null]> = [
    ['title', title.value],
    ['issuer', issuer.value],
  ];
  for (const [what, name] of sources) {
    const p = name ? placeOf(name) : null;
    if (p) return { level: field(p.level, true, `the ${what}: ${p.why}`), region: field(p.region, true, `the ${what}: ${p.regionWhy}`) };
  }
  const national = /国家|全国/.test(title.value);
  if (national) return { level: field('national', true, 'the title names 国家/全国 and no place'), region: field('全国', true, 'national plan') };
  return { level: field('city', true, 'no place name in the title or issuer; city assumed'), region: field(REGION_PLACEHOLDER, true, 'no place name in the title or issuer') };
}

// ── The guess ────────────────────────────────────────────────────────────────

/** Guess a plan's metadata from its text (a reader's `ReadDoc.text`). */
export function guessMeta(text: string): Guess {
  const lines = linesOf(text);
  if (!lines.length) lines.push({ n: 1, raw: '', s: '' });
  const head = lines.slice(0, HEAD_LINES);
  const tail = lines.length > HEAD_LINES ? lines.slice(Math.max(HEAD_LINES, lines.length - TAIL_LINES)) : [];
  const notice = findNotice(head);
  const title = guessTitle(lines, head, notice);
  const issuer = guessIssuer(head, tail, notice);
  const issued = guessIssued(head, tail, issuer);
  const { level, region } = guessPlace(title, issuer);
  return {
    title,
    titleEn: field(TITLE_EN_PLACEHOLDER, true, 'the text gives no English title; write one'),
    issuer,
    level,
    region,
    period: guessPeriod(title, head, issued),
    docNumber: guessDocNumber(head),
    issued,
    sourceType: field('plan' as const, true, 'assumed a plan (use news-excerpt for an article quoting one)'),
  };
}
