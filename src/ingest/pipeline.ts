/**
 * The ingest pipeline for one plan: read (a reader per format, src/ingest/read/) → clean → layout
 * repair (src/ingest/repair/) → front matter (TOC, web chrome) → units → outline and blocks →
 * indicators → tags → checks. Pure: the reader's intermediate in, plan document out.
 */
import { assemble } from './assemble.ts';
import { cleanLines, squash } from './clean.ts';
import { coverage, modelText } from './coverage.ts';
import { IngestError } from './errors.ts';
import { findArticleFront, findToc } from './frontmatter.ts';
import { checkUnits, extractIndicators } from './indicators.ts';
import { proseIndicators } from './prose.ts';
import type { Counts, Diagnostic, Excluded, PlanDoc, PlanMeta, PlanMetaInput } from './schema.ts';
import { tagBlocks, type Tagger } from './tags.ts';
import { passageRecords } from './passages.ts';
import { sourceMap } from './provenance.ts';
import { readText } from './read/text.ts';
import { repairLayout } from './repair/index.ts';
import type { ReadDoc } from './read/types.ts';
import { isBlankSeparated, toUnits } from './units.ts';

export interface PlanSource {
  slug: string;
  /** File name for messages, e.g. "seeds/wuhou-sti.txt". */
  file: string;
  bytes: Uint8Array;
  meta: PlanMetaInput;
  /** Tags every passage; without one, passages carry no tags. */
  tagger?: Tagger;
}

/** A text plan (.txt/.md), read synchronously: decode, then the shared pipeline. */
export function ingestPlan(src: PlanSource): PlanDoc {
  return ingestDoc(readText(src.bytes, src.file), src);
}

/** The shared pipeline after a reader: intermediate text → plan document. */
export function ingestDoc(doc: ReadDoc, src: Omit<PlanSource, 'bytes'>): PlanDoc {
  const source = cleanLines(doc.text);
  if (source.every((l) => l.blank)) throw new IngestError(src.file, 'contains no text once extraction markers are removed');
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  const repaired = repairLayout(source, doc.origins);
  const lines = repaired.lines;
  diagnostics.push(...repaired.diagnostics);

  const excluded: Excluded[] = [...repaired.excluded];
  const article = src.meta.sourceType === 'news-excerpt' ? findArticleFront(lines) : null;
  if (article) excluded.push(...article.excluded);
  const toc = findToc(lines);
  if (toc) excluded.push(toc);
  const skip = new Set<number>();
  for (const e of excluded) for (let n = e.lines[0]; n <= e.lines[1]; n++) skip.add(n);
  if (article?.headlineLine) skip.add(article.headlineLine);

  const blankMode = isBlankSeparated(lines);
  const units = toUnits(lines, skip, blankMode);
  const asm = assemble(units, { lineMode: !blankMode, excerpt: src.meta.sourceType === 'news-excerpt' });
  excluded.push(...asm.excluded);
  diagnostics.push(...asm.diagnostics);
  const ind = extractIndicators(asm.blocks);
  diagnostics.push(...ind.diagnostics, ...checkUnits(ind.indicators, asm.blocks));
  const indicators = [...ind.indicators, ...proseIndicators(asm.outline, asm.blocks)];

  const tagCounts = src.tagger ? tagBlocks(asm.blocks, asm.outline, src.tagger) : {};

  const sourceText = (n: number): string => squash(source[n - 1]?.text ?? '');
  const cov = coverage(source, excluded, modelText(asm.outline, asm.blocks, article?.headline ? [article.headline] : [], sourceText));
  if (cov.missingLines.length) {
    diagnostics.push({ code: 'text-not-in-model', severity: 'warning', message: `${cov.missingLines.length} source line(s) were not found in the model: ${cov.missingLines.slice(0, 10).join(', ')}.` });
  }
  excluded.sort((a, b) => a.lines[0] - b.lines[0]);

  const meta: PlanMeta = { ...src.meta, slug: src.slug, sourceFile: src.file, encoding: doc.encoding };
  const counts: Counts = {
    sections: asm.outline.filter((o) => o.kind === 'section').length,
    boxes: asm.outline.filter((o) => o.kind === 'box').length,
    paragraphs: asm.blocks.filter((b) => b.type === 'paragraph').length,
    lists: asm.blocks.filter((b) => b.type === 'list').length,
    listItems: asm.blocks.reduce((n, b) => n + (b.type === 'list' ? b.items.length : 0), 0),
    tables: asm.blocks.filter((b) => b.type === 'table').length,
    indicators: indicators.length,
    diagnostics: diagnostics.length,
    passages: 0,
    tagged: 0,
  };
  for (const p of passageRecords(asm.blocks)) {
    counts.passages++;
    if (p.tags.length) counts.tagged++;
  }
  return {
    schemaVersion: 1,
    meta,
    source: sourceMap(doc),
    article: article ? { headline: article.headline, headlineLine: article.headlineLine, dateline: article.dateline } : null,
    counts,
    coverage: cov,
    outline: asm.outline,
    blocks: asm.blocks,
    indicators,
    tagCounts,
    diagnostics,
    excluded,
  };
}
