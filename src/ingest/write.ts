/**
 * Generated content: per plan, the model as JSON and an MDX page that renders it.
 * The MDX never contains plan text — only the slug and an import of the JSON — so nothing a
 * plan says can be interpreted as MDX, JSX or JavaScript.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IndicatorsIndex, PlanDoc, ReuseIndex, TagsIndex } from './schema.ts';
import { ROOT } from './paths.ts';

export function mdxFor(plan: PlanDoc, readerImport: string): string {
  return [
    '---',
    `slug: ${JSON.stringify(plan.meta.slug)}`,
    '---',
    `import PlanReader from ${JSON.stringify(readerImport)};`,
    `import plan from ${JSON.stringify(`./${plan.meta.slug}.json`)};`,
    '',
    '<PlanReader plan={plan} />',
    '',
  ].join('\n');
}

/** Where the corpus-wide index files go, beside the plans (`<dir>/index/tags.json`). */
export const INDEX_SUBDIR = 'index';

export function writeContent(plans: PlanDoc[], dir: string, tags: TagsIndex, indicators: IndicatorsIndex, reuse: ReuseIndex): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
  const reader = relative(dir, join(ROOT, 'src/components/PlanReader.astro')).split('\\').join('/');
  for (const p of plans) {
    writeFileSync(join(dir, `${p.meta.slug}.json`), `${JSON.stringify(p, null, 1)}\n`);
    writeFileSync(join(dir, `${p.meta.slug}.mdx`), mdxFor(p, reader.startsWith('.') ? reader : `./${reader}`));
  }
  mkdirSync(join(dir, INDEX_SUBDIR));
  writeFileSync(join(dir, INDEX_SUBDIR, 'tags.json'), `${JSON.stringify(tags, null, 1)}\n`);
  writeFileSync(join(dir, INDEX_SUBDIR, 'indicators.json'), `${JSON.stringify(indicators, null, 1)}\n`);
  writeFileSync(join(dir, INDEX_SUBDIR, 'reuse.json'), `${JSON.stringify(reuse)}\n`);
}
