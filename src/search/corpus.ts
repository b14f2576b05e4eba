/**
 * Node-side: the search index of a seeds directory, built exactly as the site builds it (ingest →
 * tag → shards → manifest), and an engine loaded from the serialised JSON as the browser loads it.
 * Used by the relevance test and the search benchmark.
 */
import { ingestCorpus } from '../ingest/corpus.ts';
import { createTagger, tagsIndex } from '../ingest/tags.ts';
import { loadTaxonomy } from '../ingest/taxonomy.ts';
import type { PlanDoc } from '../ingest/schema.ts';
import { SearchEngine } from './engine.ts';
import { buildManifest, serialiseShards, type SearchManifest, type SearchShard, type SerialisedShard } from './shard.ts';

export interface SearchCorpus {
  plans: PlanDoc[];
  manifest: SearchManifest;
  manifestJson: string;
  shards: Map<string, SerialisedShard>;
}

export async function searchCorpus(seedsDir: string, tagsDir: string): Promise<SearchCorpus> {
  const taxonomy = loadTaxonomy(tagsDir, tagsDir);
  const { plans, errors } = await ingestCorpus(seedsDir, seedsDir, createTagger(taxonomy));
  if (errors.length) throw new Error(`ingest of ${seedsDir} failed:\n${errors.map((e) => e.message).join('\n')}`);
  const tags = tagsIndex(taxonomy, plans).tags;
  const shards = serialiseShards(plans, tags);
  const manifest = buildManifest(plans, tags, shards);
  return { plans, manifest, manifestJson: JSON.stringify(manifest), shards };
}

/** An engine with every shard parsed from its JSON, as the browser does. */
export function loadEngine(c: Pick<SearchCorpus, 'manifestJson' | 'shards'>): SearchEngine {
  const engine = new SearchEngine(JSON.parse(c.manifestJson) as SearchManifest);
  for (const s of c.shards.values()) engine.addShard(JSON.parse(s.json) as SearchShard);
  return engine;
}
