/**
 * The committed JSON Schemas in schema/ must be exactly what scripts/schema.ts generates from the zod
 * model, so they cannot go stale. Regenerate with `node scripts/schema.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/ingest/paths.ts';
import { jsonSchemas } from '../../scripts/schema.ts';

describe('schema/*.json', () => {
  const generated = jsonSchemas();

  it('generates the plan and plan-index schemas', () => {
    expect(Object.keys(generated).sort()).toEqual(['indicators.schema.json', 'plan.schema.json', 'plans.schema.json', 'reuse.schema.json', 'tags.schema.json']);
  });

  for (const [name, schema] of Object.entries(generated)) {
    it(`schema/${name} is up to date (run \`node scripts/schema.ts\` if not)`, () => {
      const committed = readFileSync(join(ROOT, 'schema', name), 'utf8');
      // Byte-for-byte what scripts/schema.ts writes.
      expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    });
  }
});
