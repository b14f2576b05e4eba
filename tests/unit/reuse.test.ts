/**
 * Shared wording between plans (src/reuse/): folding, the winnowing guarantee, gap alignment,
 * planted reuse (seed passages copied into another seed with edits of known size: a substituted
 * name, an inserted clause, reordered sentences, a changed number) found with the right anchors,
 * chance (character-shuffled plans share nothing), the published index on the real seeds
 * (schema, printed texts, segments), stable ids under an edit elsewhere, determinism, direction
 * and the formulas file. The seeds are ingested in memory, as in tags.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { IngestError } from '../../src/ingest/errors.ts';
import { passages } from '../../src/ingest/passages.ts';
import { FORMULAS_FILE, ROOT } from '../../src/ingest/paths.ts';
import { type PlanDoc, ReuseIndex } from '../../src/ingest/schema.ts';
import { DEFAULTS, detectReuse, type ReusePlan, type SharedSpan } from '../../src/reuse/detect.ts';
import { direction } from '../../src/reuse/direction.ts';
import { fold, SEP, stream } from '../../src/reuse/fold.ts';
import { winnow } from '../../src/reuse/fingerprint.ts';
import { alignGap } from '../../src/reuse/gap.ts';
import { parseFormulas, reuseIndex } from '../../src/reuse/index.ts';
import { mulberry32 } from '../../src/bench/synth.ts';

const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
const planOf = (slug: string): PlanDoc => plans.find((p) => p.meta.slug === slug)!;
const formulas = parseFormulas(readFileSync(FORMULAS_FILE, 'utf8'), 'content/reuse/formulas.yaml').map((f) => f.text);
const asInput = (p: PlanDoc): ReusePlan => ({
  slug: p.meta.slug,
  place: { level: p.meta.level, region: p.meta.region, issued: p.meta.issued },
  passages: passages(p).map((x) => ({ id: x.id, text: x.text })),
});
const index = reuseIndex(plans, { formulas });

describe('fold', () => {
  it('keeps letters and digits only, one form for full and half width, with offsets into the printed text', () => {
    const printed = '加快建设“一带一路”国际技术转移中心，ＡＩ　2025年（GDP）';
    const f = fold(printed);
    expect(f.text).toBe('加快建设一带一路国际技术转移中心ai2025年gdp');
    for (let i = 0; i < f.text.length; i++) expect(printed.slice(f.from[i], f.to[i]).normalize('NFKC').toLowerCase()).toBe(f.text[i]);
    expect(fold('，。；：、“”（）').text).toBe('');
  });

  it('joins passages into one stream with a separator after each', () => {
    const s = stream([
      { id: 'p1', text: '第一段。' },
      { id: 'p2', text: '第二，段' },
    ]);
    expect(s.text).toBe(`第一段${SEP}第二段${SEP}`);
    expect([...s.starts]).toEqual([0, 4]);
  });
});

describe('winnow', () => {
  it('gives any shared run of k + w − 1 characters a common fingerprint (random texts, 500 cases)', () => {
    const rnd = mulberry32(7);
    const alphabet = [...'科技创新发展建设推动产业平台人才企业研发体系能力服务'];
    const text = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const t = DEFAULTS.k + DEFAULTS.w - 1;
    for (let c = 0; c < 500; c++) {
      const run = text(t);
      const a = text(Math.floor(rnd() * 40)) + run + text(Math.floor(rnd() * 40));
      const b = text(Math.floor(rnd() * 40)) + run + text(Math.floor(rnd() * 40));
      const ha = new Set(winnow(a, DEFAULTS.k, DEFAULTS.w).hashes);
      expect([...winnow(b, DEFAULTS.k, DEFAULTS.w).hashes].some((h) => ha.has(h))).toBe(true);
    }
  });

  it('never makes a k-gram across a passage separator', () => {
    const s = `甲乙丙丁${SEP}戊己庚辛壬${SEP}`;
    const f = winnow(s, 5, 2);
    expect([...f.positions]).toEqual([5]);
  });
});

describe('alignGap', () => {
  it('aligns a substituted name and an insertion with the LID scores', () => {
    expect(alignGap('成都', '武侯').ops).toEqual(['x', 'x']);
    expect(alignGap('', '积极').ops).toEqual(['+', '+']);
    const g = alignGap('建设中心', '建设国际中心');
    expect(g.ops.filter((o) => o === '=').length).toBe(4);
    expect(g.ops.filter((o) => o === '+').length).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Planted reuse

/** Long prose passages of a seed containing `needle`, longest first. */
const longWith = (slug: string, needle: RegExp) =>
  passages(planOf(slug))
    .filter((p) => p.kind !== 'row' && needle.test(p.text) && fold(p.text).text.length >= 80)
    .sort((a, b) => b.text.length - a.text.length || a.order - b.order);

const sentences = (text: string) => text.match(/[^。；]+[。；]?/g)!.filter((s) => fold(s).text.length >= 24);

describe('planted reuse: seed passages copied into another seed with edits of known size', () => {
  const src = planOf('chengdu-sti');
  const host = asInput(planOf('chongqing-htz-sti'));
  const named = longWith('chengdu-sti', /成都/)[0];
  const numbered = longWith('chengdu-sti', /\d{2,}/).find((p) => p.id !== named.id)!;
  const clause = longWith('chengdu-sti', /，/).find((p) => ![named.id, numbered.id].includes(p.id))!;
  const multi = longWith('chengdu-sti', /。.+。/).find((p) => ![named.id, numbered.id, clause.id].includes(p.id) && sentences(p.text).length >= 3)!;
  const comma = clause.text.indexOf('，', Math.floor(clause.text.length / 2));
  const INSERT = '，积极探索跨区域协同创新的新机制';
  const num = numbered.text.match(/\d{2,}/)!;
  const changed = String(Number(num[0]) + 7);
  const planted = [
    { id: 'planted-name', text: named.text.replaceAll('成都', '遂宁'), source: named },
    { id: 'planted-number', text: numbered.text.slice(0, num.index) + changed + numbered.text.slice(num.index! + num[0].length), source: numbered },
    { id: 'planted-clause', text: clause.text.slice(0, comma) + INSERT + clause.text.slice(comma), source: clause },
    { id: 'planted-reordered', text: [...sentences(multi.text)].reverse().join(''), source: multi },
  ];
  const copy: ReusePlan = { ...host, slug: 'zz-planted', passages: [...host.passages.slice(0, 40), ...planted.map(({ id, text }) => ({ id, text })), ...host.passages.slice(40)] };
  const r = detectReuse([asInput(src), copy], { formulas });
  const spansTo = (id: string) => r.spans.filter((s) => s.b.passage === id && !s.formula);

  it('finds every planted passage, anchored on its source passage', () => {
    for (const p of planted) {
      const found = spansTo(p.id);
      expect(found.length, p.id).toBeGreaterThan(0);
      for (const s of found) expect(s.a.passage, p.id).toBe(p.source.id);
    }
  });

  it('covers the whole copy in one span across a substituted name, a changed number and an inserted clause', () => {
    for (const p of planted.slice(0, 3)) {
      const [s] = spansTo(p.id);
      expect(spansTo(p.id)).toHaveLength(1);
      // Nearly all the source's characters are in the span (edges may stop at a differing character).
      expect(s.length / fold(p.source.text).text.length, p.id).toBeGreaterThan(0.9);
    }
  });

  it('shows each edit as an edit segment with the printed texts on both sides', () => {
    const edits = (id: string) => spansTo(id)[0].segments.filter((g) => g.op !== 'same');
    const textOf = (side: 'a' | 'b', id: string, g: SharedSpan['segments'][number]) => {
      const s = spansTo(id)[0];
      const text = side === 'a' ? planted.find((p) => p.id === id)!.source.text : planted.find((p) => p.id === id)!.text;
      return g[side] ? text.slice(g[side]![0], g[side]![1]) : '';
    };
    const name = edits('planted-name');
    expect(name).toHaveLength((spansTo('planted-name')[0].a.text.match(/成都/g) ?? []).length);
    for (const g of name) {
      expect(g.op).toBe('replace');
      expect(textOf('a', 'planted-name', g)).toBe('成都');
      expect(textOf('b', 'planted-name', g)).toBe('遂宁');
    }
    const clauseEdits = edits('planted-clause');
    expect(clauseEdits).toHaveLength(1);
    expect(clauseEdits[0].op).toBe('insert');
    expect(fold(textOf('b', 'planted-clause', clauseEdits[0])).text).toBe(fold(INSERT).text);
    // The changed digits are the edit: A's side inside the printed number, B's inside the new one.
    const numberEdits = edits('planted-number');
    expect(numberEdits.length).toBeGreaterThan(0);
    for (const g of numberEdits) {
      expect(num[0]).toContain(textOf('a', 'planted-number', g));
      expect(changed).toContain(textOf('b', 'planted-number', g));
    }
  });

  it('finds each reordered sentence', () => {
    const found = spansTo('planted-reordered');
    for (const sentence of sentences(multi.text)) {
      const f = fold(sentence).text;
      expect(found.some((s) => fold(s.a.text).text.includes(f.slice(2, -2))), sentence).toBe(true);
    }
  });

  it('prints both sides exactly as the passages print them', () => {
    for (const s of r.spans) {
      const a = copyText(s.a.passage, [asInput(src), copy]);
      const b = copyText(s.b.passage, [asInput(src), copy], true);
      expect(a.slice(s.a.start, s.a.end)).toBe(s.a.text);
      expect(b.slice(s.b.start, s.b.end)).toBe(s.b.text);
    }
  });
});

function copyText(id: string, ps: ReusePlan[], second = false): string {
  return ps[second ? 1 : 0].passages.find((p) => p.id === id)!.text;
}

describe('chance', () => {
  it('two unrelated plans (every seed character-shuffled) share no substantive wording', () => {
    const rnd = mulberry32(3);
    const shuffle = (p: PlanDoc): ReusePlan => {
      const x = asInput(p);
      return {
        ...x,
        passages: x.passages.map((q) => {
          const cs = [...q.text];
          for (let i = cs.length - 1; i > 0; i--) {
            const j = Math.floor(rnd() * (i + 1));
            [cs[i], cs[j]] = [cs[j], cs[i]];
          }
          return { id: q.id, text: cs.join('') };
        }),
      };
    };
    const r = detectReuse(plans.map(shuffle), { formulas });
    expect(r.spans.filter((s) => !s.formula)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The seeds

describe('the seeds', () => {
  it('yields a valid index: schema, printed texts, segments in order and inside the passages', () => {
    expect(() => ReuseIndex.parse(index)).not.toThrow();
    const textOf = (plan: string, id: string) => passages(planOf(plan)).find((p) => p.id === id)!.text;
    for (const s of index.spans) {
      const ta = textOf(s.a.plan, s.a.passage);
      const tb = textOf(s.b.plan, s.b.passage);
      expect(ta.slice(s.a.start, s.a.end)).toBe(s.a.text);
      expect(tb.slice(s.b.start, s.b.end)).toBe(s.b.text);
      expect(s.length).toBeGreaterThanOrEqual(DEFAULTS.minPiece);
      let [ea, eb] = [s.a.start, s.b.start];
      for (const g of s.segments) {
        if (g.a) {
          expect(g.a[0]).toBeGreaterThanOrEqual(ea);
          ea = g.a[1];
        }
        if (g.b) {
          expect(g.b[0]).toBeGreaterThanOrEqual(eb);
          eb = g.b[1];
        }
        if (g.op === 'same') expect(fold(ta.slice(...g.a!)).text).toBe(fold(tb.slice(...g.b!)).text);
      }
      expect([ea, eb]).toEqual([s.a.end, s.b.end]);
    }
    expect(new Set(index.spans.map((s) => s.id)).size).toBe(index.spans.length);
  });

  it('finds the city plan restating its 纲要 and the district plan restating its city, beyond the formulas', () => {
    const pair = (a: string, b: string) => index.pairs.find((p) => p.a === a && p.b === b)!;
    expect(pair('chengdu-outline', 'chengdu-sti').spans).toBeGreaterThanOrEqual(15);
    expect(pair('chengdu-sti', 'wuhou-sti').spans).toBeGreaterThanOrEqual(10);
    expect(pair('chengdu-sti', 'wuhou-sti').direction).toEqual({ kind: 'restates', source: 'a', by: 'level' });
  });

  it('counts the opening formula apart', () => {
    const opening = index.spans.filter((s) => fold(s.a.text).text.includes(fold('以习近平新时代中国特色社会主义思想为指导').text));
    expect(opening.length).toBeGreaterThan(0);
    for (const s of opening) expect(s.formula).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(reuseIndex([...plans].reverse(), { formulas }))).toBe(JSON.stringify(index));
  });

  it('keeps every id of spans outside an edited passage', () => {
    const target = index.spans.find((s) => !s.formula && s.a.plan === 'chengdu-sti')!;
    const inputs = plans.map(asInput).map((p) =>
      p.slug === 'chengdu-sti' ? { ...p, passages: p.passages.map((q) => (q.id === target.a.passage ? { ...q, text: `${q.text.slice(0, 3)}修改${q.text.slice(3, 20)}` } : q)) } : p,
    );
    const after = detectReuse(inputs, { formulas });
    const untouched = (s: { a: { plan: string; passage: string }; b: { plan: string; passage: string } }) =>
      !(s.a.plan === 'chengdu-sti' && s.a.passage === target.a.passage) && !(s.b.plan === 'chengdu-sti' && s.b.passage === target.a.passage);
    expect(after.spans.filter(untouched).map((s) => s.id)).toEqual(index.spans.filter(untouched).map((s) => s.id));
    expect(after.spans.some((s) => s.id === target.id)).toBe(false);
  });
});

describe('direction', () => {
  it('a lower-level plan of the same place restates the higher one; otherwise the later-issued one; otherwise shared', () => {
    expect(direction({ level: 'city', region: '成都', issued: null }, { level: 'district', region: '成都', issued: null })).toEqual({ kind: 'restates', source: 'a', by: 'level' });
    expect(direction({ level: 'district', region: '成都', issued: '2022-01' }, { level: 'city', region: '成都', issued: '2021-01' })).toEqual({ kind: 'restates', source: 'b', by: 'level' });
    expect(direction({ level: 'city', region: '成都', issued: '2022-04' }, { level: 'high-tech-zone', region: '重庆', issued: '2021-07-26' })).toEqual({ kind: 'restates', source: 'b', by: 'issued' });
    expect(direction({ level: 'city', region: '成都', issued: '2022-04' }, { level: 'city', region: '重庆', issued: '2022-04-15' })).toEqual({ kind: 'shared' });
    expect(direction({ level: 'city', region: '成都', issued: null }, { level: 'city', region: '成都', issued: '2022-04' })).toEqual({ kind: 'shared' });
  });
});

describe('formulas file', () => {
  it('names the file and line of a YAML error, and the field of a schema error', () => {
    expect(() => parseFormulas('formulas:\n  - text: [', 'content/reuse/formulas.yaml')).toThrow(IngestError);
    expect(() => parseFormulas('formulas:\n  - text: [', 'content/reuse/formulas.yaml')).toThrow(/content\/reuse\/formulas\.yaml:\d+: formulas file is not valid YAML/);
    expect(() => parseFormulas('formulas:\n  - text: 以习近平新时代中国特色社会主义思想为指导\n', 'f.yaml')).toThrow(/f\.yaml: formulas file: formulas\.0\.source/);
    expect(() => parseFormulas('formula: []\n', 'f.yaml')).toThrow(/f\.yaml: formulas file/);
  });
});
