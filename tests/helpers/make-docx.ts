/**
 * Test-only DOCX writer (with the `docx` package), for round trips through the DOCX reader: a
 * plan model (what `ingestPlan` made of a seed) written back as a Word document the way an
 * author would have typed it.
 *  - sections: Heading 1…6 paragraphs whose label is NOT in the text but printed by Word's
 *    automatic numbering (a list per run of sibling headings of one label style, its level's
 *    numFmt/lvlText printing that style: "%1、" chineseCounting, "（%1）", "%1." decimal, "第%1章" …;
 *    a run that skips or repeats a number starts a new list at that number). A label numbering
 *    cannot print (专栏3, 附件：, a front-matter heading) is typed in the text;
 *  - boxes: a bold paragraph "label title"; two empty paragraphs close the box;
 *  - paragraphs as normal paragraphs, list items as paragraphs with the label typed;
 *  - tables as real Word tables (header row + rows), the caption as a paragraph above.
 * Output is deterministic: fixed core-property dates and zip timestamps.
 */
import { AlignmentType, Document, HeadingLevel, LevelFormat, LevelSuffix, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { unzipSync, zipSync } from 'fflate';
import { parseLabel } from '../../src/ingest/numbering.ts';
import type { Block, OutlineNode, PlanDoc } from '../../src/ingest/schema.ts';

type Format = (typeof LevelFormat)[keyof typeof LevelFormat];

/** How a printed label is made by numbering: the level's format, its text, its ordinal, and what follows it. */
export interface LabelStyle {
  format: Format;
  text: string;
  ordinal: number;
  suffix: 'nothing' | 'space';
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** The numbering level that prints this label, or null when numbering cannot (typed in the text instead). */
export function labelStyle(label: string): LabelStyle | null {
  const p = parseLabel(label);
  if (!p || p.rest !== '' || !Number.isFinite(p.ordinal) || p.ordinal < 1) return null;
  const cn = LevelFormat.CHINESE_COUNTING;
  const dec = LevelFormat.DECIMAL;
  const m = /^(第)?\s*(\S+?)\s*([篇章节])$/.exec(label);
  switch (p.tier) {
    case 'pian':
    case 'zhang':
    case 'jie':
      // "第一章" (or "一章"); an Arabic "第1章" in decimal.
      if (!m) return null;
      return { format: /\d/.test(m[2]) ? dec : cn, text: `${m[1] ?? ''}%1${m[3]}`, ordinal: p.ordinal, suffix: 'space' };
    case 'cn':
      return { format: cn, text: `%1${label.slice(-1)}`, ordinal: p.ordinal, suffix: 'nothing' };
    case 'paren-cn':
      return { format: cn, text: `${label[0]}%1${label.slice(-1)}`, ordinal: p.ordinal, suffix: 'nothing' };
    case 'arabic':
      return { format: dec, text: `%1${label.slice(-1)}`, ordinal: p.ordinal, suffix: 'nothing' };
    case 'paren-arabic':
      return { format: dec, text: `${label[0]}%1${label.slice(-1)}`, ordinal: p.ordinal, suffix: 'nothing' };
    case 'circled':
      return CIRCLED.includes(label) ? { format: LevelFormat.DECIMAL_ENCLOSED_CIRCLE, text: '%1', ordinal: p.ordinal, suffix: 'nothing' } : null;
  }
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

interface ListConfig {
  reference: string;
  levels: Array<{ level: number; format: Format; text: string; start: number; suffix: (typeof LevelSuffix)[keyof typeof LevelSuffix]; alignment: (typeof AlignmentType)[keyof typeof AlignmentType] }>;
}

/** The lists: one per run of sibling headings printed in the same style with consecutive numbers. */
class Lists {
  readonly configs: ListConfig[] = [];
  /** Parent + style → the open list and the number it prints next. */
  private open = new Map<string, { reference: string; next: number }>();
  /** Headings numbered by a list (the rest have their label typed). */
  numbered = 0;
  typed = 0;

  reference(node: OutlineNode, style: LabelStyle): string {
    const key = `${node.parentId ?? ''}|${style.format}|${style.text}`;
    const cur = this.open.get(key);
    if (cur && cur.next === style.ordinal) {
      cur.next++;
      return cur.reference;
    }
    const reference = `list${this.configs.length + 1}`;
    this.configs.push({
      reference,
      levels: [{ level: 0, format: style.format, text: style.text, start: style.ordinal, suffix: style.suffix === 'space' ? LevelSuffix.SPACE : LevelSuffix.NOTHING, alignment: AlignmentType.LEFT }],
    });
    this.open.set(key, { reference, next: style.ordinal + 1 });
    return reference;
  }
}

const para = (text: string, bold = false): Paragraph => new Paragraph({ children: [new TextRun({ text, bold })] });
const empty = (): Paragraph => new Paragraph({ children: [] });

function headingParagraph(node: OutlineNode, lists: Lists): Paragraph {
  const heading = HEADINGS[Math.min(node.level, HEADINGS.length) - 1];
  const title = node.title ?? '';
  const style = node.label ? labelStyle(node.label) : null;
  if (style) {
    lists.numbered++;
    return new Paragraph({ heading, numbering: { reference: lists.reference(node, style), level: 0 }, children: [new TextRun(title)] });
  }
  if (node.label) lists.typed++;
  const label = node.label ?? '';
  const sep = /[\p{L}\p{N}]$/u.test(label) ? ' ' : '';
  return new Paragraph({ heading, children: [new TextRun(`${label}${sep}${title}`)] });
}

function tableOf(b: Extract<Block, { type: 'table' }>): Table {
  const rows = [b.header, ...b.rows.map((r) => r.cells)];
  const width = Math.max(1, ...rows.map((r) => r.length));
  return new Table({
    columnWidths: Array(width).fill(Math.floor(9000 / width)),
    width: { size: 9000, type: WidthType.DXA },
    rows: rows.map(
      (cells, i) =>
        new TableRow({
          tableHeader: i === 0,
          children: [...cells, ...Array(width - cells.length).fill('')].map((c: string) => new TableCell({ children: [para(c)] })),
        }),
    ),
  });
}

function blockChildren(b: Block, box: OutlineNode | null, indent: boolean): Array<Paragraph | Table> {
  switch (b.type) {
    case 'paragraph':
      // A section inferred where the seed lost a heading starts at an indented line: keep the indent residue.
      return b.text.split('\n').map((t, i) => para(indent && i === 0 ? ` ${t}` : t));
    case 'list':
      return b.items.map((it) => para(`${it.label}${it.text}`));
    case 'table': {
      const boxCaption = box ? `${box.label ?? ''} ${box.title ?? ''}`.trim() : null;
      const caption = b.caption && b.caption !== boxCaption ? [para(b.caption)] : [];
      return [...caption, tableOf(b)];
    }
  }
}

/** Outline nodes and blocks in document order (by first source line; a heading before what it heads). */
function stream(plan: PlanDoc): Array<{ node: OutlineNode } | { block: Block }> {
  const items: Array<{ at: number; rank: number; item: { node: OutlineNode } | { block: Block } }> = [];
  for (const node of plan.outline) if (!node.missing) items.push({ at: node.sourceLines[0], rank: 0, item: { node } });
  for (const block of plan.blocks) items.push({ at: block.sourceLines[0], rank: 1, item: { block } });
  return items.sort((a, b) => a.at - b.at || a.rank - b.rank).map((x) => x.item);
}

export interface MadeDocx {
  bytes: Uint8Array;
  /** Headings whose label Word's numbering prints / whose label is typed. */
  numbered: number;
  typed: number;
}

/** Write the plan as a DOCX; see the file comment. */
export async function makeDocxReport(plan: PlanDoc): Promise<MadeDocx> {
  const lists = new Lists();
  const boxes = new Map(plan.outline.filter((o) => o.kind === 'box').map((o) => [o.id, o]));
  const inferredAt = new Set(plan.outline.filter((o) => o.missing).map((o) => o.sourceLines[0]));
  const children: Array<Paragraph | Table> = [];
  let openBox: OutlineNode | null = null;
  const closeBox = (): void => {
    if (openBox) children.push(empty(), empty());
    openBox = null;
  };
  for (const it of stream(plan)) {
    if ('node' in it) {
      closeBox();
      const n = it.node;
      if (n.kind === 'box') {
        children.push(para(`${n.label ?? ''} ${n.title ?? ''}`.trim(), true));
        openBox = n;
      } else children.push(headingParagraph(n, lists));
    } else {
      const b = it.block;
      if (openBox && b.sectionId !== openBox.id) closeBox();
      children.push(...blockChildren(b, b.sectionId ? (boxes.get(b.sectionId) ?? null) : null, inferredAt.has(b.sourceLines[0])));
    }
  }
  closeBox();
  const doc = new Document({
    creator: 'plan-atlas tests',
    title: plan.meta.title,
    numbering: { config: lists.configs },
    sections: [{ children }],
  });
  const bytes = fixTimestamps(new Uint8Array(await Packer.toBuffer(doc)));
  return { bytes, numbered: lists.numbered, typed: lists.typed };
}

export async function makeDocx(plan: PlanDoc): Promise<Uint8Array> {
  return (await makeDocxReport(plan)).bytes;
}

const FIXED = '2021-01-01T00:00:00Z';

/** Same plan → same bytes: fixed dates in docProps/core.xml and fixed zip entry times. */
export function fixTimestamps(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  if (core) {
    const xml = new TextDecoder().decode(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${FIXED}$2`);
    files['docProps/core.xml'] = new TextEncoder().encode(xml);
  }
  return zipSync(files, { mtime: new Date(FIXED), level: 6 });
}
