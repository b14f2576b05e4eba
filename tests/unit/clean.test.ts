import { describe, expect, it } from 'vitest';
import { cleanLine, cleanLines, cleanText } from '../../src/ingest/clean.ts';

describe('clean', () => {
  it('removes extraction markers, also in front of ordinary paragraphs', () => {
    expect(cleanText('[bookmark: _Toc81396096][bookmark: _Hlk1]一、发展回顾')).toBe('一、发展回顾');
    expect(cleanText('[image: ]')).toBe('');
    expect(cleanText('[bookmark: _Hlk56072044]科教资源优势明显')).toBe('科教资源优势明显');
  });
  it('strips formatting markup but never other tags, which are plan text', () => {
    expect(cleanText('<b>第六章</b>')).toBe('第六章');
    expect(cleanText('<p>医保大数据</p>')).toBe('医保大数据');
    expect(cleanText('CO<sub>2</sub>')).toBe('CO2');
    expect(cleanText('**人工智能**。攻关')).toBe('人工智能。攻关');
    expect(cleanText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
  it('unwraps $\\text{…}$ formulas', () => {
    expect(cleanText('$\\text{=全社会研究与试验发展（R\\&D）经费支出/地区生产总值}$')).toBe('=全社会研究与试验发展（R&D）经费支出/地区生产总值');
  });
  it('normalises non-breaking and ideographic spaces, keeps the text', () => {
    expect(cleanText('第一章\u00a0建设\u3000园区')).toBe('第一章 建设 园区');
  });
  it('drops Markdown heading marks and remembers them only as a hint', () => {
    const l = cleanLine('### **（三）成都建设**', 1);
    expect(l).toMatchObject({ text: '（三）成都建设', md: true });
    expect(cleanLine('#### 重点工程 4 乡村振兴', 2).text).toBe('重点工程 4 乡村振兴');
  });
  it('keeps table structure: tab cells, empty cells, trailing tabs of titles', () => {
    expect(cleanLine('\t', 1)).toMatchObject({ blank: false, tabLead: true, cells: ['', ''] });
    expect(cleanLine('\t序号', 1)).toMatchObject({ tabLead: true, cells: ['', '序号'] });
    expect(cleanLine('类别\t指标\t2020', 1).cells).toEqual(['类别', '指标', '2020']);
    expect(cleanLine('专栏1 高品质科创空间建设\t', 1)).toMatchObject({ cells: null, text: '专栏1 高品质科创空间建设' });
    expect(cleanLine('   ', 1).blank).toBe(true);
    expect(cleanLine('\u00a0', 1).blank).toBe(true);
  });
  it('flags a leading indent', () => {
    expect(cleanLine(' 到2025年，重庆高新区', 1).indent).toBe(true);
    expect(cleanLine('到2025年', 1).indent).toBe(false);
  });
  it('numbers lines from 1 and keeps a last line without a newline', () => {
    expect(cleanLines('a\nb').map((l) => [l.n, l.text])).toEqual([[1, 'a'], [2, 'b']]);
    expect(cleanLines('a\nb\n')).toHaveLength(2);
  });
});
