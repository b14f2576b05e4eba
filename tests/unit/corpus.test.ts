/**
 * Real plan documents in layouts the seeds do not have (../shared/corpus/, read in place, never
 * copied here): each must ingest to its hand-labelled outline (precision, recall and level
 * agreement ≥ 0.95), keep ≥ 99.5% of its text, and carry no page furniture in any passage.
 * A clone without ../shared skips these with a one-line notice; CI always has it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passages } from '../../src/ingest/passages.ts';
import { ingestDoc } from '../../src/ingest/pipeline.ts';
import { readDocument } from '../../src/ingest/read/index.ts';
import { isMarkupLine, pageNumber } from '../../src/ingest/repair/furniture.ts';
import type { PlanDoc, PlanMetaInput } from '../../src/ingest/schema.ts';
import { readOutlineFixture, scoreOutline } from '../helpers/outline-score.ts';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS = join(ROOT, '../shared/corpus');
const FIXTURES = join(ROOT, 'tests/fixtures/outline/corpus');
const have = existsSync(CORPUS);
if (!have) console.log(`corpus tests skipped: ${CORPUS} is not here (a clone without ../shared; CI has it)`);

const META: PlanMetaInput = { title: '测试', titleEn: 'test', issuer: null, level: 'national', region: '全国', period: '2021–2025', docNumber: null, issued: null, sourceType: 'plan' };

const DOCS: Array<[file: string, fixture: string]> = [
  ['national-emergency-2021.md', 'national-emergency-2021'],
  ['national-emergency-2021.docx', 'national-emergency-2021'],
  ['central-committee-14fyp-proposal-2020.txt', 'central-committee-14fyp-proposal-2020'],
  ['national-11fyp-outline-2006.txt', 'national-11fyp-outline-2006'],
];

async function ingest(file: string): Promise<PlanDoc> {
  const doc = await readDocument(new Uint8Array(readFileSync(join(CORPUS, file))), `corpus/${file}`);
  return ingestDoc(doc, { slug: 'corpus', file: `corpus/${file}`, meta: META });
}

describe.skipIf(!have).each(DOCS)('%s', (file, fixture) => {
  let plan: PlanDoc;
  it('ingests', async () => {
    plan = await ingest(file);
    expect(plan.outline.length).toBeGreaterThan(10);
  });

  it('has the hand-labelled outline (precision, recall, levels ≥ 0.95)', () => {
    const s = scoreOutline(plan.outline, readOutlineFixture(join(FIXTURES, `${fixture}.tsv`)));
    console.log(`${file}: outline precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, levels ${s.levels.toFixed(3)} (${s.matched} matched)`);
    expect(s.precision, `extra: ${s.extra.slice(0, 8).join(' / ')}`).toBeGreaterThanOrEqual(0.95);
    expect(s.recall, `missing: ${s.missing.slice(0, 8).join(' / ')}`).toBeGreaterThanOrEqual(0.95);
    expect(s.levels).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps ≥ 99.5% of its text', () => {
    expect(plan.coverage.ratio).toBeGreaterThanOrEqual(0.995);
  });

  it('has no page furniture in any passage', () => {
    for (const p of passages(plan)) {
      for (const line of p.text.split('\n')) {
        expect(pageNumber(line), p.id).toBeNull();
        expect(isMarkupLine(line), p.id).toBe(false);
      }
    }
  });
});
