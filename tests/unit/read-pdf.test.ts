/**
 * The PDF reader (src/ingest/read/pdf.ts): PDFs typeset by tests/helpers/make-pdf.ts (and a few
 * drawn by hand with pdfkit or written byte by byte) read back into the intermediate text:
 * lines, indents, table tabs, page breaks, origins, CJK spaces, headings, radicals, bad input,
 * and a round trip of a seed plan.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { squash } from '../../src/ingest/clean.ts';
import { IngestError } from '../../src/ingest/errors.ts';
import { parseMeta } from '../../src/ingest/meta.ts';
import { ingestPlan } from '../../src/ingest/pipeline.ts';
import { readPdf } from '../../src/ingest/read/pdf.ts';
import { unifyRadicals } from '../../src/ingest/read/radicals.ts';
import { DEFAULT_LIMITS, type ReadDoc } from '../../src/ingest/read/types.ts';
import { makePdf, planBlocks, type PdfBlock } from '../helpers/make-pdf.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FONTS = join(ROOT, 'node_modules/@embedpdf/fonts-sc/fonts');
const ctx = (file = 'test.pdf', limits = DEFAULT_LIMITS) => ({ file, limits });

/** Draw a PDF by hand with pdfkit. */
async function drawPdf(draw: (doc: PDFKit.PDFDocument) => void, opts: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(Date.UTC(2022, 0, 1)) }, ...opts });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.registerFont('R', join(FONTS, 'NotoSansHans-Regular.otf'));
  doc.registerFont('B', join(FONTS, 'NotoSansHans-Bold.otf'));
  draw(doc);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A minimal PDF written byte by byte: a Type0 font with the predefined GBK-EUC-H CMap, not embedded. */
function gbkPdf(hexText: string): Uint8Array {
  const content = `BT /F1 16 Tf 72 720 Td <${hexText}> Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [6 0 R] >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 996 855] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

async function rejection(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return e as IngestError;
  }
  throw new Error('expected an IngestError');
}

const SMALL: PdfBlock[] = [
  { kind: 'title', text: '测试区“十四五”科技创新规划' },
  { kind: 'heading', text: '第一章 总体要求', level: 1 },
  { kind: 'heading', text: '一、发展目标', level: 2 },
  {
    kind: 'paragraph',
    text: '到2025年，全区科技创新能力显著提升，研发经费投入强度达到3.5%，高新技术企业数量实现翻番，创新生态更加完善，建成具有区域影响力的科技创新高地。',
  },
  { kind: 'paragraph', text: '坚持创新驱动发展，深化科技体制改革。' },
  {
    kind: 'table',
    caption: '表1 主要指标',
    header: ['序号', '指标', '2020年', '2025年'],
    rows: [
      ['1', '研发经费投入强度（%）', '3.1', '3.5'],
      ['2', '高新技术企业（家）', '6120', '12000'],
      ['3', '技术合同成交额（亿元）', '1144', '1500'],
      ['4', '国家级创新平台（个）', '119', '160'],
    ],
  },
  { kind: 'heading', text: '二、重点任务', level: 2 },
  { kind: 'paragraph', text: '加快建设科技创新中心。' },
];

describe('readPdf: a generated plan', () => {
  let doc: ReadDoc;
  let lines: string[];
  beforeAll(async () => {
    const pdf = await makePdf(SMALL, { header: '测试规划', breakTables: true });
    doc = await readPdf(pdf, ctx());
    lines = doc.text.split('\n');
  });

  it('is a pdf ReadDoc with an origin for every line', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.encoding).toBe('binary');
    expect(doc.origins).toHaveLength(lines.length);
  });

  it('separates pages with a form-feed line, the running header and page number on each', () => {
    const breaks = lines.flatMap((l, i) => (l === '\f' ? [i] : []));
    expect(breaks).toHaveLength(1);
    expect(lines.filter((l) => l.trim() === '测试规划')).toHaveLength(2);
    expect(lines.filter((l) => /^\s*—\s*\d\s*—$/.test(l)).map((l) => squash(l))).toEqual(['—1—', '—2—']);
    // Origins: page 1 up to and including the \f line, page 2 after it.
    expect(doc.origins!.slice(0, breaks[0] + 1).every((o) => o.page === 1)).toBe(true);
    expect(doc.origins!.slice(breaks[0] + 1).every((o) => o.page === 2)).toBe(true);
    expect(doc.origins![breaks[0] + 1].pageLine).toBe(1);
  });

  it('prints the wrapped paragraph as indented first line + flush continuation lines', () => {
    const i = lines.findIndex((l) => l.includes('到2025年'));
    expect(lines[i]).toMatch(/^ {4}到2025年，/);
    expect(lines[i + 1]).toMatch(/^\S/);
    expect(squash(lines.slice(i, i + 3).join(''))).toContain('研发经费投入强度达到3.5%');
  });

  it('marks bold headings with "# " and keeps CJK text free of spaces', () => {
    expect(lines.some((l) => /^# +第一章总体要求$/.test(l) || /^# +第一章 总体要求$/.test(l))).toBe(true);
    expect(lines.some((l) => /^# +一、发展目标$/.test(l))).toBe(true);
    expect(lines.some((l) => /^# .*坚持创新/.test(l))).toBe(false);
    // No space between CJK characters but the one the source has ("第一章 总体要求": a real space glyph).
    for (const l of lines.filter((t) => !t.includes('第一章'))) expect(l.trim()).not.toMatch(/[\u4e00-\u9fff，。、] [\u4e00-\u9fff，。、]/u);
    expect(lines.some((l) => /^# +第一章 总体要求$/.test(l))).toBe(true);
  });

  it('prints the table as tab-separated rows, the header repeated after the page break', () => {
    const rows = lines.filter((l) => l.includes('\t'));
    expect(rows).toContain('序号\t指标\t2020年\t2025年');
    expect(rows).toContain('2\t高新技术企业（家）\t6120\t12000');
    expect(rows.filter((r) => r === '序号\t指标\t2020年\t2025年')).toHaveLength(2);
    const f = lines.indexOf('\f');
    expect(lines.indexOf('3\t技术合同成交额（亿元）\t1144\t1500')).toBeGreaterThan(f);
  });
});

describe('readPdf: full lines', () => {
  it('marks lines that run to the right edge full, paragraph ends not, table and blank lines neither', async () => {
    const doc = await readPdf(await makePdf(SMALL, { header: '测试规划', breakTables: true }), ctx());
    const lines = doc.text.split('\n');
    const full = (i: number): boolean | undefined => doc.origins![i].full;
    const i = lines.findIndex((l) => l.includes('到2025年'));
    const end = lines.findIndex((l, k) => k > i && l.includes('科技创新高地。'));
    expect(end).toBeGreaterThan(i);
    for (let k = i; k < end; k++) expect(full(k)).toBe(true);
    expect(full(end)).toBe(false);
    expect(full(lines.findIndex((l) => l.includes('坚持创新驱动发展')))).toBe(false);
    lines.forEach((l, k) => {
      if (l.includes('\t') || l === '\f' || l === '') expect(full(k)).toBeUndefined();
    });
  });
});

describe('readPdf: tables', () => {
  const LONG = '项目主要建设实验楼，包括科研成果转化用房、科研实验室用房等，总建筑面积8万平方米，建成后服务高校院所的成果转化。';
  const TABLES: PdfBlock[] = [
    { kind: 'paragraph', text: '主要指标如下表所示。' },
    {
      kind: 'table',
      header: ['序号', '分类', '指标', '2020年', '2025年', '属性'],
      rows: [
        ['1', '创新能力', '研发经费投入强度（%）', '3.1', '3.5', '预期性'],
        ['2', '', '高新技术企业（家）', '6120', '12000', '预期性'],
        ['3', '', '技术合同成交额（亿元）', '1144', '1500', ''],
        ['4', '创新产出', '国家级创新平台（个）', '119', '160', '预期性'],
      ],
    },
    { kind: 'paragraph', text: '重大项目如下表所示。' },
    {
      kind: 'table',
      header: ['序号', '项目名称', '项目简介', '投资额（亿元）', '牵头单位', '相关责任单位', '项目状态'],
      rows: [
        ['1', '面向新经济的技术交叉与转化中心项目', LONG, '7.59', '音乐坊', '武侯国投集团', '在建'],
        ['2', '都市工业谷', '项目建设都市工业谷。', '30', '悦湖科技城', '机投桥街道', '拟建'],
      ],
    },
  ];
  let lines: string[];
  beforeAll(async () => {
    lines = (await readPdf(await makePdf(TABLES, { breakTables: true }), ctx())).text.split('\n');
  });

  it('gives every row a cell per column: an empty cell under a merged category, an empty last cell', () => {
    expect(lines).toContain('序号\t分类\t指标\t2020年\t2025年\t属性');
    expect(lines).toContain('1\t创新能力\t研发经费投入强度（%）\t3.1\t3.5\t预期性');
    expect(lines).toContain('2\t\t高新技术企业（家）\t6120\t12000\t预期性');
    expect(lines.find((l) => l.startsWith('3\t'))).toBe('3\t\t技术合同成交额（亿元）\t1144\t1500\t');
    // Across the page break the header is printed again and the rows go on in the same columns.
    expect(lines.filter((l) => l.startsWith('序号\t分类'))).toHaveLength(2);
    expect(lines).toContain('4\t创新产出\t国家级创新平台（个）\t119\t160\t预期性');
  });

  it('joins the lines of cells wrapped inside their column into their row', () => {
    const row = lines.find((l) => l.startsWith('1\t面向'));
    expect(row).toBe(`1\t面向新经济的技术交叉与转化中心项目\t${LONG}\t7.59\t音乐坊\t武侯国投集团\t在建`);
    expect(lines).toContain('序号\t项目名称\t项目简介\t投资额（亿元）\t牵头单位\t相关责任单位\t项目状态');
    expect(lines).toContain('2\t都市工业谷\t项目建设都市工业谷。\t30\t悦湖科技城\t机投桥街道\t拟建');
    // No table line is taken for a heading or indented.
    for (const l of lines.filter((t) => t.includes('\t'))) expect(l).not.toMatch(/^(#| )/);
    expect(lines.filter((l) => !l.includes('\t') && /科研|转化/.test(l))).toEqual([]);
  });
});

describe('readPdf: spaces, radicals, fonts', () => {
  it('removes spaces the layout does not show and keeps real gaps', async () => {
    const pdf = await drawPdf((d) => {
      d.font('R').fontSize(16);
      // Tracking of 0.12 em: PDF.js reads "2 0 2 1 年 发 展"; the glyphs sit 0.12 em apart.
      d.text('2021年发展改革，推进创新。', 72, 100, { characterSpacing: 1.92, lineBreak: false });
      // Two words 1 em apart: a real gap.
      d.text('科技', 72, 140, { lineBreak: false });
      d.text('创新', 72 + 48, 140, { lineBreak: false });
      // Cells 5 em apart: a tab.
      d.text('指标', 72, 180, { lineBreak: false });
      d.text('数值', 72 + 112, 180, { lineBreak: false });
    });
    const doc = await readPdf(pdf, ctx());
    const lines = doc.text.split('\n').filter((l) => l.trim());
    expect(lines).toEqual(['2021年发展改革，推进创新。', '科技 创新', '指标\t数值']);
    expect(doc.diagnostics.find((d) => d.code === 'pdf-spaces')?.message).toMatch(/Removed \d+ space/);
  });

  it('maps Kangxi radicals to unified ideographs, leaving full-width forms alone', async () => {
    const pdf = await drawPdf((d) => d.font('R').fontSize(16).text('⼀⽅⽂化发展（，２０２１）科技创新能力不断提升', 72, 100));
    const doc = await readPdf(pdf, ctx());
    expect(doc.text).toContain('一方文化发展（，２０２１）');
    expect(doc.diagnostics.find((d) => d.code === 'pdf-radicals')?.message).toMatch(/Mapped 3 /);
  });

  it('maps the CJK Radicals Supplement by table', () => {
    expect(unifyRadicals('⻓⻔⺠⻅⺀')).toEqual({ text: '长门民见⺀', mapped: 4 });
  });

  it('decodes a non-embedded GBK-EUC-H (Adobe-GB1) font through the packed CMaps', async () => {
    // "科技创新规划纲要测试文本" in GBK, twice (to pass the text-layer minimum).
    const gbk = 'BFC6BCBCB4B4D0C2B9E6BBAEB8D9D2AAB2E2CAD4CEC4B1BE';
    const doc = await readPdf(gbkPdf(gbk + gbk), ctx('gbk.pdf'));
    expect(squash(doc.text)).toBe('科技创新规划纲要测试文本'.repeat(2));
  });
});

describe('readPdf: bad input', () => {
  it('a PDF without text: no text layer, OCR first', async () => {
    const pdf = await drawPdf((d) => d.rect(100, 100, 200, 100).fill('#888'));
    const e = await rejection(readPdf(pdf, ctx('seeds/scan.pdf')));
    expect(e.message).toMatch(/^seeds\/scan\.pdf: has no text layer/);
    expect(e.message).toMatch(/OCR/);
  });

  it('random bytes: not a readable PDF', async () => {
    let s = 42;
    const bytes = Uint8Array.from({ length: 4096 }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) & 255);
    const e = await rejection(readPdf(bytes, ctx('junk.pdf')));
    expect(e.message).toMatch(/^junk\.pdf: .*not a readable PDF/);
  });

  it('an encrypted PDF: password-protected', async () => {
    const pdf = await makePdf(SMALL.slice(0, 4), { userPassword: 'secret' });
    const e = await rejection(readPdf(pdf, ctx('locked.pdf')));
    expect(e.message).toMatch(/^locked\.pdf: .*password-protected/);
  });

  it('truncated PDF bytes: an IngestError', async () => {
    const pdf = await makePdf(SMALL, { header: '测试规划' });
    const e = await rejection(readPdf(pdf.slice(0, Math.floor(pdf.length / 3)), ctx('cut.pdf')));
    expect(e.message).toMatch(/^cut\.pdf: /);
  });

  it('keeps to the limits: bytes, pages, time', async () => {
    const pdf = await makePdf(SMALL, { header: '测试规划', breakTables: true });
    expect((await rejection(readPdf(pdf, ctx('big.pdf', { ...DEFAULT_LIMITS, maxBytes: 1000 })))).message).toMatch(/over the .* limit/);
    expect((await rejection(readPdf(pdf, ctx('long.pdf', { ...DEFAULT_LIMITS, maxPages: 1 })))).message).toMatch(/2 pages, over the 1-page limit/);
    expect((await rejection(readPdf(pdf, ctx('slow.pdf', { ...DEFAULT_LIMITS, timeoutMs: 1 })))).message).toMatch(/took longer than/);
  });
});

describe('readPdf: round trip of a seed', () => {
  it('chengdu-sti: the model text comes back in order', { timeout: 60_000 }, async () => {
    const meta = parseMeta(readFileSync(join(ROOT, 'seeds/chengdu-sti.yaml'), 'utf8'), 'seeds/chengdu-sti.yaml');
    const plan = ingestPlan({ slug: 'chengdu-sti', file: 'seeds/chengdu-sti.txt', bytes: readFileSync(join(ROOT, 'seeds/chengdu-sti.txt')), meta });
    const pdf = await makePdf(plan, { header: meta.shortTitle ?? meta.title, breakTables: true });
    const doc = await readPdf(pdf, ctx('chengdu-sti.pdf'));
    const got = squash(doc.text.replace(/^# /gm, ''));
    // Text blocks (headings, paragraphs, list items) must appear in order, character for character.
    const prose = planBlocks(plan).filter((b) => b.kind !== 'table').map((b) => squash((b as { text: string }).text));
    let at = 0;
    let missing = 0;
    for (const p of prose) {
      const i = got.indexOf(p.slice(0, 8), at);
      if (i < 0) {
        missing++;
        continue;
      }
      // Allow a page break (header, page number) inside the block: compare as a subsequence.
      let k = i;
      for (const ch of p) {
        const j = got.indexOf(ch, k);
        if (j < 0 || j - k > 40) {
          missing++;
          break;
        }
        k = j + 1;
      }
      at = i + 1;
    }
    // Table cells: every cell's characters are on the page in order (wrapped cells interleave with their neighbours).
    const cells = plan.blocks.flatMap((b) => (b.type === 'table' ? [b.header, ...b.rows.map((r) => r.cells)].flat() : [])).map(squash).filter(Boolean);
    const cellsFound = cells.filter((c) => got.includes(c)).length;
    const pages = doc.text.split('\n').filter((l) => l === '\f').length + 1;
    console.log(`round trip chengdu-sti: ${pages} pages, ${doc.text.length} chars, ${prose.length} text blocks (${missing} not found in order), ${cellsFound}/${cells.length} table cells found whole`);
    expect(missing).toBe(0);
    expect(cellsFound / cells.length).toBeGreaterThan(0.8);
  });
});
