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

export interface CorpusResult {
  plans: PlanDoc[];
  errors: IngestError[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function ingestCorpus(dir: string, label = dir): CorpusResult {
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
    const file = `${label}/${txts[0]}`;
    try {
      if (txts.length > 1) throw new IngestError(file, `duplicate slug "${slug}": ${txts.map((t) => `${label}/${t}`).join(' and ')} differ only in case`);
      if (!SLUG.test(slug) || txts[0].slice(0, -4) !== slug) {
        throw new IngestError(file, `invalid slug "${txts[0].slice(0, -4)}": use lowercase ASCII letters, digits and single hyphens`);
      }
      const ys = yamls.get(slug) ?? [];
      if (ys.length === 0) throw new IngestError(file, `no metadata: ${label}/${slug}.yaml is missing`);
      if (ys.length > 1) throw new IngestError(`${label}/${ys[1]}`, `duplicate metadata for slug "${slug}": ${ys.map((y) => `${label}/${y}`).join(' and ')}`);
      const meta = parseMeta(readFileSync(join(dir, ys[0]), 'utf8'), `${label}/${ys[0]}`);
      plans.push(ingestPlan({ slug, file, bytes: readFileSync(join(dir, txts[0])), meta }));
    } catch (e) {
      errors.push(e instanceof IngestError ? e : new IngestError(file, `internal error: ${(e as Error).stack ?? e}`));
    }
  }
  return { plans, errors };
}
