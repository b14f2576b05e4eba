// The corpus-wide index written by the ingest step (see src/ingest/write.ts), under the
// `@plan-content` alias (astro.config.mjs).
declare module '@plan-content/index/tags.json' {
  const index: import('./ingest/schema.ts').TagsIndex;
  export default index;
}
declare module '@plan-content/index/indicators.json' {
  const index: import('./ingest/schema.ts').IndicatorsIndex;
  export default index;
}
// OpenCC's dictionaries (opencc-js ships no types for them): "from to|from to|…".
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
declare module '@plan-content/index/reuse.json' {
  const index: import('./ingest/schema.ts').ReuseIndex;
  export default index;
}
