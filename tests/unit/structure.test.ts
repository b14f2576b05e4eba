/** Units and assembly on small synthetic documents: the general rules, independent of any seed. */
import { describe, expect, it } from 'vitest';
import { ingestPlan } from '../../src/ingest/pipeline.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';

const meta = { title: '测试规划', titleEn: 'Test plan', issuer: null, level: 'city', region: '测试', period: '2021–2025', docNumber: null, issued: null, sourceType: 'plan' } as const;
const ingest = (text: string, sourceType: 'plan' | 'news-excerpt' = 'plan'): PlanDoc =>
  ingestPlan({ slug: 'test', file: 'seeds/test.txt', bytes: new TextEncoder().encode(text), meta: { ...meta, sourceType } });
const outline = (p: PlanDoc) => p.outline.map((o) => `${o.level} ${o.kind} ${o.label ?? ''}${o.title ?? '∅'}`);
const texts = (p: PlanDoc) => p.blocks.map((b) => (b.type === 'paragraph' ? b.text : b.type === 'list' ? b.items.map((i) => i.label + i.text).join('|') : `[table ${b.caption}]`));

describe('outline levels', () => {
  it('ranks the tiers a document uses, whatever they are', () => {
    const p = ingest(['第一章 总体要求', '一、指导思想', '坚持创新。', '（一）基本原则', '原则如下。', '第二章 重点任务', '一、加强研究', '研究。'].join('\n'));
    expect(outline(p)).toEqual(['1 section 第一章总体要求', '2 section 一、指导思想', '3 section （一）基本原则', '1 section 第二章重点任务', '2 section 一、加强研究']);
    const q = ingest(['（一）目标', '内容。', '1.总体目标', '内容。', '（1）细化', '内容。', '①第一', '内容。'].join('\n'));
    expect(q.outline.map((o) => o.level)).toEqual([1, 2, 3, 4]);
  });
  it('takes the title from the next line when a label stands alone, and labels that lost 第', () => {
    const p = ingest(['第二篇', '', '强化极核引领', '', '第一章 建设示范区', '', '一节 推动创新', '', '把创新作为关键。', ''].join('\n'));
    expect(outline(p)).toEqual(['1 section 第二篇强化极核引领', '2 section 第一章建设示范区', '3 section 一节推动创新']);
  });
  it('does not take numbered sentences, run-in leads or TOC lines for headings', () => {
    const p = ingest(
      ['目 录', '第一章 总论\t1', '一、回顾\t2', '第二章 任务\t5', '', '第一章 总论', '1.坚持自主创新。加强科技创新基础能力建设。', '化妆品研发制造。推进她妆美谷建设。', '——创新能力持续提升。创新平台加快推进。'].join('\n'),
    );
    expect(outline(p)).toEqual(['1 section 第一章总论']);
    expect(p.excluded.map((e) => e.kind)).toEqual(['toc']);
    expect(p.blocks.map((b) => b.type)).toEqual(['list', 'paragraph', 'paragraph']);
  });
  it('treats a heading repeated at a page break as the same section', () => {
    const p = ingest(['第二章 协同发展', '', '第三节 建设科学城', '', '聚焦打造创新动力源。', '', '第二章 协同发展', '', '四节 完善机制', '', '加强协同。'].join('\n'));
    expect(outline(p)).toEqual(['1 section 第二章协同发展', '2 section 第三节建设科学城', '2 section 四节完善机制']);
    expect(p.excluded.map((e) => e.kind)).toEqual(['repeated-heading']);
  });
  it('splits a Markdown heading that ran into the next paragraph’s bold lead', () => {
    const p = ingest(['### **（三）成都建设科技创新中心使命重大 国家重大战略带来历史契机。**', '', '正文。'].join('\n'));
    expect(outline(p)).toEqual(['1 section （三）成都建设科技创新中心使命重大']);
    expect(texts(p)).toEqual(['国家重大战略带来历史契机。', '正文。']);
  });
});

describe('missing headings', () => {
  it('diagnoses a numbering gap', () => {
    const p = ingest(['第一章 甲', '一、子', '内容。', '三、丙', '内容。'].join('\n'));
    expect(p.diagnostics.find((d) => d.code === 'missing-heading')?.message).toContain('二、'.slice(0, 0) + '一、 to 三、');
  });
  it('opens an untitled section where an indented paragraph stands for a dropped heading line', () => {
    const normal = Array.from({ length: 10 }, (_, k) => `普通段落${k}。`);
    const p = ingest(['第一章 总体', '第一节 思想', '坚持创新。', ...normal, ' 到2025年，实现目标。', '目标二。', '第二章 任务', ' 持续加强基础研究。', '第四节 孵化', '建设孵化器。', ...normal].join('\n'));
    expect(outline(p)).toEqual(['1 section 第一章总体', '2 section 第一节思想', '2 section ∅', '1 section 第二章任务', '2 section ∅', '2 section 第四节孵化']);
    const goal = p.blocks.find((b) => b.type === 'paragraph' && b.text.startsWith('到2025年'))!;
    expect(p.outline.find((o) => o.id === goal.sectionId)?.missing).toBe(true);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['inferred-section', 'inferred-section', 'missing-heading']);
  });
});

describe('blocks', () => {
  it('joins a paragraph broken by a page break, even mid-word, but not a finished sentence', () => {
    const p = ingest(['一、形势', '', '随着现代信息技术的快速发展，大量资本开', '', '', '', '始“脱实入虚”，导致失衡。', '', '新的段落开始了。', ''].join('\n'));
    expect(texts(p)).toEqual(['随着现代信息技术的快速发展，大量资本开始“脱实入虚”，导致失衡。', '新的段落开始了。']);
    expect(p.blocks[0].sourceLines).toEqual([3, 7]);
  });
  it('joins consecutive lines of a blank-line-separated document into one paragraph', () => {
    const p = ingest(['一、甲', '', '绕财富国际大健康专业楼宇，', '打造健康城市服务创新中心。', '', '下一段。', '', '再一段。', '', '（一）乙', '', '末段。', ''].join('\n'));
    expect(texts(p)).toEqual(['绕财富国际大健康专业楼宇，打造健康城市服务创新中心。', '下一段。', '再一段。', '末段。']);
  });
  it('makes boxes their own blocks; a repeated box title continues the box', () => {
    const p = ingest(
      ['一、布局', '', '前言段落。', '', '## 重点领域 1 前沿技术', '', '1. 人工智能。攻关机器视觉', '', '## 重点领域 1 前沿技术', '', '与智能芯片。', '', '2. 区块链。突破加密算法。', '', '二、攻关', '', '正文。', ''].join('\n'),
    );
    expect(outline(p)).toEqual(['1 section 一、布局', '2 box 重点领域1前沿技术', '1 section 二、攻关']);
    const list = p.blocks.find((b) => b.type === 'list')!;
    expect(list.sectionId).toBe(p.outline[1].id);
    expect(texts(p)[1]).toBe('1.人工智能。攻关机器视觉与智能芯片。|2.区块链。突破加密算法。');
  });
  it('ends a box when plain text follows its list', () => {
    const p = ingest(['一、空间', '', '专栏2 布局图', '', '“1”：“一核”，即科学城。', '', '“4”：“四区”。', '', '强化科学城创新极核引领。总面积大。', ''].join('\n'));
    const para = p.blocks.find((b) => b.type === 'paragraph')!;
    expect(para.sectionId).toBe(p.outline[0].id);
  });
  it('captions a table with the 表 line above it', () => {
    const p = ingest(['一、目标', '表1 主要目标', '\t序号', '\t指标', '\t2020', '\t2025', '', '\t1', '\t研发投入（%）', '\t4.0', '\t4.5', '', '正文。'].join('\n'));
    const t = p.blocks.find((b) => b.type === 'table')!;
    expect(t.type === 'table' && t.caption).toBe('表1 主要目标');
    expect(p.indicators.map((i) => [i.name, i.unit, i.baseline.raw, i.target.raw])).toEqual([['研发投入', '%', '4.0', '4.5']]);
  });
});

describe('stable ids', () => {
  const base = ['一、甲', '段落一。', '（一）子', '段落二。', '二、乙', '段落三。', '（一）子', '段落四。'];
  it('derives ids from the outline path', () => {
    const p = ingest(base.join('\n'));
    expect(p.outline.map((o) => o.id)).toEqual(['s1', 's1-1', 's2', 's2-1']);
    expect(p.blocks.map((b) => b.id)).toEqual(['s1-p1', 's1-1-p1', 's2-p1', 's2-1-p1']);
  });
  it('an edit inside one section changes no id outside it', () => {
    const edited = [...base];
    edited.splice(2, 0, '新增段落。', '再增一段。');
    const a = ingest(base.join('\n'));
    const b = ingest(edited.join('\n'));
    const ids = (p: PlanDoc) => [...p.outline.map((o) => o.id), ...p.blocks.filter((x) => x.sectionId !== 's1').map((x) => x.id)];
    expect(ids(b)).toEqual(ids(a));
  });
});

describe('news articles', () => {
  it('keeps site chrome out of the body but keeps the headline', () => {
    const p = ingest(['成都国际工业博览会', '汉诺威米兰展览', '汉诺威米兰展览', '新闻与媒体', '', '解锁成都“十四五”科技密码', '', '分享:', '', '322日，《纲要》经成都市第十七届人民代表大会第五次会议表决通过后于今日正式对外公布，内容丰富。', '', '第一章 加快构建多层次创新体系', '', '正文。'].join('\n'), 'news-excerpt');
    expect(p.article?.headline).toBe('解锁成都“十四五”科技密码');
    expect(p.excluded.filter((e) => e.kind === 'boilerplate').map((e) => e.lines)).toEqual([[1, 4], [8, 8]]);
    expect(texts(p)[0]).toMatch(/^322日/);
  });
});
