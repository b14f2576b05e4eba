/**
 * The corpus: every `seeds/<slug>.txt` with its `seeds/<slug>.yaml`. Each plan is ingested
 * on its own; a bad plan yields an error naming its file and never drops the others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from './errors.ts';
import { parseMeta } from './meta.ts';
import { ingestPlan } from './pipeline.ts';
import type { PlanDoc } from './schema.ts';
import type { Tagger } from './tags.ts';

export interface CorpusResult {
  plans: PlanDoc[];
  errors: IngestError[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function ingestCorpus(dir: string, label = dir, tagger?: Tagger): CorpusResult {
  const files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  const errors: IngestError[] = [];
  const plans: PlanDoc[] = [];
  const bySlug = new Map<string, string[]>();
  for (const f of files) {
    const m = /^(.*)\.(txt|ya?ml)$/i.exec(f);
    if (!m) {
      errors.push(new IngestError(`${label}/${f}`, 'unexpected file in seeds/: expected <slug>.txt and <slug>.yaml'));
      continue;
    }
    if (/\.txt$/i.test(f)) bySlug.set(m[1].toLowerCase(), [...(bySlug.get(m[1].toLowerCase()) ?? []), f]);
  }
  const yamls = new Map<string, string[]>();
  for (const f of files) {
    const m = /^(.*)\.ya?ml$/i.exec(f);
    if (m) yamls.set(m[1].toLowerCase(), [...(yamls.get(m[1].toLowerCase()) ?? []), f]);
  }
  for (const [slug, ys] of yamls) {
    if (!bySlug.has(slug)) errors.push(new IngestError(`${label}/${ys[0]}`, `metadata without a plan text: ${label}/${slug}.txt is missing`));
  }
  for (const [slug, txts] of [...bySlug].sort(([a], [b]) => a.localeCompare(b))) {
    // Names that differ only in case: the one spelt exactly as its (lowercase) slug is the plan;
    // each other spelling is an error naming both files. With no canonical spelling, all are errors.
    const canonical = txts.filter((t) => t.slice(0, -4) === slug);
    if (txts.length > 1) {
      const both = txts.map((t) => `${label}/${t}`).join(' and ');
      for (const t of txts) {
        if (canonical.length === 1 && t === canonical[0]) continue;
        errors.push(new IngestError(`${label}/${t}`, `duplicate slug "${slug}": ${both} differ only in case`));
      }
      if (canonical.length !== 1) continue;
    }
    const txt = canonical.length === 1 ? canonical[0] : txts[0];
    const file = `${label}/${txt}`;
    try {
      if (!SLUG.test(slug) || txt.slice(0, -4) !== slug) {
        throw new IngestError(file, `invalid slug "${txt.slice(0, -4)}": use lowercase ASCII letters, digits and single hyphens`);
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
      plans.push(ingestPlan({ slug, file, bytes: readFileSync(join(dir, txt)), meta, tagger }));
    } catch (e) {
      errors.push(e instanceof IngestError ? e : new IngestError(file, `internal error: ${(e as Error).stack ?? e}`));
    }
  }
  return { plans, errors };
}
