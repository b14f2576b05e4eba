/**
 * Prose targets (2025 targets stated only in a plan's goals prose) and review figures, on the
 * real seeds (cases checked by hand against the plan text) and on small synthetic plans.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import { passages } from '../../src/ingest/passages.ts';
import { extractProseTargets, reviewFigures, type ProseTarget } from '../../src/ingest/prose.ts';
import type { Block, OutlineNode, PlanDoc } from '../../src/ingest/schema.ts';

let plans: Map<string, PlanDoc>;
beforeAll(async () => {
  const { plans: list, errors } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
  expect(errors.map((e) => e.message)).toEqual([]);
  plans = new Map(list.map((p) => [p.meta.slug, p]));
});
const plan = (slug: string): PlanDoc => {
  const p = plans.get(slug);
  if (!p) throw new Error(`no plan ${slug}`);
  return p;
};
const byText = (ts: ProseTarget[], text: string): ProseTarget | undefined => ts.find((t) => t.text === text);

describe('prose targets in the seeds', () => {
  it('are verbatim: text is the passage text at span, subject a substring of it', () => {
    for (const p of plans.values()) {
      const texts = new Map(passages(p).map((x) => [x.id, x.text]));
      for (const t of extractProseTargets(p)) {
        const text = texts.get(t.passageId);
        expect(text, t.passageId).toBeDefined();
        expect(text!.slice(t.span[0], t.span[1])).toBe(t.text);
        expect(t.text).toContain(t.subject);
        expect(t.text).toContain(t.figure.raw);
        expect(t.subject).not.toBe('');
        expect(t.figure.value).toBe(Number(t.figure.raw.replace(/,/g, '')));
      }
    }
  });

  it('chongqing-htz-sti: 瞪羚企业 is a prose target, 高新技术企业 500 restates the table', () => {
    const p = plan('chongqing-htz-sti');
    expect(p.indicators.find((i) => i.name === '高新技术企业数量')?.target.raw).toBe('500');
    const ts = extractProseTargets(p);
    const t = byText(ts, '瞪羚企业累计达50家以上');
    expect(t).toMatchObject({ passageId: 's2-u1-p4', sectionId: 's2-u1', subject: '瞪羚企业', figure: { raw: '50', value: 50 }, unit: '家' });
    expect(t!.comparator).toContain('累计达');
    expect(t!.comparator).toContain('以上');
    expect(ts.filter((x) => x.subject.includes('高新技术企业'))).toEqual([]);
    expect(ts.find((x) => x.text.includes('高新技术企业达到500家'))).toBeUndefined();
    // An enumeration carries its verb; 杰出人才 300 is in the table and dropped.
    expect(byText(ts, '领军人才1000名')).toMatchObject({ subject: '领军人才', comparator: '引进和培育', figure: { raw: '1000', value: 1000 }, unit: '名' });
    expect(ts.find((x) => x.subject === '杰出人才')).toBeUndefined();
    expect(byText(ts, '人才资源总量达到20万人')).toMatchObject({ figure: { raw: '20', value: 20 }, unit: '万人', comparator: '达到' });
  });

  it('wuhou-sti: 省级以上创新创业载体数量 is a prose target; table rows are not repeated', () => {
    const ts = extractProseTargets(plan('wuhou-sti'));
    expect(byText(ts, '省级以上创新创业载体数量达15个以上')).toMatchObject({
      passageId: 's2-4-2-p3',
      sectionId: 's2-4-2',
      subject: '省级以上创新创业载体数量',
      comparator: '达…以上',
      figure: { raw: '15', value: 15 },
      unit: '个',
    });
    // 高新技术企业 1100, 技术合同成交金额 80, R&D 4.5% … are all in the indicator table.
    for (const raw of ['1100', '80', '4.5', '25', '140', '450']) expect(ts.find((t) => t.figure.raw === raw), raw).toBeUndefined();
    expect(ts.map((t) => t.text)).toEqual(['万名就业人员中研发人员数超1000人', '省级以上创新创业载体数量达15个以上']);
  });

  it('chengdu-outline (no goals section, no table): the 到2025年 sentences give 7 targets', () => {
    const p = plan('chengdu-outline');
    expect(p.indicators.filter((i) => i.source === 'table')).toEqual([]);
    const ts = extractProseTargets(p);
    // The pipeline turns each into a prose indicator row anchored at its passage.
    expect(p.indicators.map((i) => [i.source, i.anchor, i.text])).toEqual(ts.map((t) => ['prose', t.passageId, t.text]));
    expect(ts.map((t) => [t.passageId, t.text])).toEqual([
      ['s5-1-p1', '力争建成1个国家实验室'],
      ['s5-1-p1', '1个国家技术创新中心'],
      ['s5-1-p1', '3个重大科技基础设施'],
      ['s5-1-p1', '新增20个国家级科技创新平台'],
      ['s5-2-p1', '每万人发明专利拥有量达39件'],
      ['s5-2-p1', '全市技术合同成交总额超过1800亿元'],
      ['s6-1-3-p1', '全面建成2000万平方米以上高品质科创空间'],
    ]);
    expect(byText(ts, '1个国家技术创新中心')).toMatchObject({ subject: '国家技术创新中心', comparator: '力争建成', figure: { raw: '1', value: 1 }, unit: '个' });
    expect(byText(ts, '全市技术合同成交总额超过1800亿元')).toMatchObject({ subject: '全市技术合同成交总额', comparator: '超过', figure: { raw: '1800', value: 1800 }, unit: '亿元' });
    expect(byText(ts, '全面建成2000万平方米以上高品质科创空间')).toMatchObject({ subject: '高品质科创空间', comparator: '全面建成…以上', unit: '万平方米' });
  });

  it('wuhou-industry: 到2025年 sentences in the 发展重点 sections count, with the 其中 sentence after them', () => {
    const ts = extractProseTargets(plan('wuhou-industry'));
    expect(byText(ts, '“健康+”产业增加值超过190亿元')).toMatchObject({ passageId: 's4-2-1-1-p1', figure: { raw: '190', value: 190 }, unit: '亿元' });
    expect(byText(ts, '生物医药产值超过100亿元')).toMatchObject({ passageId: 's4-2-1-1-p1', subject: '生物医药产值' });
    // The goals section's own table (全口径工业增加值 180, 高新技术企业 1100 …) is not repeated.
    expect(ts.find((t) => t.figure.raw === '180' || t.figure.raw === '1100')).toBeUndefined();
    expect(byText(ts, '工业占 GDP 比重提升至 10%')).toMatchObject({ subject: '工业占 GDP 比重', comparator: '提升至', unit: '%' });
  });
});

describe('review figures in the seeds', () => {
  it('wuhou-sti: the review states 72.38 亿元 and 653 家 where the table prints 72.34 and 654', () => {
    const p = plan('wuhou-sti');
    expect(p.indicators.find((i) => i.name === '技术合同交易额')?.baseline.raw).toBe('72.34');
    expect(p.indicators.find((i) => i.name === '高新技术企业数量')?.baseline.raw).toBe('654');
    expect(reviewFigures(p, '技术合同交易额')).toEqual([
      { passageId: 's1-1-3-p1', phrase: '技术合同成交额', figure: { raw: '72.38', value: 72.38 }, unit: '亿元', text: '技术合同成交额达72.38亿元' },
    ]);
    expect(reviewFigures(p, '高新技术企业数量')).toEqual([
      { passageId: 's1-1-2-p1', phrase: '高新技术企业', figure: { raw: '653', value: 653 }, unit: '家', text: '武侯区高新技术企业突破653家' },
    ]);
    // 准独角兽企业 is not 独角兽企业.
    expect(reviewFigures(p, '独角兽企业')).toEqual([]);
  });

  it('chongqing-htz-sti: 技术合同成交额 5.1 where the table prints 5', () => {
    const r = reviewFigures(plan('chongqing-htz-sti'), '技术合同交易额');
    expect(r.map((x) => [x.passageId, x.figure.raw, x.unit])).toEqual([['s1-1-4-p1', '5.1', '亿元']]);
  });
});

// ---------------------------------------------------------------------------------------------
// Synthetic plans

const node = (id: string, title: string | null, parentId: string | null = null, extra: Partial<OutlineNode> = {}): OutlineNode => ({
  id,
  level: parentId ? 2 : 1,
  label: null,
  title,
  kind: 'section',
  parentId,
  tier: 'cn',
  sourceLines: [1, 1],
  ...extra,
});
const para = (id: string, sectionId: string, text: string): Block => ({ id, sectionId, type: 'paragraph', text, sourceLines: [2, 2], tags: [] });
const indicatorTable = (id: string, sectionId: string, rows: string[][]): Block => ({
  id,
  sectionId,
  type: 'table',
  caption: null,
  header: ['序号', '指标', '2020年', '2025年'],
  rows: rows.map((cells, k) => ({ id: `${id}-r${k + 1}`, cells, sourceLines: [3 + k, 3 + k], tags: [] })),
  sourceLines: [3, 3 + rows.length],
});
const synthetic = (outline: OutlineNode[], blocks: Block[]): Pick<PlanDoc, 'outline' | 'blocks'> => ({ outline, blocks });
const texts = (p: Pick<PlanDoc, 'outline' | 'blocks'>): string[] => extractProseTargets(p).map((t) => t.text);

describe('prose targets: rules', () => {
  const goals = node('s1', '发展目标');
  const tasks = node('s2', '重点任务');

  it('a year, an ordinal or a number without a unit is not a target', () => {
    const p = synthetic([goals], [
      para('s1-p1', 's1', '建成时间力争达到2025年，研发投入强度达到3.5%。'),
      para('s1-p2', 's1', '创新指数排名达到第3名，瞪羚企业达到50，专利数量进入全国前10位。'),
    ]);
    expect(texts(p)).toEqual(['研发投入强度达到3.5%']);
  });

  it('a sentence outside goals sections counts only when it says 到2025年', () => {
    const p = synthetic([goals, tasks], [
      para('s2-p1', 's2', '支持企业发展，瞪羚企业达到50家。'),
      para('s2-p2', 's2', '加快培育科技企业。到2025年，独角兽企业达到5家。其中，新增3家。'),
      para('s2-p3', 's2', '完善服务体系。力争到2025年，建成孵化器12个。其中，国家级孵化器达到4个。此后孵化器达到20个。'),
    ]);
    expect(extractProseTargets(p).map((t) => [t.passageId, t.text])).toEqual([
      ['s2-p2', '独角兽企业达到5家'],
      ['s2-p3', '建成孵化器12个'],
      ['s2-p3', '国家级孵化器达到4个'],
    ]);
  });

  it('a sentence in a goals section about another year (2035 vision, 2020 baseline) is skipped', () => {
    const p = synthetic([goals], [
      para('s1-p1', 's1', '2020年，瞪羚企业达到20家。到2035年，瞪羚企业达到100家。到2025年，瞪羚企业达到50家。'),
    ]);
    expect(texts(p)).toEqual(['瞪羚企业达到50家']);
  });

  it('returns text verbatim with spans, keeping spaces, multipliers and suffixes as printed', () => {
    const text = '——创新主体壮大。到 2025 年，高新技术企业突破 1.2 万家，新增独角兽企业 5 家以上；引进和培育顶尖人才50名、杰出人才300名，力争建成1个国家实验室、2个技术创新中心。';
    const ts = extractProseTargets(synthetic([goals], [para('s1-p1', 's1', text)]));
    expect(ts.map((t) => ({ subject: t.subject, comparator: t.comparator, figure: t.figure, unit: t.unit, text: t.text }))).toEqual([
      { subject: '高新技术企业', comparator: '突破', figure: { raw: '1.2', value: 1.2 }, unit: '万家', text: '高新技术企业突破 1.2 万家' },
      { subject: '独角兽企业', comparator: '新增…以上', figure: { raw: '5', value: 5 }, unit: '家', text: '新增独角兽企业 5 家以上' },
      { subject: '顶尖人才', comparator: '引进和培育', figure: { raw: '50', value: 50 }, unit: '名', text: '引进和培育顶尖人才50名' },
      { subject: '杰出人才', comparator: '引进和培育', figure: { raw: '300', value: 300 }, unit: '名', text: '杰出人才300名' },
      { subject: '国家实验室', comparator: '力争建成', figure: { raw: '1', value: 1 }, unit: '个', text: '力争建成1个国家实验室' },
      { subject: '技术创新中心', comparator: '力争建成', figure: { raw: '2', value: 2 }, unit: '个', text: '2个技术创新中心' },
    ]);
    for (const t of ts) expect(text.slice(t.span[0], t.span[1])).toBe(t.text);
    expect(ts[0].span).toEqual([text.indexOf('高新技术企业突破'), text.indexOf('高新技术企业突破') + '高新技术企业突破 1.2 万家'.length]);
    expect(ts.every((t) => t.passageId === 's1-p1' && t.sectionId === 's1')).toBe(true);
  });

  it('an 、 inside a subject does not split it', () => {
    const ts = extractProseTargets(synthetic([goals], [para('s1-p1', 's1', '引进国家重点实验室、国家技术创新中心等高能级平台10个以上。')]));
    expect(ts).toHaveLength(1);
    expect(ts[0]).toMatchObject({ subject: '国家重点实验室、国家技术创新中心等高能级平台', comparator: '引进…以上' });
  });

  it('drops a target that restates an indicator row (same figure, shared name core), also across 万 multipliers', () => {
    const p = synthetic([goals], [
      para('s1-p1', 's1', '高新技术企业达到500家，瞪羚企业达到500家，科技型企业突破 1.2 万家，技术合同成交金额达80亿元。'),
      indicatorTable('s1-t1', 's1', [
        ['1', '高新技术企业数量（家）', '300', '500'],
        ['2', '科技型企业（家）', '6000', '12000'],
        ['3', '技术合同交易额（亿元）', '50', '80'],
      ]),
    ]);
    expect(texts(p)).toEqual(['瞪羚企业达到500家']);
  });

  it('uses only the 目标 part of a compound heading, and the whole subtree of a plain one', () => {
    const p = synthetic(
      [node('s1', '发展思路和发展目标'), node('s1-1', '战略定位', 's1'), node('s1-2', '发展目标', 's1'), node('s2', '主要目标'), node('s2-1', '创新能力', 's2')],
      [
        para('s1-1-p1', 's1-1', '示范企业达到10家。'),
        para('s1-2-p1', 's1-2', '示范企业达到20家。'),
        para('s2-1-p1', 's2-1', '示范平台达到30个。'),
      ],
    );
    expect(texts(p)).toEqual(['示范企业达到20家', '示范平台达到30个']);
  });

  it('a section whose heading is missing is a goals section when it holds the indicator table', () => {
    const outline = [node('s2', '总体思路'), node('s2-u1', null, 's2', { missing: true, tier: 'missing' })];
    const blocks = [para('s2-u1-p1', 's2-u1', '科创平台集聚。建成研发机构320个。'), indicatorTable('s2-u1-t1', 's2-u1', [['1', '重点实验室（个）', '76', '100']])];
    expect(texts(synthetic(outline, blocks))).toEqual(['建成研发机构320个']);
    expect(texts(synthetic(outline, blocks.slice(0, 1)))).toEqual([]);
  });
});

describe('review figures: rules', () => {
  const outline = [node('s1', '发展回顾和面临形势'), node('s1-1', '主要成就', 's1'), node('s1-2', '面临形势', 's1'), node('s2', '重点任务')];
  const p = synthetic(outline, [
    para('s1-1-p1', 's1-1', '截至2020年，全区技术合同交易额达 12.5 亿元，高新技术企业数量较上年增长20%，准独角兽企业3家，全社会研发（R&D）经费支出占地区生产总值比重到2019年的3.47%。'),
    para('s1-2-p1', 's1-2', '技术合同成交额达99亿元。'),
    para('s2-p1', 's2', '技术合同成交额达80亿元。'),
  ]);

  it('finds the name (or a synonym) followed in the same clause by a figure, only in review sections', () => {
    expect(reviewFigures(p, '技术合同成交额')).toEqual([
      { passageId: 's1-1-p1', phrase: '技术合同交易额', figure: { raw: '12.5', value: 12.5 }, unit: '亿元', text: '全区技术合同交易额达 12.5 亿元' },
    ]);
    expect(reviewFigures(p, '全社会R&D经费支出占GDP的比重').map((r) => [r.phrase, r.figure.raw, r.unit])).toEqual([
      ['全社会研发（R&D）经费支出占地区生产总值比重', '3.47', '%'],
    ]);
  });

  it('does not take a growth rate for a count, nor 准独角兽企业 for 独角兽企业', () => {
    expect(reviewFigures(p, '高新技术企业数量')).toEqual([]);
    expect(reviewFigures(p, '独角兽企业')).toEqual([]);
  });
});
