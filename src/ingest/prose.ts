/**
 * Prose figures: the 2025 targets a plan states only in the prose of its goals, and the figures
 * its review section gives for an indicator. Pure functions over the model (outline + blocks);
 * everything is returned exactly as printed, with the passage id as the deep link.
 *
 * Where targets are looked for (precision before recall):
 * - **Goals sections**: outline nodes whose title contains 目标 (发展目标, 具体目标, 主要目标, …; not
 *   远景目标) and their descendants. An umbrella — a compound heading (with 和/与/及/、, like
 *   “发展思路和发展目标”) that has a 目标-titled descendant — counts only for its own passages and
 *   those 目标 descendants, not for its other children (总体思路, 战略定位, …). A section whose
 *   heading is missing from the text counts as a goals section when it holds a 2020 → 2025
 *   indicator table or its first passage opens with “到2025年” (the lost heading was the goals heading). Within goals sections a sentence that names
 *   another year (“到2035年”, “2020年”) and not 2025 is skipped: it is a vision or a baseline.
 * - **“到2025年” sentences elsewhere** are included: from “(力争)到/至2025年” to the end of its sentence
 *   (。！？), plus a directly following sentence that opens with 其中 (it breaks the same target
 *   down). Other sentences outside goals sections are ignored.
 * - Only paragraphs and list items; table rows are the indicator table itself.
 *
 * What a target is: sentences are split into clauses on ，；。：(and “,”/“;” not between digits,
 * outside brackets); a clause is split on 、 only where a figure ends the part before or starts the
 * part after (“顶尖人才50名、杰出人才300名”, “1个国家实验室、1个国家技术创新中心”). A figure is a
 * number followed by a unit (家 个 件 项 人 名 亿元 万平方米 % …, with an optional 万/亿 multiplier and
 * 余/多) and an optional 以上/左右/以内/以下; a number after 第/前/“-”, or followed by anything else
 * (年, 强, G …), is not a figure. After leading connectors (——, 其中, 同时, 到2025年 …) a clause is a
 * target in one of four shapes:
 * - A `<subject><comparator><figure>`: 瞪羚企业 | 累计达 | 50家以上 — comparator verbs 达/达到/突破/超/超过/
 *   增至/提升至/提高到/不低于 …, with adverbs (累计, 力争) and a preceding action verb (累计建成超);
 * - B `<action verb><subject><figure>`: 培育 | 高新技术企业 | 1100家以上 — verbs 建成/建设/培育/引进/新增/
 *   打造/盘活 … (also joined: 引进和培育);
 * - C `<action verb><figure><subject>`: 力争建成 | 1个 | 国家实验室;
 * - D the verb is implied by the previous item of the same 、-enumeration: 杰出人才 | 300名 after
 *   “引进和培育顶尖人才50名”, or 1个国家技术创新中心 after “建成1个国家实验室”.
 * In A, B and D the figure must end the clause; in C the subject is what follows the figure and must
 * hold no digits. The comparator is the qualifying wording joined with “…” (“累计达…以上”); the
 * subject is a substring of the passage.
 *
 * A target that restates a row of the plan's own indicator table is dropped: same figure as the
 * row's target cell (as printed, or the same quantity once 万/亿 multipliers are applied) and a
 * subject that shares at least three characters in a row with the indicator name, compared on a
 * canonical form (no spaces, NFKC, 研发/研究与试验发展 = R&D, 地区生产总值 = GDP, 交易额 = 成交额, …).
 *
 * Review figures: review sections are outline nodes whose title matches
 * 回顾|成就|成效|现状|发展基础|进展 (not 基础研究/基础设施/基础平台), with the same umbrella rule.
 * `reviewFigures` looks for the indicator name and its cores (without trailing 数量/总数/总量/拥有量,
 * without leading 全社会/全区/全市) on the canonical form of each passage, and takes the first figure
 * in the same clause when only a comparator, a year (“到2019年的”) or a copula stands between the name and
 * the figure. A name right after 准/潜在/后备/入库/储备 (准独角兽企业) is a different thing.
 */
import { ancestry, type Passage, prosePassages } from './passages.ts';
import { extractIndicators } from './indicators.ts';
import type { Block, Figure, Indicator, OutlineNode, PlanDoc } from './schema.ts';

/** A 2025 target stated only in the prose of a plan's goals section, e.g. "瞪羚企业累计达50家以上". */
export interface ProseTarget {
  /** Id of the paragraph or list item that states it (the deep-link anchor). */
  passageId: string;
  sectionId: string | null;
  /** What is counted, as printed: "瞪羚企业", "省级以上创新创业载体数量". */
  subject: string;
  /** The wording that qualifies the figure, as printed, joined with "…": "累计达…以上", "突破", "力争建成". */
  comparator: string;
  /** The number exactly as printed; a 万/亿 multiplier belongs to `unit`. */
  figure: Figure;
  /** As printed: "家", "个", "亿元", "万平方米", "%" … */
  unit: string | null;
  /** The matched clause exactly as printed (a substring of the passage text). */
  text: string;
  /** [start, end) of `text` in the passage text. */
  span: [number, number];
}

/** A figure the plan's review section gives for an indicator. */
export interface ReviewFigure {
  passageId: string;
  /** The name as found in the text. */
  phrase: string;
  figure: Figure;
  unit: string | null;
  /** The clause as printed. */
  text: string;
}

/** A passage of running text (paragraph or list item). */
type Prose = Pick<Passage, 'id' | 'sectionId' | 'text'>;

// ---------------------------------------------------------------------------------------------
// Figures

const MULTIPLIER = '万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千';
const BASE_UNIT = '平方公里|平方米|公顷|亩|美元|元|家|个百分点|百分点|个|件|项|所|座|条|台|套|支|位|户|人次|人年|人|名|栋|幢|笔|倍|吨';
/** number, approximation, unit (multiplier? approximation? base | bare multiplier | %), limit suffix. */
const FIGURE_SRC =
  String.raw`(\d+(?:,\d{3})*(?:\.\d+)?)\s*(余|多)?\s*` +
  String.raw`(?:(?:(${MULTIPLIER})\s*(余|多)?)?(${BASE_UNIT})|(${MULTIPLIER})(?![\u3400-\u9fff])|([%％‰]))` +
  String.raw`(\s*(?:以上|左右|以内|以下))?`;
const FIGURE_G = new RegExp(FIGURE_SRC, 'g');
const ENDS_WITH_FIGURE = new RegExp(`${FIGURE_SRC}\\s*$`);
const STARTS_WITH_FIGURE = new RegExp(`^\\s*${FIGURE_SRC}`);

interface FigureMatch {
  start: number;
  end: number;
  figure: Figure;
  unit: string;
  approx: string | null;
  suffix: string | null;
}

/** Figures in `text` (offsets relative to it); numbers after 第/前/“-” or inside other numbers are skipped. */
function figuresIn(text: string): FigureMatch[] {
  const out: FigureMatch[] = [];
  for (const m of text.matchAll(FIGURE_G)) {
    const start = m.index;
    if (/[\d.A-Za-z第前\-－—~～]$/.test(text.slice(0, start).trimEnd())) continue;
    const raw = m[1];
    const unit = m[5] !== undefined ? `${m[3] ?? ''}${m[5]}` : (m[6] ?? m[7] ?? '');
    out.push({
      start,
      end: start + m[0].length,
      figure: { raw, value: Number(raw.replace(/,/g, '')) },
      unit,
      approx: m[2] ?? m[4] ?? null,
      suffix: m[8]?.trim() ?? null,
    });
  }
  return out;
}

const MULT_VALUE: Record<string, number> = { 万亿: 1e12, 千亿: 1e11, 百亿: 1e10, 十亿: 1e9, 亿: 1e8, 千万: 1e7, 百万: 1e6, 十万: 1e5, 万: 1e4, 千: 1e3 };
/** The multiplier a unit starts with ("万亿元" → 1e12, "家" → 1). */
const multiplierOf = (unit: string | null): number => {
  const m = new RegExp(`^(${MULTIPLIER})`).exec(unit ?? '');
  return m ? MULT_VALUE[m[1]] : 1;
};

// ---------------------------------------------------------------------------------------------
// Canonical form for comparing names

const CANON_RULES: Array<[RegExp, string]> = [
  [/\s+/y, ''],
  [/[(（][A-Za-z&\s]+[)）]/y, ''],
  [/研究与[试实]验发展/y, 'R&D'],
  [/研发/y, 'R&D'],
  [/地区生产总值/y, 'GDP'],
  [/(?:成交|交易)总?金?额/y, '成交额'],
  [/主营业务收入/y, '营业收入'],
  [/的比重/y, '比重'],
];

interface Canon {
  s: string;
  /** For each character of `s`: [start, end) of the printed text it stands for. */
  from: Array<[number, number]>;
}

/** A canonical form of printed text with a map back to it: spaces and (GDP)-style glosses dropped, NFKC, synonyms unified. */
function canonical(text: string): Canon {
  let s = '';
  const from: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    let len = 0;
    let rep = '';
    for (const [re, r] of CANON_RULES) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[0].length > 0) {
        len = m[0].length;
        rep = r;
        break;
      }
    }
    if (len === 0) {
      len = 1;
      rep = text[i].normalize('NFKC');
    }
    for (const ch of rep) {
      s += ch;
      from.push([i, i + len]);
    }
    i += len;
  }
  return { s, from };
}

/** Length of the longest common substring. */
function commonRun(a: string, b: string): number {
  let best = 0;
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : 0;
      if (prev[j] > best) best = prev[j];
      diag = up;
    }
  }
  return best;
}

/** True when the target only restates a row of the indicator table (same figure, names sharing their core). */
function restatesRow(subject: string, figure: Figure, unit: string | null, rows: Indicator[]): boolean {
  const s = canonical(subject).s;
  return rows.some((r) => {
    const t = r.target.value;
    if (t === null || figure.value === null) return false;
    const same = t === figure.value || Math.abs(t * multiplierOf(r.unit) - figure.value * multiplierOf(unit)) < 1e-6 * Math.max(1, t * multiplierOf(r.unit));
    if (!same) return false;
    const n = canonical(r.name).s;
    return commonRun(s, n) >= Math.min(3, s.length, n.length);
  });
}

// ---------------------------------------------------------------------------------------------
// Scopes: goals and review sections

const GOAL_TITLE = (t: string): boolean => /目标/.test(t) && !/远景/.test(t);
const REVIEW_TITLE = (t: string): boolean => /回顾|成就|成效|现状|发展基础|进展/.test(t) && !/基础研究|基础设施|基础平台/.test(t);
const TARGET_YEAR = /(?:力争)?(?:到|至)\s*2025\s*年(?:底|末)?/;

/** A heading that names several topics: “发展思路和发展目标”, “基础现状及外部环境”. */
const COMPOUND = /[和与及、]/;

/**
 * Section ids in scope: nodes that `isRoot`, and their descendants — except the other children of an
 * umbrella root (a compound heading with a root among its descendants).
 */
function scopeOf(outline: OutlineNode[], isRoot: (o: OutlineNode) => boolean): Set<string> {
  const roots = new Set(outline.filter(isRoot).map((o) => o.id));
  const umbrella = new Set<string>();
  for (const o of outline) {
    if (!roots.has(o.id)) continue;
    for (const a of ancestry(outline, o.parentId)) if (roots.has(a.id) && COMPOUND.test(a.title ?? '')) umbrella.add(a.id);
  }
  const inScope = new Set<string>();
  for (const o of outline) {
    const path = ancestry(outline, o.id);
    let k = -1;
    path.forEach((p, j) => {
      if (roots.has(p.id)) k = j;
    });
    if (k >= 0 && (k === path.length - 1 || !umbrella.has(path[k].id))) inScope.add(o.id);
  }
  return inScope;
}

/** Goals sections: titles with 目标, and headingless sections that hold the indicator table or open with 到2025年. */
function goalSections(plan: Pick<PlanDoc, 'outline' | 'blocks'>): Set<string> {
  const tableSections = new Set(extractIndicators(plan.blocks).indicators.map((i) => plan.blocks.find((b) => b.id === i.tableId)?.sectionId));
  const prose = prosePassages(plan);
  const opensWith2025 = (id: string): boolean => {
    const first = prose.find((p) => p.sectionId === id);
    return first !== undefined && new RegExp(`^\\s*${TARGET_YEAR.source}`).test(first.text);
  };
  return scopeOf(plan.outline, (o) => (o.title !== null && !o.missing ? GOAL_TITLE(o.title) : tableSections.has(o.id) || opensWith2025(o.id)));
}

/** Review sections (回顾 / 成就 / 成效 / 现状 / 发展基础 / 进展). */
function reviewSections(plan: Pick<PlanDoc, 'outline'>): Set<string> {
  return scopeOf(plan.outline, (o) => o.title !== null && REVIEW_TITLE(o.title));
}

// ---------------------------------------------------------------------------------------------
// Sentences and clauses

interface Seg {
  start: number;
  end: number;
}

/** Sentences of `text` ending at 。！？ (the terminator included). */
function sentences(text: string): Seg[] {
  const out: Seg[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[。！？!?]/.test(text[i])) {
      out.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/** Where a target is looked for in one passage: whole sentences in goals sections, 到2025年 sentences elsewhere. */
function targetSegments(text: string, inGoals: boolean): Seg[] {
  const ss = sentences(text);
  if (inGoals) {
    return ss.filter((s) => {
      const years = [...text.slice(s.start, s.end).matchAll(/((?:19|20)\d\d)\s*年/g)].map((m) => m[1]);
      return years.length === 0 || years.includes('2025');
    });
  }
  const out: Seg[] = [];
  let open = false;
  for (const s of ss) {
    const t = text.slice(s.start, s.end);
    const m = TARGET_YEAR.exec(t);
    if (m) {
      out.push({ start: s.start + m.index, end: s.end });
      open = true;
    } else if (open && /^\s*其中/.test(t)) out.push(s);
    else open = false;
  }
  return out;
}

/** Split a segment on the given delimiters at bracket depth 0; "," and ";" between digits do not split. */
function splitAt(text: string, seg: Seg, delims: RegExp): Seg[] {
  const out: Seg[] = [];
  let depth = 0;
  let start = seg.start;
  for (let i = seg.start; i < seg.end; i++) {
    const c = text[i];
    if (/[（(]/.test(c)) depth++;
    else if (/[）)]/.test(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && delims.test(c) && !(/[,;]/.test(c) && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? ''))) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: seg.end });
  return out;
}

/** Items of a clause: split on 、 only where a figure ends the part before or starts the part after. */
function items(text: string, clause: Seg): Seg[] {
  const parts = splitAt(text, clause, /、/);
  const out: Seg[] = [parts[0]];
  for (let k = 1; k < parts.length; k++) {
    const last = out[out.length - 1];
    const before = text.slice(last.start, last.end);
    const after = text.slice(parts[k].start, parts[k].end);
    if (ENDS_WITH_FIGURE.test(before) || STARTS_WITH_FIGURE.test(after)) out.push(parts[k]);
    else out[out.length - 1] = { start: last.start, end: parts[k].end };
  }
  return out;
}

const CONNECTOR = new RegExp(String.raw`^(?:\s|——|—|－|-|其中|同时|此外|另外|并且|以及|(?:力争)?(?:到|至)\s*20\d\d\s*年(?:底|末)?)+`);
const ADVERB = '(?:力争|累计|全面|基本|初步|总计|合计)*';
const ACTION = '(?:新增|建成|建设|培育|引进|引培|引育|引聚|引入|布局|打造|组建|创建|设立|认定|孵化|吸引|集聚|聚集|盘活|改造|招引|落地|形成)';
const ACTIONS = `${ACTION}(?:(?:和|及|与|或|、)?${ACTION})*`;
const COMPARE = '(?:达到|达|突破|超过|超|增至|增加至|增加到|增长至|增长到|提升至|提升到|提高至|提高到|上升至|上升到|扩大至|扩大到|不低于|不少于|保持在|稳定在|控制在)';
/** A: the comparator ending the text before the figure. */
const COMPARATOR_END = new RegExp(`${ADVERB}(?:${ACTIONS})?${ADVERB}${COMPARE}\\s*$`);
/** B and C: the action verbs opening the text before the figure. */
const ACTION_START = new RegExp(`^${ADVERB}${ACTIONS}${ADVERB}(?:${COMPARE})?`);

interface Found {
  target: Omit<ProseTarget, 'passageId' | 'sectionId'>;
  verb: string;
}

const joinComparator = (verb: string, f: FigureMatch): string => [verb, f.approx, f.suffix].filter((x): x is string => !!x).join('…');

/** The target stated by one item, if any; `inherited` is the verb of the previous item of its enumeration. */
function matchItem(text: string, item: Seg, inherited: string | null): Found | null {
  const lead = CONNECTOR.exec(text.slice(item.start, item.end));
  const start = item.start + (lead ? lead[0].length : 0);
  const body = text.slice(start, item.end).trimEnd();
  const end = start + body.length;
  for (const f of figuresIn(body)) {
    const pre = body.slice(0, f.start);
    const rest = body.slice(f.end).trim();
    const make = (subject: string, verb: string, textStart: number, textEnd: number): Found => ({
      target: {
        subject,
        comparator: joinComparator(verb, f),
        figure: f.figure,
        unit: f.unit || null,
        text: text.slice(textStart, textEnd),
        span: [textStart, textEnd],
      },
      verb,
    });
    const a = COMPARATOR_END.exec(pre);
    const b = ACTION_START.exec(pre);
    if (rest === '' && a && a.index > 0) {
      // A: <subject><comparator><figure>
      const subject = pre.slice(0, a.index).trim();
      if (subject && !/\d/.test(subject.slice(-1))) return make(subject, a[0].trim(), start, start + f.end);
    }
    if (rest === '' && b && b[0].length < pre.trim().length) {
      // B: <verb><subject><figure>
      const subject = pre.slice(b[0].length).trim();
      return make(subject, b[0], start, start + f.end);
    }
    const verbOnly = a && a.index === 0 ? a[0].trim() : b && b[0].length === pre.trim().length ? b[0] : null;
    const cVerb = pre.trim() === '' ? inherited : verbOnly;
    if (rest !== '' && cVerb && !/\d/.test(rest)) {
      // C: <verb><figure><subject>
      return make(rest, cVerb, start, end);
    }
    if (rest === '' && inherited && pre.trim() !== '' && !a && !b) {
      // D: <subject><figure>, the verb carried over from the enumeration
      return make(pre.trim(), inherited, start, start + f.end);
    }
  }
  return null;
}

/** Targets in one passage. */
function targetsIn(p: Prose, inGoals: boolean): ProseTarget[] {
  const out: ProseTarget[] = [];
  for (const seg of targetSegments(p.text, inGoals)) {
    for (const clause of splitAt(p.text, seg, /[，,；;。！？!?：:]/)) {
      let verb: string | null = null;
      for (const item of items(p.text, clause)) {
        const found = matchItem(p.text, item, verb);
        verb = found ? found.verb : null;
        if (found) out.push({ passageId: p.id, sectionId: p.sectionId, ...found.target });
      }
    }
  }
  return out;
}

/** 2025 targets stated in prose (goals sections and 到2025年 sentences) that the indicator table does not already give. */
export function extractProseTargets(plan: Pick<PlanDoc, 'outline' | 'blocks'>): ProseTarget[] {
  const goals = goalSections(plan);
  const rows = extractIndicators(plan.blocks).indicators;
  return prosePassages(plan)
    .flatMap((p) => targetsIn(p, p.sectionId !== null && goals.has(p.sectionId)))
    .filter((t) => !restatesRow(t.subject, t.figure, t.unit, rows));
}

// ---------------------------------------------------------------------------------------------
// Review figures

/** The name and its cores, canonical: without trailing 数量/总数/总量/拥有量, without leading 全社会/全区/全市. */
function nameVariants(name: string): string[] {
  const full = canonical(name).s.replace(/[(（][^()（）]*[)）]$/, '');
  const trail = (s: string): string => s.replace(/(数量|总数|总量|拥有量)$/, '');
  const lead = (s: string): string => s.replace(/^(全社会|全区|全市)/, '');
  return [...new Set([full, trail(full), lead(full), lead(trail(full))])].filter((v) => v.length >= 3);
}

const GAP = new RegExp(
  String.raw`^(?:\s|[:：]|达到|达|突破|超过|超|为|共计|共有|共|有|总计|合计|累计|已经|已|实现|增至|增长至|增加到|提升至|提高到|提高至|到|至|约|近|逾|的|(?:到|至|截至|截止)?\s*\d{4}\s*年(?:底|末)?)*$`,
);
const OTHER_KIND = /(准|潜在|后备|入库|储备)$/;

/** Figures stated for the indicator `name` (e.g. "技术合同交易额", "高新技术企业数量") in the review sections. */
export function reviewFigures(plan: Pick<PlanDoc, 'outline' | 'blocks'>, name: string): ReviewFigure[] {
  const scope = reviewSections(plan);
  const variants = nameVariants(name);
  const out: ReviewFigure[] = [];
  for (const p of prosePassages(plan)) {
    if (p.sectionId === null || !scope.has(p.sectionId)) continue;
    const c = canonical(p.text);
    const seen = new Set<number>();
    for (const v of variants) {
      for (let k = c.s.indexOf(v); k >= 0; k = c.s.indexOf(v, k + 1)) {
        const phraseStart = c.from[k][0];
        const phraseEnd = c.from[k + v.length - 1][1];
        if (OTHER_KIND.test(p.text.slice(0, phraseStart))) continue;
        const clauseEnd = splitAt(p.text, { start: phraseEnd, end: p.text.length }, /[，,；;。！？!?]/)[0].end;
        const clauseStart = Math.max(0, ...[...p.text.slice(0, phraseStart).matchAll(/[，,；;。！？!?]/g)].map((m) => m.index + 1));
        const after = p.text.slice(phraseEnd, clauseEnd);
        const f = figuresIn(after)[0];
        if (!f || !GAP.test(after.slice(0, f.start)) || seen.has(phraseEnd + f.start)) continue;
        seen.add(phraseEnd + f.start);
        out.push({
          passageId: p.id,
          phrase: p.text.slice(phraseStart, phraseEnd),
          figure: f.figure,
          unit: f.unit || null,
          text: p.text.slice(clauseStart, clauseEnd).trim(),
        });
      }
    }
  }
  return out;
}

/**
 * Prose targets as indicator rows (`source: "prose"`): id `<passage id>-g<k>`, anchored at the
 * passage, no baseline, the comparator and the clause kept as printed.
 */
export function proseIndicators(outline: OutlineNode[], blocks: Block[]): Indicator[] {
  const lines = new Map(prosePassages({ blocks }).map((p) => [p.id, p.sourceLines]));
  const perPassage = new Map<string, number>();
  return extractProseTargets({ outline, blocks }).map((t, k) => {
    const n = (perPassage.get(t.passageId) ?? 0) + 1;
    perPassage.set(t.passageId, n);
    return {
      id: `${t.passageId}-g${n}`,
      source: 'prose',
      anchor: t.passageId,
      tableId: null,
      table: null,
      row: String(k + 1),
      category: null,
      name: t.subject,
      unit: t.unit,
      baseline: { raw: '', value: null },
      target: t.figure,
      attribute: null,
      attributeSource: null,
      comparator: t.comparator,
      text: t.text,
      sourceLines: lines.get(t.passageId) ?? [1, 1],
    };
  });
}
