import { describe, expect, it } from 'vitest';
import { checkUnits, extractIndicators, indicatorColumns, parseFigure, splitUnit } from '../../src/ingest/indicators.ts';
import type { Block } from '../../src/ingest/schema.ts';

describe('indicator cells', () => {
  it('keeps the raw string and parses only plain numbers', () => {
    expect(parseFigure('4.0')).toEqual({ raw: '4.0', value: 4 });
    expect(parseFigure('1144.52')).toEqual({ raw: '1144.52', value: 1144.52 });
    for (const raw of ['——', '-', '—', '高于全市平均水平', '完成任务 目标', '']) expect(parseFigure(raw)).toEqual({ raw, value: null });
  });
  it('splits the unit off the last parentheses only', () => {
    expect(splitUnit('全社会研发经费支出占地区生产总值（GDP）比重（%）')).toEqual({ name: '全社会研发经费支出占地区生产总值（GDP）比重', unit: '%' });
    expect(splitUnit('高新技术企业数量（家）')).toEqual({ name: '高新技术企业数量', unit: '家' });
    expect(splitUnit('独角兽企业')).toEqual({ name: '独角兽企业', unit: null });
  });
  it('recognises target tables by their header', () => {
    expect(indicatorColumns(['序号', '分类', '指标', '2020', '2025', '属性'])).toEqual({ seq: 0, category: 1, name: 2, baseline: 3, target: 4, attribute: 5 });
    expect(indicatorColumns(['序号', '指标', '2020 年', '2025 年 目标值'])?.target).toBe(3);
    expect(indicatorColumns(['序号', '指标', '计算公式', '指标解释及统计方法'])).toBeNull();
    expect(indicatorColumns(['名称', '建设内容'])).toBeNull();
  });
});

const table = (caption: string, header: string[], rows: string[][]): Block => ({
  id: 't1',
  sectionId: 's1',
  type: 'table',
  caption,
  header,
  rows: rows.map((cells, k) => ({ id: `t1-r${k + 1}`, cells, sourceLines: [10 + k, 10 + k], tags: [] })),
  sourceLines: [9, 9 + rows.length],
});

describe('indicator rows', () => {
  it('inherits merged categories and takes the attribute from the caption when there is no column', () => {
    const { indicators } = extractIndicators([
      table('专栏1 预期性指标', ['序号', '类别', '指标', '2020年', '2025年'], [
        ['1', '创新', '甲（%）', '3.11', '3.5'],
        ['2', '', '乙（家）', '——', '100'],
      ]),
    ]);
    expect(indicators.map((i) => [i.row, i.category, i.name, i.unit, i.attribute, i.attributeSource])).toEqual([
      ['1', '创新', '甲', '%', '预期性', 'caption'],
      ['2', '创新', '乙', '家', '预期性', 'caption'],
    ]);
    expect(indicators[1].baseline).toEqual({ raw: '——', value: null });
  });
  it('flags a unit the prose contradicts, and nothing when they agree', () => {
    const t = table('表1', ['序号', '指标', '2020', '2025'], [['1', '高新技术产业营业收入（万亿）', '320', '450']]);
    const prose: Block = { id: 'p1', sectionId: 's1', type: 'paragraph', text: '高新技术产业营业收入突破450亿元。', sourceLines: [1, 1], tags: [] };
    const { indicators } = extractIndicators([t]);
    expect(checkUnits(indicators, [prose, t]).map((d) => d.code)).toEqual(['unit-mismatch']);
    const agree: Block = { ...prose, text: '高新技术产业营业收入突破450万亿元。' };
    expect(checkUnits(indicators, [agree, t])).toEqual([]);
  });
});
