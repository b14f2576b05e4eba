/**
 * Round trips: a seed's `.txt` model typeset as another format (DOCX, PDF, a hard-wrapped text
 * dump), read back and ingested, compared with the `.txt` model on what a reader relies on: the
 * outline (level, label, title), the indicator rows (name, baseline and target as printed) and the
 * paragraphs' text. Outlines are compared with their ids (so every deep link survives the format),
 * inferred sections included: the generators print the trace the `.txt` showed for a heading line
 * missing from it (a stray, deeper indent), as the source did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeta } from '../../src/ingest/meta.ts';
import { ingestDoc, ingestPlan } from '../../src/ingest/pipeline.ts';
import type { ReadDoc } from '../../src/ingest/read/types.ts';
import type { PlanDoc, PlanMetaInput } from '../../src/ingest/schema.ts';

const ROOT = join(import.meta.dirname, '../..');

export function seedModel(slug: string): { plan: PlanDoc; meta: PlanMetaInput } {
  const meta = parseMeta(readFileSync(join(ROOT, `seeds/${slug}.yaml`), 'utf8'), `seeds/${slug}.yaml`);
  return { meta, plan: ingestPlan({ slug, file: `seeds/${slug}.txt`, bytes: readFileSync(join(ROOT, `seeds/${slug}.txt`)), meta }) };
}

export const outlineKey = (p: PlanDoc): string[] => p.outline.map((o) => `${o.id}|${o.level}|${o.kind}|${o.label ?? ''}|${o.title ?? ''}`);
export const indicatorKey = (p: PlanDoc): string[] => p.indicators.map((i) => `${i.source}|${i.name}|${i.unit ?? ''}|${i.baseline.raw}|${i.target.raw}`);
const paragraphTexts = (p: PlanDoc): string[] => p.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));

export interface RoundTrip {
  before: PlanDoc;
  after: PlanDoc;
  /** Paragraphs of the `.txt` model found word for word in the round trip's model. */
  sameParagraphs: number;
  paragraphs: number;
  /** The `.txt` model's paragraphs that did not come back as they were (for the failure message). */
  changed: string[];
}

export function compare(slug: string, before: PlanDoc, meta: PlanMetaInput, doc: ReadDoc, file: string): RoundTrip {
  const after = ingestDoc(doc, { slug, file, meta });
  const back = new Set(paragraphTexts(after));
  const pa = paragraphTexts(before);
  const changed = pa.filter((t) => !back.has(t));
  return { before, after, sameParagraphs: pa.length - changed.length, paragraphs: pa.length, changed };
}
