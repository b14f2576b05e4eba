/**
 * Every seed typeset as DOCX (heading styles, Word's automatic numbering, real tables), as PDF
 * (running header, page numbers, first-line indent, hard wraps, a table broken by a page) and as a
 * hard-wrapped text dump with page furniture must ingest to the `.txt` model's outline and
 * indicator rows, and ≥ 95% of its paragraphs word for word (see tests/helpers/roundtrip.ts).
 */
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../src/ingest/read/docx.ts';
import { readPdf } from '../../src/ingest/read/pdf.ts';
import { readText } from '../../src/ingest/read/text.ts';
import { DEFAULT_LIMITS, type ReadDoc } from '../../src/ingest/read/types.ts';
import { makeDocx } from '../helpers/make-docx.ts';
import { makeDump } from '../helpers/make-dump.ts';
import { makePdf } from '../helpers/make-pdf.ts';
import { compare, indicatorKey, outlineKey, seedModel } from '../helpers/roundtrip.ts';

const SLUGS = ['chengdu-outline', 'chengdu-sti', 'chongqing-htz-sti', 'wuhou-industry', 'wuhou-sti'];
const ctx = (file: string) => ({ file, limits: DEFAULT_LIMITS });

const FORMATS: Array<[name: string, make: (slug: string) => Promise<ReadDoc>]> = [
  ['docx', async (slug) => readDocx(await makeDocx(seedModel(slug).plan), ctx(`${slug}.docx`))],
  ['pdf', async (slug) => {
    const { plan, meta } = seedModel(slug);
    return readPdf(await makePdf(plan, { header: meta.shortTitle ?? meta.title, breakTables: true }), ctx(`${slug}.pdf`));
  }],
  ['text dump', async (slug) => {
    const { plan, meta } = seedModel(slug);
    return readText(new TextEncoder().encode(makeDump(plan, { header: meta.shortTitle ?? meta.title })), `${slug}.txt`);
  }],
];

describe.each(FORMATS)('%s round trip', (format, make) => {
  it.each(SLUGS)('%s: same outline, indicator rows and ≥ 95% of the paragraphs', async (slug) => {
    const { plan, meta } = seedModel(slug);
    const doc = await make(slug);
    const r = compare(slug, plan, meta, doc, `${slug}.${format}`);
    console.log(`${format} ${slug}: paragraphs ${r.sameParagraphs}/${r.paragraphs}, outline ${outlineKey(r.after).length}/${outlineKey(plan).length}, indicators ${r.after.indicators.length}/${plan.indicators.length}`);
    expect(outlineKey(r.after)).toEqual(outlineKey(plan));
    expect(indicatorKey(r.after)).toEqual(indicatorKey(plan));
    expect(r.sameParagraphs / r.paragraphs, `changed: ${r.changed.slice(0, 3).map((t) => t.slice(0, 40)).join(' / ')}`).toBeGreaterThanOrEqual(0.95);
    expect(r.after.coverage.ratio).toBeGreaterThanOrEqual(0.995);
  }, 60_000);
});
