/**
 * Search on the real seeds: the index holds every passage and heading as printed, folding is
 * length-preserving, and the engine's matching is complete (checked against a brute-force scan),
 * with AND, phrases, traditional characters, width forms, English topic names, fuzzy fallback,
 * filters and hostile input.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/ingest/paths.ts';
import { headingText, passages } from '../../src/ingest/passages.ts';
import { loadEngine, searchCorpus } from '../../src/search/corpus.ts';
import { parseQuery, highlights, type SearchResult } from '../../src/search/engine.ts';
import { snippet } from '../../src/text/spans.ts';
import { createFolder } from '../../src/search/fold.ts';
import { serialiseShards, type SearchShard } from '../../src/search/shard.ts';
import { readerUrl, readState, writeState } from '../../src/search/state.ts';

const corpus = await searchCorpus(join(ROOT, 'seeds'), join(ROOT, 'content/tags'));
const engine = loadEngine(corpus);
const fold = engine.fold;
const shards = new Map([...corpus.shards].map(([slug, s]) => [slug, JSON.parse(s.json) as SearchShard]));

/** Every (plan, doc) whose folded text satisfies `pred`, by brute force. */
function brute(pred: (folded: string, slug: string, doc: SearchShard['docs'][number]) => boolean): string[] {
  const out: string[] = [];
  for (const [slug, shard] of shards) for (const r of shard.index.records) if (pred(fold(r.v), slug, shard.docs[r.i])) out.push(`${slug}#${shard.docs[r.i][1]}`);
  return out.sort();
}
const keys = (r: SearchResult) => r.hits.map((h) => `${engine.plans[h.plan].slug}#${engine.anchor(h)}`).sort();
const tagIdx = (id: string) => corpus.manifest.tags.findIndex((t) => t.id === id);
const carries = (doc: SearchShard['docs'][number], tag: number) => doc[3].some((v, k) => k % 2 === 0 && v === tag);

describe('search index', () => {
  it('holds every passage and every heading of every plan, with its text as printed and its anchor', () => {
    for (const plan of corpus.plans) {
      const shard = shards.get(plan.meta.slug)!;
      const byAnchor = new Map(shard.docs.map((d, k) => [d[1], shard.index.records.find((r) => r.i === k)!.v]));
      expect(byAnchor.size, plan.meta.slug).toBe(shard.docs.length);
      for (const p of passages(plan)) if (p.text.trim()) expect(byAnchor.get(p.id), p.id).toBe(p.text);
      for (const o of plan.outline) if (!o.missing) expect(byAnchor.get(o.id), o.id).toBe(headingText(o));
      expect(shard.index.records.length).toBe(shard.docs.length);
    }
  });

  it('is deterministic', () => {
    const again = serialiseShards(corpus.plans, corpus.manifest.tags.map((t) => ({ ...t, order: 0, requested: false, experimental: false, evaluationNote: null, fromHeading: true, evaluation: null, definition: '', definitionEn: '', cues: {}, exclude: [], counts: {}, total: 0 })));
    for (const [slug, s] of corpus.shards) expect(again.get(slug)!.json).toBe(s.json);
  });

  it('ships a traditional → simplified table of single code units, covering the corpus', () => {
    const t2s = corpus.manifest.t2s;
    expect(t2s.length % 2).toBe(0);
    expect(t2s.length / 2).toBeGreaterThan(300);
    expect(t2s).toContain('發发');
    expect(t2s).toContain('體体');
  });
});

describe('folding', () => {
  it('preserves length on every text of the corpus', () => {
    for (const shard of shards.values()) for (const r of shard.index.records) expect(fold(r.v).length).toBe(r.v.length);
  });

  it('equates width forms, case and traditional characters', () => {
    expect(fold('（ＧＤＰ）３．５％')).toBe(fold('(gdp)3.5%'));
    expect(fold('研發投入強度')).toBe('研发投入强度');
    expect(fold('R&D')).toBe('r&d');
    expect(createFolder('')('Ａ　Ｂ')).toBe('a b');
  });
});

describe('query parsing', () => {
  const aliases = engine.aliases;
  it('splits on spaces (AND), keeps quoted phrases whole, and treats fuse operators as text', () => {
    expect(parseQuery('人才  公寓', fold, aliases).map((t) => t.folded)).toEqual(['人才', '公寓']);
    expect(parseQuery('"R&D 经费" 强度', fold, aliases)).toEqual([
      { kind: 'text', raw: 'R&D 经费', folded: 'r&d 经费', quoted: true },
      { kind: 'text', raw: '强度', folded: '强度', quoted: false },
    ]);
    expect(parseQuery('“技术转移”', fold, aliases)[0]).toMatchObject({ folded: '技术转移', quoted: true });
    expect(parseQuery('!^$|', fold, aliases)).toEqual([{ kind: 'text', raw: '!^$|', folded: '!^$|', quoted: false }]);
    expect(parseQuery("'=", fold, aliases).map((t) => t.folded)).toEqual(["'="]);
    expect(parseQuery('"孵化器', fold, aliases).map((t) => t.folded)).toEqual(['孵化器']);
  });

  it('reads English topic names (and their singular, and ids) as tags', () => {
    const tagOf = (q: string) => parseQuery(q, fold, aliases).map((t) => (t.kind === 'tag' ? corpus.manifest.tags[t.tag].id : t.folded));
    expect(tagOf('talent')).toEqual(['talent']);
    expect(tagOf('Talent 公寓')).toEqual(['talent', '公寓']);
    expect(tagOf('R&D intensity')).toEqual(['rd-intensity']);
    expect(tagOf('incubator')).toEqual(['incubators']);
    expect(tagOf('chengdu-chongqing')).toEqual(['chengdu-chongqing']);
    expect(tagOf('talented')).toEqual(['talented']);
  });
});

describe('engine on the seeds', () => {
  it('finds exactly the units containing a term (checked by brute force), ranked by score', () => {
    for (const q of ['研发投入', '孵化器', '成渝', '技术合同成交额', '专精特新']) {
      const r = engine.search(q);
      expect(r.mode, q).toBe('exact');
      expect(keys(r), q).toEqual(brute((t) => t.includes(fold(q))));
      // best first within each plan (across plans the order also spreads hits over plans)
      for (let k = 1; k < r.hits.length; k++) {
        const before = r.hits.slice(0, k).filter((h) => h.plan === r.hits[k].plan);
        if (before.length) expect(before[before.length - 1].score).toBeGreaterThanOrEqual(r.hits[k].score);
      }
      expect(r.hits[0].score).toBe(Math.max(...r.hits.map((h) => h.score)));
    }
  });

  it('ANDs space-separated terms', () => {
    const r = engine.search('人才 公寓');
    expect(r.hits.length).toBeGreaterThan(0);
    expect(keys(r)).toEqual(brute((t) => t.includes('人才') && t.includes('公寓')));
    const none = engine.search('人才 不存在的词');
    expect(none.mode).toBe('none');
    expect(none.termCounts).toEqual([brute((t) => t.includes('人才')).length, 0]);
  });

  it('matches traditional characters and other width forms to the printed text', () => {
    expect(keys(engine.search('研發投入強度'))).toEqual(keys(engine.search('研发投入强度')));
    expect(keys(engine.search('技術合同成交額'))).toEqual(keys(engine.search('技术合同成交额')));
    const printed = keys(engine.search('（GDP）'));
    expect(printed.length).toBeGreaterThan(0);
    expect(keys(engine.search('(ＧＤＰ)'))).toEqual(printed);
    expect(keys(engine.search('％'))).toEqual(keys(engine.search('%')));
  });

  it('answers an English topic name with the passages carrying that tag', () => {
    const talent = tagIdx('talent');
    const r = engine.search('talent');
    expect(r.mode).toBe('exact');
    expect(keys(r)).toEqual(brute((t, _s, d) => carries(d, talent) || t.includes('talent')));
    expect(r.hits.length).toBeGreaterThan(50);
    // and highlights the topic's terms in them
    const top = r.hits[0];
    expect(highlights(engine.text(top), top.ranges).some((h) => corpus.manifest.tags[talent].terms.includes(h))).toBe(true);
  });

  it('falls back to fuzzy matches, labelled, only when nothing matches exactly', () => {
    const r = engine.search('研发投入强渡');
    expect(r.mode).toBe('fuzzy');
    const top = r.hits.slice(0, 2).map((h) => engine.text(h));
    for (const t of top) expect(fold(t)).toContain('研发投入强');
    // an exact hit is never buried under fuzzy ones: the exact query gives exact results only
    expect(engine.search('研发投入').mode).toBe('exact');
    // a quoted phrase is never fuzzy
    expect(engine.search('"研发投入强渡"').mode).toBe('none');
  });

  it('filters by plan, level and tag, and browses a tag with no query in document order', () => {
    const plan = engine.search('人才', { plans: ['wuhou-sti'], tags: [], levels: [] });
    expect(new Set(plan.hits.map((h) => engine.plans[h.plan].slug))).toEqual(new Set(['wuhou-sti']));
    const level = engine.search('人才', { plans: [], tags: [], levels: ['high-tech-zone'] });
    expect(level.hits.every((h) => engine.plans[h.plan].level === 'high-tech-zone')).toBe(true);
    expect(level.hits.length).toBeGreaterThan(0);
    const inc = tagIdx('incubators');
    const browse = engine.search('', { plans: [], tags: ['incubators'], levels: [] });
    expect(browse.mode).toBe('browse');
    expect(keys(browse)).toEqual(brute((_t, _s, d) => carries(d, inc)));
    const order = browse.hits.map((h) => [h.plan, h.doc]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(engine.search('', { plans: [], tags: ['no-such-tag'], levels: [] }).unknown).toEqual(['no-such-tag']);
  });

  it('treats hostile input as text', () => {
    for (const q of ['<img src=x onerror=alert(1)>', "'=", '!^$|', '^$', '=""', '|', '"', '""', '\u0000', 'a'.repeat(500), '孵化器 !孵化器']) {
      const r = engine.search(q);
      expect(['none', 'exact', 'fuzzy', 'empty']).toContain(r.mode);
      for (const h of r.hits) expect(engine.text(h).length).toBeGreaterThan(0);
    }
    expect(engine.search('<img src=x onerror=alert(1)>').hits).toEqual([]);
  });
});

describe('snippets and URLs', () => {
  it('cuts a window around the first match and marks exactly the matched text', () => {
    const r = engine.search('揭榜挂帅');
    for (const h of r.hits) {
      const text = engine.text(h);
      const sn = snippet(text, h.ranges, 60, 15);
      const joined = sn.parts.map((p) => p.text).join('');
      expect(text).toContain(joined);
      for (const p of sn.parts.filter((x) => x.mark)) expect(fold(p.text)).toBe('揭榜挂帅');
    }
  });

  it('round-trips the state through the URL and builds reader links with highlights', () => {
    const s = { q: '人才 "公寓"', plans: ['wuhou-sti', 'chengdu-sti'], tags: ['talent'], levels: [] };
    expect(readState(writeState(s))).toEqual(s);
    expect(readState('?plan=a&plan=b,c&q=x')).toEqual({ q: 'x', plans: ['a', 'b', 'c'], tags: [], levels: [] });
    expect(writeState({ q: '', plans: [], tags: [], levels: [] })).toBe('');
    expect(readerUrl('/', 'wuhou-sti', 's1-p2', ['人才', '<b>'])).toBe('/plans/wuhou-sti/?hl=%E4%BA%BA%E6%89%8D&hl=%3Cb%3E#s1-p2');
  });
});
