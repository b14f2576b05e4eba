/**
 * The tag taxonomy: authored files `content/tags/<id>.mdx`, one per topic. The YAML front
 * matter holds the names, the definition, the signal terms and the exclusions; the MDX body
 * holds the longer scope notes shown on the tag page. Errors name the file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { IngestError } from './errors.ts';

const Term = z.union([
  z.string().trim().min(1),
  z
    .object({
      term: z.string().trim().min(1),
      /** Match only on word boundaries (Intl.Segmenter). Default: true for terms of one or two characters. */
      word: z.boolean().optional(),
      /**
       * The sense words of an ambiguous term: it counts only when one of them stands in the same
       * clause (between ，。；：！？ or table cells). "国际" with cues [合作, 交流] counts in
       * "深化国际科技合作" but not in "打造国际一流营商环境".
       */
      cues: z.array(z.string().trim().min(1)).min(1).optional(),
      /** How far to look for a cue: the clause (default) or the whole sentence (between 。；！？). */
      scope: z.enum(['clause', 'sentence']).optional(),
    })
    .strict(),
]);

export const TagFrontmatter = z
  .object({
    zh: z.string().trim().min(1),
    en: z.string().trim().min(1),
    /** Position in lists and maps. */
    order: z.number().int(),
    /** One of the topics users asked for by name (held to the evaluation thresholds). */
    requested: z.boolean().default(false),
    definition: z.string().trim().min(1),
    definitionEn: z.string().trim().min(1),
    terms: z.array(Term).min(1),
    /** Phrases in which a term does not signal the topic ("专家论证" for talent's "专家"). */
    exclude: z.array(z.string().trim().min(1)).default([]),
    /**
     * Whether a passage's own heading naming the topic tags the passage when its text does not.
     * True for topics whose sections list their measures ("主动对接成渝双城经济圈" → items about the
     * partner districts); false for places and containers (a section "建设综合性国家科学中心"
     * lists facilities and universities, which are about themselves).
     */
    fromHeading: z.boolean().default(true),
    /**
     * A topic that cannot yet be told reliably from the text: shown, but labelled as experimental
     * with its measured precision and recall on the held-out test split.
     */
    experimental: z.boolean().default(false),
    /**
     * What a reader should know about the evaluation figures, in both languages — e.g. that the
     * rules were revised after the test split was first scored, so its figures are no longer blind.
     */
    evaluationNote: z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }).strict().optional(),
  })
  .strict();

export interface TagTerm {
  term: string;
  word: boolean;
  /** Sense words required in the same clause; absent when the term alone signals the topic. */
  cues?: string[];
  scope?: 'clause' | 'sentence';
}

export interface TagDef {
  id: string;
  zh: string;
  en: string;
  order: number;
  requested: boolean;
  definition: string;
  definitionEn: string;
  terms: TagTerm[];
  exclude: string[];
  fromHeading: boolean;
  experimental: boolean;
  evaluationNote?: { zh: string; en: string };
  /** The file it came from, for messages. */
  file: string;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Parse one tag file (front matter between `---` lines, then an MDX body). */
export function parseTag(text: string, file: string, id: string): TagDef {
  if (!ID.test(id)) throw new IngestError(file, `invalid tag id "${id}": use lowercase ASCII letters, digits and single hyphens`);
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!m) throw new IngestError(file, 'missing YAML front matter: the file must start with a line "---", the fields, and a closing "---"', 1);
  const lineCounter = new LineCounter();
  const doc = parseDocument(m[1], { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new IngestError(file, `invalid YAML front matter: ${e.message.split('\n')[0]}`, 1 + (e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line));
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new IngestError(file, 'front matter must be a YAML mapping of fields', 2);
  const parsed = TagFrontmatter.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : issue.path.length ? String(issue.path[0]) : '(root)';
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown field "${field}"`
        : data[field] === undefined
          ? `missing field "${field}"`
          : `invalid field "${field}"${issue.path.length > 1 ? ` (item ${Number(issue.path[1]) + 1})` : ''}: ${issue.message}`;
    const k = m[1].split(/\r?\n/).findIndex((l) => l.startsWith(`${field}:`));
    throw new IngestError(file, what, k >= 0 ? k + 2 : undefined);
  }
  const f = parsed.data;
  const terms: TagTerm[] = f.terms
    .map((t) => (typeof t === 'string' ? { term: t } : t))
    .map((t) => ({ term: t.term, word: t.word ?? [...t.term].length <= 2, ...(t.cues ? { cues: t.cues, scope: t.scope ?? 'clause' } : {}) }));
  const seen = new Set<string>();
  for (const t of terms) {
    if (seen.has(t.term)) throw new IngestError(file, `term "${t.term}" is listed twice`);
    seen.add(t.term);
  }
  return { id, zh: f.zh, en: f.en, order: f.order, requested: f.requested, definition: f.definition, definitionEn: f.definitionEn, terms, exclude: f.exclude, fromHeading: f.fromHeading, experimental: f.experimental, ...(f.evaluationNote ? { evaluationNote: f.evaluationNote } : {}), file };
}

/** Every `<id>.mdx` in `dir`, sorted by `order` then id. Throws on the first bad file. */
export function loadTaxonomy(dir: string, label = dir): TagDef[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort();
  } catch {
    throw new IngestError(label, 'tag directory not found');
  }
  if (files.length === 0) throw new IngestError(label, 'no tag files (<id>.mdx) found');
  const tags = files.map((f) => {
    const file = `${label}/${f}`;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(dir, f)));
    } catch {
      throw new IngestError(file, 'not valid UTF-8 text');
    }
    return parseTag(text, file, f.slice(0, -4));
  });
  const byOrder = new Map<number, string>();
  for (const t of tags) {
    const other = byOrder.get(t.order);
    if (other) throw new IngestError(t.file, `order ${t.order} is also used by ${other}`);
    byOrder.set(t.order, t.file);
  }
  return tags.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
