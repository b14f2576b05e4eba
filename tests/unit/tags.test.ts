/**
 * The taxonomy (content/tags) and the tagger (src/ingest/tags.ts): term matching, word
 * boundaries, exclusions, heading weight, passages that list many topics, and the seeds.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { IngestError } from '../../src/ingest/errors.ts';
import { passageRecords, passages } from '../../src/ingest/passages.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import type { PassageTag } from '../../src/ingest/schema.ts';
import { createTagger, explainPassage, normalise, tagBlocks, tagsIndex } from '../../src/ingest/tags.ts';
import { loadTaxonomy, parseTag, type TagDef } from '../../src/ingest/taxonomy.ts';

const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
const tagger = createTagger(taxonomy);
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger);
const index = tagsIndex(taxonomy, plans);

const def = (id: string, terms: string[], exclude: string[] = []): TagDef => ({
  id, zh: id, en: id, order: id.length, requested: false, definition: 'd', definitionEn: 'd', file: `${id}.mdx`, exclude, fromHeading: true, experimental: false,
  terms: terms.map((t) => ({ term: t, word: [...t].length <= 2 })),
});

describe('taxonomy', () => {
  it('has the four requested topics, each with Chinese and English names and definitions', () => {
    const requested = taxonomy.filter((t) => t.requested).map((t) => t.id);
    expect(requested.sort()).toEqual(['chengdu-chongqing', 'incubators', 'rd-intensity', 'talent']);
    for (const t of taxonomy) {
      expect(t.zh, t.id).toMatch(/\p{Script=Han}/u);
      expect(t.en, t.id).toMatch(/^[A-Z][\x20-\x7e–—]+$/);
      expect(t.definition.length, t.id).toBeGreaterThan(20);
      expect(t.definitionEn.length, t.id).toBeGreaterThan(40);
    }
  });

  it('the requested topics carry the terms users named', () => {
    const terms = (id: string) => taxonomy.find((t) => t.id === id)!.terms.map((t) => t.term);
    expect(terms('rd-intensity')).toEqual(expect.arrayContaining(['研发经费', 'R&D经费', '研发投入', '研究与试验发展']));
    expect(terms('incubators')).toEqual(expect.arrayContaining(['孵化器', '众创空间', '加速器', '孵化载体', '双创基地', '在孵企业']));
    expect(terms('talent')).toEqual(expect.arrayContaining(['人才', '院士']));
    expect(terms('chengdu-chongqing')).toEqual(expect.arrayContaining(['成渝', '双城经济圈', '西部科学城', '一城多园']));
  });

  it('at least 12 further topics recur in at least three plans', () => {
    const recurring = index.tags.filter((t) => !t.requested && Object.values(t.counts).filter((n) => n > 0).length >= 3);
    expect(recurring.length).toBeGreaterThanOrEqual(12);
  });

  it('a broken tag file is an error naming the file and line', () => {
    const bad = (text: string) => {
      try {
        parseTag(text, 'content/tags/x.mdx', 'x');
      } catch (e) {
        return e as IngestError;
      }
      throw new Error('accepted');
    };
    expect(bad('no front matter').message).toMatch(/^content\/tags\/x\.mdx:1: missing YAML front matter/);
    expect(bad('---\nzh: 甲\nen: A\norder: 1\ndefinition: 定义\ndefinitionEn: def\nterms: []\n---\n').message).toMatch(/^content\/tags\/x\.mdx:7: invalid field "terms"/);
    expect(bad('---\nzh: 甲\nen: A\norder: 1\ndefinition: 定义\ndefinitionEn: def\nterms: [甲]\ncolour: red\n---\n').message).toMatch(/x\.mdx:8: unknown field "colour"/);
    expect(bad('---\nzh: 甲\n  en: : A\n---\n').message).toMatch(/x\.mdx:\d+: invalid YAML/);
    const dir = mkdtempSync(join(tmpdir(), 'tags-'));
    for (const id of ['a', 'b']) writeFileSync(join(dir, `${id}.mdx`), `---\nzh: 甲\nen: A\norder: 1\ndefinition: 定义\ndefinitionEn: def\nterms: [甲]\n---\n`);
    expect(() => loadTaxonomy(dir, 'tags')).toThrow(/tags\/b\.mdx: order 1 is also used by tags\/a\.mdx/);
  });
});

describe('matching', () => {
  it('normalises full-width forms, spaces and escapes but maps spans back to the printed text', () => {
    expect(normalise('Ｒ＆Ｄ 经费').text).toBe('r&d经费');
    const t = createTagger([def('rd', ['R&D经费'])]);
    for (const s of ['全社会R&D经费支出', '全社会 R&D 经费支出', '全社会研究与试验发展（R\\&D）经费', '全社会Ｒ＆Ｄ经费']) {
      const m = t.match(s);
      expect(m, s).toHaveLength(s.includes('（R\\&D）') ? 0 : 1);
      for (const x of m) expect(s.slice(x.start, x.end).replace(/\s/g, '').normalize('NFKC')).toBe('R&D经费');
    }
  });

  it('short terms match only on word boundaries (Intl.Segmenter)', () => {
    const t = createTagger([def('hte', ['高企'])]);
    expect(t.match('推动高企倍增')).toHaveLength(1);
    expect(t.match('全面提高企业创新能力')).toHaveLength(0);
  });

  it('a term inside an excluded phrase does not count; the longest term claims its span', () => {
    const t = createTagger([def('talent', ['专家', '人才'], ['专家论证']), def('rd', ['研发投入', '研发投入强度'])]);
    expect(t.match('组织专家论证')).toHaveLength(0);
    expect(t.match('引进专家人才').map((m) => m.term)).toEqual(['专家', '人才']);
    expect(t.match('提高研发投入强度').map((m) => m.term)).toEqual(['研发投入强度']);
  });
});

describe('sense: cues, headings, table columns', () => {
  const intl: TagDef = { ...def('intl', ['一带一路']), terms: [{ term: '国际', word: true, cues: ['合作', '交流'], scope: 'clause' }, { term: '一带一路', word: false }] };
  const uni: TagDef = { ...def('uni', ['校地']), terms: [{ term: '高校', word: true, cues: ['合作'], scope: 'sentence' }] };
  const city: TagDef = { ...def('city', ['科学城']), fromHeading: false };
  const t = createTagger([intl, uni, city, def('talent', ['人才'])]);

  it('an ambiguous term counts only beside one of its cues in the same clause, and the evidence names the cue', () => {
    expect(t.match('深化国际科技合作，建设国际技术转移中心。').map((m) => [m.term, m.cue])).toEqual([['国际', '合作']]);
    expect(t.match('打造国际一流营商环境。')).toEqual([]);
    // The cue must stand in the same clause: a comma ends it.
    expect(t.match('建设天府国际生物城，加强与企业合作。')).toEqual([]);
    // The cue is looked for outside the term: "国际交流" needs no other word, "交流国际" neither.
    expect(t.match('举办国际交流活动。').map((m) => m.cue)).toEqual(['交流']);
    const [tag] = t.tagPassage('深化国际科技合作。', []);
    expect(tag.evidence).toEqual([{ term: '国际', where: 'text', spans: [[2, 4]], cues: ['合作'] }]);
    // A term without cues needs none.
    expect(t.match('共建“一带一路”。').map((m) => m.term)).toEqual(['一带一路']);
  });

  it('a sentence-scoped cue may stand anywhere in the sentence, but not in the next one', () => {
    expect(t.match('支持高校建设研究院，与企业开展合作。').map((m) => m.term)).toEqual(['高校']);
    expect(t.match('支持高校加快建设。与企业开展合作。')).toEqual([]);
  });

  it('a topic with fromHeading: false is not given by its heading alone', () => {
    expect(t.tagPassage('建设大科学装置。', [{ id: 's2', text: '建设西部科学城' }])).toEqual([]);
    const both = t.tagPassage('推进西部科学城建设。', [{ id: 's2', text: '建设西部科学城' }]);
    expect(both.map((x) => x.tag)).toEqual(['city']);
    expect(both[0].evidence.map((e) => e.where)).toEqual(['text', 'heading']);
  });

  it('masked ranges (metadata cells) are not matched', () => {
    const text = '人才公寓项目 | 科学城管委会';
    expect(t.match(text).map((m) => m.tag)).toEqual(['talent', 'city']);
    expect(t.match(text, [[9, 15]]).map((m) => m.tag)).toEqual(['talent']);
  });

  it('table cells under who/where/how-much columns do not tag a row; the other cells do', () => {
    const row = (id: string, cells: string[]) => ({ id, cells, sourceLines: [1, 1] as [number, number], tags: [] as PassageTag[] });
    const table = {
      id: 't1', type: 'table' as const, sectionId: null, sourceLines: [1, 3] as [number, number], caption: null, tags: [],
      header: ['序号', '项目名称', '牵头单位', '建设地点'],
      rows: [row('t1-r1', ['1', '智慧园区', '区人才办', '科学城']), row('t1-r2', ['2', '人才公寓', '区住建局', '—'])],
    };
    tagBlocks([table], [], t);
    expect(table.rows[0].tags).toEqual([]);
    expect(table.rows[1].tags.map((x) => x.tag)).toEqual(['talent']);
  });
});

describe('explain: why a passage does or does not carry a tag', () => {
  const intl: TagDef = { ...def('intl', ['一带一路']), terms: [{ term: '国际', word: true, cues: ['合作', '交流'], scope: 'clause' }], exclude: [] };
  const talent: TagDef = { ...def('talent', ['人才', '专家']), exclude: ['专家论证'] };
  const city: TagDef = { ...def('city', ['科学城']), fromHeading: false };
  const t = createTagger([intl, talent, city]);

  it('names the rule that set each term aside, or the absence of any term', () => {
    expect(t.explain('深化国际科技合作。', [], 'intl')).toEqual({ kind: 'tagged', terms: ['国际'] });
    expect(t.explain('打造国际一流营商环境。', [], 'intl')).toEqual({ kind: 'no-cue', terms: ['国际'], detail: ['合作', '交流'] });
    expect(t.explain('组织专家论证。', [], 'talent')).toEqual({ kind: 'excluded', terms: ['专家'], detail: ['专家论证'] });
    expect(t.explain('集聚人才、技术、资本等要素。', [], 'talent')).toMatchObject({ kind: 'factor-list', terms: ['人才'] });
    expect(t.explain('人才公寓项目 | 科学城管委会', [], 'city', [[9, 15]])).toMatchObject({ kind: 'masked', terms: ['科学城'] });
    expect(t.explain('建设大科学装置。', [{ id: 's2', text: '建设西部科学城' }], 'city')).toEqual({ kind: 'heading-only', terms: ['科学城'] });
    expect(t.explain('完善配套服务。', [{ id: 's2-1', text: '优化服务' }, { id: 's2', text: '集聚人才' }], 'talent')).toEqual({ kind: 'ancestor-heading', terms: ['人才'] });
    expect(t.explain('完善人力保障。', [], 'talent')).toEqual({ kind: 'no-term', terms: [] });
  });

  it('agrees with the tagger on every passage of the seeds, for every tag', async () => {
    const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
    const tagger = createTagger(taxonomy);
    const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger);
    let checked = 0;
    for (const plan of plans) {
      for (const r of passageRecords(plan.blocks)) {
        for (const tag of taxonomy) {
          const e = explainPassage(plan, r.id, tag.id, tagger)!;
          expect(e.kind === 'tagged', `${plan.meta.slug}#${r.id} ${tag.id}: ${e.kind}`).toBe(r.tags.some((x) => x.tag === tag.id));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10000);
    expect(explainPassage(plans[0], 'no-such-id', taxonomy[0].id, tagger)).toBeNull();
  }, 60_000);
});

describe('scoring', () => {
  const t = createTagger([def('talent', ['人才']), def('ai', ['人工智能']), def('bio', ['生物医药']), def('fin', ['金融']), def('mat', ['新材料'])]);
  const score = (text: string, headings: Array<{ id: string; text: string }> = [], tag = 'talent') => t.tagPassage(text, headings).find((x) => x.tag === tag)?.score ?? 0;

  it('a passage devoted to a topic outranks one that lists it among many', () => {
    const devoted = score('实施人才引进计划，完善人才服务体系，建设人才公寓。');
    const listing = score('围绕人工智能、生物医药、新材料、金融服务和人才发展等领域出台政策。');
    expect(listing).toBeGreaterThan(0);
    expect(devoted).toBeGreaterThan(listing + 0.3);
  });

  it('a generic list of factors names topics without addressing them', () => {
    expect(t.tagPassage('促进人才、技术、资金等要素高度集聚。', [])).toEqual([]);
    expect(t.tagPassage('推动知识链、产业链、资金链、人才链融合。', [])).toEqual([]);
    expect(t.tagPassage('探索资源共享、平台共建、政策共通、人才共用的一体化机制。', [])).toEqual([]);
    expect(t.tagPassage('推动平台共建、人才共用。', []).map((x) => x.tag)).toEqual(['talent']);
    // A list of measures is not a list of factors.
    expect(score('引进院士、高层次人才、青年人才等人才资源。')).toBeGreaterThan(0.5);
  });

  it('a heading about the topic weighs more than a passing mention, and more when nearer', () => {
    const text = '完善配套服务，落实人才安居政策。';
    const own = score(text, [{ id: 's1-2', text: '集聚创新人才' }, { id: 's1', text: '总体要求' }]);
    const parent = score(text, [{ id: 's1-2', text: '完善服务' }, { id: 's1', text: '人才强区' }]);
    const none = score(text, [{ id: 's1-2', text: '完善服务' }, { id: 's1', text: '总体要求' }]);
    expect(own).toBeGreaterThan(parent);
    expect(parent).toBeGreaterThan(none);
  });

  it("the passage's own heading tags it even without the term; an ancestor's alone does not", () => {
    const passage = '实施“蓉漂计划”，给予安家补贴。';
    const own = t.tagPassage(passage, [{ id: 's3-1', text: '引育高层次人才' }]);
    expect(own.map((x) => x.tag)).toEqual(['talent']);
    expect(own[0].evidence).toEqual([{ term: '人才', where: 'heading', section: 's3-1', distance: 0 }]);
    expect(t.tagPassage(passage, [{ id: 's3-1', text: '完善配套' }, { id: 's3', text: '人才强区' }])).toEqual([]);
  });
});

describe('the seeds', () => {
  it('every passage is tagged through the model, with evidence pointing at the printed text', () => {
    for (const plan of plans) {
      const texts = new Map(passages(plan).map((p) => [p.id, p.text]));
      let tagged = 0;
      for (const b of plan.blocks) {
        for (const x of passageRecords([b])) {
          if (x.tags.length) tagged++;
          const text = texts.get(x.id)!;
          for (const tag of x.tags) {
            expect(tag.score).toBeGreaterThan(0);
            expect(tag.score).toBeLessThanOrEqual(1);
            for (const e of tag.evidence) {
              if (e.where !== 'text') continue;
              const term = normalise(e.term).text;
              for (const [s, end] of e.spans) expect(normalise(text.slice(s, end)).text, `${plan.meta.slug}#${x.id}`).toBe(term);
            }
          }
        }
      }
      expect(tagged).toBe(plan.counts.tagged);
      expect(Object.values(plan.tagCounts).reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(tagged);
    }
  });

  it('R&D intensity tags the indicator rows of every plan that has one', () => {
    for (const plan of plans) {
      const rows = plan.indicators.filter((i) => /R&D|研发|研究与试验发展/.test(i.name) && /比重|强度|GDP/.test(i.name));
      for (const r of rows) {
        const row = plan.blocks.flatMap((b) => (b.type === 'table' ? b.rows : [])).find((x) => x.id === r.id)!;
        expect(row.tags.map((t) => t.tag), `${plan.meta.slug} ${r.name}`).toContain('rd-intensity');
      }
    }
  });

  it('tagging is deterministic', async () => {
    const again = (await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger)).plans;
    expect(JSON.stringify(again)).toBe(JSON.stringify(plans));
  });

  it('tags are local: adding a talent term to one paragraph changes the tags of that passage only', async () => {
    const slug = 'wuhou-sti';
    const plan = plans.find((p) => p.meta.slug === slug)!;
    const target = plan.blocks.find((b) => b.type === 'paragraph' && b.text.length > 60 && !b.tags.some((t) => t.tag === 'talent') && b.text.includes('。'));
    if (!target || target.type !== 'paragraph') throw new Error('no untagged paragraph to edit');
    const src = readFileSync(join(ROOT, 'seeds', `${slug}.txt`), 'utf8');
    const sentence = target.text.slice(0, target.text.indexOf('。'));
    expect(src.split(sentence).length - 1, 'the edited sentence is unique in the source').toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'tags-local-'));
    writeFileSync(join(dir, `${slug}.txt`), src.replace(sentence, `${sentence}，引进高层次人才`));
    copyFileSync(join(ROOT, 'seeds', `${slug}.yaml`), join(dir, `${slug}.yaml`));
    const edited = (await ingestCorpus(dir, 'seeds', tagger)).plans[0];
    const tagsById = (p: typeof plan) => new Map(passageRecords(p.blocks).map((x) => [x.id, JSON.stringify(x.tags)]));
    const before = tagsById(plan);
    const after = tagsById(edited);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...before.keys()].filter((id) => before.get(id) !== after.get(id));
    expect(changed).toEqual([target.id]);
    expect(after.get(target.id)).toContain('"talent"');
  });
});
