/**
 * A corpus of a PDF and a DOCX plan (generated from two seeds), ingested and built on its own:
 * the reader shows where each passage stands in the PDF ("p. 12"), the page furniture taken out is
 * listed under About this text with its page, and the DOCX plan reads like its text.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLines } from '../../src/ingest/provenance.ts';
import type { PlanDoc } from '../../src/ingest/schema.ts';
import { makeDocx } from '../helpers/make-docx.ts';
import { makePdf } from '../helpers/make-pdf.ts';
import { seedModel } from '../helpers/roundtrip.ts';
import { testBuild } from './helpers/build.ts';
import { ROOT } from './helpers/server.ts';

const b = testBuild('formats');
const page = (slug: string): string => {
  const f = join(b.out, `plans/${slug}/index.html`);
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
const model = (slug: string): PlanDoc => JSON.parse(readFileSync(join(b.content, `${slug}.json`), 'utf8'));

beforeAll(async () => {
  const seeds = join(b.work, 'seeds');
  mkdirSync(seeds);
  const pdf = seedModel('wuhou-sti');
  writeFileSync(join(seeds, 'wuhou-pdf.pdf'), await makePdf(pdf.plan, { header: pdf.meta.shortTitle ?? pdf.meta.title, breakTables: true }));
  writeFileSync(join(seeds, 'wuhou-pdf.yaml'), readFileSync(join(ROOT, 'seeds/wuhou-sti.yaml')));
  writeFileSync(join(seeds, 'chongqing-docx.docx'), await makeDocx(seedModel('chongqing-htz-sti').plan));
  writeFileSync(join(seeds, 'chongqing-docx.yaml'), readFileSync(join(ROOT, 'seeds/chongqing-htz-sti.yaml')));
  await b.run({ seeds });
}, 240_000);
afterAll(() => b.remove());

it('ingests and builds both', () => {
  expect(b.ingest?.code, b.ingest?.stderr).toBe(0);
  expect(b.build?.code, b.build?.stderr.slice(-3000)).toBe(0);
  expect(page('wuhou-pdf')).not.toBe('');
  expect(page('chongqing-docx')).not.toBe('');
});

it('shows the page of every PDF passage (paragraphs and list items), as the model places it', () => {
  const html = page('wuhou-pdf');
  const m = model('wuhou-pdf');
  const shown = [...html.matchAll(/<span class="origin"[^>]*> (pp?\. [\d–]+)<\/span>/g)].map((x) => x[1]);
  const expected = m.blocks.flatMap((bl) => (bl.type === 'paragraph' ? [bl.sourceLines] : bl.type === 'list' ? bl.items.map((i) => i.sourceLines) : [])).map((l) => describeLines(m.source, l));
  expect(shown).toEqual(expected);
  expect(shown[0]).toBe('p. 1');
  expect(new Set(shown).size).toBeGreaterThan(30);
});

it('lists the page numbers and running headers it took out, with their pages', () => {
  const html = page('wuhou-pdf');
  const m = model('wuhou-pdf');
  expect(m.excluded.filter((e) => e.kind === 'page-number')).toHaveLength(m.source.pages!.length);
  const pages = m.source.pages!.length;
  expect(html).toContain(`页码 page number：${pages} 行 <span lang="en">lines</span>，pp. 1–${pages}`);
  expect(html).toMatch(/页眉 running header：\d+ 行 <span lang="en">lines<\/span>，pp\. [12]–/);
  expect(html).toContain(`p. ${pages}  —${pages}—`);
  // No page number or header text inside a passage.
  for (const bl of m.blocks) if (bl.type === 'paragraph') expect(bl.text).not.toMatch(/—\s*\d+\s*—|武侯科技创新规划$/);
});

it('the DOCX plan has the outline its text has, and no page markers', () => {
  const m = model('chongqing-docx');
  const text = seedModel('chongqing-htz-sti').plan;
  expect(m.outline.map((o) => `${o.level}${o.label}${o.title}`)).toEqual(text.outline.map((o) => `${o.level}${o.label}${o.title}`));
  expect(page('chongqing-docx')).not.toContain('class="origin"');
});
