/**
 * The tagger measured against hand labels (content/tags-eval/, see its README).
 *
 * Two label sets: `tuning/` (the passages the tagger's rules were tuned on, frozen) and `test/`
 * (every other passage of the seed plans, labelled twice — by labellers A and B, independently and
 * blind to the tagger — with disagreements settled by the written rule in the README). The tag
 * index carries each topic's figures on the test split, so topic pages can show them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { IngestError } from './errors.ts';
import { passageRecords, passages } from './passages.ts';
import type { PlanDoc, TagEvaluation } from './schema.ts';
import type { TagDef } from './taxonomy.ts';

const TagList = z.array(z.string().trim().min(1)).default([]);

const LabelEntry = z
  .object({
    id: z.string().trim().min(1),
    /** random | search (tuning set); all (test split: every passage not in the tuning set). */
    selection: z.enum(['random', 'search', 'all']),
    /** The passage's first characters, so a changed id or text is caught. */
    excerpt: z.coerce.string(),
    /** The settled labels. */
    tags: TagList,
    why: z.string().trim().min(1),
    /** Test split: labeller A's and B's own labels, before settling. */
    a: TagList.optional(),
    b: TagList.optional(),
    /** Test split: how each disagreement was settled (one line per disputed tag). */
    settled: z.string().trim().min(1).optional(),
  })
  .strict();

const LabelFile = z.object({ plan: z.string().trim().min(1), passages: z.array(LabelEntry).min(1) }).strict();

export interface Labelled {
  plan: string;
  id: string;
  selection: 'random' | 'search' | 'all';
  excerpt: string;
  tags: string[];
  why: string;
  a?: string[];
  b?: string[];
  settled?: string;
}

/** One label file; errors name the file and the line of the entry. */
export function parseLabels(text: string, file: string): Labelled[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new IngestError(file, `invalid YAML: ${e.message.split('\n')[0]}`, lineCounter.linePos(e.pos[0]).line);
  }
  const parsed = LabelFile.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let line: number | undefined;
    if (issue.path[0] === 'passages' && typeof issue.path[1] === 'number') {
      const node = doc.getIn(['passages', issue.path[1]], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) line = lineCounter.linePos(node.range[0]).line;
    }
    throw new IngestError(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`, line);
  }
  return parsed.data.passages.map((p) => ({ ...p, plan: parsed.data.plan }));
}

/** Every `<slug>.yaml` in `dir`, in file order; [] when the directory does not exist. */
export function loadLabelDir(dir: string, label = dir): Labelled[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  return files.flatMap((f) => parseLabels(readFileSync(join(dir, f), 'utf8'), `${label}/${f}`));
}

export interface TagScore {
  tag: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  /** Passages wrongly tagged / missed, as "plan#id". */
  falsePositives: string[];
  falseNegatives: string[];
}

export interface EvalReport {
  taxonomy: TagDef[];
  /** The labels that point at an existing passage (the ones scored). */
  labelled: Labelled[];
  /** Problems with the labels themselves (unknown plan, id, tag, or an excerpt that no longer matches). */
  problems: string[];
  scores: TagScore[];
}

/** Precision and recall per tag of the plans' tags against `labelled`. Labels of plans not in `plans` are skipped silently. */
export function evaluate(plans: PlanDoc[], taxonomy: TagDef[], labelled: Labelled[]): EvalReport {
  const problems: string[] = [];
  const predicted = new Map<string, Set<string>>();
  const texts = new Map<string, string>();
  const slugs = new Set(plans.map((p) => p.meta.slug));
  for (const plan of plans) {
    const tagsOf = new Map(passageRecords(plan.blocks).map((x) => [x.id, x.tags.map((t) => t.tag)]));
    for (const p of passages(plan)) {
      predicted.set(`${plan.meta.slug}#${p.id}`, new Set(tagsOf.get(p.id)));
      texts.set(`${plan.meta.slug}#${p.id}`, p.text);
    }
  }
  const ids = new Set(taxonomy.map((t) => t.id));
  const seen = new Set<string>();
  const usable: Labelled[] = [];
  for (const l of labelled) {
    if (!slugs.has(l.plan)) continue;
    const key = `${l.plan}#${l.id}`;
    if (seen.has(key)) problems.push(`${key}: labelled twice`);
    seen.add(key);
    const text = texts.get(key);
    if (text === undefined) {
      problems.push(`${key}: no such passage`);
      continue;
    }
    if (!text.startsWith(l.excerpt)) {
      problems.push(`${key}: excerpt "${l.excerpt}" no longer matches the passage ("${text.slice(0, 20)}")`);
      continue;
    }
    for (const t of [...l.tags, ...(l.a ?? []), ...(l.b ?? [])]) if (!ids.has(t)) problems.push(`${key}: unknown tag "${t}"`);
    usable.push(l);
  }
  const scores = taxonomy.map((t) => {
    const s: TagScore = { tag: t.id, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, falsePositives: [], falseNegatives: [] };
    for (const l of usable) {
      const key = `${l.plan}#${l.id}`;
      const gold = l.tags.includes(t.id);
      const got = predicted.get(key)!.has(t.id);
      if (gold && got) s.tp++;
      else if (got) (s.fp++, s.falsePositives.push(key));
      else if (gold) (s.fn++, s.falseNegatives.push(key));
    }
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
    return s;
  });
  return { taxonomy, labelled: usable, problems, scores };
}

export interface Agreement {
  tag: string;
  /** Passages both labellers tagged, only A, only B, neither. */
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
  /** Share of passages on which A and B agree about this tag. */
  observed: number;
  /** Cohen's kappa; null when both labellers gave one answer everywhere (chance agreement is 1). */
  kappa: number | null;
}

/** Inter-labeller agreement per tag (Cohen's kappa over the passages labelled by both A and B). */
export function agreement(labelled: Labelled[], taxonomy: TagDef[]): Agreement[] {
  const twice = labelled.filter((l) => l.a && l.b);
  return taxonomy.map((t) => {
    let both = 0;
    let onlyA = 0;
    let onlyB = 0;
    let neither = 0;
    for (const l of twice) {
      const a = l.a!.includes(t.id);
      const b = l.b!.includes(t.id);
      if (a && b) both++;
      else if (a) onlyA++;
      else if (b) onlyB++;
      else neither++;
    }
    const n = twice.length;
    const observed = n ? (both + neither) / n : 1;
    const pa = n ? (both + onlyA) / n : 0;
    const pb = n ? (both + onlyB) / n : 0;
    const expected = pa * pb + (1 - pa) * (1 - pb);
    const kappa = n && expected < 1 ? (observed - expected) / (1 - expected) : null;
    return { tag: t.id, both, onlyA, onlyB, neither, observed, kappa };
  });
}

/** Per tag, the figures shown on its topic page: precision, recall and agreement on the test split, and the passages it misses. */
export function tagEvaluations(
  report: EvalReport,
  agreements: Agreement[],
  explain: (plan: string, id: string, tag: string) => TagEvaluation['misses'][number]['rule'],
  census: EvalReport,
): Record<string, TagEvaluation> {
  const why = new Map(report.labelled.map((l) => [`${l.plan}#${l.id}`, l.why]));
  const plans = new Set(report.labelled.map((l) => l.plan)).size;
  return Object.fromEntries(
    report.scores.map((s) => {
      const a = agreements.find((x) => x.tag === s.tag)!;
      const round = (x: number) => Math.round(x * 1000) / 1000;
      return [
        s.tag,
        {
          split: 'test',
          passages: report.labelled.length,
          plans,
          positives: s.tp + s.fn,
          tp: s.tp,
          fp: s.fp,
          fn: s.fn,
          precision: round(s.precision),
          recall: round(s.recall),
          census: (() => {
            const c = census.scores.find((x) => x.tag === s.tag)!;
            return { passages: census.labelled.length, positives: c.tp + c.fn, precision: round(c.precision), recall: round(c.recall) };
          })(),
          kappa: a.kappa === null ? null : round(a.kappa),
          misses: s.falseNegatives.map((key) => {
            const [plan, id] = key.split('#');
            return { plan, id, why: why.get(key)!, rule: explain(plan, id, s.tag) };
          }),
        } satisfies TagEvaluation,
      ];
    }),
  );
}
