/**
 * The published data files in dist/data/ validate against the committed JSON Schemas (schema/*.json),
 * list all five plans, and each plan's text coverage is at least 99.5%.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, DIST, ROOT } from './helpers/server.ts';

const SLUGS = ['wuhou-sti', 'wuhou-industry', 'chengdu-sti', 'chengdu-outline', 'chongqing-htz-sti'];
const MIN_COVERAGE = 0.995;

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

describe('dist/data', () => {
  // strict: unknown keywords or formats in the schemas are errors too; allErrors: report everything.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validatePlans = ajv.compile(readJson(join(ROOT, 'schema', 'plans.schema.json')));
  const validatePlan = ajv.compile(readJson(join(ROOT, 'schema', 'plan.schema.json')));
  const explain = (errors: typeof validatePlan.errors) => ajv.errorsText(errors, { separator: '\n', dataVar: 'data' });

  beforeAll(() => assertBuilt());

  it('plans.json validates against schema/plans.schema.json and lists the five plans', () => {
    const index = readJson(join(DIST, 'data', 'plans.json'));
    const ok = validatePlans(index);
    expect(ok, explain(validatePlans.errors)).toBe(true);
    const slugs = index.plans.map((p: { meta: { slug: string } }) => p.meta.slug);
    expect([...slugs].sort()).toEqual([...SLUGS].sort());
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const p of index.plans) expect(p.coverage, `${p.meta.slug} coverage in plans.json`).toBeGreaterThanOrEqual(MIN_COVERAGE);
  });

  it('there is exactly one plans/<slug>.json per plan', () => {
    const files = readdirSync(join(DIST, 'data', 'plans')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(SLUGS.map((s) => `${s}.json`).sort());
  });

  for (const slug of SLUGS) {
    it(`plans/${slug}.json validates against schema/plan.schema.json, coverage ≥ ${MIN_COVERAGE}`, () => {
      const plan = readJson(join(DIST, 'data', 'plans', `${slug}.json`));
      const ok = validatePlan(plan);
      expect(ok, explain(validatePlan.errors)).toBe(true);
      expect(plan.meta.slug).toBe(slug);
      expect(plan.coverage.ratio, `${slug}: coverage ${plan.coverage.coveredChars}/${plan.coverage.sourceChars}`).toBeGreaterThanOrEqual(MIN_COVERAGE);
      // The index repeats each plan's metadata, counts and coverage ratio; they must agree.
      const entry = readJson(join(DIST, 'data', 'plans.json')).plans.find((p: { meta: { slug: string } }) => p.meta.slug === slug);
      expect(entry.meta).toEqual(plan.meta);
      expect(entry.counts).toEqual(plan.counts);
      expect(entry.coverage).toBe(plan.coverage.ratio);
    });
  }

  it('the validators reject a broken document (they are not vacuous)', () => {
    const plan = readJson(join(DIST, 'data', 'plans', 'chengdu-sti.json'));
    expect(validatePlan({ ...plan, meta: { ...plan.meta, slug: 42 } })).toBe(false);
    expect(validatePlan({ ...plan, coverage: undefined })).toBe(false);
    expect(validatePlans({ schemaVersion: 1, plans: [{}] })).toBe(false);
  });
});
