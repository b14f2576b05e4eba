/**
 * The synthetic benchmark corpus (src/bench/synth.ts): generated from the seeds, it must ingest
 * like the seeds — no errors, full coverage, every recombined section parsed exactly as in the
 * seed it came from — and be byte-for-byte reproducible.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseNumeral, generateCorpus, mulberry32, relabel } from '../../src/bench/synth.ts';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { parseLabel } from '../../src/ingest/numbering.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';

const ROOT = join(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const N = 12;

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'plan-atlas-synth-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every .txt/.yaml file of a directory with its bytes. */
const snapshot = (dir: string): Map<string, Buffer> => new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
const textOf = (dir: string, slug: string): string => readFileSync(join(dir, `${slug}.txt`), 'utf8');
const numbered = (p: PlanDoc) => p.outline.filter((o) => o.level === 1 && o.kind === 'section' && !o.missing && ['pian', 'zhang', 'cn'].includes(o.tier));
const frontSlug = (slug: string): string => slug.replace(/^synth-\d+-/, '');

/**
 * Each numbered level-1 section of a plan, keyed by a hash of its body text (everything after
 * its heading up to the next level-1 heading), with what ingest made of it: block kinds and
 * counts, list items, table rows, and the levels and kinds of the headings and boxes inside.
 */
function sectionShapes(p: PlanDoc, text: string): Map<string, string> {
  const lines = text.replace(/\n$/, '').split('\n');
  const l1 = p.outline.filter((o) => o.level === 1 && !o.missing).sort((a, b) => a.sourceLines[0] - b.sourceLines[0]);
  const out = new Map<string, string>();
  l1.forEach((o, k) => {
    if (!['pian', 'zhang', 'cn'].includes(o.tier)) return;
    const from = o.sourceLines[1];
    const to = (l1[k + 1]?.sourceLines[0] ?? lines.length + 1) - 1;
    const body = lines.slice(from, to).join('').replace(/\s+/g, '');
    const inside = (r: [number, number]): boolean => r[0] > from && r[0] <= to;
    const blocks = p.blocks.filter((b) => inside(b.sourceLines));
    const shape = [
      blocks.map((b) => (b.type === 'list' ? `l${b.items.length}` : b.type === 'table' ? `t${b.rows.length}` : b.role ?? 'p')).join(','),
      p.outline.filter((x) => inside(x.sourceLines)).map((x) => `${x.level}${x.kind}${x.missing ? '?' : ''}`).join(','),
    ].join(' | ');
    out.set(createHash('sha1').update(body).digest('hex'), shape);
  });
  return out;
}

describe('helpers', () => {
  it('writes Chinese numerals', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 35, 99].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '十九', '二十', '二十一', '三十五', '九十九']);
  });

  it('renumbers only the label of a heading line, keeping its markup', () => {
    expect(relabel('## 第四章 优化重点技术领域布局', 'zhang', 2)).toBe('## 第二章 优化重点技术领域布局');
    expect(relabel('[bookmark: _Toc81396124]五、三大核心任务', 'cn', 11)).toBe('[bookmark: _Toc81396124]十一、三大核心任务');
    expect(relabel('<b>第六章</b>\t<b>提升科技赋能城市治理能力</b>', 'zhang', 1)).toBe('<b>第一章</b>\t<b>提升科技赋能城市治理能力</b>');
    expect(relabel('第五篇', 'pian', 3)).toBe('第三篇');
    expect(() => relabel('保障措施', 'cn', 1)).toThrow();
  });

  it('has a deterministic PRNG', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe(`a synthetic corpus of ${N} plans`, () => {
  let dir: string;
  let result: { slugs: string[]; bytes: number };
  let plans: PlanDoc[];
  let seeds: PlanDoc[];

  beforeAll(async () => {
    dir = tempDir();
    result = await generateCorpus({ n: N, seedsDir: SEEDS, outDir: dir, seed: 7 });
    const corpus = await ingestCorpus(dir, 'synth');
    expect(corpus.errors.map((e) => e.message)).toEqual([]);
    plans = corpus.plans;
    const s = await ingestCorpus(SEEDS, 'seeds');
    expect(s.errors).toEqual([]);
    seeds = s.plans;
  });

  it('ingests with no errors into N plans with new, unique slugs', () => {
    expect(plans).toHaveLength(N);
    expect(result.slugs).toHaveLength(N);
    const slugs = plans.map((p) => p.meta.slug);
    expect(new Set(slugs).size).toBe(N);
    expect([...slugs].sort()).toEqual([...result.slugs].sort());
    const seedSlugs = new Set(seeds.map((p) => p.meta.slug));
    for (const s of slugs) {
      expect(s).toMatch(/^synth-\d{3}-[a-z0-9-]+$/);
      expect(seedSlugs.has(s)).toBe(false);
    }
    const written = readdirSync(dir).reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);
    expect(result.bytes).toBe(written);
  });

  it('gives every plan valid synthetic metadata', () => {
    for (const p of plans) {
      expect(p.meta.title).toMatch(/（合成样本 \d+）$/);
      expect(p.meta.period).toBe('2021–2025');
      expect(p.meta.sourceType).toBe('plan');
      expect(p.meta.encoding).toBe('utf-8');
    }
    expect(new Set(plans.map((p) => `${p.meta.region}/${p.meta.level}`)).size).toBeGreaterThan(5);
  });

  it('gives every plan at least 3 numbered level-1 sections, in order, and a real plan’s worth of passages', () => {
    for (const p of plans) {
      const l1 = numbered(p);
      expect(l1.length, p.meta.slug).toBeGreaterThanOrEqual(3);
      expect(p.counts.passages, p.meta.slug).toBeGreaterThanOrEqual(30);
    }
    // Recombined plans (i ≥ 5) are renumbered 1, 2, 3 … in order.
    for (const p of plans.filter((x) => Number(/^synth-(\d+)/.exec(x.meta.slug)![1]) > seeds.length)) {
      expect(numbered(p).map((o) => parseLabel(o.label!)?.ordinal), p.meta.slug).toEqual(numbered(p).map((_o, k) => k + 1));
    }
  });

  it('keeps the size of a real plan (0.5×–1.5× the seed of its front matter)', () => {
    for (const p of plans) {
      const ratio = textOf(dir, p.meta.slug).length / readFileSync(join(SEEDS, `${frontSlug(p.meta.slug)}.txt`), 'utf8').length;
      expect(ratio, p.meta.slug).toBeGreaterThanOrEqual(0.5);
      expect(ratio, p.meta.slug).toBeLessThanOrEqual(1.5);
    }
  });

  it('has recombined texts that differ from every seed', () => {
    const seedTexts = new Set(seeds.map((s) => readFileSync(join(SEEDS, `${s.meta.slug}.txt`), 'utf8').trimEnd()));
    const differ = plans.filter((p) => !seedTexts.has(textOf(dir, p.meta.slug).trimEnd()));
    expect(differ.length).toBeGreaterThanOrEqual(1);
    // Each recombined plan, beyond the first one per seed, has a new text.
    expect(differ.length).toBeGreaterThanOrEqual(N - seeds.length - 2);
  });

  it('covers the source text like the seeds do', () => {
    for (const p of plans) {
      expect(p.coverage.ratio, p.meta.slug).toBeGreaterThanOrEqual(0.99);
      expect(p.coverage.missingLines, p.meta.slug).toEqual([]);
    }
  });

  it('parses every recombined section exactly as ingest parses it in its seed', () => {
    const known = new Map<string, string>();
    for (const s of seeds) for (const [h, shape] of sectionShapes(s, readFileSync(join(SEEDS, `${s.meta.slug}.txt`), 'utf8'))) known.set(h, shape);
    let checked = 0;
    const problems: string[] = [];
    for (const p of plans) {
      for (const [h, shape] of sectionShapes(p, textOf(dir, p.meta.slug))) {
        const expected = known.get(h);
        if (expected === undefined) problems.push(`${p.meta.slug}: a level-1 section that is in no seed`);
        else if (shape !== expected) problems.push(`${p.meta.slug}: ${shape} ≠ seed ${expected}`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(N * 3);
  });

  it('is deterministic: the same inputs and seed give byte-identical files', async () => {
    const again = tempDir();
    const r = await generateCorpus({ n: N, seedsDir: SEEDS, outDir: again, seed: 7 });
    expect(r).toEqual(result);
    const a = snapshot(dir);
    const b = snapshot(again);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
    // A different PRNG seed recombines differently.
    const other = tempDir();
    await generateCorpus({ n: N, seedsDir: SEEDS, outDir: other, seed: 8 });
    const c = snapshot(other);
    expect([...a].some(([f, bytes]) => !c.get(f)?.equals(bytes))).toBe(true);
  });

  it('writes UTF-8 text with LF line endings', () => {
    for (const slug of result.slugs) {
      const bytes = readFileSync(join(dir, `${slug}.txt`));
      expect(bytes.includes(0x0d), slug).toBe(false);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    }
  });
});

describe('the output directory', () => {
  it('is cleared of earlier .txt/.yaml files only', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'stale.txt'), 'old');
    writeFileSync(join(dir, 'stale.yaml'), 'title: old');
    writeFileSync(join(dir, 'notes.md'), 'keep me');
    const { slugs } = await generateCorpus({ n: 2, seedsDir: SEEDS, outDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['notes.md', ...slugs.flatMap((s) => [`${s}.txt`, `${s}.yaml`])].sort());
  });
});

describe("the 'style' pool (sections from every seed numbered alike; a stress test for ingest)", () => {
  it('still ingests with no errors and full coverage', async () => {
    const dir = tempDir();
    await generateCorpus({ n: N, seedsDir: SEEDS, outDir: dir, pool: 'style' });
    const { plans, errors } = await ingestCorpus(dir, 'synth');
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(plans).toHaveLength(N);
    for (const p of plans) expect(p.coverage.ratio, p.meta.slug).toBeGreaterThanOrEqual(0.99);
  });
});
