/** Where the pipeline reads and writes. Overridable so tests can build other corpora in isolation. */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SEEDS_DIR = resolve(ROOT, process.env.PLAN_ATLAS_SEEDS ?? 'seeds');
export const CONTENT_DIR = resolve(ROOT, process.env.PLAN_ATLAS_CONTENT ?? 'content/plans');
/** Authored tag taxonomy (content/tags/<id>.mdx). */
export const TAGS_DIR = resolve(ROOT, process.env.PLAN_ATLAS_TAGS ?? 'content/tags');
/** Authored canonical metrics. */
export const METRICS_FILE = resolve(ROOT, process.env.PLAN_ATLAS_METRICS ?? 'content/metrics.yaml');
export const FORMULAS_FILE = resolve(ROOT, process.env.PLAN_ATLAS_FORMULAS ?? 'content/reuse/formulas.yaml');
/** Hand labels for the tagger: tuning/ (frozen, tuned on) and test/ (held out). */
export const TAGS_EVAL_DIR = resolve(ROOT, process.env.PLAN_ATLAS_TAGS_EVAL ?? 'content/tags-eval');
