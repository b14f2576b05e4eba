/**
 * Layout repair and the heading rules it feeds, one case at a time on small hand-written inputs:
 * page furniture in its forms, running headers, export/OCR markers, glued headings, hard-wrapped
 * and indented paragraphs, one-cell-per-line tables, a table of contents told by its structure,
 * sentence-titled and run-in headings, through-numbered chapters, dash lists, indicator table shapes.
 */
import { describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.ts';
import { indicatorColumns } from '../../src/ingest/indicators.ts';
import { ingestPlan } from '../../src/ingest/pipeline.ts';
import { isMarkupLine, pageNumber, removeFurniture } from '../../src/ingest/repair/furniture.ts';
import { splitGlued } from '../../src/ingest/repair/glued.ts';
import { repairLayout } from '../../src/ingest/repair/index.ts';
import { detectWrap } from '../../src/ingest/repair/wrap.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';

const meta = { title: '测试规划', titleEn: 'Test plan', issuer: null, level: 'city', region: '测试', period: '2021–2025', docNumber: null, issued: null, sourceType: 'plan' } as const;
const ingest = (text: string): PlanDoc => ingestPlan({ slug: 'test', file: 'seeds/test.txt', bytes: new TextEncoder().encode(text), meta });
const outline = (p: PlanDoc) => p.outline.map((o) => `${o.level} ${o.kind} ${o.label ?? ''}${o.title ?? '∅'}`);
const texts = (p: PlanDoc) => p.blocks.map((b) => (b.type === 'paragraph' ? b.text : b.type === 'list' ? b.items.map((i) => `${i.label}|${i.text}`).join(' / ') : `[${b.header.join('|')}] ${b.rows.map((r) => r.cells.join('|')).join(' / ')}`));
const ctx = () => ({ excluded: [] as unknown[], diagnostics: [] as unknown[], origin: () => undefined, exclude(e: unknown) { this.excluded.push(e); }, report(d: unknown) { this.diagnostics.push(d); } });

/** Body text for page n: the sentence rotated, so that no two pages print the same line. */
const pageText = (n: number, times: number): string => Array.from({ length: times }, (_, k) => { const c = [...SENT]; const r = (n * 7 + k * 3) % c.length; return [...c.slice(r), ...c.slice(0, r)].join(''); }).join('');
/** Some sentences of body text, hard-wrapped at `w` characters. */
const SENT = '坚持创新在现代化建设全局中的核心地位，把科技自立自强作为发展的战略支撑，面向世界科技前沿、面向经济主战场。';
function wrapAt(text: string, w: number, indent = true): string[] {
  const chars = [...text];
  const out: string[] = [];
  let first = indent ? w - 2 : w;
  for (let i = 0; i < chars.length; ) {
    out.push((out.length === 0 && indent ? '    ' : '') + chars.slice(i, i + first).join(''));
    i += first;
    first = w;
  }
  return out;
}

describe('page numbers', () => {
  it.each(['— 5 —', '—5—', '- 5 -', '·5·', '一10—', '113一', '—5一', '第5页', '第 5 页 共 20 页', '5/20', 'Page 5'])('"%s" is a page number', (t) => {
    expect(pageNumber(t)).not.toBeNull();
  });
  it.each(['2025', '5.5', '一、', '一', '第五章', '—— 坚持创新', '4.0', '（5）'])('"%s" is not', (t) => {
    expect(pageNumber(t)).toBeNull();
  });
  it('bare numbers count only when they stand a page apart, rising, at page edges', () => {
    const page = (n: number) => [...wrapAt(pageText(n, 7), 30), '', String(n), ''];
    const c = ctx();
    const out = removeFurniture(cleanLines([...page(1), ...page(2), ...page(3)].join('\n')), c);
    expect(out.some((l) => /^\d+$/.test(l.text))).toBe(false);
    expect(c.excluded.map((e) => (e as { kind: string }).kind)).toEqual(['page-number', 'page-number', 'page-number']);
    // A table's 序号 column, one cell per line: numbers a few characters apart are not page numbers.
    const cells = ['序号', '', '指标', '', '预期值', '', '1', '', '甲', '', '10', '', '2', '', '乙', '', '20', '', '3', '', '丙', '', '30'].join('\n');
    expect(removeFurniture(cleanLines(cells), ctx()).filter((l) => !l.blank).map((l) => l.text)).toEqual(['序号', '指标', '预期值', '1', '甲', '10', '2', '乙', '20', '3', '丙', '30']);
  });
});

describe('running headers and markers', () => {
  it('a line repeated at the top of every page is a running header; page markers go too', () => {
    const pages = [1, 2, 3, 4].map((n) => ['成都市科技创新规划', ...wrapAt(pageText(n, 3), 30), `— ${n} —`].join('\n'));
    const text = ['<图片内容|start>', ...pages.join('\n\f').split('\n'), '<img src="p4.png"/>'].join('\n');
    const c = ctx();
    const out = removeFurniture(cleanLines(text), c);
    const kinds = c.excluded.map((e) => (e as { kind: string }).kind);
    expect(kinds.filter((k) => k === 'running-header')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'page-number')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'page-marker')).toHaveLength(2);
    expect(out.filter((l) => !l.blank).every((l) => l.text.length > 10 && !l.text.includes('规划'))).toBe(true);
  });
  it('markup inside a sentence is text', () => {
    expect(isMarkupLine('本段含有 <img src=x> 图片标签。')).toBe(false);
    expect(isMarkupLine('<script>alert(1)</script>')).toBe(false);
    expect(isMarkupLine('<!-- page 3 -->')).toBe(true);
  });
});

describe('glued headings', () => {
  it('splits a part, its chapter and the first sentence run together by spaces', () => {
    expect(splitGlued('第一篇  指导原则和发展目标     第一章  全面建设小康社会的关键时期     “十五”时期是不平凡的五年')).toEqual([
      '第一篇  指导原则和发展目标',
      '第一章  全面建设小康社会的关键时期',
      '“十五”时期是不平凡的五年',
    ]);
  });
  it('keeps spaces inside a sentence', () => {
    expect(splitGlued('国内生产总值年均增长    7.5%，实现翻一番')).toEqual(['国内生产总值年均增长    7.5%，实现翻一番']);
  });
});

describe('paragraphs from printed lines', () => {
  it('joins hard-wrapped lines, across a page break, into one paragraph per paragraph', () => {
    const a = wrapAt(SENT.repeat(3), 30);
    const b = wrapAt(SENT.repeat(2), 30);
    const text = ['一、总体要求', ...a.slice(0, 3), '', '— 1 —', '\f' + a[3], ...a.slice(4), '（一）指导思想', ...b].join('\n');
    const p = ingest(text);
    expect(outline(p)).toEqual(['1 section 一、总体要求', '2 section （一）指导思想']);
    expect(texts(p)).toEqual([SENT.repeat(3), SENT.repeat(2)]);
    expect(p.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['page-furniture', 'hard-wrapped']));
    expect(p.coverage.ratio).toBe(1);
  });
  it('reads one-paragraph-per-line text as it is (no wrap width)', () => {
    const lines = Array.from({ length: 20 }, (_, k) => SENT.slice(0, 10 + k * 2) + '。');
    expect(detectWrap(cleanLines(lines.join('\n')))).toBeNull();
  });
  it('joins the sentence lines of an indented paragraph, keeping the line breaks', () => {
    const para = ['     坚持以人为本', '着力解决人民群众最关心的问题', '促进社会公平正义'];
    const p = ingest(['第一章  总体', ...para, ...para, ...para, ...para].join('\n'));
    expect(texts(p)).toEqual(Array(4).fill('坚持以人为本\n着力解决人民群众最关心的问题\n促进社会公平正义'));
  });
});

describe('tables printed one cell per line', () => {
  it('groups cells by the header and the row numbers', () => {
    const p = ingest(['专栏1　主要指标', '', '序号', '', '指　　标', '', '预期值', '', '属性', '', '1', '', '事故死亡人数', '', '下降15%', '', '约束性', '', '2', '', '受灾人次', '', '<15000', '', '预期性', '', '正文继续。'].join('\n'));
    expect(texts(p)).toEqual(['[序号|指  标|预期值|属性] 1|事故死亡人数|下降15%|约束性 / 2|受灾人次|<15000|预期性', '正文继续。']);
    expect(p.indicators.map((i) => `${i.name} ${i.baseline.raw}→${i.target.raw} ${i.attribute}`)).toEqual(['事故死亡人数 →下降15% 约束性', '受灾人次 →<15000 预期性']);
  });
});

describe('indicator table shapes', () => {
  it('reads targets only, several year columns and a growth column', () => {
    expect(indicatorColumns(['序号', '指标', '预期值', '属性'])).toMatchObject({ baseline: -1, target: 2, attribute: 3 });
    expect(indicatorColumns(['指标', '2015年', '2020年', '2025年', '属性'])).toMatchObject({ name: 0, baseline: 2, target: 3 });
    expect(indicatorColumns(['指标', '单位', '2020年', '2025年', '年均增长（%）'])).toMatchObject({ baseline: 2, target: 3 });
    expect(indicatorColumns(['指标', '基期值', '目标值'])).toMatchObject({ baseline: 1, target: 2 });
    expect(indicatorColumns(['项目', '2020年', '2025年'])).toBeNull();
  });
});

describe('table of contents by structure', () => {
  it('recognises headings listed before they recur, whatever the title line says', () => {
    const body = ['第一章 总体要求', SENT, '第二章 重点任务', SENT, '第三章 保障措施', SENT, '第四章 组织实施', SENT];
    const p = ingest(['誉目', '第一章 总体要求 …… 1', '第二章 重点任务 | 5', '第三章 保障措施 9', '第四章 组织实施', '', ...body].join('\n'));
    expect(outline(p)).toEqual(['1 section 第一章总体要求', '1 section 第二章重点任务', '1 section 第三章保障措施', '1 section 第四章组织实施']);
    expect(p.excluded.map((e) => [e.kind, e.lines])).toEqual([['toc', [1, 5]]]);
  });
});

describe('headings written as sentences', () => {
  it('"（一）指导思想。" alone on its line is a heading, its full stop kept', () => {
    const p = ingest(['一、总体要求', '', '（一）指导思想。', '', SENT, '', '（二）基本原则。', '', SENT].join('\n'));
    expect(outline(p)).toEqual(['1 section 一、总体要求', '2 section （一）指导思想。', '2 section （二）基本原则。']);
  });
  it('run-in numbered headings numbered straight through their chapters are headings', () => {
    const p = ingest(['一、甲', '', '1.强化战略科技力量。' + SENT, '', '2.提升企业创新能力。' + SENT, '', '二、乙', '', '3.激发人才活力。' + SENT, '', '三、丙', '', '4.完善体制机制。' + SENT].join('\n'));
    expect(outline(p)).toEqual(['1 section 一、甲', '2 section 1.强化战略科技力量。', '2 section 2.提升企业创新能力。', '1 section 二、乙', '2 section 3.激发人才活力。', '1 section 三、丙', '2 section 4.完善体制机制。']);
    expect(texts(p)).toEqual(Array(4).fill(SENT));
    expect(p.diagnostics.filter((d) => d.code === 'missing-heading')).toEqual([]);
  });
  it('run-in items that restart under each heading stay a list', () => {
    const p = ingest(['一、甲', '', '1.强化战略科技力量。' + SENT, '', '2.提升企业创新能力。' + SENT, '', '二、乙', '', '1.激发人才活力。' + SENT, '', '三、丙', '', '1.完善体制机制。' + SENT].join('\n'));
    expect(outline(p)).toEqual(['1 section 一、甲', '1 section 二、乙', '1 section 三、丙']);
  });
  it('unnumbered run-in leads stay paragraphs', () => {
    const p = ingest(['一、甲', '', '综合交通运输理论方法与技术。' + SENT].join('\n'));
    expect(outline(p)).toEqual(['1 section 一、甲']);
  });
  it('chapters numbered through their parts are no gap', () => {
    const p = ingest(['第一篇 甲', '第一章 子', SENT, '第二章 丑', SENT, '第二篇 乙', '第三章 寅', SENT, '第三篇 丙', '第四章 卯', SENT, '第四篇 丁', '第五章 辰', SENT].join('\n'));
    expect(p.diagnostics.filter((d) => d.code === 'missing-heading')).toEqual([]);
  });
});

describe('dash lists', () => {
  it('a run of paragraphs opened by OCR dashes (一, —, -) is one list', () => {
    const p = ingest(['一、甲', '', '一关键技术攻关。', '', '—科技创新平台。', '', '-成果转化。', '', SENT].join('\n'));
    expect(texts(p)).toEqual(['一|关键技术攻关。 / —|科技创新平台。 / -|成果转化。', SENT]);
  });
  it('paragraphs that just begin with 一 are not', () => {
    const p = ingest(['一、甲', '', '一批企业加快发展。', '', '一流大学建设。', '', '一体化发展。'].join('\n'));
    expect(p.blocks.every((b) => b.type === 'paragraph')).toBe(true);
  });
});

it('repairLayout leaves a clean one-paragraph-per-line text alone', () => {
  const lines = cleanLines(['一、总体要求', SENT, '（一）指导思想', SENT].join('\n'));
  const r = repairLayout(lines);
  expect(r.lines).toBe(lines);
  expect(r.excluded).toEqual([]);
  expect(r.diagnostics).toEqual([]);
});
