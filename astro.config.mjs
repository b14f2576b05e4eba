// @ts-check
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// PLAN_ATLAS_CONTENT / PLAN_ATLAS_OUT / PLAN_ATLAS_CACHE let tests build other corpora without touching
// content/plans/ and dist/. `@plan-content` is where the ingest step wrote the plan models.
export default defineConfig({
  site: process.env.PLAN_ATLAS_SITE ?? 'http://127.0.0.1:4321',
  outDir: process.env.PLAN_ATLAS_OUT ?? './dist',
  cacheDir: process.env.PLAN_ATLAS_CACHE ?? './node_modules/.astro',
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  vite: { resolve: { alias: { '@plan-content': resolve(root, process.env.PLAN_ATLAS_CONTENT ?? 'content/plans') } } },
});
