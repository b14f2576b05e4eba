import { describe, expect, it } from 'vitest';
import { endsSentence, parseBoxLabel, parseBullet, parseLabel, parseNamedHeading, parseNumeral } from '../../src/ingest/numbering.ts';

describe('numerals', () => {
  it('reads Chinese and Arabic numerals', () => {
    expect(['一', '十', '十二', '二十', '二十一', '一百零三', '两', '7'].map(parseNumeral)).toEqual([1, 10, 12, 20, 21, 103, 2, 7]);
    expect(parseNumeral('是')).toBeNaN();
  });
});

describe('labels', () => {
  it.each([
    ['第二篇', 'pian', '第二篇', 2, ''],
    ['第十一章 组织实施', 'zhang', '第十一章', 11, '组织实施'],
    ['第三章重点任务', 'zhang', '第三章', 3, '重点任务'],
    ['第四节  推动开放创新功能平台相互开放', 'jie', '第四节', 4, '推动开放创新功能平台相互开放'],
    ['一节 推动以创新为新动能的高质量发展', 'jie', '一节', 1, '推动以创新为新动能的高质量发展'],
    ['三、总体要求', 'cn', '三、', 3, '总体要求'],
    ['（二）基本原则', 'paren-cn', '（二）', 2, '基本原则'],
    ['(三) 战略定位', 'paren-cn', '(三)', 3, '战略定位'],
    ['1.科技创新资源集聚取得新成效', 'arabic', '1.', 1, '科技创新资源集聚取得新成效'],
    ['10. 6G。以构建地空全覆盖网络', 'arabic', '10.', 10, '6G。以构建地空全覆盖网络'],
    ['(1) 发展思路', 'paren-arabic', '(1)', 1, '发展思路'],
    ['（3）发展路径', 'paren-arabic', '（3）', 3, '发展路径'],
    ['④提升科技成果转化服务能力。打造', 'circled', '④', 4, '提升科技成果转化服务能力。打造'],
  ])('%s', (text, tier, label, ordinal, rest) => {
    expect(parseLabel(text)).toEqual({ tier, label, ordinal, rest });
  });
  it('does not take numbers or sentences for labels', () => {
    for (const t of ['2020年，全区', '3.5亿元', '一是区内创新资源', '三章节的内容', '——坚持创新发展。']) expect(parseLabel(t)).toBeNull();
  });
  it('reads box titles', () => {
    expect(parseBoxLabel('专栏 1 成都市“十四五”科技创新预期性指标')).toEqual({ kind: '专栏', label: '专栏1', ordinal: 1, title: '成都市“十四五”科技创新预期性指标' });
    expect(parseBoxLabel('重点工程2 “智慧蓉城”建设科技支撑工程')?.label).toBe('重点工程2');
    expect(parseBoxLabel('重点领域 7 先进制造业数字化转型')?.ordinal).toBe(7);
    expect(parseBoxLabel('专栏12  专业孵化集群重点专项')?.title).toBe('专业孵化集群重点专项');
    expect(parseBoxLabel('专栏1的内容说明了很多事情。')).toBeNull();
  });
  it('reads named headings and bullets', () => {
    expect(parseNamedHeading('前 言')?.tier).toBe('front');
    expect(parseNamedHeading('目 录')?.tier).toBe('toc');
    expect(parseNamedHeading('附件：武侯区重大项目表')).toEqual({ tier: 'appendix', label: '附件：', title: '武侯区重大项目表' });
    expect(parseBullet('·      共同打造现代产业集群:着力突破')).toEqual({ label: '·', rest: '共同打造现代产业集群:着力突破' });
    expect(parseBullet('“1”：“一核”，即成都科学城。')?.label).toBe('“1”：');
  });
  it('knows a finished sentence', () => {
    expect(endsSentence('形成持续增长动力源。')).toBe(true);
    expect(endsSentence('成为“最大增量”。”')).toBe(true);
    expect(endsSentence('《纲要》在十四五时期发展目标中提出——')).toBe(true);
    expect(endsSentence('大量资本开')).toBe(false);
    expect(endsSentence('2025年目标值')).toBe(false);
  });
});
