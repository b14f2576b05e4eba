/**
 * The corpus: every plan file in `seeds/` (`<slug>.txt`, `.md`, `.pdf`, `.docx`, `.html`) with its
 * `seeds/<slug>.yaml`. Each plan is read and ingested on its own; a bad plan yields an error naming
 * its file and never drops the others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from './errors.ts';
import { parseMeta } from './meta.ts';
import { ingestDoc } from './pipeline.ts';
import { extensionOf, PLAN_EXTENSIONS, readDocument } from './read/index.ts';
import { type PlanDoc, SLUG } from './schema.ts';
import type { Tagger } from './tags.ts';

export interface CorpusResult {
  plans: PlanDoc[];
  errors: IngestError[];
}


const stem = (f: string): string => f.slice(0, f.length - extensionOf(f).length - 1);
const isPlanFile = (f: string): boolean => PLAN_EXTENSIONS.includes(extensionOf(f));

export async function ingestCorpus(dir: string, label = dir, tagger?: Tagger): Promise<CorpusResult> {
  const files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  const errors: IngestError[] = [];
  const plans: PlanDoc[] = [];
  const bySlug = new Map<string, string[]>();
  for (const f of files) {
    const yaml = /\.ya?ml$/i.test(f);
    if (!yaml && !isPlanFile(f)) {
      errors.push(new IngestError(`${label}/${f}`, `unexpected file in seeds/: expected <slug>.yaml and a plan file <slug>.{${PLAN_EXTENSIONS.join(',')}}`));
      continue;
    }
    if (!yaml) bySlug.set(stem(f).toLowerCase(), [...(bySlug.get(stem(f).toLowerCase()) ?? []), f]);
  }
  const yamls = new Map<string, string[]>();
  for (const f of files) {
    const m = /^(.*)\.ya?ml$/i.exec(f);
    if (m) yamls.set(m[1].toLowerCase(), [...(yamls.get(m[1].toLowerCase()) ?? []), f]);
  }
  for (const [slug, ys] of yamls) {
    if (!bySlug.has(slug)) errors.push(new IngestError(`${label}/${ys[0]}`, `metadata without a plan file: no ${label}/${slug}.{${PLAN_EXTENSIONS.join(',')}}`));
  }
  for (const [slug, txts] of [...bySlug].sort(([a], [b]) => a.localeCompare(b))) {
    // Two plan files for one slug: names that differ only in case, where the one spelt exactly as
    // its (lowercase) slug with a lowercase extension is the plan and each other spelling is an
    // error naming both; or two formats of one plan (x.txt and x.pdf), which are all errors.
    const canonical = txts.filter((t) => stem(t) === slug && extensionOf(t) === t.slice(t.lastIndexOf('.') + 1));
    const formats = new Set(txts.map(extensionOf));
    if (txts.length > 1) {
      const both = txts.map((t) => `${label}/${t}`).join(' and ');
      const why = formats.size > 1 ? 'are two plan files for one slug (keep one format)' : 'differ only in case';
      for (const t of txts) {
        if (formats.size === 1 && canonical.length === 1 && t === canonical[0]) continue;
        errors.push(new IngestError(`${label}/${t}`, `duplicate slug "${slug}": ${both} ${why}`));
      }
      if (formats.size > 1 || canonical.length !== 1) continue;
    }
    const txt = canonical.length === 1 ? canonical[0] : txts[0];
    const file = `${label}/${txt}`;
    try {
      if (!SLUG.test(slug) || stem(txt) !== slug) {
        throw new IngestError(file, `invalid slug "${stem(txt)}": use lowercase ASCII letters, digits and single hyphens`);
      }
      const ys = yamls.get(slug) ?? [];
      if (ys.length === 0) throw new IngestError(file, `no metadata: ${label}/${slug}.yaml is missing`);
      if (ys.length > 1) throw new IngestError(`${label}/${ys[1]}`, `duplicate metadata for slug "${slug}": ${ys.map((y) => `${label}/${y}`).join(' and ')}`);
      const metaFile = `${label}/${ys[0]}`;
      let yamlText: string;
      try {
        yamlText = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(dir, ys[0])));
      } catch {
        throw new IngestError(metaFile, 'metadata is not valid UTF-8 text (save the .yaml file as UTF-8)');
      }
      const meta = parseMeta(yamlText, metaFile);
      const doc = await readDocument(readFileSync(join(dir, txt)), file);
      plans.push(ingestDoc(doc, { slug, file, meta, tagger }));
    } catch (e) {
      errors.push(e instanceof IngestError ? e : new IngestError(file, `internal error: ${(e as Error).stack ?? e}`));
    }
  }
  return { plans, errors };
}
