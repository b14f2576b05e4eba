/**
 * The real seeds, end to end through the pipeline: fidelity (every source line in exactly one
 * place of the model), the outline against hand-reviewed fixtures, and indicator rows against
 * the source text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanLines } from '../../src/ingest/clean.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { passages } from '../../src/ingest/passages.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';

const ROOT = join(import.meta.dirname, '../..');
const SLUGS = ['chengdu-outline', 'chengdu-sti', 'chongqing-htz-sti', 'wuhou-industry', 'wuhou-sti'];
const squash = (s: string): string => s.replace(/\s+/g, '');

let plans: Map<string, PlanDoc>;
beforeAll(async () => {
  const { plans: list, errors } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
  expect(errors.map((e) => e.message)).toEqual([]);
  plans = new Map(list.map((p) => [p.meta.slug, p]));
});

const sourceLines = (slug: string) => cleanLines(readFileSync(join(ROOT, 'seeds', `${slug}.txt`), 'utf8').replace(/\r\n?/g, '\n'));

describe.each(SLUGS)('%s', (slug) => {
  it('is ingested with all metadata', () => {
    const p = plans.get(slug)!;
    expect(p).toBeDefined();
    expect(p.meta.slug).toBe(slug);
    expect(p.meta.title.length).toBeGreaterThan(4);
  });

  it('keeps ≥ 99.5% of the source characters', () => {
    const p = plans.get(slug)!;
    expect(p.coverage.ratio).toBeGreaterThanOrEqual(0.995);
    expect(p.coverage.missingLines).toEqual([]);
  });

  it('puts every line of body text in exactly one place, with its text', () => {
    const p = plans.get(slug)!;
    type Owner = { kind: string; lines: [number, number]; text: string };
    const owners: Owner[] = [];
    for (const o of p.outline) if (!o.missing) owners.push({ kind: 'heading', lines: o.sourceLines, text: `${o.label ?? ''}${o.title ?? ''}` });
    for (const b of p.blocks) {
      if (b.type === 'paragraph') owners.push({ kind: 'paragraph', lines: b.sourceLines, text: b.text });
      else if (b.type === 'list') for (const i of b.items) owners.push({ kind: 'item', lines: i.sourceLines, text: i.label + i.text });
      else owners.push({ kind: 'table', lines: b.sourceLines, text: (b.caption ?? '') + b.header.join('') + b.rows.map((r) => r.cells.join('')).join('') });
    }
    if (p.article?.headlineLine) owners.push({ kind: 'headline', lines: [p.article.headlineLine, p.article.headlineLine], text: p.article.headline ?? '' });
    const excluded = p.excluded;
    const problems: string[] = [];
    for (const l of sourceLines(slug)) {
      if (l.blank) continue;
      const ex = excluded.find((e) => e.lines[0] <= l.n && l.n <= e.lines[1]);
      if (ex && (ex.kind === 'boilerplate' || ex.kind === 'toc')) continue;
      const own = owners.filter((o) => o.lines[0] <= l.n && l.n <= o.lines[1]);
      const t = squash(l.text);
      if (ex) {
        // A title or header repeated at a page top: recorded as excluded, its text already in the model.
        if (!squash(ex.text).includes(t) && !t.includes(squash(ex.text))) problems.push(`line ${l.n}: excluded record does not hold its text`);
        continue;
      }
      if (own.length === 0) problems.push(`line ${l.n}: in no block: ${l.text.slice(0, 40)}`);
      else if (own.length > 2 || (own.length === 2 && !own.some((o) => o.kind === 'heading'))) problems.push(`line ${l.n}: in ${own.length} blocks`);
      else if (!squash(own.map((o) => o.text).join('')).includes(t)) problems.push(`line ${l.n}: text not in its block: ${l.text.slice(0, 40)}`);
    }
    expect(problems).toEqual([]);
  });

  it('has the hand-reviewed outline: labels, titles and levels', () => {
    const p = plans.get(slug)!;
    const expected = readFileSync(join(ROOT, 'tests/fixtures/outline', `${slug}.tsv`), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const actual = p.outline.map((o) => `${o.level}\t${o.kind}\t${o.label ?? ''}\t${o.title ?? '∅'}\t${o.sourceLines[0]}`);
    expect(actual).toEqual(expected);
  });

  it('has a consistent outline tree', () => {
    const p = plans.get(slug)!;
    const byId = new Map(p.outline.map((o) => [o.id, o]));
    expect(byId.size).toBe(p.outline.length);
    for (const o of p.outline) {
      if (o.parentId) {
        const parent = byId.get(o.parentId)!;
        expect(parent.kind).toBe('section');
        expect(o.level).toBeGreaterThan(parent.level);
        if (o.kind === 'box') expect(o.level).toBe(parent.level + 1);
      } else expect(o.level).toBe(1);
      // Heading titles are titles, not sentences or table cells.
      if (o.title) expect(o.title).not.toMatch(/[。\t]/);
    }
    const ids = [...p.blocks.map((b) => b.id), ...p.blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => i.id) : b.type === 'table' ? b.rows.map((r) => r.id) : []))];
    expect(new Set([...ids, ...byId.keys()]).size).toBe(ids.length + byId.size);
    for (const b of p.blocks) if (b.sectionId) expect(byId.has(b.sectionId)).toBe(true);
  });

  it('checks every indicator row against the source text', () => {
    const p = plans.get(slug)!;
    const lines = sourceLines(slug);
    for (const ind of p.indicators.filter((i) => i.source === 'table')) {
      const src = squash(lines.slice(ind.sourceLines[0] - 1, ind.sourceLines[1]).map((l) => l.text).join(''));
      expect(src).toContain(squash(ind.name));
      if (ind.unit) expect(src).toContain(squash(`（${ind.unit}）`).replace('（', '').replace('）', ''));
      expect(src).toContain(squash(ind.baseline.raw));
      expect(src).toContain(squash(ind.target.raw));
      if (ind.attributeSource === 'column') expect(src).toContain(ind.attribute);
      for (const f of [ind.baseline, ind.target]) {
        if (f.value !== null) expect(Number(f.raw.trim())).toBe(f.value);
        else expect(f.raw).not.toMatch(/^\s*-?\d+(\.\d+)?\s*$/);
      }
    }
    // Prose targets: the clause is verbatim in the passage it is anchored at, and in the source lines.
    const texts = new Map(passages(p).map((x) => [x.id, x.text]));
    for (const ind of p.indicators.filter((i) => i.source === 'prose')) {
      expect(texts.get(ind.anchor), `${slug} ${ind.id}`).toContain(ind.text);
      expect(ind.text).toContain(ind.name);
      expect(ind.text).toContain(ind.target.raw);
      expect(squash(lines.slice(ind.sourceLines[0] - 1, ind.sourceLines[1]).map((l) => l.text).join(''))).toContain(squash(ind.text!));
    }
  });
});

describe('seed specifics', () => {
  it('finds every indicator row of the four target tables', () => {
    // Row counts read off the printed tables.
    const table = (slug: string) => plans.get(slug)!.indicators.filter((i) => i.source === 'table');
    expect(table('wuhou-sti').map((i) => i.row)).toEqual(Array.from({ length: 13 }, (_, k) => String(k + 1)));
    expect(table('wuhou-industry')).toHaveLength(11);
    expect(table('chengdu-sti').map((i) => i.row)).toEqual(Array.from({ length: 10 }, (_, k) => String(k + 1)));
    expect(table('chongqing-htz-sti').map((i) => i.row)).toEqual(Array.from({ length: 20 }, (_, k) => String(k + 1)));
    expect(table('chengdu-outline')).toEqual([]);
  });

  it('reads R&D intensity exactly as printed', () => {
    const rd = (slug: string) => plans.get(slug)!.indicators.find((i) => /研发|R&D/.test(i.name) && /GDP|生产总值/.test(i.name))!;
    expect([rd('wuhou-sti').baseline, rd('wuhou-sti').target]).toEqual([{ raw: '4.0', value: 4 }, { raw: '4.5', value: 4.5 }]);
    expect([rd('chengdu-sti').baseline, rd('chengdu-sti').target]).toEqual([{ raw: '3.11', value: 3.11 }, { raw: '3.5', value: 3.5 }]);
    expect([rd('chongqing-htz-sti').baseline, rd('chongqing-htz-sti').target]).toEqual([{ raw: '4.9', value: 4.9 }, { raw: '5.5', value: 5.5 }]);
    expect(rd('wuhou-sti').unit).toBe('%');
  });

  it('keeps non-numeric cells raw with a null value and inherits merged categories', () => {
    const w = plans.get('wuhou-sti')!.indicators;
    const digital = w.find((i) => i.name.startsWith('数字经济核心产业'))!;
    expect(digital.baseline).toEqual({ raw: '——', value: null });
    expect(digital.target).toEqual({ raw: '高于全市平均水平', value: null });
    expect(digital.category).toBe('创新产出');
    const ind = plans.get('wuhou-industry')!.indicators;
    expect(ind.filter((i) => i.category === '规模 体量').map((i) => i.name)).toEqual(['全口径工业增加值', '全口径工业增加值年均增速', '累计完成工业投资']);
    const cq = plans.get('chongqing-htz-sti')!.indicators;
    expect(cq.find((i) => i.row === '14')!.name).toBe('战略性新兴企业产值占工业总产值比重');
    expect(cq.find((i) => i.row === '7')!.baseline).toEqual({ raw: '-', value: null });
  });

  it('flags the unit that contradicts the prose (万亿 vs 亿元) without changing it', () => {
    const p = plans.get('wuhou-sti')!;
    const rev = p.indicators.find((i) => i.name === '高新技术产业营业收入')!;
    expect(rev.unit).toBe('万亿');
    expect(p.diagnostics.some((d) => d.code === 'unit-mismatch' && d.ref === rev.id && d.message.includes('亿元'))).toBe(true);
  });

  it('takes chengdu-sti table split across pages as one table, and the TOC out of the outline', () => {
    const p = plans.get('chengdu-sti')!;
    expect(p.excluded.find((e) => e.kind === 'toc')?.lines).toEqual([15, 68]);
    const t = p.blocks.find((b) => b.type === 'table' && b.caption?.includes('预期性指标'));
    expect(t?.type === 'table' && t.rows.length).toBe(10);
    // Levels 1–2 of the outline are exactly the chapters and sections the document's own TOC lists.
    const toc = p.excluded.find((e) => e.kind === 'toc')!.text.split('\n').slice(1);
    const tocTitles = toc.map((l) => squash(l.split('\t').slice(0, -1).join('').replace(/·+/g, ''))).filter((l) => /^(第.+章|[一二三四五六七八九十]+、)/.test(l));
    const outlineTitles = p.outline.filter((o) => o.level <= 2 && o.kind === 'section' && o.tier !== 'front' && o.tier !== 'appendix').map((o) => squash(`${o.label}${o.title}`));
    expect(outlineTitles).toEqual(tocTitles);
  });

  it('treats bold run-in leads as paragraphs, not headings', () => {
    const leads = ['化妆品研发制造。', '——创新能力持续提升。'];
    const p = plans.get('wuhou-sti')!;
    for (const lead of leads) {
      expect(p.outline.some((o) => (o.title ?? '').includes(lead.replace('。', '')))).toBe(false);
      expect(p.blocks.some((b) => b.type === 'paragraph' && b.text.startsWith(lead))).toBe(true);
    }
  });

  it('keeps chongqing text whose headings are missing in order, under untitled sections, with diagnostics', () => {
    const p = plans.get('chongqing-htz-sti')!;
    const ch3 = p.outline.find((o) => o.label === '第三章')!;
    const kids = p.outline.filter((o) => o.parentId === ch3.id && o.kind === 'section');
    expect(kids.filter((k) => k.missing)).toHaveLength(3);
    expect(kids.filter((k) => !k.missing).map((k) => k.label)).toEqual(['第四节', '第五节', '第六节', '第七节', '第八节', '第九节']);
    expect(p.diagnostics.some((d) => d.code === 'missing-heading' && d.message.includes('第四节'))).toBe(true);
    expect(p.diagnostics.some((d) => d.code === 'missing-box' && d.message.includes('专栏2'))).toBe(true);
    // The goals text (到2025年…) is not attributed to 第二节 基本原则.
    const goals = p.blocks.find((b) => b.type === 'paragraph' && b.text.startsWith('到2025年'))!;
    const sec = p.outline.find((o) => o.id === goals.sectionId)!;
    expect(sec.missing).toBe(true);
  });

  it('keeps web-page chrome out of chengdu-outline but keeps the headline', () => {
    const p = plans.get('chengdu-outline')!;
    expect(p.article?.headline).toBe('解锁成都“十四五”科技密码');
    const body = JSON.stringify(p.blocks);
    expect(body).not.toContain('汉诺威米兰展览');
    expect(body).not.toContain('扫码关注');
    expect(p.excluded.some((e) => e.kind === 'boilerplate' && e.text.includes('汉诺威米兰展览'))).toBe(true);
    expect(p.blocks[0].type === 'paragraph' && p.blocks[0].text.startsWith('322日')).toBe(true);
  });

  it('joins paragraphs broken by page breaks, even mid-word', () => {
    const p = plans.get('wuhou-industry')!;
    const para = p.blocks.find((b) => b.type === 'paragraph' && b.text.includes('大量资本开始“脱实入虚”'));
    expect(para?.sourceLines).toEqual([102, 106]);
    const cd = plans.get('chengdu-sti')!;
    // A list item of a box continues after the box title repeated at the page top.
    const item = cd.blocks.flatMap((b) => (b.type === 'list' ? b.items : [])).find((i) => i.text.startsWith('6G。'));
    expect(item?.text).toContain('太赫兹');
    expect(item?.text).toContain('与开源网络、区块链等潜在关键核心技术的前瞻研究');
  });

  it('gives every plan the same ids on every run', async () => {
    const again = (await ingestCorpus(join(ROOT, 'seeds'), 'seeds')).plans;
    for (const p of again) expect(JSON.stringify(p)).toBe(JSON.stringify(plans.get(p.meta.slug)));
  });
});
