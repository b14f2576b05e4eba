/** The search index for the site: shards and manifest built once per build from the plan models. */
import { buildManifest, serialiseShards, type SearchManifest, type SerialisedShard } from '../search/shard.ts';
import { allPlans } from './plans';
import { allTags } from './tags';

let cache: { shards: Map<string, SerialisedShard>; manifest: SearchManifest } | null = null;

export function searchIndex(): { shards: Map<string, SerialisedShard>; manifest: SearchManifest } {
  if (cache) return cache;
  const plans = allPlans();
  const shards = serialiseShards(plans, allTags());
  cache = { shards, manifest: buildManifest(plans, allTags(), shards, import.meta.env.BASE_URL) };
  return cache;
}
