/**
 * Bad input never drops a good plan: each case puts one good plan (seeds/wuhou-sti) next to one
 * bad file and checks that the good plan is still ingested and that exactly the expected error is
 * reported, naming the file (and the line where one applies). Encoding and line-ending variants
 * that should decode are checked against the same text in UTF-8/LF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../src/ingest/corpus.ts';
import type { IngestError } from '../../src/ingest/errors.ts';
import type { Block, PlanDoc } from '../../src/ingest/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const GOOD = 'wuhou-sti';

/** A small plan text: the first lines of a real seed (title, preamble, headings, paragraphs). */
const SNIPPET = `${readFileSync(join(SEEDS, `${GOOD}.txt`), 'utf8').split('\n').slice(0, 12).join('\n')}\n`;

const META = {
  title: '测试规划',
  titleEn: 'Test plan',
  issuer: 'null',
  level: 'district',
  region: '成都',
  period: '"2021–2025"',
  docNumber: 'null',
  issued: 'null',
  sourceType: 'plan',
};
/** A valid metadata file; `over` replaces (or with `undefined` removes) fields, `extra` appends raw lines. */
function yaml(over: Record<string, string | undefined> = {}, extra = ''): string {
  const m: Record<string, string | undefined> = { ...META, ...over };
  return `${Object.entries(m)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n${extra}`;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function seedsDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-input-'));
  dirs.push(dir);
  copyFileSync(join(SEEDS, `${GOOD}.txt`), join(dir, `${GOOD}.txt`));
  copyFileSync(join(SEEDS, `${GOOD}.yaml`), join(dir, `${GOOD}.yaml`));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Ingest the good plan plus `files`; the good plan must always come through. */
async function ingest(files: Record<string, string | Uint8Array>): Promise<{ plans: PlanDoc[]; errors: IngestError[] }> {
  const r = await ingestCorpus(seedsDir(files), 'seeds');
  const good = r.plans.find((p) => p.meta.slug === GOOD);
  expect(good, 'the good plan is still ingested').toBeDefined();
  expect(good!.blocks.length).toBeGreaterThan(20);
  expect(good!.meta.sourceFile).toBe(`seeds/${GOOD}.txt`);
  return r;
}

/** Exactly one error, for `file` (and `line`), whose message contains every one of `words`. */
function onlyError(r: { plans: PlanDoc[]; errors: IngestError[] }, file: string, words: string[], line?: number | [number, number]): IngestError {
  expect(r.errors.map((e) => e.message)).toHaveLength(1);
  const e = r.errors[0];
  expect(e.name).toBe('IngestError');
  expect(e.file).toBe(file);
  if (Array.isArray(line)) {
    expect(e.line).toBeGreaterThanOrEqual(line[0]);
    expect(e.line).toBeLessThanOrEqual(line[1]);
  } else expect(e.line).toBe(line);
  expect(e.message.startsWith(e.line ? `${file}:${e.line}: ` : `${file}: `)).toBe(true);
  for (const w of words) expect(e.message).toContain(w);
  expect(r.plans.map((p) => p.meta.slug)).toEqual([GOOD]);
  return e;
}

/** Ingest the good plan plus one decodable plan `x`, with no errors; return `x`. */
async function ingestOk(bytes: string | Uint8Array): Promise<PlanDoc> {
  const r = await ingest({ 'x.txt': bytes, 'x.yaml': yaml() });
  expect(r.errors.map((e) => e.message)).toEqual([]);
  expect(r.plans.map((p) => p.meta.slug)).toEqual([GOOD, 'x']);
  return r.plans.find((p) => p.meta.slug === 'x')!;
}

const texts = (blocks: Block[]) => blocks.map((b) => (b.type === 'paragraph' ? b.text : b.type === 'list' ? b.items.map((i) => i.text).join('\n') : b.rows.map((r) => r.cells.join('\t')).join('\n')));
const shape = (p: PlanDoc) => ({ outline: p.outline, blocks: p.blocks, excluded: p.excluded, indicators: p.indicators });

/** The reference: the snippet as UTF-8 with LF line endings. */
const reference = () => ingestOk(SNIPPET);

describe('plan text that cannot be ingested', () => {
  it('rejects an empty .txt (0 bytes)', async () => {
    onlyError(await ingest({ 'empty.txt': new Uint8Array(0), 'empty.yaml': yaml() }), 'seeds/empty.txt', ['empty']);
  });

  it('rejects a whitespace-only .txt', async () => {
    onlyError(await ingest({ 'blank.txt': ' \n\t\n\u3000 \r\n\n', 'blank.yaml': yaml() }), 'seeds/blank.txt', ['no text', 'whitespace']);
  });

  it('rejects a binary file (PNG header with NUL bytes)', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    onlyError(await ingest({ 'image.txt': png, 'image.yaml': yaml() }), 'seeds/image.txt', ['binary', 'NUL']);
  });

  it('rejects binary data without NUL bytes (control characters)', async () => {
    const bytes = new Uint8Array(400).map((_, i) => (i % 7 === 0 ? 0x01 + (i % 5) : 0x41 + (i % 26)));
    onlyError(await ingest({ 'blob.txt': bytes, 'blob.yaml': yaml() }), 'seeds/blob.txt', ['binary', 'control characters']);
  });
});

describe('plan text in other encodings and line endings', () => {
  it('decodes GB18030/GBK text, keeps the Chinese intact and notes the encoding', async () => {
    const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: SNIPPET });
    // The fixture really is not UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const p = await ingestOk(gb);
    const ref = (await reference());
    expect(p.meta.encoding).toBe('gb18030');
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding', severity: 'info' }));
    expect(p.diagnostics.find((d) => d.code === 'encoding')!.message).toContain('GB18030');
    expect(texts(p.blocks)).toEqual(texts(ref.blocks));
    expect(shape(p)).toEqual(shape(ref));
    expect(texts(p.blocks).join('\n')).toContain('科教资源优势明显，武侯区拥有四川大学');
    expect(p.outline.map((o) => o.title)).toContain('科技创新资源集聚取得新成效');
    expect(p.coverage.missingLines).toEqual([]);
  });

  it('decodes UTF-16LE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SNIPPET, 'utf16le')]);
    const p = await ingestOk(bytes);
    expect(p.meta.encoding).toBe('utf-16le');
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ code: 'encoding', severity: 'info' }));
    expect(shape(p)).toEqual(shape((await reference())));
    expect(texts(p.blocks)[0]).not.toContain('\ufeff');
  });

  it('decodes UTF-8 with a BOM without a diagnostic', async () => {
    const p = await ingestOk(`\ufeff${SNIPPET}`);
    expect(p.meta.encoding).toBe('utf-8');
    expect(p.diagnostics).toEqual([]);
    expect(shape(p)).toEqual(shape((await reference())));
  });

  it('normalises CRLF line endings: same outline and blocks as LF, plus a line-endings note', async () => {
    const p = await ingestOk(SNIPPET.replace(/\n/g, '\r\n'));
    const ref = (await reference());
    expect(ref.diagnostics).toEqual([]);
    expect(shape(p)).toEqual(shape(ref));
    expect(p.counts).toEqual({ ...ref.counts, diagnostics: 1 });
    expect(p.diagnostics).toEqual([expect.objectContaining({ code: 'line-endings', severity: 'info' })]);
    expect(p.diagnostics[0].message).toContain('CRLF');
    expect(JSON.stringify(p.blocks)).not.toContain('\r');
  });

  it('keeps a last line that has no trailing newline', async () => {
    const last = '最后一行没有换行符，但文字必须保留。';
    const p = await ingestOk(`${SNIPPET}${last}`);
    const b = p.blocks.at(-1)!;
    expect(b.type === 'paragraph' && b.text).toBe(last);
    expect(b.sourceLines).toEqual([13, 13]);
    expect(p.coverage.missingLines).toEqual([]);
    // And the whole file without any newline at all is one paragraph.
    const one = await ingestOk('只有一行且没有换行符的文本');
    expect(texts(one.blocks)).toEqual(['只有一行且没有换行符的文本']);
  });
});

describe('file names and pairing', () => {
  it('reports a duplicate slug differing only in case, naming both files, and keeps the lowercase plan', async () => {
    const e = onlyError(await ingest({ 'Wuhou-STI.txt': SNIPPET }), 'seeds/Wuhou-STI.txt', ['duplicate slug', GOOD]);
    expect(e.message).toContain('seeds/Wuhou-STI.txt');
    expect(e.message).toContain(`seeds/${GOOD}.txt`);
  });

  it.each([
    ['bad_slug', 'underscore'],
    ['Plan2021', 'upper case'],
    ['plan--x', 'double hyphen'],
    ['成都规划', 'non-ASCII'],
    ['plan x', 'space'],
  ])('rejects an invalid slug "%s" (%s)', async (slug) => {
    onlyError(await ingest({ [`${slug}.txt`]: SNIPPET, [`${slug}.yaml`]: yaml() }), `seeds/${slug}.txt`, ['invalid slug', `"${slug}"`, 'lowercase']);
  });

  it('reports a .txt without its .yaml', async () => {
    onlyError(await ingest({ 'lonely.txt': SNIPPET }), 'seeds/lonely.txt', ['no metadata', 'seeds/lonely.yaml', 'missing']);
  });

  it('reports a .yaml without its .txt', async () => {
    onlyError(await ingest({ 'orphan.yaml': yaml() }), 'seeds/orphan.yaml', ['without a plan file', 'seeds/orphan.{txt,']);
  });

  it('reports two formats of one plan (x.txt and x.md) as a duplicate slug naming both, and keeps the other plans', async () => {
    const r = await ingest({ 'x.txt': SNIPPET, 'x.md': SNIPPET, 'x.yaml': yaml() });
    expect(r.errors.map((e) => e.file).sort()).toEqual(['seeds/x.md', 'seeds/x.txt']);
    for (const e of r.errors) expect(e.message).toContain('duplicate slug "x": seeds/x.md and seeds/x.txt are two plan files for one slug');
    expect(r.plans.map((p) => p.meta.slug)).toEqual([GOOD]);
  });

  it('reports an unexpected file in the seeds folder', async () => {
    onlyError(await ingest({ 'notes.rtf': '{\\rtf1 notes}\n' }), 'seeds/notes.rtf', ['unexpected file', 'pdf', 'docx']);
  });
});

describe('metadata errors', () => {
  const bad = (y: string | Uint8Array) => ingest({ 'x.txt': SNIPPET, 'x.yaml': y });

  it('reports a YAML syntax error with file and line', async () => {
    // Line 2: an unquoted value containing ": ".
    const y = yaml({ titleEn: 'Wuhou: 14th Five-Year Plan' });
    expect(y.split('\n')[1]).toBe('titleEn: Wuhou: 14th Five-Year Plan');
    onlyError(await bad(y), 'seeds/x.yaml', ['invalid YAML'], 2);
  });

  it('reports an unclosed flow sequence with a line (where the parser noticed it)', async () => {
    // `region` is line 5; the parser reports the next line, where the sequence should have ended.
    onlyError(await bad(yaml({ region: '[成都' })), 'seeds/x.yaml', ['invalid YAML', ']'], [5, 6]);
  });

  it('reports a duplicate key with its line', async () => {
    onlyError(await bad(yaml({}, 'title: 又一个标题\n')), 'seeds/x.yaml', ['invalid YAML', 'unique'], 10);
  });

  it('reports an empty metadata file', async () => {
    onlyError(await bad(''), 'seeds/x.yaml', ['empty']);
  });

  it('reports metadata that is not a mapping', async () => {
    onlyError(await bad('- title\n- titleEn\n'), 'seeds/x.yaml', ['mapping']);
  });

  it('reports metadata that is not UTF-8', async () => {
    const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: yaml() });
    onlyError(await bad(gb), 'seeds/x.yaml', ['UTF-8']);
  });

  it('names a missing field', async () => {
    onlyError(await bad(yaml({ titleEn: undefined })), 'seeds/x.yaml', ['missing field', '"titleEn"']);
  });

  it('names an invalid level, with its line', async () => {
    onlyError(await bad(yaml({ level: 'county' })), 'seeds/x.yaml', ['invalid field', '"level"', 'district'], 4);
  });

  it('names an invalid issued date, with its line', async () => {
    onlyError(await bad(yaml({ issued: '2021/07/26' })), 'seeds/x.yaml', ['invalid field', '"issued"', 'YYYY-MM-DD'], 8);
  });

  it('names an invalid period', async () => {
    onlyError(await bad(yaml({ period: '十四五' })), 'seeds/x.yaml', ['invalid field', '"period"'], 6);
  });

  it('names an unknown (misspelt) field, with its line and a suggestion', async () => {
    const y = yaml({ title: undefined }, 'tittle: 测试规划\n');
    onlyError(await bad(y), 'seeds/x.yaml', ['unknown field "tittle"', 'did you mean "title"'], 9);
  });

  it('names an unknown field that is not a typo', async () => {
    const e = onlyError(await bad(yaml({}, 'url: https://example.org/\n')), 'seeds/x.yaml', ['unknown field "url"'], 10);
    expect(e.message).not.toContain('did you mean');
  });
});

/** Run scripts/ingest.ts with these PLAN_ATLAS_* overrides. */
function runIngest(env: Record<string, string>) {
  return spawnSync('npx', ['node', 'scripts/ingest.ts'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('scripts/ingest.ts with bad input', () => {
  it('exits 1, names the bad files on stderr and still writes the good plan', () => {
    const dir = seedsDir({
      'empty.txt': new Uint8Array(0),
      'empty.yaml': yaml(),
      'broken.txt': SNIPPET,
      'broken.yaml': yaml({ titleEn: 'Wuhou: 14th Five-Year Plan' }),
    });
    const out = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-input-out-'));
    dirs.push(out);
    const r = runIngest({ PLAN_ATLAS_SEEDS: dir, PLAN_ATLAS_CONTENT: out });
    const label = relative(ROOT, dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('2 input file(s) could not be used');
    expect(r.stderr).toContain(`error: ${label}/empty.txt: the file is empty`);
    expect(r.stderr).toContain(`error: ${label}/broken.yaml:2: invalid YAML`);
    expect(r.stdout).toContain('ingest: 1 plan(s)');
    expect(existsSync(join(out, `${GOOD}.json`))).toBe(true);
    expect(existsSync(join(out, `${GOOD}.mdx`))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, `${GOOD}.json`), 'utf8')).meta.slug).toBe(GOOD);
    expect(existsSync(join(out, 'empty.json'))).toBe(false);
    expect(existsSync(join(out, 'broken.json'))).toBe(false);
  }, 60_000);

  it('a broken tag file exits 1 naming the file and line; the plans are still written, untagged', () => {
    const dir = seedsDir({});
    const tags = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-tags-'));
    const out = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-tags-out-'));
    dirs.push(tags, out);
    writeFileSync(join(tags, 'talent.mdx'), '---\nzh: 人才\nen: Talent\norder: 1\ndefinition: 人才\ndefinitionEn: Talent and people\nterms: 人才\n---\n');
    const r = runIngest({ PLAN_ATLAS_SEEDS: dir, PLAN_ATLAS_CONTENT: out, PLAN_ATLAS_TAGS: tags });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`error: ${relative(ROOT, tags)}/talent.mdx:7: invalid field "terms"`);
    const plan = JSON.parse(readFileSync(join(out, `${GOOD}.json`), 'utf8'));
    expect(plan.counts.tagged).toBe(0);
  }, 60_000);

  it('a broken metrics file exits 1 naming the file and line; the indicator rows are still listed, unmapped', () => {
    const dir = seedsDir({});
    const work = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-metrics-'));
    const out = mkdtempSync(join(tmpdir(), 'plan-atlas-bad-metrics-out-'));
    dirs.push(work, out);
    const file = join(work, 'metrics.yaml');
    writeFileSync(file, 'metrics:\n  - id: rd\n    zh: 研发\n    en: R&D\n    unit: "%"\n    definition: 研发\n    definitionEn: R&D\n    match: {all: ["研发("]}\n    units: ["%"]\n');
    const r = runIngest({ PLAN_ATLAS_SEEDS: dir, PLAN_ATLAS_CONTENT: out, PLAN_ATLAS_METRICS: file });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`error: ${relative(ROOT, file)}:8: invalid metric #1 match`);
    const index = JSON.parse(readFileSync(join(out, 'index', 'indicators.json'), 'utf8'));
    expect(index.rows.length).toBeGreaterThan(0);
    expect(index.rows.every((x: { metric: string | null }) => x.metric === null)).toBe(true);
  }, 60_000);
});

describe('documents of other formats', () => {
  /** A PDF drawn with pdfkit: only a grey rectangle, no text layer (what a scan without OCR is). */
  async function scanPdf(): Promise<Uint8Array> {
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(Date.UTC(2022, 0, 1)) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((r) => doc.on('end', () => r()));
    doc.rect(100, 100, 300, 400).fill('#888');
    doc.end();
    await done;
    return new Uint8Array(Buffer.concat(chunks));
  }
  const small = async () => (await import('../helpers/roundtrip.ts')).seedModel('chengdu-outline').plan;
  /** A DOCX whose one entry claims to expand to 2 GB: refused before anything is inflated. */
  async function bombDocx(): Promise<Uint8Array> {
    const { strToU8, zipSync } = await import('fflate');
    const z = zipSync({ 'word/document.xml': strToU8('<w:document><w:body><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:body></w:document>') });
    const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
    view.setUint32(22, 0x7fffffff, true); // local header: uncompressed size
    for (let i = z.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0x7fffffff, true);
    return z;
  }

  const cases: Array<[what: string, name: string, bytes: () => Promise<Uint8Array>, words: string[]]> = [
    ['a PDF without a text layer', 'scan.pdf', scanPdf, ['no text layer', 'OCR']],
    ['an encrypted PDF', 'locked.pdf', async () => (await import('../helpers/make-pdf.ts')).makePdf(await small(), { userPassword: 'secret' }), ['password']],
    ['a file that is no PDF at all', 'junk.pdf', async () => new TextEncoder().encode('%PDF-1.7\n这不是 PDF'), ['not a readable PDF']],
    ['a corrupt DOCX (cut in half)', 'torn.docx', async () => { const d = await (await import('../helpers/make-docx.ts')).makeDocx(await small()); return d.subarray(0, d.length >> 1); }, ['zip']],
    ['a DOCX whose zip expands past the size limit', 'bomb.docx', bombDocx, ['expands past', 'zip bomb']],
    ['a DOCX that makes the XML parser run away (1.6 million elements)', 'huge.docx', async () => { const { strToU8, zipSync } = await import('fflate'); return zipSync({ 'word/document.xml': strToU8(`<w:document><w:body>${'<w:p/>'.repeat(1_600_000)}</w:body></w:document>`) }); }, ['too large to read']],
    ['an HTML page with no article', 'portal.html', async () => readFileSync(join(ROOT, 'tests/fixtures/html/nav-only.html')), ['no article text']],
    ['an HTML page nested 100,000 deep', 'deep.html', async () => new TextEncoder().encode(`<html><body>${'<div>'.repeat(100_000)}正文${'</div>'.repeat(100_000)}</body></html>`), ['html']],
  ];

  it.each(cases)('%s: a clear error naming the file, in bounded time; the other plans still build', async (_what, name, bytes, words) => {
    const slug = name.replace(/\.\w+$/, '');
    const t0 = performance.now();
    const r = await ingest({ [name]: await bytes(), [`${slug}.yaml`]: yaml() });
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].file).toBe(`seeds/${name}`);
    expect(r.errors[0].message.startsWith(`seeds/${name}: `)).toBe(true);
    for (const w of words) expect(r.errors[0].message.toLowerCase()).toContain(w.toLowerCase());
  }, 30_000);
});
