/**
 * A synthetic corpus for benchmarks: N plans recombined from the real seeds.
 *
 * Each seed is run through the real ingest to find its level-1 sections (outline nodes of
 * level 1 and their source lines). A seed is cut only at those heading lines: the front
 * matter (everything before the first numbered level-1 heading), the numbered sections, and
 * a tail of appendices. Plan i takes the front matter (and tail) of seed i mod S and a seeded
 * pseudo-random selection and order of sections drawn from the seeds that number their
 * level-1 headings the same way (第X章, 一、, 第X篇) — by default only those that also share
 * its layout and heading tiers, since ingest decides both for a whole document (see `pool`) —
 * then renumbers those headings in order by rewriting only the label on the heading line.
 * Sections stay whole, so tables, boxes and lists are exactly as in the seed. Background
 * sections come first and safeguards (保障措施) last. A table of contents in the front matter
 * is rewritten to list the chosen sections. Plans 0…S-1 reproduce their seed's text unchanged
 * (less a scraped article's web chrome: every synthetic plan is a `plan`).
 *
 * Same seeds, n and seed ⇒ byte-identical output (UTF-8, "\n" line endings).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cleanLine, cleanLines } from '../ingest/clean.ts';
import { ingestCorpus } from '../ingest/corpus.ts';
import { decode } from '../ingest/decode.ts';
import { parseLabel, TIER_RANK } from '../ingest/numbering.ts';
import type { LEVELS, OutlineNode, PlanDoc, PlanMetaInput } from '../ingest/schema.ts';
import { isBlankSeparated } from '../ingest/units.ts';

export interface SynthOptions {
  n: number;
  seedsDir: string;
  outDir: string;
  /** PRNG seed; plan i uses mulberry32(seed + i). Default 1. */
  seed?: number;
  /**
   * Which seeds a plan may draw sections from. 'compatible' (default): seeds with the same
   * level-1 numbering style, the same layout (blank-line paragraphs or one paragraph per line)
   * and the same set of heading tiers, so every section parses exactly as in its seed. 'style':
   * any seed with the same level-1 numbering style — ingest then reads some sections differently
   * from their seed (its layout and heading levels are decided for the whole document); for
   * stress tests only.
   */
  pool?: 'compatible' | 'style';
}

export interface SynthResult {
  slugs: string[];
  /** Bytes written (all .txt and .yaml files). */
  bytes: number;
}

/** Level-1 numbering styles that can be renumbered. */
export type Style = 'pian' | 'zhang' | 'cn';
const STYLES: readonly string[] = ['pian', 'zhang', 'cn'];

/** What a section does in a plan: background first, approach next, tasks, safeguards last. */
type Role = 'background' | 'approach' | 'task' | 'safeguard';
const ROLE_ORDER: Role[] = ['background', 'approach', 'task', 'safeguard'];
/** At most this many sections of each role in one plan (two 保障措施 chapters would be odd). */
const ROLE_MAX: Record<Role, number> = { background: 2, approach: 1, task: Infinity, safeguard: 1 };

interface Section {
  seed: string;
  /** 0-based index of the section within its seed. */
  index: number;
  title: string;
  role: Role;
  /** Source lines, trailing blank lines removed. */
  lines: string[];
  /** Index in `lines` of the line holding the level-1 label. */
  labelLine: number;
  /** Level-2 section headings (label + title) for a generated table of contents. */
  subheads: string[];
  chars: number;
}

interface Seed {
  slug: string;
  meta: PlanMetaInput;
  style: Style;
  /** Blank-line-separated paragraphs (Markdown/PDF/web) rather than one per line (DOCX). */
  blankMode: boolean;
  /** The numbering tiers of its section headings, e.g. "cn paren-cn zhang": ingest derives heading levels from these. */
  tiers: string;
  /** The seed's own text as lines (less any web chrome), used unchanged for plans 0…S-1. */
  whole: string[];
  front: string[];
  /** Index range [first, last] in `front` of the table-of-contents entries (after its 目录 heading), if any. */
  toc: { first: number; last: number; firstPage: number } | null;
  sections: Section[];
  /** Appendices after the numbered sections: kept at the end of plans that take this seed's front matter. */
  tail: string[];
  tailHeads: string[];
  /** Blank lines put between pieces (the seed's usual gap before a level-1 heading). */
  gap: number;
  chars: number;
}

/** mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(a: number): () => number {
  let s = a >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`numeral out of range: ${n}`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

const CN = '[一二三四五六七八九十百零〇两]+';
/** Markup that may precede the label on a heading line: spaces, Markdown marks, extraction markers, tags. */
const PREFIX = /^(?:[ \t\u3000]|#{1,6}|\[(?:bookmark|image|img|figure|anchor):[^\]\n]*\]|<[^<>\n]*>|\*\*)*/i;
const LABEL: Record<Style, RegExp> = {
  pian: new RegExp(`^(第\\s*)(${CN}|\\d+)(\\s*篇)`),
  zhang: new RegExp(`^(第\\s*)(${CN}|\\d+)(\\s*章)`),
  cn: new RegExp(`^()(${CN})(\\s*[、．])`),
};

/** The heading line with its level-1 label renumbered to `ordinal`; nothing else on the line changes. */
export function relabel(line: string, style: Style, ordinal: number): string {
  const prefix = PREFIX.exec(line)![0];
  const rest = line.slice(prefix.length);
  const m = LABEL[style].exec(rest);
  if (!m) throw new Error(`no ${style} label on heading line: ${line.slice(0, 60)}`);
  const out = prefix + m[1] + chineseNumeral(ordinal) + m[3] + rest.slice(m[0].length);
  const parsed = parseLabel(cleanLine(out, 1).text);
  if (!parsed || parsed.tier !== style || parsed.ordinal !== ordinal) throw new Error(`relabelled heading does not parse back: ${out.slice(0, 60)}`);
  return out;
}

function roleOf(title: string): Role {
  if (/保障|组织实施|实施机制/.test(title)) return 'safeguard';
  if (/思路|目标|总体要求|指导思想/.test(title)) return 'approach';
  if (/回顾|现状|形势|机遇|环境|基础/.test(title)) return 'background';
  return 'task';
}

const isBlank = (s: string): boolean => cleanLine(s, 1).blank;
const charCount = (lines: string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);

function trimBlankEnd(lines: string[]): string[] {
  let e = lines.length;
  while (e > 0 && isBlank(lines[e - 1])) e--;
  return lines.slice(0, e);
}

/** Lines of a text the way ingest numbers them (a final newline ends the last line). */
function splitLines(text: string): string[] {
  const raw = text.split('\n');
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  return raw;
}

function analyse(plan: PlanDoc, text: string): Seed {
  const slug = plan.meta.slug;
  const all = splitLines(text);
  const l1 = plan.outline.filter((o) => o.level === 1 && o.kind === 'section' && !o.missing).sort((a, b) => a.sourceLines[0] - b.sourceLines[0]);
  const counts = new Map<string, number>();
  for (const o of l1) if (STYLES.includes(o.tier)) counts.set(o.tier, (counts.get(o.tier) ?? 0) + 1);
  const style = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] as Style | undefined;
  if (!style) throw new Error(`${slug}: no numbered level-1 sections`);
  const firstIdx = l1.findIndex((o) => o.tier === style);
  // Cut points: the numbered level-1 headings and the appendices after them (a level-1 node of
  // another kind after the first numbered heading stays inside the section before it).
  const cuts = l1.slice(firstIdx).filter((o) => o.tier === style || o.tier === 'appendix');
  const frontEnd = cuts[0].sourceLines[0] - 1; // lines 1…frontEnd

  // A scraped article's web chrome (kept out of the model by ingest) is dropped: a synthetic plan is a plan.
  const drop = new Set<number>();
  for (const e of plan.excluded) if (e.kind === 'boilerplate' && e.lines[1] <= frontEnd) for (let n = e.lines[0]; n <= e.lines[1]; n++) drop.add(n);
  // `front` holds the kept lines of 1…frontEnd, leading blank lines dropped; `at` maps a source line to its index there.
  const front: string[] = [];
  const at = new Map<number, number>();
  for (let n = 1; n <= frontEnd; n++) {
    if (drop.has(n) || (front.length === 0 && isBlank(all[n - 1]))) continue;
    at.set(n, front.length);
    front.push(all[n - 1]);
  }
  const whole = all.filter((_l, k) => !drop.has(k + 1));

  // Table of contents in the front matter: index range of its entries within `front`.
  let toc: Seed['toc'] = null;
  const tocEx = plan.excluded.find((e) => e.kind === 'toc' && e.lines[1] <= frontEnd);
  if (tocEx) {
    const head = at.get(tocEx.lines[0]);
    const last = at.get(tocEx.lines[1]);
    const firstEntry = all.slice(tocEx.lines[0], tocEx.lines[1]).find((l) => /\t\s*\d+\s*$/.test(l));
    const page = firstEntry ? Number(/(\d+)\s*$/.exec(firstEntry)![1]) : 1;
    if (head !== undefined && last !== undefined && last > head) toc = { first: head + 1, last, firstPage: page };
  }

  const sections: Section[] = [];
  const tail: string[] = [];
  const tailHeads: string[] = [];
  const gaps: number[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const node = cuts[k];
    const start = node.sourceLines[0];
    const end = k + 1 < cuts.length ? cuts[k + 1].sourceLines[0] - 1 : all.length;
    let blanks = 0;
    for (let n = start - 1; n >= 1 && isBlank(all[n - 1]); n--) blanks++;
    gaps.push(blanks);
    const lines = trimBlankEnd(all.slice(start - 1, end));
    if (node.tier === 'appendix' || tail.length) {
      tail.push(...(tail.length ? Array<string>(Math.max(1, blanks)).fill('') : []), ...lines);
      tailHeads.push(`${node.label ?? ''} ${node.title ?? ''}`.trim());
      continue;
    }
    const subheads = plan.outline
      .filter((o: OutlineNode) => o.level === 2 && o.kind === 'section' && !o.missing && o.title && o.sourceLines[0] >= start && o.sourceLines[0] <= end)
      .map((o) => `${o.label ?? ''}${o.title}`);
    sections.push({
      seed: slug,
      index: sections.length,
      title: node.title ?? '',
      role: roleOf(node.title ?? ''),
      lines,
      labelLine: node.sourceLines[0] - start,
      subheads,
      chars: charCount(lines),
    });
  }
  gaps.sort((a, b) => a - b);
  const gap = gaps[Math.floor(gaps.length / 2)] ?? 1;
  return {
    slug,
    meta: plan.meta,
    style,
    blankMode: isBlankSeparated(cleanLines(text)),
    tiers: [...new Set(plan.outline.filter((o) => o.kind === 'section' && !o.missing && o.tier in TIER_RANK).map((o) => o.tier))].sort().join(' '),
    whole,
    front,
    toc,
    sections,
    tail,
    tailHeads,
    gap,
    chars: charCount(whole),
  };
}

interface Place {
  region: string;
  level: (typeof LEVELS)[number];
  issuer: string;
  en: string;
  /** For shortTitleEn (≤ 40 characters in all). */
  shortEn: string;
}

/** Real places of Sichuan and Chongqing, with a level each; plan i gets PLACES[i mod 11]. */
const PLACES: Place[] = [
  { region: '成都', level: 'city', issuer: '成都市科学技术局', en: 'Chengdu', shortEn: 'Chengdu' },
  { region: '重庆', level: 'province', issuer: '重庆市科学技术局', en: 'Chongqing', shortEn: 'Chongqing' },
  { region: '绵阳', level: 'city', issuer: '绵阳市科学技术局', en: 'Mianyang', shortEn: 'Mianyang' },
  { region: '成都', level: 'district', issuer: '成都市青羊区人民政府', en: 'Qingyang District, Chengdu', shortEn: 'Qingyang' },
  { region: '四川', level: 'province', issuer: '四川省科学技术厅', en: 'Sichuan', shortEn: 'Sichuan' },
  { region: '重庆', level: 'high-tech-zone', issuer: '重庆两江新区管委会', en: 'Chongqing Liangjiang New Area', shortEn: 'Liangjiang' },
  { region: '德阳', level: 'city', issuer: '德阳市科学技术局', en: 'Deyang', shortEn: 'Deyang' },
  { region: '重庆', level: 'district', issuer: '重庆市渝北区人民政府', en: 'Yubei District, Chongqing', shortEn: 'Yubei' },
  { region: '成渝地区', level: 'national', issuer: '国家发展改革委', en: 'Chengdu–Chongqing economic circle', shortEn: 'Chengdu–Chongqing' },
  { region: '宜宾', level: 'city', issuer: '宜宾市科学技术和人才工作局', en: 'Yibin', shortEn: 'Yibin' },
  { region: '绵阳', level: 'high-tech-zone', issuer: '绵阳高新区管委会', en: 'Mianyang Hi-tech Zone', shortEn: 'Mianyang HTZ' },
];

function metaFor(i: number, front: Seed, sources: string[], rng: () => number): PlanMetaInput {
  const k = i + 1;
  const place = PLACES[i % PLACES.length];
  const month = 1 + Math.floor(rng() * 12);
  const year = 2021 + Math.floor(rng() * 2);
  const issued = (i % 3 === 2 ? null : `${year}-${String(month).padStart(2, '0')}`) as string | null;
  return {
    title: `${front.meta.title}（合成样本 ${k}）`,
    titleEn: `${front.meta.titleEn} (synthetic sample ${k})`,
    shortTitle: `${place.region}合成规划${k}`.slice(0, 16),
    shortTitleEn: `Synthetic plan ${k} (${place.shortEn})`.slice(0, 40),
    issuer: i % 4 === 3 ? null : place.issuer,
    level: place.level,
    region: place.region,
    period: '2021–2025',
    docNumber: null,
    issued,
    sourceType: 'plan',
    note: `Synthetic benchmark plan generated by scripts/synth.ts (not a real document): front matter from ${front.slug}; level-1 sections from ${sources.join(', ')}, renumbered in order.`,
  };
}

/** Pick sections for a plan of about `target` characters: at least 3, roles within limits, background first and safeguards last. */
function pick(pool: Section[], rng: () => number, minBody: number, target: number, maxBody: number): Section[] {
  const order = pool.slice();
  for (let j = order.length - 1; j > 0; j--) {
    const r = Math.floor(rng() * (j + 1));
    [order[j], order[r]] = [order[r], order[j]];
  }
  const chosen: Section[] = [];
  const roles: Record<Role, number> = { background: 0, approach: 0, task: 0, safeguard: 0 };
  const titles = new Set<string>();
  let size = 0;
  const take = (s: Section): void => {
    chosen.push(s);
    roles[s.role]++;
    titles.add(s.title.replace(/\s+/g, ''));
    size += s.chars;
  };
  const fits = (s: Section): boolean => roles[s.role] < ROLE_MAX[s.role] && !titles.has(s.title.replace(/\s+/g, ''));
  for (const s of order) {
    if (size >= target && chosen.length >= 3) break;
    if (!fits(s)) continue;
    if (size + s.chars > maxBody && chosen.length >= 3) continue;
    take(s);
  }
  // Too small (every big section rejected): add the rest that fit, smallest first.
  if (size < minBody) {
    for (const s of order.filter((x) => !chosen.includes(x)).sort((a, b) => a.chars - b.chars || a.seed.localeCompare(b.seed) || a.index - b.index)) {
      if (size >= minBody) break;
      if (fits(s) && size + s.chars <= maxBody) take(s);
    }
  }
  // Background first (in seed order: 回顾 before 形势), safeguards last; tasks keep the shuffled order.
  const bySeed = (a: Section, b: Section): number => a.seed.localeCompare(b.seed) || a.index - b.index;
  return ROLE_ORDER.flatMap((r) => {
    const of = chosen.filter((s) => s.role === r);
    return r === 'task' ? of : of.sort(bySeed);
  });
}

function tocLines(seed: Seed, sections: Section[], style: Style): string[] {
  const out: string[] = [];
  let page = seed.toc!.firstPage;
  let chars = 0;
  const PAGE = 650; // characters per printed page, about what the seed's own table of contents implies
  const pageOf = (): number => page + Math.floor(chars / PAGE);
  sections.forEach((s, k) => {
    const label = style === 'cn' ? `${chineseNumeral(k + 1)}、` : `第${chineseNumeral(k + 1)}${style === 'pian' ? '篇' : '章'}`;
    out.push(`${label}${style === 'cn' ? '' : ' '}${s.title}\t${pageOf()}`);
    const step = s.chars / Math.max(1, s.subheads.length);
    s.subheads.forEach((h, j) => {
      out.push(`${h}\t${page + Math.floor((chars + j * step) / PAGE)}`);
    });
    chars += s.chars;
  });
  for (const h of seed.tailHeads) out.push(`${h.replace(/[:：]\s*/, ' ')}\t${pageOf()}`);
  return out;
}

function compose(seed: Seed, sections: Section[]): string[] {
  const sep = Array<string>(seed.gap).fill('');
  let front = trimBlankEnd(seed.front);
  if (seed.toc) {
    const { first, last } = seed.toc;
    const lead = first <= last && isBlank(front[first]) ? [''] : [];
    front = [...front.slice(0, first), ...lead, ...tocLines(seed, sections, seed.style), ...front.slice(last + 1)];
  }
  const out = [...trimBlankEnd(front)];
  sections.forEach((s, k) => {
    const lines = s.lines.slice();
    lines[s.labelLine] = relabel(lines[s.labelLine], seed.style, k + 1);
    out.push(...sep, ...lines);
  });
  if (seed.tail.length) out.push(...sep, ...seed.tail);
  return out;
}

/** Clear previous .txt/.yaml files from `dir` (only those) and create it if needed. */
function clearOut(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) {
    if (/\.(txt|ya?ml)$/i.test(f) && statSync(join(dir, f)).isFile()) rmSync(join(dir, f));
  }
}

export async function generateCorpus(opts: SynthOptions): Promise<SynthResult> {
  const { n, seedsDir, outDir } = opts;
  const base = opts.seed ?? 1;
  const mode = opts.pool ?? 'compatible';
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  const { plans, errors } = await ingestCorpus(seedsDir, 'seeds');
  if (errors.length) throw new Error(`the seeds do not ingest cleanly:\n${errors.map((e) => e.message).join('\n')}`);
  if (plans.length === 0) throw new Error(`no seeds in ${seedsDir}`);
  const seeds = plans
    .slice()
    .sort((a, b) => a.meta.slug.localeCompare(b.meta.slug))
    .map((p) => analyse(p, decode(readFileSync(join(seedsDir, `${p.meta.slug}.txt`)), p.meta.slug).text));

  clearOut(outDir);
  const width = Math.max(3, String(n).length);
  const slugs: string[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const front = seeds[i % seeds.length];
    const rng = mulberry32(base + i);
    let lines: string[];
    let sources: string[];
    if (i < seeds.length) {
      lines = front.whole;
      sources = [front.slug];
    } else {
      // Sections from seeds numbered the same way, and (by default) laid out the same way with the
      // same heading tiers: ingest decides the layout and the heading levels for a whole document.
      const pool = seeds.filter((s) => s.style === front.style && (mode === 'style' || (s.blankMode === front.blankMode && s.tiers === front.tiers))).flatMap((s) => s.sections);
      const fixed = charCount(front.front) + charCount(front.tail);
      // A new selection until it differs from the front seed's own sequence of sections (when the pool allows).
      let chosen: Section[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        const target = front.chars * (0.6 + 0.5 * rng()) - fixed;
        chosen = pick(pool, rng, front.chars * 0.55 - fixed, target, front.chars * 1.45 - fixed);
        const same = chosen.length === front.sections.length && chosen.every((s, k) => s === front.sections[k]);
        if (!same) break;
      }
      lines = compose(front, chosen);
      sources = [...new Set(chosen.map((s) => s.seed))].sort();
    }
    const slug = `synth-${String(i + 1).padStart(width, '0')}-${front.slug}`;
    const meta = metaFor(i, front, sources, rng);
    const txt = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const yaml = Buffer.from(stringify(meta, { lineWidth: 0 }), 'utf8');
    writeFileSync(join(outDir, `${slug}.txt`), txt);
    writeFileSync(join(outDir, `${slug}.yaml`), yaml);
    bytes += txt.length + yaml.length;
    slugs.push(slug);
  }
  return { slugs, bytes };
}
