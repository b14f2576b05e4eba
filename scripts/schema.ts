/** Writes the JSON Schemas of the published data files, generated from the zod model. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from '../src/ingest/paths.ts';
import { IndicatorsIndex, PlanDoc, PlansIndex, ReuseIndex, TagsIndex } from '../src/ingest/schema.ts';

export function jsonSchemas(): Record<string, unknown> {
  const base = 'https://plan-atlas.invalid/schema/';
  return {
    'plan.schema.json': { $id: `${base}plan.schema.json`, title: 'Plan Atlas plan document (/data/plans/<slug>.json)', ...z.toJSONSchema(PlanDoc) },
    'plans.schema.json': { $id: `${base}plans.schema.json`, title: 'Plan Atlas plan index (/data/plans.json)', ...z.toJSONSchema(PlansIndex) },
    'indicators.schema.json': { $id: `${base}indicators.schema.json`, title: 'Plan Atlas indicator rows (/data/indicators.json)', ...z.toJSONSchema(IndicatorsIndex) },
    'tags.schema.json': { $id: `${base}tags.schema.json`, title: 'Plan Atlas tag index (/data/tags.json)', ...z.toJSONSchema(TagsIndex) },
    'reuse.schema.json': { $id: `${base}reuse.schema.json`, title: 'Plan Atlas shared wording between plans (/data/reuse.json)', ...z.toJSONSchema(ReuseIndex) },
  };
}

if (import.meta.main) {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    writeFileSync(join(ROOT, 'schema', name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote schema/${name}`);
  }
}
