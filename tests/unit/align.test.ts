/**
 * Outline alignment (src/compare/align.ts) on the real seeds: the section profiles, the links'
 * consistency (ids, scores, unmatched lists, per-section lists, symmetry, self-alignment,
 * determinism), topic rules derived from the headings (talent, incubators, 成渝), and precision /
 * recall of the chapter links against hand-labelled pairs (tests/fixtures/align/pairs.yaml).
 * The plans are ingested in memory from seeds/, as in tags.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  alignOutlines,
  GENERIC_TITLE_WORDS,
  MAX_LINKS,
  sectionProfiles,
  titleBigrams,
  W_TITLE,
  W_TOPIC,
  type Alignment,
  type SectionProfile,
} from '../../src/compare/align.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { ancestry, headingText, passages } from '../../src/ingest/passages.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';
import { createTagger } from '../../src/ingest/tags.ts';
import { loadTaxonomy } from '../../src/ingest/taxonomy.ts';

const tagger = createTagger(loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags'));
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', tagger);
const SLUGS = plans.map((p) => p.meta.slug);
const planOf = (slug: string): PlanDoc => plans.find((p) => p.meta.slug === slug)!;
const profiles = new Map(plans.map((p) => [p.meta.slug, sectionProfiles(p)]));
const prof = (slug: string) => profiles.get(slug)!;

/** The plan pairs a student is most likely to put side by side. */
const PAIRS: Array<[string, string]> = [
  ['wuhou-sti', 'wuhou-industry'],
  ['chengdu-sti', 'chengdu-outline'],
  ['chengdu-sti', 'chongqing-htz-sti'],
];
const alignments = new Map(PAIRS.map(([a, b]) => [`${a}~${b}`, alignOutlines(prof(a), prof(b))]));

describe('section profiles', () => {
  it('one per section of level ≤ 2, in document order, with the heading as printed', () => {
    for (const plan of plans) {
      const ps = prof(plan.meta.slug);
      const expected = plan.outline.filter((o) => o.kind === 'section' && o.level <= 2);
      expect(ps.map((p) => p.id)).toEqual(expected.map((o) => o.id));
      for (const [k, o] of expected.entries()) {
        expect(ps[k]).toMatchObject({ level: o.level, label: o.label, title: o.title, parentId: o.parentId, heading: headingText(o) });
      }
      expect(sectionProfiles(plan, 1).every((p) => p.level === 1)).toBe(true);
      expect(sectionProfiles(plan, 1).length).toBe(plan.outline.filter((o) => o.kind === 'section' && o.level === 1).length);
    }
  });

  it('counts the passages of the whole subtree, boxes included', () => {
    for (const plan of plans) {
      const all = passages(plan);
      for (const p of prof(plan.meta.slug)) {
        const inside = all.filter((x) => ancestry(plan.outline, x.sectionId).some((o) => o.id === p.id)).length;
        expect(p.passages, `${plan.meta.slug} ${p.id}`).toBe(inside);
      }
    }
  });

  it('tag weights are in (0, 1], 3 decimals, strongest = 1, and a topical section is led by its topic', () => {
    for (const slug of SLUGS) {
      for (const p of prof(slug)) {
        const ws = Object.values(p.tags);
        for (const w of ws) {
          expect(w).toBeGreaterThan(0);
          expect(w).toBeLessThanOrEqual(1);
          expect(Math.round(w * 1000) / 1000).toBe(w);
        }
        if (ws.length) expect(Math.max(...ws)).toBe(1);
      }
    }
    // Sections whose titles name a topic outright have it among their two strongest tags.
    const top2 = (slug: string, id: string) => Object.keys(prof(slug).find((p) => p.id === id)!.tags).slice(0, 2);
    expect(top2('chengdu-sti', 's8')).toContain('talent'); // 激发人才创造活力
    expect(top2('chongqing-htz-sti', 's3-4')).toContain('incubators'); // 完善企业创新孵化体系
    expect(top2('chengdu-outline', 's2-4')).toContain('chengdu-chongqing'); // 推动成渝相向发展
  });

  it('is compact (< 20 KB of JSON per plan) and deterministic', () => {
    for (const plan of plans) {
      const json = JSON.stringify(prof(plan.meta.slug));
      expect(json.length, plan.meta.slug).toBeLessThan(20_000);
      expect(JSON.stringify(sectionProfiles(plan))).toBe(json);
    }
  });

  it('the module is plain TypeScript: no Node or DOM APIs', () => {
    const src = readFileSync(join(ROOT, 'src/compare/align.ts'), 'utf8');
    const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['../ingest/passages.ts', '../ingest/schema.ts']);
    expect(src).toMatch(/^import type .* from '\.\.\/ingest\/schema\.ts';$/m);
    expect(src).not.toMatch(/\b(document|window|process|require)\b[.(]/);
  });
});

describe('title bigrams', () => {
  it('drop punctuation and the generic words, never bridging a removed word', () => {
    expect([...titleBigrams('激发人才创造活力')]).toEqual(['激发', '发人', '人才', '才创', '创造', '造活', '活力']);
    expect([...titleBigrams('加快构建多层次创新体系')]).toEqual(['多层', '层次', '体系']);
    expect([...titleBigrams('打造“双创”升级版')]).toEqual(['双创', '升级', '级版']);
    expect(titleBigrams(null).size).toBe(0);
    expect(GENERIC_TITLE_WORDS.length).toBeLessThanOrEqual(25);
  });
});

function checkConsistency(a: SectionProfile[], b: SectionProfile[], al: Alignment, what: string) {
  const idsA = new Set(a.map((p) => p.id));
  const idsB = new Set(b.map((p) => p.id));
  const keys = al.links.map((l) => `${l.a}|${l.b}`);
  expect(new Set(keys).size, `${what}: links are unique`).toBe(keys.length);
  for (const l of al.links) {
    expect(idsA.has(l.a) && idsB.has(l.b), `${what}: ${l.a} → ${l.b} exist`).toBe(true);
    for (const v of [l.score, l.titleSim, l.topicSim]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(l.score - Math.min(1, W_TOPIC * l.topicSim + W_TITLE * l.titleSim))).toBeLessThan(0.002);
  }
  expect(Object.keys(al.byA).sort()).toEqual([...idsA].sort());
  expect(Object.keys(al.byB).sort()).toEqual([...idsB].sort());
  for (const id of idsA) {
    const mine = al.links.filter((l) => l.a === id);
    expect(al.byA[id].map((l) => `${l.a}|${l.b}`).sort()).toEqual(mine.map((l) => `${l.a}|${l.b}`).sort());
    for (let k = 1; k < al.byA[id].length; k++) expect(al.byA[id][k - 1].score).toBeGreaterThanOrEqual(al.byA[id][k].score);
  }
  for (const id of idsB) {
    const mine = al.links.filter((l) => l.b === id);
    expect(al.byB[id].map((l) => `${l.a}|${l.b}`).sort()).toEqual(mine.map((l) => `${l.a}|${l.b}`).sort());
    for (let k = 1; k < al.byB[id].length; k++) expect(al.byB[id][k - 1].score).toBeGreaterThanOrEqual(al.byB[id][k].score);
  }
  expect(al.unmatchedA).toEqual(a.filter((p) => !al.links.some((l) => l.a === p.id)).map((p) => p.id));
  expect(al.unmatchedB).toEqual(b.filter((p) => !al.links.some((l) => l.b === p.id)).map((p) => p.id));
}

describe('alignment consistency', () => {
  it('every link points at existing sections, scores are in [0, 1], per-section and unmatched lists agree with the links (all 20 ordered plan pairs)', () => {
    for (const x of SLUGS) for (const y of SLUGS) if (x !== y) checkConsistency(prof(x), prof(y), alignOutlines(prof(x), prof(y)), `${x}~${y}`);
  });

  it('is symmetric: aligning B with A gives the same links, swapped', () => {
    for (const [x, y] of PAIRS) {
      const fwd = alignments.get(`${x}~${y}`)!.links.map((l) => `${l.a}|${l.b}|${l.score}|${l.titleSim}|${l.topicSim}|${l.sharedTags}`).sort();
      const back = alignOutlines(prof(y), prof(x)).links.map((l) => `${l.b}|${l.a}|${l.score}|${l.titleSim}|${l.topicSim}|${l.sharedTags}`).sort();
      expect(back).toEqual(fwd);
    }
  });

  it('aligning a plan with itself links every section to itself as its best match', () => {
    for (const slug of SLUGS) {
      const ps = prof(slug);
      const al = alignOutlines(ps, ps);
      checkConsistency(ps, ps, al, `${slug}~itself`);
      expect(al.unmatchedA).toEqual([]);
      for (const p of ps) {
        expect(al.byA[p.id][0]?.b, `${slug} ${p.id} ${p.heading}`).toBe(p.id);
        expect(al.byB[p.id][0]?.a, `${slug} ${p.id} ${p.heading}`).toBe(p.id);
      }
    }
  });

  it('is deterministic', () => {
    for (const [x, y] of PAIRS) expect(JSON.stringify(alignOutlines(sectionProfiles(planOf(x)), sectionProfiles(planOf(y))))).toBe(JSON.stringify(alignments.get(`${x}~${y}`)));
  });

  it('a chapter may find its counterpart in a section one level down', () => {
    const al = alignments.get('chengdu-sti~chongqing-htz-sti')!;
    const cq = new Map(prof('chongqing-htz-sti').map((p) => [p.id, p]));
    // 第八章 激发人才创造活力 → 第三章 重点任务 › 第八节 夯实科技创新要素基底 (the section with the 人才 专栏)
    expect(al.byA.s8.map((l) => l.b)).toContain('s3-8');
    expect(cq.get('s3-8')!.level).toBe(2);
  });

  it('with maxLinks = 1 every link is the best match of one of its ends', () => {
    const [x, y] = PAIRS[2];
    const al = alignOutlines(prof(x), prof(y), { maxLinks: 1 });
    for (const l of al.links) expect(al.byA[l.a][0].score === l.score || al.byB[l.b][0].score === l.score, `${l.a}|${l.b}`).toBe(true);
    expect(MAX_LINKS).toBe(3);
  });
});

/** Titles of a section and of every section and box below it in the outline (headings only). */
function headingsCovering(plan: PlanDoc, id: string): string[] {
  const below = (x: string): string[] => plan.outline.filter((o) => o.parentId === x).flatMap((o) => [o.title ?? '', ...below(o.id)]);
  return [plan.outline.find((o) => o.id === id)!.title ?? '', ...below(id)];
}

const TOPICS: Array<{ name: string; re: RegExp }> = [
  { name: 'talent', re: /人才/ },
  { name: 'incubators', re: /孵化|双创|众创/ },
  { name: 'Chengdu–Chongqing', re: /成渝/ },
];

describe('topic rules derived from the headings', () => {
  /*
   * Rule: a profiled section of plan X whose own title names the topic links to at least one
   * profiled section of plan Y whose headings name it — its own title or the title of any section or
   * box below it (a chapter holding a 人才 sub-section or a 人才 专栏 covers talent). Checked both
   * ways, only where Y has such a section. Measured: 15 of 16 cases hold; the miss is
   * chengdu-sti 二、培育壮大青年科技人才后备军 → chengdu-outline 第二篇 第二章 建设现代化成都都市圈 and
   * 第五篇 第二章 加快打造创新生态链, not a section whose headings name 人才 (the young-researcher
   * section also reads as 高校 and 数字 work).
   */
  const cases: Array<{ topic: string; from: string; id: string; heading: string; ok: boolean; level: number; got: string }> = [];
  for (const [a, b] of PAIRS) {
    const al = alignments.get(`${a}~${b}`)!;
    for (const t of TOPICS) {
      for (const [x, y, by, other] of [
        [a, b, al.byA, 'b'],
        [b, a, al.byB, 'a'],
      ] as const) {
        const targets = new Set(prof(y).filter((p) => headingsCovering(planOf(y), p.id).some((h) => t.re.test(h))).map((p) => p.id));
        if (targets.size === 0) continue;
        for (const p of prof(x).filter((q) => t.re.test(q.title ?? ''))) {
          const got = by[p.id].map((l) => l[other]);
          cases.push({ topic: t.name, from: `${x}~${y}`, id: p.id, heading: p.heading, level: p.level, ok: got.some((g) => targets.has(g)), got: got.join(' ') });
        }
      }
    }
  }

  it('has cases for all three topics', () => {
    for (const t of TOPICS) expect(cases.filter((c) => c.topic === t.name).length, t.name).toBeGreaterThanOrEqual(2);
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it('holds for every chapter (level 1) and for at least 90 % of all cases', () => {
    const failed = cases.filter((c) => !c.ok);
    console.log(`topic rules: ${cases.length - failed.length}/${cases.length} hold` + failed.map((c) => `\n  miss: ${c.from} ${c.heading} → ${c.got || '(no link)'}`).join(''));
    expect(failed.filter((c) => c.level === 1)).toEqual([]);
    expect((cases.length - failed.length) / cases.length).toBeGreaterThanOrEqual(0.9);
  });

  it('wuhou-industry names none of the three topics in its headings, so the rule has no case there; sections with the same title link instead', () => {
    expect(planOf('wuhou-industry').outline.some((o) => TOPICS.some((t) => t.re.test(o.title ?? '')))).toBe(false);
    for (const [a, b] of PAIRS) {
      const al = alignments.get(`${a}~${b}`)!;
      for (const p of prof(a)) {
        for (const q of prof(b).filter((q) => p.title && q.title === p.title)) {
          expect(al.links.some((l) => l.a === p.id && l.b === q.id), `${a} ${p.heading} ↔ ${b} ${q.heading}`).toBe(true);
        }
      }
    }
    // 空间布局, 基本原则, 战略定位, 发展目标, 保障措施 — and 总体思路 (a chapter in one plan, a section in the other)
    const same = prof('wuhou-sti').filter((p) => prof('wuhou-industry').some((q) => q.title === p.title));
    expect(same.length).toBeGreaterThanOrEqual(6);
  });
});

interface FixturePair {
  a: string;
  b: string;
  heldOut?: boolean;
  chapters: { a: string[]; b: string[] };
  same: Array<[string, string]>;
}
const fixture = parse(readFileSync(join(ROOT, 'tests/fixtures/align/pairs.yaml'), 'utf8')) as { pairs: FixturePair[] };

/**
 * Floors, set from what was measured (chapter links of `alignOutlines(sectionProfiles(A, 1),
 * sectionProfiles(B, 1))` with the default constants), about one link of slack below it:
 * wuhou-sti~wuhou-industry P 0.62 R 1.00, chengdu-sti~chongqing-htz-sti P 0.56 R 0.91 (both used
 * for tuning), chengdu-sti~chengdu-outline P 0.71 R 0.86 (held out).
 * History: with the looser topic rules before issue 14 these were P 0.78 R 0.88, P 0.56 R 0.91 and
 * (held out) P 0.85 R 0.79. The sense rules of issue 14 (国际 as a benchmark, 高校 only named, …)
 * flattened the profile of the review chapter 把握新机遇迈向新征程 — it no longer reads as an
 * 国际 chapter — so it now links to three chapters of chengdu-outline instead of one, and the
 * talent chapter's best match moved to chongqing-htz-sti's reform section; `RELATIVE_CUTOFF` went
 * from 0.8 to 0.7 (chosen on the two tuning pairs and the topic rules) to keep its talent link.
 */
const FLOORS: Record<string, { precision: number; recall: number }> = {
  'wuhou-sti~wuhou-industry': { precision: 0.55, recall: 0.85 },
  'chengdu-sti~chongqing-htz-sti': { precision: 0.5, recall: 0.8 },
  'chengdu-sti~chengdu-outline': { precision: 0.64, recall: 0.75 },
};

describe('hand-labelled chapter pairs (tests/fixtures/align/pairs.yaml)', () => {
  const chapterId = (slug: string, title: string): string => {
    const hits = planOf(slug).outline.filter((o) => o.kind === 'section' && o.level === 1 && o.title === title);
    expect(hits.length, `${slug}: one chapter titled ${title}`).toBe(1);
    return hits[0].id;
  };

  it('names existing chapters; every pair is between listed chapters', () => {
    expect(fixture.pairs.length).toBeGreaterThanOrEqual(2);
    for (const f of fixture.pairs) {
      for (const t of f.chapters.a) chapterId(f.a, t);
      for (const t of f.chapters.b) chapterId(f.b, t);
      for (const [x, y] of f.same) {
        expect(f.chapters.a, `${f.a}: ${x}`).toContain(x);
        expect(f.chapters.b, `${f.b}: ${y}`).toContain(y);
      }
      expect(FLOORS[`${f.a}~${f.b}`]).toBeDefined();
    }
  });

  for (const f of fixture.pairs) {
    it(`${f.a} ~ ${f.b}${f.heldOut ? ' (held out)' : ''}: precision and recall of the chapter links`, () => {
      const A = sectionProfiles(planOf(f.a), 1);
      const B = sectionProfiles(planOf(f.b), 1);
      const inA = new Set(f.chapters.a.map((t) => chapterId(f.a, t)));
      const inB = new Set(f.chapters.b.map((t) => chapterId(f.b, t)));
      const gold = new Set(f.same.map(([x, y]) => `${chapterId(f.a, x)}|${chapterId(f.b, y)}`));
      const al = alignOutlines(A, B);
      checkConsistency(A, B, al, `${f.a}~${f.b} chapters`);
      const predicted = new Set(al.links.filter((l) => inA.has(l.a) && inB.has(l.b)).map((l) => `${l.a}|${l.b}`));
      const tp = [...predicted].filter((k) => gold.has(k)).length;
      const precision = tp / predicted.size;
      const recall = tp / gold.size;
      const name = (slug: string, id: string) => planOf(slug).outline.find((o) => o.id === id)!.title;
      const show = (k: string) => `${name(f.a, k.split('|')[0])} ↔ ${name(f.b, k.split('|')[1])}`;
      console.log(
        `${f.a} ~ ${f.b}${f.heldOut ? ' (held out)' : ''}: precision ${precision.toFixed(2)} (${tp}/${predicted.size}), recall ${recall.toFixed(2)} (${tp}/${gold.size})` +
          [...predicted].filter((k) => !gold.has(k)).map((k) => `\n  extra: ${show(k)}`).join('') +
          [...gold].filter((k) => !predicted.has(k)).map((k) => `\n  missed: ${show(k)}`).join(''),
      );
      expect(precision).toBeGreaterThanOrEqual(FLOORS[`${f.a}~${f.b}`].precision);
      expect(recall).toBeGreaterThanOrEqual(FLOORS[`${f.a}~${f.b}`].recall);
    });
  }
});
