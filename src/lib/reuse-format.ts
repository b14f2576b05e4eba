/**
 * Pure helpers of the shared-wording pages (no content imports, so tests and browser modules can
 * use them): a span's HTML id, a passage's text cut into marked parts, CSV cells.
 */
import type { SharedSpan } from '../ingest/schema.ts';

/**
 * A span id ("<planA>:<passageA>~<planB>:<passageB>~2") as an HTML id of letters, digits, "-" and
 * "_" only, one to one: "_" is written "_u", ":" "_c", "~" "_t", anything else "_x<hex>_".
 */
export function spanHtmlId(id: string): string {
  const body = id.replace(/[^A-Za-z0-9-]/g, (c) => (c === '_' ? '_u' : c === ':' ? '_c' : c === '~' ? '_t' : `_x${c.codePointAt(0)!.toString(16)}_`));
  return `r-${body}`;
}

export type PartKind = 'plain' | 'same' | 'edit';
export interface TextPart {
  kind: PartKind;
  text: string;
}

/**
 * A passage's full text cut by one side's segments of a span: identical stretches ('same'), this
 * side's edited stretches ('edit': replaced, or present on this side only), and everything else
 * (text outside the span and the punctuation between segments) plain. Offsets out of order or out
 * of range are clipped, never invented.
 */
export function markedParts(text: string, segments: SharedSpan['segments'], side: 'a' | 'b'): TextPart[] {
  const cuts = segments
    .map((s) => ({ kind: (s.op === 'same' ? 'same' : 'edit') as PartKind, r: s[side] }))
    .filter((s): s is { kind: PartKind; r: [number, number] } => s.r !== null && s.r[1] > s.r[0])
    .sort((x, y) => x.r[0] - y.r[0]);
  const out: TextPart[] = [];
  const push = (kind: PartKind, from: number, to: number) => {
    if (to <= from) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text.slice(from, to);
    else out.push({ kind, text: text.slice(from, to) });
  };
  let at = 0;
  for (const { kind, r } of cuts) {
    const from = Math.max(at, Math.min(r[0], text.length));
    const to = Math.min(r[1], text.length);
    if (to <= from) continue;
    push('plain', at, from);
    push(kind, from, to);
    at = to;
  }
  push('plain', at, text.length);
  return out;
}

/** Percent with one decimal ("8.8%"); a share above 0 that rounds to 0 reads "<0.1%". */
export function pct(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** The columns of /data/reuse.csv, in order, with what each holds. */
export const REUSE_CSV_COLUMNS: Array<[string, string, string]> = [
  ['id', '片段 id（reuse.json 中的 spans[].id）', 'span id (spans[].id in reuse.json)'],
  ['plan_a', '规划 A 的 slug（slug 顺序在前者）', 'plan A slug (the first in slug order)'],
  ['anchor_a', '规划 A 中的段落 id（阅读页锚点）', 'passage id in plan A (the reader anchor)'],
  ['section_a', '该段所在章节的标题路径，以“ › ”分隔', "the passage's section heading path, joined with “ › ”"],
  ['text_a', '规划 A 中共有的原文（照录）', 'the shared text in plan A, as printed'],
  ['plan_b', '规划 B 的 slug', 'plan B slug'],
  ['anchor_b', '规划 B 中的段落 id', 'passage id in plan B'],
  ['section_b', '规划 B 该段的章节标题路径', "plan B passage's section heading path"],
  ['text_b', '规划 B 中共有的原文（照录）', 'the shared text in plan B, as printed'],
  ['length', '相同字符数（折叠全半角、标点与空格后的字母与数字）', 'identical characters (letters and digits after folding width, punctuation, spaces)'],
  ['identity', '相同字符 / 对齐列数（0–1）', 'identical characters / aligned columns (0–1)'],
  ['plans', '语料中有多少部规划含此措辞', 'how many plans of the corpus carry this wording'],
  ['formula', '常见套话：true / false（默认不显示）', 'common formula: true / false (hidden by default)'],
  ['formula_by', '判为套话的依据：frequency（多部规划共有）或 list（人工清单）；非套话为空', 'why a formula: frequency or list; empty when not a formula'],
  ['weight', 'length / plans：此措辞对这两部规划的特异程度', 'length / plans: how particular the wording is to these two plans'],
  ['likely_source', '很可能的出处规划 slug（无法判断为空）', 'slug of the likely source plan (empty when undecided)'],
  ['direction_basis', '判断依据：level（同地区上下级）、issued（发布先后）；无法判断为空', 'basis: level (higher level of the same place), issued (issued earlier); empty when undecided'],
  ['url_a', '规划 A 段落的阅读页链接', "link to plan A's passage in the reader"],
  ['url_b', '规划 B 段落的阅读页链接', "link to plan B's passage in the reader"],
];
