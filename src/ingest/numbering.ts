/**
 * Chinese document numbering: which tier a label belongs to and its ordinal.
 * Tier ranks follow the conventional hierarchy 篇 > 章 > 节 / 一、 > （一） > 1. > （1） > ①.
 */
import { squash } from './clean.ts';

export type Tier = 'pian' | 'zhang' | 'jie' | 'cn' | 'paren-cn' | 'arabic' | 'paren-arabic' | 'circled';

export const TIER_RANK: Record<Tier, number> = {
  pian: 1,
  zhang: 2,
  jie: 3,
  cn: 3,
  'paren-cn': 4,
  arabic: 5,
  'paren-arabic': 6,
  circled: 7,
};

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103, "12" → 12. Returns NaN for anything else. */
export function parseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return NaN;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = DIGIT[ch];
  }
  return total + current;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN = '[一二三四五六七八九十百零〇两]+';

export interface Label {
  tier: Tier;
  /** The label as printed, e.g. "第二章", "一节", "（一）", "(1)", "1.". */
  label: string;
  ordinal: number;
  /** Text after the label, trimmed. */
  rest: string;
}

const PATTERNS: Array<[Tier, RegExp]> = [
  // 第X篇/章/节, also with the 第 lost ("一节"): then a separator must follow.
  ['pian', new RegExp(`^(第\\s*(${CN}|\\d+)\\s*篇|(${CN})篇(?=\\s|$))\\s*(.*)$`)],
  ['zhang', new RegExp(`^(第\\s*(${CN}|\\d+)\\s*章|(${CN})章(?=\\s|$))\\s*(.*)$`)],
  ['jie', new RegExp(`^(第\\s*(${CN}|\\d+)\\s*节|(${CN})节(?=\\s|$))\\s*(.*)$`)],
];

export function parseLabel(text: string): Label | null {
  for (const [tier, re] of PATTERNS) {
    const m = re.exec(text);
    if (m) return { tier, label: squash(m[1]), ordinal: parseNumeral(m[2] ?? m[3]), rest: m[4].trim() };
  }
  let m = new RegExp(`^(${CN})\\s*([、．])\\s*(.*)$`).exec(text);
  if (m) return { tier: 'cn', label: `${m[1]}${m[2]}`, ordinal: parseNumeral(m[1]), rest: m[3].trim() };
  m = new RegExp(`^([（(])\\s*(${CN})\\s*([）)])\\s*(.*)$`).exec(text);
  if (m) return { tier: 'paren-cn', label: `${m[1]}${m[2]}${m[3]}`, ordinal: parseNumeral(m[2]), rest: m[4].trim() };
  m = /^(\d{1,2})\s*([.．、])(?!\d)\s*(.*)$/.exec(text);
  if (m) return { tier: 'arabic', label: `${m[1]}${m[2]}`, ordinal: Number(m[1]), rest: m[3].trim() };
  m = /^([（(])\s*(\d{1,2})\s*([）)])\s*(.*)$/.exec(text);
  if (m) return { tier: 'paren-arabic', label: `${m[1]}${m[2]}${m[3]}`, ordinal: Number(m[2]), rest: m[4].trim() };
  const c = CIRCLED.indexOf(text[0] ?? '');
  if (c >= 0) return { tier: 'circled', label: text[0], ordinal: c + 1, rest: text.slice(1).trim() };
  return null;
}

export interface BoxLabel {
  kind: string;
  label: string;
  ordinal: number;
  title: string;
}

/** 专栏N / 重点领域N / 重点工程N title. */
export function parseBoxLabel(text: string): BoxLabel | null {
  const m = new RegExp(`^(专栏|重点领域|重点工程|重点专项)\\s*(\\d+|${CN})(?![\\d.．])\\s*[:：]?\\s*(.*)$`).exec(text);
  if (!m) return null;
  const title = m[3].trim();
  if (title.length > 50 || /[。；]/.test(title)) return null;
  return { kind: m[1], label: `${m[1]}${m[2]}`, ordinal: parseNumeral(m[2]), title };
}

/** Unnumbered headings with a conventional name: preface, appendix, table of contents. */
export function parseNamedHeading(text: string): { tier: 'front' | 'appendix' | 'toc'; label: string; title: string } | null {
  const compact = squash(text);
  if (/^(前言|序言|引言|序)$/.test(compact)) return { tier: 'front', label: '', title: text.trim() };
  if (/^目录$/.test(compact)) return { tier: 'toc', label: '', title: text.trim() };
  const m = /^((?:附件|附录|附表)\s*\d*\s*[:：]?)\s*(.*)$/.exec(text);
  if (m && m[2].length <= 60 && !/[。；]/.test(m[2])) return { tier: 'appendix', label: squash(m[1]), title: m[2].trim() };
  return null;
}

/** Bullet and key-colon list markers that are never headings. */
export function parseBullet(text: string): { label: string; rest: string } | null {
  let m = /^([·•●▪◆■◇○])\s*(.*)$/.exec(text);
  if (m) return { label: m[1], rest: m[2].trim() };
  m = /^(“[^”]{1,6}”[：:])\s*(.*)$/.exec(text);
  if (m) return { label: m[1], rest: m[2].trim() };
  return null;
}

/** Sentence-final punctuation: a line ending with one of these is a complete sentence. */
export function endsSentence(text: string): boolean {
  // A dash at the end introduces what follows (“……中提出——”): the paragraph is complete.
  return /[。！？；：!?;:…][”’」』）)]*$/.test(text) || /——$/.test(text);
}

/** Prose rather than a title: it has sentence-internal punctuation or is long. */
export function looksLikeProse(text: string): boolean {
  return /[，。；、,;]/.test(text) || text.length >= 40;
}

const MAX_TITLE = 60;

/** Text of a heading: short, and no sentence inside it. */
export const isTitleText = (s: string): boolean => s.length > 0 && s.length <= MAX_TITLE && !/[。！？]/.test(s) && !/[；;：:，,、]$/.test(s);

/** A title printed as one short sentence: "（一）指导思想。" alone on its line is a heading, its full stop kept as printed. */
export const isSentenceTitle = (s: string): boolean => /^[^。！？；;，,：:\s]{2,30}。$/.test(s);

/** A table or figure caption: "表1 …", "表  …指标体系表", "图2 …" — short, not a sentence. */
export const isCaption = (s: string): boolean => /^[表图](\s*\d+|\s)/.test(s) && s.length <= MAX_TITLE && !endsSentence(s);
