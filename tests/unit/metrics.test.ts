/**
 * Canonical metrics (content/metrics.yaml, src/ingest/metrics.ts): the authored rules, mapping of
 * the seeds' rows and of unseen wordings, unit normalisation, growth, and the sanity flags.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { cagr, indicatorRows, matchMetric, parseMetrics, periodYears, reviewFromText, unitFactor } from '../../src/ingest/metrics.ts';
import { ROOT } from '../../src/ingest/paths.ts';

const metrics = parseMetrics(readFileSync(join(ROOT, 'content/metrics.yaml'), 'utf8'), 'content/metrics.yaml');
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
const rows = indicatorRows(plans, metrics);
const map = (name: string, unit: string | null = null) => matchMetric(name, unit, metrics)?.id ?? null;
const of = (plan: string, metric: string) => rows.filter((r) => r.plan === plan && r.metric === metric);

describe('the metrics file', () => {
  it('has the metrics the issue asks for, each with both names, a unit and a definition', () => {
    const ids = metrics.map((m) => m.id);
    for (const id of ['rd-intensity', 'high-tech-enterprises', 'high-value-patents-per-10k', 'invention-patents-per-10k', 'tech-contract-turnover',
      'incubators-national', 'incubators-provincial', 'incubation-floor-area', 'incubated-firms', 'rd-personnel-per-10k', 'high-tech-industry-revenue',
      'high-level-talent', 'unicorns', 'national-innovation-platforms']) expect(ids).toContain(id);
    for (const m of metrics) expect(m.zh && m.en && m.unit && m.definition && m.definitionEn, m.id).toBeTruthy();
  });

  it('a broken metric is an error naming the file and line', () => {
    const text = 'metrics:\n  - id: a\n    zh: 甲\n    en: A\n    unit: 家\n    definition: 甲\n    definitionEn: A\n    match: {all: ["("]}\n    units: [家]\n';
    expect(() => parseMetrics(text, 'content/metrics.yaml')).toThrow(/^content\/metrics\.yaml:8: invalid metric #1 match/);
    expect(() => parseMetrics('metrics:\n  - id: a\n    zh: 甲\n', 'm.yaml')).toThrow(/^m\.yaml:2: invalid metric #1/);
    expect(() => parseMetrics(text.replace('units: [家]', 'units: [家]\n    related: [b]').replace('["("]', '["甲"]'), 'm.yaml')).toThrow(/related metric "b" does not exist/);
    const ok = text.replace('["("]', '["甲"]').replace('units: [家]', 'units: [家]\n    tags: [talent, no-such-topic]');
    expect(() => parseMetrics(ok, 'm.yaml', new Set(['talent']))).toThrow(/^m\.yaml:2: metric "a": topic "no-such-topic" does not exist/);
    expect(parseMetrics(ok, 'm.yaml', new Set(['talent', 'no-such-topic']))[0].tags).toEqual(['talent', 'no-such-topic']);
  });

  it('every metric names the topics it measures, all of them in the taxonomy', () => {
    const tagIds = new Set(readdirSync(join(ROOT, 'content/tags')).map((f) => f.replace(/\.mdx$/, '')));
    const checked = parseMetrics(readFileSync(join(ROOT, 'content/metrics.yaml'), 'utf8'), 'content/metrics.yaml', tagIds);
    for (const m of checked) expect(m.tags.length, m.id).toBeGreaterThan(0);
    expect(checked.find((m) => m.id === 'rd-intensity')!.tags).toContain('rd-intensity');
  });
});

describe('mapping rules', () => {
  it('R&D intensity, however it is worded, and not its neighbours', () => {
    for (const name of ['研究与试验发展（R&D）经费支出占地区生产总值比重', '全社会研发经费支出占GDP比重', 'R&D经费支出占GDP比重', '全社会R&D经费支出占GDP的比重', '全社会研发投入强度', 'Ｒ＆Ｄ经费支出占ＧＤＰ比重'])
      expect(map(name, '%'), name).toBe('rd-intensity');
    expect(map('基础研究经费占全社会研发经费比重', '%')).toBeNull();
    expect(map('全社会R&D经费投入增长', '%')).toBe('rd-spending-growth');
    expect(map('财政科技支出占比', '%')).toBe('fiscal-st-share');
  });

  it('the two patent metrics stay apart', () => {
    expect(map('每万人口高价值发明专利拥有量', '件')).toBe('high-value-patents-per-10k');
    expect(map('万人发明专利拥有量', '件')).toBe('invention-patents-per-10k');
    expect(map('每万人口有效发明专利拥有量', '件')).toBe('invention-patents-per-10k');
  });

  it('incubator metrics keep their definitions apart', () => {
    expect(map('国家级科技企业孵化器及众创空间', '家')).toBe('incubators-national');
    expect(map('省级以上孵化器及双创基地', '家')).toBe('incubators-provincial');
    expect(map('孵化载体面积', '万平方米')).toBe('incubation-floor-area');
    expect(map('在孵企业总数', '家')).toBe('incubated-firms');
  });

  it('a row whose unit the metric does not accept does not map', () => {
    expect(map('高新技术企业数量', '家')).toBe('high-tech-enterprises');
    expect(map('高新技术企业数量', '亿元')).toBeNull();
    expect(map('高新技术产业营业收入', '万亿元')).toBe('high-tech-industry-revenue');
  });

  it('on the seeds: R&D intensity in three plans, high-tech enterprises in all four with tables, patents apart', () => {
    const rd = (p: string) => of(p, 'rd-intensity').map((r) => [r.baseline_raw, r.target_raw]);
    expect(rd('wuhou-sti')).toEqual([['4.0', '4.5']]);
    expect(rd('chengdu-sti')).toEqual([['3.11', '3.5']]);
    expect(rd('chongqing-htz-sti')).toEqual([['4.9', '5.5']]);
    const withTables = plans.filter((p) => p.indicators.some((i) => i.source === 'table')).map((p) => p.meta.slug);
    expect(withTables).toHaveLength(4);
    for (const p of withTables) expect(of(p, 'high-tech-enterprises'), p).toHaveLength(1);
    const hv = rows.filter((r) => r.metric === 'high-value-patents-per-10k').map((r) => r.plan).sort();
    const inv = rows.filter((r) => r.metric === 'invention-patents-per-10k').map((r) => r.plan).sort();
    expect(hv).toEqual(['chengdu-sti', 'wuhou-sti']);
    // chengdu-outline states its patent target only in prose ("每万人发明专利拥有量达39件").
    expect(inv).toEqual(['chengdu-outline', 'chongqing-htz-sti']);
    expect(of('chengdu-outline', 'invention-patents-per-10k').map((r) => [r.source, r.comparator, r.target_raw, r.unit])).toEqual([['prose', '达', '39', '件']]);
  });
});

describe('numbers', () => {
  it('unit factors within a family only', () => {
    expect(unitFactor('万亿元', '亿元')).toBe(1e4);
    expect(unitFactor('万亿', '亿元')).toBe(1e4);
    expect(unitFactor('万元', '亿元')).toBe(1e-4);
    expect(unitFactor('平方米', '万平方米')).toBe(1e-4);
    expect(unitFactor('名', '人')).toBe(1);
    expect(unitFactor('％', '%')).toBe(1);
    expect(unitFactor('%', '亿元')).toBeNull();
    expect(unitFactor(null, '家')).toBeNull();
  });

  it('implied compound annual growth', () => {
    expect(periodYears('2021–2025')).toEqual({ baseline: 2020, target: 2025 });
    expect(cagr(4.0, 4.5, 5)).toBeCloseTo(1.125 ** 0.2 - 1, 12);
    expect(cagr(100, 200, 5)).toBeCloseTo(0.148698, 6);
    expect(cagr(0, 5, 5)).toBeNull();
    expect(cagr(null, 5, 5)).toBeNull();
    expect(cagr(10, 8, 5)!).toBeLessThan(0);
  });

  it('normalises from the unit as printed and keeps the printed figures', () => {
    const cd = of('chengdu-sti', 'high-tech-industry-revenue')[0];
    expect([cd.baseline_raw, cd.target_raw, cd.unit, cd.baseline_normalized, cd.target_normalized, cd.unit_normalized]).toEqual(['1.1', '1.6', '万亿元', 11000, 16000, '亿元']);
    expect(of('wuhou-sti', 'rd-intensity')[0].cagr).toBeCloseTo(1.125 ** 0.2 - 1, 5);
  });
});

describe('sanity flags', () => {
  it("wuhou-sti's high-tech revenue unit is flagged, not changed", () => {
    const r = of('wuhou-sti', 'high-tech-industry-revenue')[0];
    expect([r.baseline_raw, r.target_raw, r.unit]).toEqual(['320', '450', '万亿']);
    expect(r.flagged).toBe(true);
    expect(r.note).toContain('单位存疑');
    expect(r.note).toContain('亿元');
    // …and it is also an order of magnitude above the city it belongs to.
    expect(r.note).toMatch(/数量级存疑.*chengdu-sti/);
  });

  it('plain rows carry no flag; plan-specific rows stay visible with no metric', () => {
    expect(of('chengdu-sti', 'rd-intensity')[0].flagged).toBe(false);
    expect(of('chongqing-htz-sti', 'rd-intensity')[0].note).toBe('');
    const specific = rows.filter((r) => r.metric === null);
    expect(specific.length).toBeGreaterThan(5);
    expect(specific.every((r) => r.unit_normalized === null)).toBe(true);
  });

  it('a share tenfold away in the same region is flagged; a district below its city is not', () => {
    const hte = of('wuhou-sti', 'high-tech-enterprises')[0];
    expect(hte.flagged).toBe(false); // 1100 in a district vs 12000 in its city is expected.
    const synthetic = indicatorRows(
      plans.filter((p) => p.meta.slug === 'chengdu-sti' || p.meta.slug === 'wuhou-sti').map((p) =>
        p.meta.slug === 'wuhou-sti' ? { ...p, indicators: p.indicators.map((i) => (i.name.includes('占GDP') ? { ...i, target: { raw: '45', value: 45 } } : i)) } : p,
      ),
      metrics,
    );
    expect(synthetic.find((r) => r.plan === 'wuhou-sti' && r.metric === 'rd-intensity')!.note).toMatch(/数量级存疑/);
  });
});

describe('baseline against the review section', () => {
  const checked = indicatorRows(plans, metrics, reviewFromText);
  const row = (plan: string, metric: string) => checked.find((r) => r.plan === plan && r.metric === metric && r.source === 'table')!;

  it('flags a baseline the review section states differently, keeping both figures as printed', () => {
    const w = row('wuhou-sti', 'tech-contract-turnover');
    expect(w.baseline_raw).toBe('72.34');
    expect(w.flagged).toBe(true);
    expect(w.note).toMatch(/基期与回顾部分不一致.*72\.34.*72\.38亿元/);
    expect(row('chongqing-htz-sti', 'tech-contract-turnover').note).toMatch(/5\.1亿元/);
  });

  it('a lower bound ("突破653家" for 654) or a figure for another year ("到2019年的3.47%") is no contradiction', () => {
    expect(row('wuhou-sti', 'high-tech-enterprises').flagged).toBe(false);
    expect(row('wuhou-sti', 'rd-intensity').flagged).toBe(false);
    expect(row('chengdu-sti', 'high-tech-industry-revenue').flagged).toBe(false);
  });
});
