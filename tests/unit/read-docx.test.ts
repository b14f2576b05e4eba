/**
 * The DOCX reader (src/ingest/read/docx.ts, ooxml-numbering.ts): a hand-built document checked
 * line by line, Word's number formats and label texts, the real corpus DOCX, bad input, and round
 * trips seed .txt → model → DOCX (tests/helpers/make-docx.ts) → reader → model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlignmentType, DeletedTextRun, Document, HeadingLevel, InsertedTextRun, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.ts';
import { parseMeta } from '../../src/ingest/meta.ts';
import { ingestDoc, ingestPlan } from '../../src/ingest/pipeline.ts';
import { breakLines, checkXml, readDocx } from '../../src/ingest/read/docx.ts';
import { bulletChar, emptyNumbering, formatNumber, NumberingState, renderLabel, type NumLevel } from '../../src/ingest/read/ooxml-numbering.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/ingest/read/types.ts';
import { makeDocx, makeDocxReport } from '../helpers/make-docx.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (bytes: Uint8Array, file = 'test.docx', limits: ReadLimits = DEFAULT_LIMITS) => readDocx(bytes, { file, limits });

describe('a hand-built DOCX', async () => {
  const date = '2021-01-01T00:00:00Z';
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
          ],
        },
        { reference: 'dots', levels: [{ level: 0, format: LevelFormat.BULLET, text: '\uF0B7', alignment: AlignmentType.LEFT, style: { run: { font: 'Symbol' } } }] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('某区科技创新规划')] }),
          new Paragraph({ children: [] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, numbering: { reference: 'outline', level: 0 }, children: [new TextRun('总体要求')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: 'outline', level: 1 }, children: [new TextRun('指导思想')] }),
          new Paragraph({
            children: [
              new TextRun('加大R&D'),
              new TextRun({ text: '投入', break: 1 }),
              new TextRun('，提升ABC'),
              new TextRun({ text: 'DEF', break: 1 }),
              new InsertedTextRun({ text: '新增', id: 1, author: 't', date }),
              new DeletedTextRun({ text: '删除', id: 2, author: 't', date }),
              new TextRun('。'),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: 'outline', level: 1 }, children: [new TextRun('基本原则')] }),
          new Paragraph({ numbering: { reference: 'dots', level: 0 }, children: [new TextRun('创新驱动')] }),
          new Paragraph({ numbering: { reference: 'dots', level: 0 }, children: [new TextRun('开放合作')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, numbering: { reference: 'outline', level: 0 }, children: [new TextRun('重点任务')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, numbering: { reference: 'outline', level: 1 }, children: [new TextRun('创新平台')] }),
          new Paragraph({ children: [new TextRun('表1 主要指标')] }),
          new Table({
            columnWidths: [3000, 3000, 3000],
            rows: [
              new TableRow({ children: ['指标', '2020年', '2025年'].map((t) => new TableCell({ children: [new Paragraph(t)] })) }),
              new TableRow({ children: [new TableCell({ columnSpan: 2, children: [new Paragraph('研发投入（亿元）')] }), new TableCell({ children: [new Paragraph('50')] })] }),
              new TableRow({ children: [new TableCell({ rowSpan: 2, children: [new Paragraph('专利'), new Paragraph('（件）')] }), new TableCell({ children: [new Paragraph('10')] }), new TableCell({ children: [new Paragraph('20')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('11')] }), new TableCell({ children: [new Paragraph('21')] })] }),
            ],
          }),
          new Paragraph({ children: [new TextRun('结语。')] }),
        ],
      },
    ],
  });
  const out = await read(new Uint8Array(await Packer.toBuffer(doc)));

  it('renders headings, automatic numbering, bullets, soft breaks, revisions and the table in the seeds’ layout', () => {
    expect(out.format).toBe('docx');
    expect(out.encoding).toBe('binary');
    expect(out.text.split('\n')).toEqual([
      '某区科技创新规划',
      '',
      '# 一、总体要求',
      '# （一）指导思想',
      '加大R&D投入，提升ABC DEF新增。',
      '# （二）基本原则',
      '• 创新驱动',
      '• 开放合作',
      '# 二、重点任务',
      '# （一）创新平台',
      '表1 主要指标',
      '',
      '\t指标', '\t2020年', '\t2025年', '',
      '\t研发投入（亿元）', '\t', '\t50', '',
      '\t专利（件）', '\t10', '\t20', '',
      '\t', '\t11', '\t21', '',
      '',
      '结语。',
      '',
    ]);
  });

  it('gives every line the body paragraph it came from', () => {
    expect(out.origins!.map((o) => o.para)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 14, 14, 15, 15, 16, 16, 17, 19, 20, 20, 21, 22, 23, 23, 23, 24]);
    expect(out.origins!.length).toBe(out.text.split('\n').length - 1);
  });

  it('reports the numbering labels and the tracked deletion', () => {
    expect(out.diagnostics.find((d) => d.code === 'docx-numbering')).toMatchObject({ severity: 'info', message: expect.stringMatching(/^7 numbering label/) });
    expect(out.diagnostics.some((d) => d.code === 'docx-tracked-deletions')).toBe(true);
  });

  it('reads through the shared pipeline: sections, bullets and the table', () => {
    const meta = parseMeta(readFileSync(join(ROOT, 'seeds/wuhou-sti.yaml'), 'utf8'), 'seeds/wuhou-sti.yaml');
    const plan = ingestDoc(out, { slug: 'hand-built', file: 'test.docx', meta });
    expect(plan.outline.map((o) => `${o.level}|${o.label}|${o.title}`)).toEqual(['1|一、|总体要求', '2|（一）|指导思想', '2|（二）|基本原则', '1|二、|重点任务', '2|（一）|创新平台']);
    const table = plan.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' ? [table.header, ...table.rows.map((r) => r.cells)] : null).toEqual([
      ['指标', '2020年', '2025年'],
      ['研发投入（亿元）', '', '50'],
      ['专利（件）', '10', '20'],
      ['', '11', '21'],
    ]);
  });
});

describe('soft line breaks inside a paragraph', () => {
  it('run on, except after a finished sentence or before an indented piece', () => {
    expect(breakLines(['加大R&D', '投入'])).toEqual(['加大R&D投入']);
    expect(breakLines(['ABC', 'DEF'])).toEqual(['ABC DEF']);
    expect(breakLines(['1．危险化学品。', '2．烟花爆竹。'])).toEqual(['1．危险化学品。', '2．烟花爆竹。']);
    expect(breakLines(['专栏1 重点工程', '\u3000\u30001．平台建设'])).toEqual(['专栏1 重点工程', '\u3000\u30001．平台建设']);
    expect(breakLines(['', ''])).toEqual(['']);
  });
});

describe('Word numbering: formats and label texts', () => {
  it.each([
    ['decimal', [1, 2, 10, 25], ['1', '2', '10', '25']],
    ['decimalZero', [1, 12], ['01', '12']],
    ['chineseCounting', [1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110], ['一', '二', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十']],
    ['chineseCountingThousand', [10, 21, 1001, 1010], ['十', '二十一', '一千零一', '一千零一十']],
    ['japaneseCounting', [1, 10, 11, 20, 100], ['一', '十', '十一', '二十', '百']],
    ['ideographTraditional', [1, 2, 10, 11], ['甲', '乙', '癸', '11']],
    ['ideographZodiac', [1, 12], ['子', '亥']],
    ['chineseLegalSimplified', [1, 10, 12], ['壹', '拾', '拾贰']],
    ['decimalEnclosedCircle', [1, 10, 20, 21, 50, 51], ['①', '⑩', '⑳', '㉑', '㊿', '51']],
    ['decimalEnclosedCircleChinese', [3], ['③']],
    ['decimalEnclosedParen', [1, 3], ['⑴', '⑶']],
    ['decimalFullWidth', [1, 12], ['１', '１２']],
    ['upperLetter', [1, 26, 27], ['A', 'Z', 'AA']],
    ['lowerLetter', [2, 28], ['b', 'bb']],
    ['upperRoman', [1, 4, 9, 14, 40, 1994], ['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIV']],
    ['lowerRoman', [3, 19], ['iii', 'xix']],
    ['ordinal', [1, 2, 3, 4, 11, 22], ['1st', '2nd', '3rd', '4th', '11th', '22nd']],
    ['none', [1], ['']],
    ['somethingNew', [7], ['7']],
  ])('%s', (fmt, ns, want) => {
    expect(ns.map((n) => formatNumber(n, fmt))).toEqual(want);
  });

  const level = (numFmt: string, lvlText: string, more: Partial<NumLevel> = {}): NumLevel => ({ start: 1, numFmt, lvlText, suffix: 'tab', ...more });

  it.each([
    ['%1、', 'chineseCounting', [3], 0, '三、'],
    ['（%1）', 'chineseCounting', [2], 0, '（二）'],
    ['%1.', 'decimal', [4], 0, '4.'],
    ['（%1）', 'decimal', [11], 0, '（11）'],
    ['第%1章', 'chineseCounting', [12], 0, '第十二章'],
    ['%1', 'decimalEnclosedCircle', [5], 0, '⑤'],
    ['%1．', 'decimalFullWidth', [2], 0, '２．'],
  ])('lvlText %s in %s', (text, fmt, counters, ilvl, want) => {
    expect(renderLabel(() => level(fmt, text), ilvl, counters)).toBe(want);
  });

  it('prints higher levels in their own format, or all decimal for a legal level', () => {
    const levels = [level('chineseCounting', '%1、'), level('decimal', '%1.%2')];
    expect(renderLabel((k) => levels[k], 1, [2, 3])).toBe('二.3');
    const legal = [levels[0], level('decimal', '%1.%2', { legal: true })];
    expect(renderLabel((k) => legal[k], 1, [2, 3])).toBe('2.3');
  });

  it('renders bullets: plain characters as they are, symbol-font and private-use ones as •', () => {
    expect(bulletChar('●')).toBe('●');
    expect(bulletChar('■')).toBe('■');
    expect(bulletChar('◆')).toBe('◆');
    expect(bulletChar('\uF0B7', 'Symbol')).toBe('•');
    expect(bulletChar('l', 'Wingdings')).toBe('•');
    expect(bulletChar('\uF06C')).toBe('•');
  });

  function state(levels: NumLevel[], nums: Record<string, Record<number, { start?: number }>>): NumberingState {
    const defs = emptyNumbering();
    defs.abstracts.set('A', new Map(levels.map((l, i) => [i, l])));
    for (const [id, o] of Object.entries(nums)) defs.nums.set(id, { abstractId: 'A', overrides: new Map(Object.entries(o).map(([k, v]) => [Number(k), v])) });
    return new NumberingState(defs);
  }

  it('keeps counters per level; a level restarts when a higher one advances; labels take their separator', () => {
    const s = state([level('chineseCounting', '%1、'), level('chineseCounting', '（%2）'), level('decimal', '%3.'), level('decimal', '第%4章', { suffix: 'space' })], { '1': {} });
    const seq = [0, 1, 2, 2, 1, 2, 0, 1, 3].map((l) => s.next('1', l));
    expect(seq).toEqual(['一、', '（一）', '1.', '2.', '（二）', '1.', '二、', '（一）', '第1章 ']);
    expect(s.rendered).toBe(9);
  });

  it('honours lvlRestart 0 (never restart), startOverride, shared abstract lists and numId 0', () => {
    const s = state([level('decimal', '%1、'), level('decimal', '（%2）', { restart: 0 })], { '1': {}, '2': {}, '3': { 0: { start: 5 } } });
    expect([s.next('1', 0), s.next('1', 1), s.next('1', 0), s.next('1', 1)]).toEqual(['1、', '（1）', '2、', '（2）']);
    // Another instance of the same list without an override carries on its count.
    expect(s.next('2', 0)).toBe('3、');
    // An instance with a start override counts on its own from that start.
    expect([s.next('3', 0), s.next('3', 0)]).toEqual(['5、', '6、']);
    expect(s.next('0', 0)).toBeNull();
    expect(s.next('99', 0)).toBeNull();
  });
});

const corpus = join(ROOT, '../shared/corpus/national-emergency-2021.docx');
if (!existsSync(corpus)) console.log(`read-docx: ${corpus} is absent; the real-document test is skipped.`);
describe.skipIf(!existsSync(corpus))('the real corpus DOCX (national-emergency-2021.docx)', () => {
  it('holds the plan’s paragraphs in order, literal #/** marks kept as text', async () => {
    const t0 = Date.now();
    const out = await read(new Uint8Array(readFileSync(corpus)), 'national-emergency-2021.docx');
    const ms = Date.now() - t0;
    const lines = out.text.split('\n');
    expect(out.origins!.length).toBe(lines.length - 1);
    // The same plan as a web page saved as Markdown: its paragraphs (after the web header) in order.
    const md = readFileSync(corpus.replace(/\.docx$/, '.md'), 'utf8').split('\n');
    const paras = md.slice(md.findIndex((l) => l.startsWith('## '))).map((l) => l.trim()).filter((l) => l.length >= 8);
    let at = 0;
    let found = 0;
    for (const p of paras) {
      const k = lines.findIndex((l, i) => i >= at && l.trim() === p);
      if (k >= 0) {
        found++;
        at = k + 1;
      }
    }
    console.log(`national-emergency-2021.docx: ${lines.length - 1} lines in ${ms} ms; ${found}/${paras.length} Markdown paragraphs found in order`);
    expect(found / paras.length).toBeGreaterThanOrEqual(0.98);
    expect(lines).toContain('# “十四五”国家应急体系规划');
    expect(lines.some((l) => l.startsWith('**发布日期**'))).toBe(true);
    expect(out.diagnostics.some((d) => d.code === 'docx-numbering')).toBe(false);
  });
});

describe('bad input: a clear IngestError naming the file, quickly', () => {
  const fails = async (bytes: Uint8Array, pattern: RegExp, limits: ReadLimits = DEFAULT_LIMITS): Promise<void> => {
    const t0 = Date.now();
    const err = await read(bytes, 'bad/plan.docx', limits).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).file).toBe('bad/plan.docx');
    expect((err as IngestError).message).toMatch(/^bad\/plan\.docx: /);
    expect((err as IngestError).message).toMatch(pattern);
    expect(Date.now() - t0).toBeLessThan(3000);
  };
  const docxWith = (xml: string): Uint8Array => zipSync({ 'word/document.xml': strToU8(xml) });

  it('not a zip', () => fails(strToU8('第一章 总则\n这不是一个压缩包。'), /not a zip/));
  it('a truncated zip', async () => {
    const whole = await makeDocx(ingestPlan({ slug: 'wuhou-sti', file: 'seeds/wuhou-sti.txt', bytes: readFileSync(join(ROOT, 'seeds/wuhou-sti.txt')), meta: parseMeta(readFileSync(join(ROOT, 'seeds/wuhou-sti.yaml'), 'utf8'), 'x') }));
    await fails(whole.subarray(0, Math.floor(whole.length / 2)), /zip archive is unreadable|not a zip/);
  });
  it('a zip without word/document.xml', () => fails(zipSync({ 'hello.txt': strToU8('hi') }), /no word\/document\.xml/));
  it('corrupt XML', () => fails(docxWith('<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>半个段落</w:t></w:p></w:body></w:document>'), /word\/document\.xml is malformed XML \(<\/w:p> closing <w:r>/));
  it('XML with a DTD', () => fails(docxWith('<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document/>'), /malformed XML \(a DTD/));
  it('no body', () => fails(docxWith('<w:document xmlns:w="x"/>'), /no <w:body>/));

  const limits = { ...DEFAULT_LIMITS, maxExpandedBytes: 1024 * 1024 };
  const zeros = (): Uint8Array => docxWith(`<w:document><w:body><w:p><w:r><w:t>${'0'.repeat(8 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`);
  it('an entry that declares more than maxExpandedBytes', () => fails(zeros(), /expands past the 1048576 byte limit.*zip bomb/, limits));
  it('an entry whose header lies about its size but expands past the limit', () => {
    const z = zeros();
    const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
    // Declare 100 bytes in the local header (offset 22) and the central directory entry (offset 24).
    view.setUint32(22, 100, true);
    for (let i = z.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 100, true);
    return fails(z, /expands past the 1048576 byte limit/, limits);
  });
  it('a document with millions of elements fails clearly and quickly', () => fails(docxWith(`<w:document><w:body>${'<w:p/>'.repeat(1_600_000)}</w:body></w:document>`), /too large to read: word\/document\.xml has more than/));
  it('checkXml counts elements within a budget', () => {
    expect(checkXml('<a><b/><c>t</c></a>', 'p', 'f', 10)).toBe(3);
    expect(() => checkXml('<a><b/><c/></a>', 'p', 'f', 2)).toThrow(/more than 2 XML elements/);
  });
});

describe('Word numbering on whole seeds (the model comparison is tests/unit/roundtrip.test.ts)', () => {
  it.each(['wuhou-sti', 'chongqing-htz-sti', 'chengdu-sti'])('%s: every label the generator left to numbering.xml is rendered back', async (slug) => {
    const meta = parseMeta(readFileSync(join(ROOT, `seeds/${slug}.yaml`), 'utf8'), `seeds/${slug}.yaml`);
    const before = ingestPlan({ slug, file: `seeds/${slug}.txt`, bytes: readFileSync(join(ROOT, `seeds/${slug}.txt`)), meta });
    const made = await makeDocxReport(before);
    expect(await makeDocx(before)).toEqual(made.bytes);
    expect(made.numbered).toBeGreaterThan(made.typed * 10);
    const doc = await read(made.bytes, `${slug}.docx`);
    const rendered = doc.diagnostics.find((d) => d.code === 'docx-numbering')?.message.match(/^\d+/)?.[0];
    expect(Number(rendered)).toBe(made.numbered);
  });
});
