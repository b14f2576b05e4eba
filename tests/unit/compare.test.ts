/**
 * The compare view's state (URL) and data (cells) on the real seeds: passages in document order
 * with snippets that are the printed text, indicator rows exactly as the indicator index holds them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCell } from '../../src/compare/data.ts';
import { DEFAULT_TAGS, defaultState, MAX_PLANS, placeOf, readCompareState, writeCompareState } from '../../src/compare/state.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { indicatorsIndex, parseMetrics, reviewFromText } from '../../src/ingest/metrics.ts';
import { taggedPassages } from '../../src/ingest/passages.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import { createTagger } from '../../src/ingest/tags.ts';
import { loadTaxonomy } from '../../src/ingest/taxonomy.ts';

const taxonomy = loadTaxonomy(join(ROOT, 'content/tags'), 'content/tags');
const tagIds = taxonomy.map((t) => t.id);
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds', createTagger(taxonomy));
const metrics = parseMetrics(readFileSync(join(ROOT, 'content/metrics.yaml'), 'utf8'), 'content/metrics.yaml', new Set(tagIds));
const index = indicatorsIndex(plans, metrics, reviewFromText);
const known = { plans: plans.map((p) => p.meta.slug), tags: tagIds };
const fallback = { plans: known.plans.slice(0, 2), tags: ['talent'] };

describe('compare state in the URL', () => {
  it('reads plans and tags in the given order, and writes them back', () => {
    const s = readCompareState('?plans=wuhou-sti,chengdu-sti&tags=talent,incubators', known, fallback);
    expect(s).toEqual({ plans: ['wuhou-sti', 'chengdu-sti'], tags: ['talent', 'incubators'], dropped: [], defaulted: false });
    expect(readCompareState(writeCompareState(s), known, fallback)).toEqual(s);
  });

  it('drops unknown, repeated and surplus ids and reports them; accepts repeated parameters', () => {
    const five = known.plans.join(',');
    const s = readCompareState(`?plans=${five},nope&plans=wuhou-sti&tags=talent&tags=<script>`, known, fallback);
    expect(s.plans).toEqual(known.plans.slice(0, MAX_PLANS));
    expect(s.dropped).toEqual([...known.plans.slice(MAX_PLANS), 'nope', 'wuhou-sti', '<script>']);
    expect(s.tags).toEqual(['talent']);
  });

  it('falls back to the default for what the URL leaves out', () => {
    expect(readCompareState('', known, fallback)).toMatchObject({ ...fallback, defaulted: true });
    expect(readCompareState('?tags=ai', known, fallback)).toMatchObject({ plans: fallback.plans, tags: ['ai'], defaulted: true });
  });
});

describe('the default view', () => {
  const input = plans.map((p) => ({
    slug: p.meta.slug,
    region: p.meta.region,
    level: p.meta.level,
    sourceType: p.meta.sourceType,
    onTopic: Object.fromEntries([...taggedPassages(p)].map(([t, l]) => [t, l.length])),
  }));
  const def = defaultState(input, tagIds);

  it('shows the four requested topics', () => {
    expect(def.tags).toEqual(DEFAULT_TAGS);
    expect(DEFAULT_TAGS).toEqual(['rd-intensity', 'incubators', 'talent', 'chengdu-chongqing']);
  });

  it('shows one plan per place and level, the full plan saying most on those topics', () => {
    expect(def.plans.length).toBeGreaterThanOrEqual(2);
    expect(def.plans.length).toBeLessThanOrEqual(MAX_PLANS);
    const chosen = input.filter((p) => def.plans.includes(p.slug));
    expect(new Set(chosen.map(placeOf)).size).toBe(chosen.length);
    const places = new Set(input.map(placeOf));
    if (places.size <= MAX_PLANS) expect(chosen.length).toBe(places.size);
    const weight = (p: (typeof input)[number]) => def.tags.reduce((n, t) => n + (p.onTopic[t] ?? 0), 0);
    for (const c of chosen) {
      for (const o of input.filter((p) => placeOf(p) === placeOf(c) && p !== c)) {
        const better = (c.sourceType === 'plan' ? 0 : 1) - (o.sourceType === 'plan' ? 0 : 1) || weight(o) - weight(c);
        expect(better, `${c.slug} over ${o.slug}`).toBeLessThanOrEqual(0);
      }
    }
  });

  it('of a corpus with one place still compares two plans', () => {
    const one = input.map((p) => ({ ...p, region: 'x', level: 'city' }));
    expect(defaultState(one, tagIds).plans).toHaveLength(2);
  });
});

describe('compare cells on the real seeds', () => {
  it('list every tagged passage in document order, snippets cut from the printed text with the evidence marked', () => {
    let checked = 0;
    for (const plan of plans) {
      const text = new Map(plan.blocks.flatMap((b) => (b.type === 'paragraph' ? [[b.id, b.text]] : b.type === 'list' ? b.items.map((i) => [i.id, i.text]) : b.rows.map((r) => [r.id, r.cells.filter(Boolean).join(' | ')]))) as Array<[string, string]>);
      for (const tag of tagIds) {
        const cell = compareCell(plan, tag, index.metrics, index.rows);
        const expected = taggedPassages(plan).get(tag) ?? [];
        expect(cell.passages.map((p) => p.anchor)).toEqual(expected.map((p) => p.id));
        cell.passages.forEach((h, k) => {
          const full = text.get(h.anchor)!;
          const shown = h.snippet.join('');
          expect(full.includes(shown), `${plan.meta.slug} ${h.anchor}`).toBe(true);
          expect(h.cut[0]).toBe(!full.startsWith(shown));
          expect(h.cut[1]).toBe(!full.endsWith(shown));
          // Every marked part is a matched term's text.
          const terms = expected[k].spans.map(([a, b]) => full.slice(a, b));
          h.snippet.forEach((part, j) => j % 2 && part && expect(terms.some((t) => t.includes(part) || part.includes(t))).toBe(true));
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("put the plan's rows of the topic's metrics on top, figures exactly as the indicator index holds them", () => {
    let rows = 0;
    for (const plan of plans) {
      for (const tag of tagIds) {
        const cell = compareCell(plan, tag, index.metrics, index.rows);
        const measuring = new Set(index.metrics.filter((m) => m.tags.includes(tag)).map((m) => m.id));
        const expected = index.rows.filter((r) => r.plan === plan.meta.slug && r.metric && measuring.has(r.metric));
        expect(cell.indicators.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
        for (const r of cell.indicators) {
          const src = expected.find((x) => x.id === r.id)!;
          expect([r.indicator, r.baseline_raw, r.target_raw, r.unit, r.anchor, r.flagged]).toEqual([src.indicator, src.baseline_raw, src.target_raw, src.unit, src.anchor, src.flagged]);
          rows++;
        }
      }
    }
    // R&D intensity is in the three plans with an indicator table that reports it.
    const rd = plans.filter((p) => compareCell(p, 'rd-intensity', index.metrics, index.rows).indicators.some((r) => r.metric === 'rd-intensity'));
    expect(rd.map((p) => p.meta.slug).sort()).toEqual(index.metrics.find((m) => m.id === 'rd-intensity')!.plans.slice().sort());
    expect(rows).toBeGreaterThan(20);
  });
});
