// @ts-check
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

const root = fileURLToPath(new URL('.', import.meta.url));
/** PLAN_ATLAS_BASE with one leading and one trailing slash ('plan-atlas' → '/plan-atlas/'; unset → '/'). */
const base = `/${(process.env.PLAN_ATLAS_BASE ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

// PLAN_ATLAS_SITE is the origin the site is published at (canonical links); PLAN_ATLAS_BASE the path it
// lives under (e.g. `/plan-atlas/` for a project page; default `/`).
// PLAN_ATLAS_CONTENT / PLAN_ATLAS_OUT / PLAN_ATLAS_CACHE let tests build other corpora without touching
// content/plans/ and dist/. `@plan-content` is where the ingest step wrote the plan models.
export default defineConfig({
  site: process.env.PLAN_ATLAS_SITE ?? 'http://127.0.0.1:4321',
  base,
  outDir: process.env.PLAN_ATLAS_OUT ?? './dist',
  cacheDir: process.env.PLAN_ATLAS_CACHE ?? './node_modules/.astro',
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  vite: { resolve: { alias: { '@plan-content': resolve(root, process.env.PLAN_ATLAS_CONTENT ?? 'content/plans') } } },
});
