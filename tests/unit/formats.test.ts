/**
 * A plan in each format dropped into seeds/ with its metadata is read by the reader its extension
 * names and ingested like a text plan, with provenance kept: pages of a PDF, paragraphs of a DOCX.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { describeLines, pageOf } from '../../src/ingest/provenance.ts';
import { makeDocx } from '../helpers/make-docx.ts';
import { makeDump } from '../helpers/make-dump.ts';
import { makePdf } from '../helpers/make-pdf.ts';
import { seedModel } from '../helpers/roundtrip.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads .pdf, .docx, .md and .html plans side by side, each with its provenance', async () => {
  const { plan, meta } = seedModel('wuhou-sti');
  writeFileSync(join(dir, 'as-pdf.pdf'), await makePdf(plan, { header: meta.shortTitle ?? meta.title }));
  writeFileSync(join(dir, 'as-docx.docx'), await makeDocx(plan));
  writeFileSync(join(dir, 'as-dump.md'), makeDump(plan));
  copyFileSync(join(ROOT, 'tests/fixtures/html/gov-article.html'), join(dir, 'as-html.html'));
  for (const s of ['as-pdf', 'as-docx', 'as-dump', 'as-html']) copyFileSync(join(ROOT, 'seeds/wuhou-sti.yaml'), join(dir, `${s}.yaml`));
  const { plans, errors } = await ingestCorpus(dir, 'seeds');
  expect(errors.map((e) => e.message)).toEqual([]);
  const by = new Map(plans.map((p) => [p.meta.slug, p]));
  expect([...by.keys()].sort()).toEqual(['as-docx', 'as-dump', 'as-html', 'as-pdf']);
  // Outlines equal the text's (tests/unit/roundtrip.test.ts checks each format in full).
  for (const slug of ['as-pdf', 'as-docx', 'as-dump']) expect(by.get(slug)!.outline.length, slug).toBeGreaterThan(plan.outline.length * 0.9);

  const pdf = by.get('as-pdf')!;
  expect(pdf.meta.sourceFile).toBe('seeds/as-pdf.pdf');
  expect(pdf.source.format).toBe('pdf');
  expect(pdf.source.pages!.length).toBeGreaterThan(10);
  const last = pdf.blocks[pdf.blocks.length - 1];
  expect(pageOf(pdf.source, last.sourceLines[1])).toBe(pdf.source.pages!.length);
  expect(describeLines(pdf.source, pdf.blocks[0].sourceLines)).toBe('p. 1');
  expect(pdf.excluded.filter((e) => e.kind === 'page-number')).toHaveLength(pdf.source.pages!.length);
  expect(pdf.excluded.filter((e) => e.kind === 'running-header').length).toBeGreaterThanOrEqual(pdf.source.pages!.length - 1);

  const docx = by.get('as-docx')!;
  expect(docx.source.format).toBe('docx');
  expect(describeLines(docx.source, docx.blocks[0].sourceLines)).toMatch(/^¶ \d+$/);
  expect(by.get('as-dump')!.source).toEqual({ format: 'md' });
  expect(by.get('as-html')!.source).toEqual({ format: 'html' });
}, 60_000);
