/**
 * Resolving basket items against the real plan models of the seeds (ingested here, as `npm run ingest` does),
 * with fetch stubbed to read those files: every kind of anchor (paragraph, list item, table row,
 * section, box, preamble) gets its text as printed, its section path and a citation source equal to
 * what the reader's ¶ menu builds; unknown plans and anchors are kept and marked; each plan is fetched once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import { ROOT } from '../../src/ingest/paths.ts';
import { createResolver, resolveIn } from '../../src/basket/resolve.ts';
import type { OutlineNode, PlanDoc } from '../../src/ingest/schema.ts';

// The seeds ingested in-process (the unit tests run before any build writes content/plans/).
const MODELS = new Map((await ingestCorpus(join(ROOT, 'seeds'), 'seeds')).plans.map((p) => [p.meta.slug, p]));
const SLUGS = [...MODELS.keys()];
const plan = (slug: string): PlanDoc => MODELS.get(slug)!;
const ctx = { origin: 'https://atlas.example', base: '/sub/', accessed: '2026-11-22' };

/** The headings above (and including) outline node `id`, walked independently of the code under test. */
function headings(p: PlanDoc, id: string | null): string[] {
  const out: string[] = [];
  for (let o = p.outline.find((x) => x.id === id); o; o = p.outline.find((x) => x.id === o!.parentId)) {
    out.unshift(o.missing ? '（标题缺失）' : [o.label, o.title].filter(Boolean).join(o.label && /[、．.：:]$/.test(o.label) ? '' : ' '));
  }
  return out;
}

function stubFetch(calls: string[]): typeof fetch {
  return (async (url: string | URL | Request) => {
    const u = String(url);
    calls.push(u);
    if (u === '/sub/data/plans.json') return Response.json({ schemaVersion: 1, plans: SLUGS.map((slug) => ({ meta: plan(slug).meta })) });
    const m = /^\/sub\/data\/plans\/([a-z0-9-]+)\.json$/.exec(u);
    const model = m && MODELS.get(m[1]);
    if (!model) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(model), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

describe('resolve basket items', () => {
  it('has plans to work on', () => expect(SLUGS.length).toBeGreaterThanOrEqual(5));

  for (const slug of SLUGS) {
    it(`${slug}: every kind of anchor resolves to the text as printed, its section path and citation source`, async () => {
      const p = plan(slug);
      const para = p.blocks.find((b) => b.type === 'paragraph' && b.sectionId);
      const list = p.blocks.find((b) => b.type === 'list');
      const table = p.blocks.find((b) => b.type === 'table' && b.rows.length);
      const section = p.outline.find((o) => o.kind === 'section' && o.parentId);
      const box = p.outline.find((o) => o.kind === 'box');
      const cases: Array<{ anchor: string; kind: string; text: string; section: string[] }> = [];
      if (para?.type === 'paragraph') cases.push({ anchor: para.id, kind: 'paragraph', text: para.text, section: headings(p, para.sectionId) });
      if (list?.type === 'list') cases.push({ anchor: list.items.at(-1)!.id, kind: 'item', text: list.items.at(-1)!.text, section: headings(p, list.sectionId) });
      if (table?.type === 'table') {
        const r = table.rows.at(-1)!;
        cases.push({ anchor: r.id, kind: 'row', text: r.cells.filter((c) => c !== '').join(' | '), section: headings(p, table.sectionId) });
      }
      for (const o of [section, box].filter(Boolean) as OutlineNode[]) cases.push({ anchor: o.id, kind: o.kind, text: headings(p, o.id).at(-1)!, section: headings(p, o.id) });
      expect(cases.length).toBeGreaterThanOrEqual(3);

      const calls: string[] = [];
      const resolveAll = createResolver(ctx, stubFetch(calls));
      const got = await resolveAll(cases.map((c) => ({ plan: slug, anchor: c.anchor })));
      expect(calls).toEqual(['/sub/data/plans.json', `/sub/data/plans/${slug}.json`]);
      got.forEach((r, k) => {
        const c = cases[k];
        expect(r.status, c.anchor).toBe('ok');
        expect(r.kind, c.anchor).toBe(c.kind);
        expect(r.text, c.anchor).toBe(c.text);
        expect(r.section, c.anchor).toEqual(c.section);
        expect(r.url).toBe(`https://atlas.example/sub/plans/${slug}/#${c.anchor}`);
        expect(r.meta?.slug).toBe(slug);
        // exactly the fields of the reader's ¶ menu: data-cite + section path + passage URL + access date
        expect(r.source).toEqual({ title: p.meta.title, titleEn: p.meta.titleEn, issuer: p.meta.issuer, issued: p.meta.issued, docNumber: p.meta.docNumber, section: c.section, url: r.url, accessed: '2026-11-22' });
      });
    });
  }

  it('a preamble passage has an empty section path', () => {
    const withPreamble = SLUGS.map(plan).find((p) => p.blocks.some((b) => b.type === 'paragraph' && b.sectionId === null));
    expect(withPreamble, 'some plan has text before its first heading').toBeDefined();
    if (!withPreamble) return;
    const b = withPreamble.blocks.find((x) => x.type === 'paragraph' && x.sectionId === null)!;
    const r = resolveIn(withPreamble, { plan: withPreamble.meta.slug, anchor: b.id }, ctx);
    expect(r.status).toBe('ok');
    expect(r.section).toEqual([]);
  });

  it('keeps unknown plans and anchors, marked, fetches each plan once and never requests an unknown plan', async () => {
    const calls: string[] = [];
    const resolveAll = createResolver(ctx, stubFetch(calls));
    const [slug] = SLUGS;
    const p = plan(slug);
    const first = p.blocks[0].id;
    const items = [
      { plan: slug, anchor: 'no-such-anchor' },
      { plan: 'no-such-plan', anchor: 's1' },
      { plan: slug, anchor: p.blocks[0].type === 'paragraph' ? first : p.outline[0].id },
    ];
    const got = await resolveAll(items);
    expect(got.map((r) => r.status)).toEqual(['missing-anchor', 'missing-plan', 'ok']);
    expect(got[0].meta?.slug).toBe(slug);
    expect(got[0].source).toBeNull();
    expect(got[0].url).toBe(`https://atlas.example/sub/plans/${slug}/#no-such-anchor`);
    expect(got[1].meta).toBeNull();
    await resolveAll(items);
    expect(calls.sort()).toEqual(['/sub/data/plans.json', `/sub/data/plans/${slug}.json`]);
  });

  it('a network failure marks the items as errors and is retried next time', async () => {
    let fail = true;
    const calls: string[] = [];
    const ok = stubFetch(calls);
    const resolveAll = createResolver(ctx, ((u: string) => (fail ? Promise.reject(new TypeError('Failed to fetch')) : ok(u))) as typeof fetch);
    const [slug] = SLUGS;
    const item = { plan: slug, anchor: plan(slug).outline[0].id };
    expect((await resolveAll([item]))[0].status).toBe('error');
    fail = false;
    expect((await resolveAll([item]))[0].status).toBe('ok');
  });
});
