/**
 * Stage 3b — outline and blocks: units placed into sections and boxes, with stable ids
 * derived from the outline path (s4-2, s4-2-p3, s4-2-box1-t1-r2 …).
 *
 * Heading levels come from the numbering tiers the document actually uses, ranked
 * 篇 > 章 > 节/一、 > （一） > 1. > （1） > ①. Boxes sit one level below their section.
 * Headings missing from the text are detected from numbering gaps and, where a paragraph
 * starts with a stray indent where a heading line was dropped, an untitled section is
 * inferred so that text is not attributed to the wrong heading; both are diagnosed.
 */
import type { Block, Diagnostic, Excluded, ListBlock, OutlineNode, TableBlock } from './schema.ts';
import { TIER_RANK, type Tier } from './numbering.ts';
import { numberedThrough, type BoxUnit, type HeadingUnit, type TextUnit, type Unit } from './units.ts';

export interface Assembled {
  outline: OutlineNode[];
  blocks: Block[];
  diagnostics: Diagnostic[];
  excluded: Excluded[];
}

const PREAMBLE = 's0';

export interface AssembleOptions {
  /** One paragraph per line (DOCX) rather than blank-line-separated paragraphs. */
  lineMode: boolean;
  /** The text is an excerpt (a news article quoting parts of a plan): numbering gaps are expected. */
  excerpt: boolean;
}

/**
 * A stray indent, the trace of a dropped heading line: where indented paragraphs are rare, any
 * indent; where (as in GB/T 9704) every paragraph is indented, one deeper than the usual indent,
 * if such are rare. Elsewhere indents say nothing.
 */
export function strayIndents(units: Unit[]): (u: Unit) => boolean {
  const texts = units.filter((u) => u.kind === 'text');
  const rare = (n: number): boolean => n <= Math.max(1, texts.length * 0.1);
  const indented = texts.filter((u) => u.indent);
  if (rare(indented.length)) return (u) => u.indent;
  if (indented.length < texts.length * 0.5) return () => false;
  const counts = new Map<number, number>();
  for (const u of indented) counts.set(u.lead ?? 0, (counts.get(u.lead ?? 0) ?? 0) + 1);
  const usual = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const deeper = (u: Unit): boolean => u.indent && (u.lead ?? 0) >= usual + 0.5;
  return rare(texts.filter(deeper).length) ? deeper : () => false;
}

export function assemble(units: Unit[], opts: AssembleOptions): Assembled {
  const outline: OutlineNode[] = [];
  const blocks: Block[] = [];
  const diagnostics: Diagnostic[] = [];
  const excluded: Excluded[] = [];
  const ids = new Set<string>();

  // Levels: rank the numbering tiers used by real headings.
  const used = [...new Set(units.filter((u): u is HeadingUnit => u.kind === 'heading' && !u.repeat && u.tier in TIER_RANK).map((u) => TIER_RANK[u.tier as Tier]))].sort((a, b) => a - b);
  const levelOfRank = new Map(used.map((r, k) => [r, k + 1]));
  const levelOf = (u: HeadingUnit): number => (u.tier in TIER_RANK ? levelOfRank.get(TIER_RANK[u.tier as Tier])! : 1);
  const maxLevel = Math.max(1, used.length);
  const throughNumbered = numberedThrough(units);

  const oddIndent = strayIndents(units);
  const stack: OutlineNode[] = []; // open sections, outermost first
  let box = null as OutlineNode | null;
  let lastBox = null as OutlineNode | null;
  let blocksSinceHeading = 0;
  const counters = new Map<string, Record<string, number>>();
  const lastOrdinal = new Map<string, { ordinal: number; label: string; line: number }>();
  /** The last ordinal of each tier anywhere: chapters numbered through the parts (第一篇 第一章 … 第二篇 第四章) continue it. */
  const lastOfTier = new Map<string, number>();
  const lastBoxOrdinal = new Map<string, number>();
  const placeholdersUnder = new Map<string, number>();
  let lastBlock = null as Block | null;
  let lastListStyle = null as string | null;

  const unique = (id: string): string => {
    if (!ids.has(id)) {
      ids.add(id);
      return id;
    }
    for (let k = 2; ; k++) {
      const alt = `${id}_${k}`;
      if (!ids.has(alt)) {
        ids.add(alt);
        return alt;
      }
    }
  };
  const current = (): OutlineNode | null => stack[stack.length - 1] ?? null;
  const container = (): string | null => box?.id ?? current()?.id ?? null;
  const nextBlockId = (type: 'p' | 'l' | 't'): string => {
    const c = container() ?? PREAMBLE;
    const k = counters.get(c) ?? { p: 0, l: 0, t: 0 };
    counters.set(c, k);
    k[type]++;
    return unique(`${c}-${type}${k[type]}`);
  };
  const closeBox = (): void => {
    box = null;
    lastListStyle = null;
  };
  const pushBlock = (b: Block): void => {
    blocks.push(b);
    lastBlock = b;
    blocksSinceHeading++;
  };
  const openSection = (node: OutlineNode): void => {
    while (stack.length && stack[stack.length - 1].level >= node.level) stack.pop();
    stack.push(node);
    outline.push(node);
    closeBox();
    lastBox = null;
    blocksSinceHeading = 0;
  };

  const addHeading = (u: HeadingUnit): void => {
    if (u.repeat) {
      excluded.push({ kind: 'repeated-heading', lines: u.lines, text: `${u.label}${u.title}` });
      return;
    }
    if (u.tier === 'front' || u.tier === 'appendix') {
      const base = u.tier === 'front' ? 'preface' : 'appendix';
      const node: OutlineNode = { id: unique(base), level: 1, label: u.label || null, title: u.title || null, kind: 'section', parentId: null, tier: u.tier, sourceLines: [...u.lines] };
      stack.length = 0;
      openSection(node);
      return;
    }
    const level = levelOf(u);
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    const parent = current();
    const key = `${parent?.id ?? ''}|${u.tier}`;
    const prev = lastOrdinal.get(key);
    const continued = !prev && throughNumbered.has(u.tier) && u.ordinal === (lastOfTier.get(u.tier) ?? 0) + 1;
    const expected = continued ? u.ordinal : (prev?.ordinal ?? 0) + 1;
    const under = parent ? `${parent.label ?? ''}${parent.title ?? ''}` : 'the document';
    if (u.ordinal > expected) {
      const inferred = parent ? placeholdersUnder.get(parent.id) ?? 0 : 0;
      diagnostics.push({
        code: 'missing-heading',
        severity: opts.excerpt ? 'info' : 'warning',
        message: `Numbering jumps from ${prev ? prev.label : '(none)'} to ${u.label} under ${under}: ${u.ordinal - expected} heading(s) of this tier are not in the text${opts.excerpt ? ' (an excerpt: the parts it quotes are kept in order)' : ''}.${inferred ? ` ${inferred} untitled section(s) were inferred from indented paragraphs.` : opts.excerpt ? '' : ' Any text of theirs stays in order under the previous heading.'}`,
        lines: [prev?.line ?? u.lines[0], u.lines[0]],
      });
    } else if (prev && u.ordinal === prev.ordinal) {
      diagnostics.push({ code: 'duplicate-numbering', severity: 'warning', message: `${u.label} appears twice in a row under ${under} (lines ${prev.line} and ${u.lines[0]}); both kept as printed.`, lines: [prev.line, u.lines[0]] });
    } else if (prev && u.ordinal < prev.ordinal) {
      diagnostics.push({ code: 'numbering-restart', severity: 'info', message: `Numbering goes back from ${prev.label} to ${u.label} under ${under}.`, lines: [prev.line, u.lines[0]] });
    }
    lastOrdinal.set(key, { ordinal: u.ordinal, label: u.label, line: u.lines[0] });
    lastOfTier.set(u.tier, u.ordinal);
    const id = unique(parent ? `${parent.id}-${u.ordinal}` : `s${u.ordinal}`);
    openSection({ id, level, label: u.label, title: u.title || null, kind: 'section', parentId: parent?.id ?? null, tier: u.tier, sourceLines: [...u.lines] });
    if (!u.title) {
      diagnostics.push({ code: 'untitled-heading', severity: 'warning', message: `Heading ${u.label} has no title in the text.`, lines: u.lines, ref: id });
    }
  };

  const addBox = (u: BoxUnit): void => {
    if (u.repeat && lastBox) {
      excluded.push({ kind: 'repeated-heading', lines: u.lines, text: `${u.label} ${u.title}`.trim() });
      box = lastBox;
      return;
    }
    closeBox();
    const parent = current();
    const prevOrd = lastBoxOrdinal.get(u.boxKind) ?? 0;
    if (u.ordinal > prevOrd + 1) {
      diagnostics.push({
        code: 'missing-box',
        severity: opts.excerpt ? 'info' : 'warning',
        message: `${u.boxKind}${prevOrd + 1}${u.ordinal - 1 > prevOrd + 1 ? `–${u.ordinal - 1}` : ''} not found in the text before ${u.label}.`,
        lines: u.lines,
      });
    }
    lastBoxOrdinal.set(u.boxKind, Math.max(prevOrd, u.ordinal));
    const node: OutlineNode = {
      id: unique(`${parent?.id ?? PREAMBLE}-box${u.ordinal}`),
      level: (parent?.level ?? 0) + 1,
      label: u.label,
      title: u.title || null,
      kind: 'box',
      parentId: parent?.id ?? null,
      tier: 'box',
      sourceLines: [...u.lines],
    };
    outline.push(node);
    box = node;
    lastBox = node;
  };

  /** A heading line dropped from the text: open an untitled section so the text is not misattributed. */
  const inferMissing = (u: Unit): void => {
    const cur = current();
    const asChild = !cur || cur.level === 1 && cur.tier !== 'missing';
    const parent = asChild ? cur : stack[stack.length - 2] ?? null;
    const level = Math.min(asChild ? (cur?.level ?? 0) + 1 : cur!.level, maxLevel + 1);
    const pid = parent?.id ?? null;
    const k = (placeholdersUnder.get(pid ?? '') ?? 0) + 1;
    placeholdersUnder.set(pid ?? '', k);
    const node: OutlineNode = { id: unique(`${pid ?? 's'}-u${k}`), level, label: null, title: null, kind: 'section', parentId: pid, tier: 'missing', sourceLines: [u.lines[0], u.lines[0]], missing: true };
    openSection(node);
    diagnostics.push({
      code: 'inferred-section',
      severity: 'warning',
      message: `Line ${u.lines[0]} starts with an indent where a heading line appears to have been dropped from the text; its text is shown under an untitled section inside ${parent ? `${parent.label ?? ''}${parent.title ?? ''}` : 'the document'}${cur === parent ? ' rather than directly under it' : ' rather than under the previous heading'}${cur && cur !== parent ? ` (${cur.missing ? 'itself an untitled section' : `${cur.label ?? ''}${cur.title ?? ''}`})` : ''}.`,
      lines: u.lines,
      ref: node.id,
    });
  };

  const addText = (u: TextUnit): void => {
    if (u.list) {
      const list = lastBlock?.type === 'list' && lastListStyle === u.list.style && lastBlock.sectionId === container() ? (lastBlock as ListBlock) : null;
      if (list) {
        list.items.push({ id: `${list.id}-${list.items.length + 1}`, label: u.list.label, text: u.text, sourceLines: u.lines, tags: [] });
        list.sourceLines[1] = u.lines[1];
        return;
      }
      const id = nextBlockId('l');
      pushBlock({ id, sectionId: container(), type: 'list', items: [{ id: `${id}-1`, label: u.list.label, text: u.text, sourceLines: u.lines, tags: [] }], sourceLines: [...u.lines] });
      lastListStyle = u.list.style;
      return;
    }
    lastListStyle = null;
    const role = u.caption ? 'caption' : /^注\s*[:：]/.test(u.text) ? 'note' : undefined;
    pushBlock({ id: nextBlockId('p'), sectionId: container(), type: 'paragraph', text: u.text, sourceLines: [...u.lines], tags: [], ...(role ? { role } : {}) });
  };

  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.kind === 'heading') {
      addHeading(u);
      continue;
    }
    if (u.kind === 'box') {
      addBox(u);
      continue;
    }
    // A box ends after a run of blank lines (one-paragraph-per-line documents), and when
    // plain text follows the box's list items.
    if (box && opts.lineMode && u.blanksBefore >= 2) closeBox();
    if (box && u.kind === 'text' && !u.list && !u.caption && lastBlock?.type === 'list' && lastBlock.sectionId === box.id) closeBox();
    // An indented paragraph right under a top-level heading, or after some text of a section,
    // stands where a heading line was dropped.
    if (oddIndent(u) && !(u.kind === 'text' && u.list) && current() && (blocksSinceHeading > 0 || current()!.level === 1)) {
      closeBox();
      inferMissing(u);
    }
    if (u.kind === 'table') {
      let caption: string | null = u.caption ?? null;
      // A table that opens a box is captioned by the box title.
      if (caption === null && box && !blocks.some((b) => b.sectionId === box!.id)) {
        caption = `${box.label ?? ''} ${box.title ?? ''}`.trim();
      } else if (caption === null && !box && current() && blocksSinceHeading === 0) {
        caption = `${current()!.label ?? ''}${current()!.title ?? ''}` || null;
      }
      const id = nextBlockId('t');
      const t: TableBlock = {
        id,
        sectionId: container(),
        type: 'table',
        caption,
        header: u.table.header,
        rows: u.table.rows.map((r, k) => ({ id: `${id}-r${k + 1}`, cells: r.cells, sourceLines: r.lines, tags: [] })),
        sourceLines: [...u.lines],
      };
      pushBlock(t);
      lastListStyle = null;
      for (const r of u.table.repeats) excluded.push({ kind: r.kind, lines: r.lines, text: r.text });
      for (const r of u.table.repairs) diagnostics.push({ code: 'table-repair', severity: 'info', message: r.message, lines: r.lines, ref: id });
      continue;
    }
    addText(u);
  }
  return { outline, blocks, diagnostics, excluded };
}
