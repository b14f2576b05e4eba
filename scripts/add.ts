/**
 * `npm run add -- path/to/plan.pdf --slug <slug> [--seeds <dir>] [--force]`: add a plan to seeds/.
 * Copies the file to `seeds/<slug>.<ext>`, reads it with the plan readers, and writes a metadata
 * skeleton `seeds/<slug>.yaml` from what the text prints (src/ingest/guess-meta.ts). Every field
 * read from the text is commented with its line; every guessed field is marked "guessed … — check".
 * The skeleton passes the metadata schema, so the plan ingests at once. Nothing is written when the
 * arguments are wrong or the file cannot be read.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Document, isMap, isPair, isScalar, Scalar } from 'yaml';
import { IngestError } from '../src/ingest/errors.ts';
import { type Field, type Guess, guessMeta } from '../src/ingest/guess-meta.ts';
import { parseMeta } from '../src/ingest/meta.ts';
import { SEEDS_DIR } from '../src/ingest/paths.ts';
import { extensionOf, PLAN_EXTENSIONS, readDocument } from '../src/ingest/read/index.ts';
import { SLUG } from '../src/ingest/schema.ts';
import type { ReadDoc } from '../src/ingest/read/types.ts';

const USAGE = 'usage: npm run add -- <file.{txt,md,pdf,docx,html}> --slug <slug> [--seeds <dir>] [--force]';
/** Field order of the written YAML (as in the committed seeds). */
const FIELDS = ['title', 'titleEn', 'issuer', 'level', 'region', 'period', 'docNumber', 'issued', 'sourceType'] as const;

/** A problem with the input: printed as "add: error: …", exit status 1 (2 for usage). */
class AddError extends Error {
  readonly status: number;
  constructor(message: string, status = 1) {
    super(message);
    this.status = status;
  }
}

interface Options {
  file: string;
  slug: string;
  seedsDir: string;
  force: boolean;
}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { slug: { type: 'string' }, seeds: { type: 'string' }, force: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new AddError(`${(e as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new AddError(`${positionals.length ? 'expected one plan file' : 'no plan file given'}\n${USAGE}`, 2);
  if (values.slug === undefined) throw new AddError(`--slug <slug> is required\n${USAGE}`, 2);
  if (!SLUG.test(values.slug)) {
    throw new AddError(`${positionals[0]}: bad slug "${values.slug}": use lowercase ASCII letters, digits and single hyphens (e.g. chengdu-sti)`, 2);
  }
  return { file: positionals[0], slug: values.slug, seedsDir: resolve(values.seeds ?? SEEDS_DIR), force: values.force ?? false };
}

/** A path for messages: relative to the working directory when inside it. */
function label(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The file's extension, lowercased, if it names a plan format. */
function planExtension(file: string): string {
  const ext = extensionOf(file);
  if (!PLAN_EXTENSIONS.includes(ext)) {
    const what = ext ? `unknown extension ".${ext}"` : 'no file extension';
    throw new AddError(`${file}: ${what}: expected one of ${PLAN_EXTENSIONS.map((e) => `.${e}`).join(', ')}`);
  }
  return ext;
}

function readSource(file: string): Uint8Array {
  if (!existsSync(file)) throw new AddError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new AddError(`${file}: is not a file`);
  return readFileSync(file);
}

/** Files in the seeds directory already using the slug (any extension, any case). */
function existingFiles(seedsDir: string, slug: string): string[] {
  if (!existsSync(seedsDir)) return [];
  return readdirSync(seedsDir).filter((f) => {
    const dot = f.lastIndexOf('.');
    return dot > 0 && f.slice(0, dot).toLowerCase() === slug;
  });
}

async function readPlan(bytes: Uint8Array, file: string): Promise<ReadDoc> {
  try {
    return await readDocument(bytes, file);
  } catch (e) {
    if (e instanceof IngestError) throw new AddError(`${e.message}\nNothing was written.`);
    throw new AddError(`${file}: could not be read: ${(e as Error).message}\nNothing was written.`);
  }
}

/** The page a line of the reader's text is printed on, for a PDF (" (page 2)"). */
function pageOf(doc: ReadDoc, n: number): string {
  const page = doc.origins?.[n - 1]?.page;
  return page ? ` (page ${page})` : '';
}

/** The line(s) a field was read from: "line 12", "lines 1–2 (page 1)". */
function whereField(f: Field<unknown>, doc: ReadDoc): string {
  if (f.line === null) return 'line ?';
  const lines = f.toLine && f.toLine !== f.line ? `lines ${f.line}–${f.toLine}` : `line ${f.line}`;
  return `${lines}${pageOf(doc, f.line)}`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The YAML comment for a field: where it was read, or that it is a guess to check. */
function commentFor(f: Field<unknown>, doc: ReadDoc): string {
  if (!f.guessed) {
    const where = ` from the text, ${whereField(f, doc)}`;
    // A value the text prints differently ("2021年7月26日", "十四五"): say what it printed.
    return f.evidence && !f.evidence.includes(String(f.value)) ? `${where}: ${oneLine(f.evidence)}` : where;
  }
  return ` guessed: ${oneLine(f.evidence ?? 'no evidence')} — check`;
}

/** The metadata skeleton as YAML text, each field commented. */
function metaYaml(guess: Guess, doc: ReadDoc, source: string): string {
  const data = Object.fromEntries(FIELDS.map((k) => [k, guess[k].value]));
  const yaml = new Document(data);
  yaml.commentBefore = ` Written by npm run add from ${source}.\n Fields marked "guessed" need checking; "from the text" gives the line of the reader's text.`;
  if (!isMap(yaml.contents)) throw new Error('unexpected YAML document shape');
  for (const pair of yaml.contents.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value) as (typeof FIELDS)[number];
    pair.value.comment = commentFor(guess[key], doc);
    // Keep dates and periods strings for every YAML reader, as the committed seeds do.
    if ((key === 'period' || key === 'issued') && pair.value.value !== null) pair.value.type = Scalar.QUOTE_DOUBLE;
  }
  return yaml.toString({ lineWidth: 0 });
}

/** One line per field: value, found or guessed, evidence. */
function report(guess: Guess, doc: ReadDoc): string[] {
  return FIELDS.map((k) => {
    const f = guess[k];
    const value = f.value === null ? 'null' : String(f.value);
    const how = f.guessed ? `GUESSED — ${oneLine(f.evidence ?? '')}` : `found at ${whereField(f, doc)}: ${oneLine(f.evidence ?? '')}`;
    return `  ${k.padEnd(11)} ${value}\n  ${''.padEnd(11)} ↳ ${how}`;
  });
}

async function main(argv: string[]): Promise<void> {
  const opts = parseOptions(argv);
  const ext = planExtension(opts.file);
  const seeds = label(opts.seedsDir);
  const taken = existingFiles(opts.seedsDir, opts.slug);
  if (taken.length && !opts.force) {
    throw new AddError(`${join(seeds, taken[0])} already exists: slug "${opts.slug}" is taken (${taken.join(', ')}); choose another slug or pass --force to overwrite`);
  }
  const bytes = readSource(opts.file);
  const doc = await readPlan(bytes, opts.file);
  const guess = guessMeta(doc.text);
  const planFile = join(opts.seedsDir, `${opts.slug}.${ext}`);
  const metaFile = join(opts.seedsDir, `${opts.slug}.yaml`);
  const yamlText = metaYaml(guess, doc, label(resolve(opts.file)));
  // The skeleton must ingest as it is; if it does not, that is a bug here, and nothing is written.
  parseMeta(yamlText, label(metaFile));
  mkdirSync(opts.seedsDir, { recursive: true });
  for (const f of taken) rmSync(join(opts.seedsDir, f));
  writeFileSync(planFile, bytes);
  writeFileSync(metaFile, yamlText);
  const found = FIELDS.filter((k) => !guess[k].guessed).length;
  console.log(`${taken.length ? 'Replaced' : 'Added'} ${label(planFile)} (${doc.format}, ${doc.text.split('\n').length} lines of text) and ${label(metaFile)}.`);
  if (taken.length) console.log(`Removed the previous ${taken.map((f) => join(seeds, f)).join(', ')}.`);
  console.log(`Metadata: ${found} of ${FIELDS.length} fields read from the text, ${FIELDS.length - found} guessed:`);
  for (const line of report(guess, doc)) console.log(line);
  console.log(`Check ${label(metaFile)}, then run npm run build.`);
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof AddError) && !(e instanceof IngestError)) throw e;
  console.error(`add: error: ${e.message}`);
  process.exit(e instanceof AddError ? e.status : 1);
}
