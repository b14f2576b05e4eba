// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

// PLAN_ATLAS_OUT / PLAN_ATLAS_CACHE let tests build other corpora without touching dist/.
export default defineConfig({
  site: process.env.PLAN_ATLAS_SITE ?? 'http://127.0.0.1:4321',
  outDir: process.env.PLAN_ATLAS_OUT ?? './dist',
  cacheDir: process.env.PLAN_ATLAS_CACHE ?? './node_modules/.astro',
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
});
