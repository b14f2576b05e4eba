/**
 * Merge two independent labellings (the test split, or the fresh set on corpus documents) into
 * content/tags-eval/test/ or fresh/ (see its README).
 *
 *   npm run eval:tags:merge -- disputes <dir A> <dir B> <out.md>
 *     lists every (passage, tag) on which A and B disagree, with both reasons, for the adjudicator;
 *   npm run eval:tags:merge -- write <dir A> <dir B> <settled.yaml> <out dir>
 *     writes one file per plan: A's and B's labels, the settled labels (agreed tags, plus disputed
 *     tags the adjudicator kept) and how each dispute was settled.
 *
 * settled.yaml is a list of { plan, id, tag, keep: true|false, rule: R1|R2|R3, reason }.
 */
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { ingestCorpus } from '../src/ingest/corpus.ts';
import { ancestry, passages } from '../src/ingest/passages.ts';
import { ROOT } from '../src/ingest/paths.ts';
import { freshPlans } from './tag-eval.ts';

const Entry = z.object({ id: z.string(), excerpt: z.coerce.string(), tags: z.array(z.string()).nullable().default([]), why: z.coerce.string() });
const File = z.object({ plan: z.string(), passages: z.array(Entry) });
type Entry = z.infer<typeof Entry>;

function load(dir: string): Map<string, { plan: string; e: Entry; order: number }> {
  const out = new Map<string, { plan: string; e: Entry; order: number }>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = File.parse(parse(readFileSync(join(dir, f), 'utf8')));
    doc.passages.forEach((e, order) => out.set(`${doc.plan}#${e.id}`, { plan: doc.plan, e: { ...e, tags: [...new Set(e.tags ?? [])] }, order }));
  }
  return out;
}

const Settled = z.array(z.object({ plan: z.string(), id: z.string(), tag: z.string(), keep: z.boolean(), rule: z.enum(['R1', 'R2', 'R3']), reason: z.string().min(1) }));

const [mode, dirA, dirB, third, fourth] = process.argv.slice(2);
const A = load(dirA);
const B = load(dirB);
const { plans } = await ingestCorpus(join(ROOT, 'seeds'), 'seeds');
// Labels of corpus documents (the fresh set) are checked against those documents.
const others = [...new Set([...A.values()].map((x) => x.plan))].filter((slug) => !plans.some((p) => p.meta.slug === slug));
if (others.length) plans.push(...((await freshPlans(undefined, others)) ?? []));
const text = new Map<string, { text: string; path: string }>();
for (const p of plans) for (const x of passages(p)) text.set(`${p.meta.slug}#${x.id}`, { text: x.text, path: ancestry(p.outline, x.sectionId).map((o) => [o.label, o.title].filter(Boolean).join(' ')).join(' › ') });

const keys = [...A.keys()];
const missing = [...keys.filter((k) => !B.has(k)), ...[...B.keys()].filter((k) => !A.has(k))];
if (missing.length) throw new Error(`A and B do not label the same passages: ${missing.slice(0, 10).join(' ')}`);
for (const k of keys) {
  const t = text.get(k);
  if (!t) throw new Error(`${k}: no such passage`);
  for (const [who, m] of [['A', A], ['B', B]] as const) if (!t.text.startsWith(m.get(k)!.e.excerpt)) throw new Error(`${k}: ${who}'s excerpt "${m.get(k)!.e.excerpt}" does not start the passage`);
}
const disputed = (k: string) => {
  const a = new Set(A.get(k)!.e.tags);
  const b = new Set(B.get(k)!.e.tags);
  return [...new Set([...a, ...b])].filter((t) => a.has(t) !== b.has(t)).sort();
};

if (mode === 'disputes') {
  const out = ['# Disputed labels', ''];
  let n = 0;
  for (const k of keys) {
    const d = disputed(k);
    if (!d.length) continue;
    const a = A.get(k)!.e;
    const b = B.get(k)!.e;
    out.push(`## ${k}`, `section: ${text.get(k)!.path || '(preamble)'}`, '', text.get(k)!.text, '');
    for (const tag of d) out.push(`- **${tag}**: ${a.tags!.includes(tag) ? 'A yes, B no' : 'B yes, A no'}`);
    out.push('', `A (${a.tags!.join(', ') || '—'}): ${a.why}`, '', `B (${b.tags!.join(', ') || '—'}): ${b.why}`, '');
    n += d.length;
  }
  writeFileSync(third, out.join('\n'));
  console.log(`${n} disputed labels on ${keys.filter((k) => disputed(k).length).length} of ${keys.length} passages → ${third}`);
} else if (mode === 'write') {
  const settled = Settled.parse(parse(readFileSync(third, 'utf8')));
  const decision = new Map(settled.map((s) => [`${s.plan}#${s.id}#${s.tag}`, s]));
  const byPlan = new Map<string, Array<Record<string, unknown>>>();
  for (const k of keys) {
    const { plan, e: a } = A.get(k)!;
    const b = B.get(k)!.e;
    const agreed = a.tags!.filter((t) => b.tags!.includes(t));
    const notes: string[] = [];
    const kept: string[] = [];
    for (const tag of disputed(k)) {
      const s = decision.get(`${k}#${tag}`);
      if (!s) throw new Error(`${k}: no decision for disputed tag ${tag}`);
      if (s.keep) kept.push(tag);
      notes.push(`${tag} ${s.keep ? 'kept' : 'dropped'} (${s.rule}): ${s.reason}`);
    }
    const order = [...a.tags!, ...b.tags!];
    const tags = [...new Set([...agreed, ...kept])].sort((x, y) => order.indexOf(x) - order.indexOf(y));
    const entry: Record<string, unknown> = { id: a.id, selection: 'all', excerpt: a.excerpt, tags, a: a.tags, b: b.tags, why: `A: ${a.why} B: ${b.why}` };
    if (notes.length) entry.settled = notes.join('; ');
    const list = byPlan.get(plan) ?? [];
    list.push(entry);
    byPlan.set(plan, list);
  }
  const unused = settled.filter((s) => !disputed(`${s.plan}#${s.id}`).includes(s.tag));
  if (unused.length) throw new Error(`decisions for undisputed labels: ${unused.map((s) => `${s.plan}#${s.id} ${s.tag}`).join(' ')}`);
  mkdirSync(fourth, { recursive: true });
  for (const [plan, list] of byPlan) {
    writeFileSync(join(fourth, `${plan}.yaml`), stringify({ plan, passages: list }, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'block' }).replace(/\n  - id:/g, '\n\n  - id:'));
  }
  console.log(`wrote ${byPlan.size} files (${keys.length} passages, ${settled.length} settled disputes) to ${fourth}`);
} else {
  throw new Error('usage: tag-merge.ts disputes <A> <B> <out.md> | write <A> <B> <settled.yaml> <out dir>');
}
