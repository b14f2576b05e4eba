import { describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.ts';
import { parseTable, tableStartsAt } from '../../src/ingest/tables.ts';

const lines = (s: string) => cleanLines(s);
const never = () => false;

describe('cell-per-line tables (DOCX)', () => {
  const src = ['\t序号', '\t投资额', '（亿元）', '\t状态', '\t', '', '\t1', '\t', '企业拟选址武侯区', '\t拟建', '\t', '', '\t2', '', '\t8.9', '\t在建', '\t', '', '正文段落。'].join('\n');
  it('reads rows, wrapped cells, empty cells, a row split by a blank line, and drops an all-empty column', () => {
    const ls = lines(src);
    expect(tableStartsAt(ls, 0)).toBe(true);
    const { table, next } = parseTable(ls, 0, never);
    expect(table.header).toEqual(['序号', '投资额（亿元）', '状态']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['1', '企业拟选址武侯区', '拟建'],
      ['2', '8.9', '在建'],
    ]);
    expect(table.rows[1].lines).toEqual([13, 17]);
    expect(ls.slice(next).find((l) => !l.blank)?.text).toBe('正文段落。');
  });
  it('does not take one tabbed line followed by plain lines for a table', () => {
    const ls = lines('\t1.新一代人工智能。开展研究。\n2.集成电路。开展设计。');
    expect(tableStartsAt(ls, 0)).toBe(false);
  });
});

describe('tab-separated tables (PDF)', () => {
  it('continues across a page break with the title and header repeated', () => {
    const title = '### 专栏1 指标';
    const src = ['序号\t指标\t2020 年\t2025 年 目标值', '1\t甲（%）\t3.11\t3.5', '', title, '', '序号\t指标\t2020年\t2025年目标值', '8\t乙（亿元）\t1144.52\t1500', '', '注：说明。'].join('\n');
    const ls = lines(src);
    const { table, next } = parseTable(ls, 0, (t) => t === '专栏1 指标');
    expect(table.rows.map((r) => r.cells[0])).toEqual(['1', '8']);
    expect(table.repeats.map((r) => r.kind)).toEqual(['repeated-heading', 'repeated-header']);
    expect(ls[next].text).toBe('');
    expect(table.lines).toEqual([1, 7]);
  });
  it('keeps an empty merged-category cell as printed', () => {
    const ls = lines('类别\t指标\t2020\n规模 体量\t增加值（亿元）\t70.7\n\t增速（%）\t1.7');
    const { table } = parseTable(ls, 0, never);
    expect(table.rows.map((r) => r.cells[0])).toEqual(['规模 体量', '']);
  });
  it('stops at a table of another width after a blank line', () => {
    const ls = lines('a\tb\n1\t2\n\nx\ty\tz\tw\n1\t2\t3\t4');
    expect(parseTable(ls, 0, never).table.rows).toHaveLength(1);
  });
});
