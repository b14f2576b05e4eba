/**
 * Property-based fuzzing of the readers and the shared pipeline: documents of every format
 * (.txt/.md, .docx, .pdf, .html) are mutated at random and fed through `readDocument` and
 * `ingestDoc`, the path every file of the corpus takes. Bad files are a fact of life (a truncated
 * download, a hand-edited DOCX, a PDF a tool broke, a page with unclosed tags): the ingest must
 * turn each into a plan or into an `IngestError` naming the file, never crash, hang or lose text.
 *
 * Properties:
 *  1. containment — for every input only an `IngestError` whose message starts with the file name
 *     escapes (no TypeError, RangeError, stack overflow, unhandled rejection, out-of-memory), and
 *     each input finishes within BOUND_MS. The readers get a small `timeoutMs` in their limits;
 *     the bound is enforced from outside by running each input in a worker thread that is
 *     terminated when it overruns (tests/helpers/fuzz-worker.ts), since a synchronous loop could
 *     not be interrupted in the test's own thread;
 *  2. no text lost — a text input (.txt/.md) that decodes is ingested with `coverage.ratio` ≥
 *     0.995, or refused with an `IngestError` for a clear reason (empty, binary, not decodable,
 *     no text).
 *
 * Mutations (fast-check arbitraries; each run is a small description of edits — what fast-check
 * prints and shrinks on failure — applied to a cached base document):
 *  - text: a seed (seeds/*.txt) or a slice of it; line ranges deleted, duplicated, swapped;
 *    lines inserted or replaced from a vocabulary of layout-significant strings (numbering labels,
 *    专栏, page numbers, form feeds, indents, `<img>` markers, 目录 and dot leaders, tab-separated
 *    table rows, bullets, CJK and ASCII, U+FFFD, U+3000, zero-width and bidi characters, lone
 *    surrogates, very long lines, stray CR); LF/CRLF/CR/mixed line endings; UTF-8 (± BOM),
 *    UTF-16LE/BE with BOM or GB18030 (a two-byte GBK table built from the platform's decoder);
 *    truncation and the odd byte flip;
 *  - docx: a seed's model written by tests/helpers/make-docx.ts (once per seed), then either the
 *    zip bytes are flipped/overwritten/cut/duplicated, or the archive is unzipped and one part
 *    (document, numbering, styles, content types, rels) is edited — ranges deleted/duplicated,
 *    paragraph fragments inserted, tags broken, attribute values replaced, a numbering level with
 *    odd start/format/text injected, a part dropped — and re-zipped;
 *  - pdf: a seed slice typeset by tests/helpers/make-pdf.ts (once), bytes flipped, overwritten,
 *    cut, duplicated, PDF tokens inserted;
 *  - html: a small hand-made page (below), ranges deleted/duplicated, tags inserted (tables,
 *    thousands of nested divs, scripts, unclosed tags, entities, charset declarations).
 *
 * Runs are bounded (RUNS) and seeded (fc.assert's `seed: 42`), so CI is deterministic; on
 * failure fast-check prints the seed, the path and the shrunk counterexample to replay.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPlan } from '../../src/ingest/pipeline.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/ingest/read/types.ts';
import type { PlanMetaInput } from '../../src/ingest/schema.ts';
import { FuzzRunner, type Outcome } from '../helpers/fuzz-worker.ts';
import { makeDocx } from '../helpers/make-docx.ts';
import { makePdf } from '../helpers/make-pdf.ts';
import { seedModel } from '../helpers/roundtrip.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SLUGS = ['chengdu-outline', 'chengdu-sti', 'chongqing-htz-sti', 'wuhou-industry', 'wuhou-sti'];
const META: PlanMetaInput = { title: '测试', titleEn: 'test', issuer: null, level: 'city', region: '测试', period: '2021–2025', docNumber: null, issued: null, sourceType: 'plan' };

/** Wall-clock bound for one input (read + ingest), enforced by terminating the worker. */
const BOUND_MS = 10_000;
/** What the readers are told; the timeout is small so a slow input ends as an IngestError well within the bound. */
const LIMITS: ReadLimits = { ...DEFAULT_LIMITS, maxBytes: 16 * 2 ** 20, maxExpandedBytes: 64 * 2 ** 20, maxPages: 200, timeoutMs: 4_000 };
/** Runs per property (the whole file stays well under a minute on two slow cores). */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = Object.fromEntries(Object.entries({ text: 800, docxBytes: 300, docxXml: 200, pdf: 50, html: 250 }).map(([k, n]) => [k, Math.round(n * SCALE)])) as Record<'text' | 'docxBytes' | 'docxXml' | 'pdf' | 'html', number>;
/**
 * Fixed seed (FUZZ_SEED overrides it, to explore). Per-property budget: a failure's shrinking
 * stops there and reports the smallest input found so far.
 */
const FC = { seed: Number(process.env.FUZZ_SEED ?? 42), interruptAfterTimeLimit: 100_000 * SCALE, markInterruptAsFailure: false } as const;
const TEST_TIMEOUT = 120_000 * SCALE;

const runner = new FuzzRunner({ boundMs: BOUND_MS, heapMb: 1024 });
afterAll(() => runner.close());

const enc = new TextEncoder();
const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Clear reasons to refuse a text file: not text, nothing in it, not decodable. */
const CLEAR_TEXT_REFUSAL = /empty|binary|no text|whitespace|neither valid UTF-8 nor GB18030|could not be decoded/;

// ---------------------------------------------------------------------------------------------
// Property 1: containment (and the bound). Throws (fails the run) with what escaped.

async function ingestContained(bytes: Uint8Array, file: string, show: () => string): Promise<Outcome> {
  const o = await runner.run(bytes, file, LIMITS, META);
  const where = `${file} (${bytes.length} bytes)\ninput: ${show()}`;
  if (runner.unhandled.size) {
    const all = [...runner.unhandled.entries()].map(([id, os]) => `#${id}: ${os.map((u) => (u.kind === 'unhandled' ? `${u.message}\n${u.stack}` : u.kind)).join('; ')}`);
    runner.unhandled.clear();
    throw new Error(`unhandled rejection while reading ${where}\n${all.join('\n')}`);
  }
  switch (o.kind) {
    case 'hang':
      throw new Error(`no result within ${BOUND_MS} ms: ${where}`);
    case 'crash':
      throw new Error(`the worker died (${o.message}) on ${where}\n${o.stack}`);
    case 'thrown':
      if (!o.ingestError) throw new Error(`${o.name} escaped (not an IngestError) on ${where}\n${o.stack}`);
      if (!o.message.startsWith(`${file}: `) && !o.message.startsWith(`${file}:`)) throw new Error(`IngestError not naming the file first: "${o.message}" on ${where}`);
      break;
    case 'unhandled':
    case 'ok':
      break;
  }
  return o;
}

/** What a property saw: inputs ingested, refused (by message, file and numbers blanked), the slowest. */
class Stats {
  ok = 0;
  refused = 0;
  ms = 0;
  slowest = '';
  readonly reasons = new Map<string, number>();
  add(o: Outcome, show: () => string): void {
    if (o.ms > this.ms) this.slowest = clip(show(), 400);
    this.ms = Math.max(this.ms, o.ms);
    if (o.kind === 'ok') this.ok++;
    else if (o.kind === 'thrown') {
      this.refused++;
      const r = o.message.replace(/^[^:]*(?::\d+)?: /, '').replace(/\d+(\.\d+)?/g, 'N').slice(0, 90);
      this.reasons.set(r, (this.reasons.get(r) ?? 0) + 1);
    }
  }
  report(name: string): void {
    const top = [...this.reasons].sort((a, b) => b[1] - a[1]).slice(0, process.env.FUZZ_VERBOSE ? 40 : 4);
    console.log(`${name}: ${this.ok} ingested, ${this.refused} refused, slowest ${Math.round(this.ms)} ms; refusals: ${top.map(([r, n]) => `${n}× ${r}`).join(' | ')}`);
    if (process.env.FUZZ_VERBOSE) console.log(`${name}: slowest input: ${this.slowest}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared mutation machinery

/** A position: any natural number, taken modulo the length it applies to (shrinks to the start). */
const pos = fc.nat();
const at = (p: number, n: number): number => (n <= 0 ? 0 : p % n);

type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'overwrite'; at: number; bytes: Uint8Array }
  | { op: 'fill'; at: number; len: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'dup'; at: number; len: number }
  | { op: 'insert'; at: number; bytes: Uint8Array };

const byteEdit = (tokens: string[]): fc.Arbitrary<ByteEdit> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('flip' as const), at: pos, bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('overwrite' as const), at: pos, bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }) }) },
    fc.record({ op: fc.constant('fill' as const), at: pos, len: fc.integer({ min: 1, max: 4096 }), byte: fc.constantFrom(0x00, 0xff, 0x20, 0x41, 0x0a) }),
    fc.record({ op: fc.constant('truncate' as const), at: pos }),
    fc.record({ op: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 4096 }) }),
    fc.record({ op: fc.constant('dup' as const), at: pos, len: fc.integer({ min: 1, max: 4096 }) }),
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: pos,
        bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 48 }), ...(tokens.length ? [fc.constantFrom(...tokens).map((t) => enc.encode(t))] : [])),
      }),
    },
  );

const showEdits = (edits: ByteEdit[]): string => JSON.stringify(edits, (_k, v) => (v instanceof Uint8Array ? `bytes(${[...v].join(',')})` : v));

function applyByteEdits(base: Uint8Array, edits: ByteEdit[]): Uint8Array {
  let b = base;
  for (const e of edits) {
    const n = b.length;
    const i = at(e.at, n);
    switch (e.op) {
      case 'flip':
        if (!n) break;
        b = b.slice();
        b[i] ^= 1 << e.bit;
        break;
      case 'overwrite':
        b = b.slice();
        b.set(e.bytes.subarray(0, n - i), i);
        break;
      case 'fill':
        b = b.slice();
        b.fill(e.byte, i, i + e.len);
        break;
      case 'truncate':
        b = b.slice(0, i);
        break;
      case 'delete':
        b = concat(b.subarray(0, i), b.subarray(i + e.len));
        break;
      case 'dup':
        b = concat(b.subarray(0, i + e.len), b.subarray(i));
        break;
      case 'insert':
        b = concat(b.subarray(0, i), e.bytes, b.subarray(i));
        break;
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

type StrEdit =
  | { op: 'delete'; at: number; len: number }
  | { op: 'dup'; at: number; len: number }
  | { op: 'insert'; at: number; s: string }
  /** Insert right after the n-th occurrence of `after` (between tags, where a fragment parses as such). */
  | { op: 'insertAfter'; nth: number; after: string; s: string }
  /** Break the n-th tag: cut it short, open a second tag inside it, or drop its closing quote. */
  | { op: 'break'; nth: number; how: 'cut' | 'open' | 'quote' | 'unclose' }
  /** Replace the n-th attribute value. */
  | { op: 'attr'; nth: number; value: string };

function nthIndex(s: string, needle: string | RegExp, nth: number): number {
  const re = typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(needle.source, 'g');
  const hits: number[] = [];
  for (let m = re.exec(s); m && hits.length < 100_000; m = re.exec(s)) {
    hits.push(m.index + m[0].length);
    if (m[0].length === 0) re.lastIndex++;
  }
  return hits.length ? hits[nth % hits.length] : -1;
}

function applyStrEdits(base: string, edits: StrEdit[]): string {
  let s = base;
  for (const e of edits) {
    const n = s.length;
    switch (e.op) {
      case 'delete': {
        const i = at(e.at, n);
        s = s.slice(0, i) + s.slice(i + e.len);
        break;
      }
      case 'dup': {
        const i = at(e.at, n);
        s = s.slice(0, i + e.len) + s.slice(i);
        break;
      }
      case 'insert': {
        const i = at(e.at, n + 1);
        s = s.slice(0, i) + e.s + s.slice(i);
        break;
      }
      case 'insertAfter': {
        const i = nthIndex(s, e.after, e.nth);
        if (i >= 0) s = s.slice(0, i) + e.s + s.slice(i);
        break;
      }
      case 'break': {
        const end = nthIndex(s, /<[A-Za-z][^<>]*>/, e.nth);
        if (end < 0) break;
        const start = s.lastIndexOf('<', end - 1);
        const tag = s.slice(start, end);
        const mid = start + Math.max(1, Math.floor(tag.length / 2));
        if (e.how === 'cut') s = s.slice(0, mid) + s.slice(end);
        else if (e.how === 'open') s = `${s.slice(0, mid)}<${s.slice(mid)}`;
        else if (e.how === 'unclose') s = s.slice(0, end - 1) + s.slice(end);
        else {
          const q = tag.indexOf('"');
          if (q >= 0) s = s.slice(0, start + q) + s.slice(start + q + 1);
        }
        break;
      }
      case 'attr': {
        const end = nthIndex(s, /\s[\w:]+="/, e.nth);
        if (end < 0) break;
        const close = s.indexOf('"', end);
        if (close >= 0) s = s.slice(0, end) + e.value + s.slice(close);
        break;
      }
    }
  }
  return s;
}

const strEdit = (frags: fc.Arbitrary<string>, anchors: string[], attrValues: string[], maxLen: number): fc.Arbitrary<StrEdit> =>
  fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: maxLen }) }),
    fc.record({ op: fc.constant('dup' as const), at: pos, len: fc.integer({ min: 1, max: maxLen }) }),
    fc.record({ op: fc.constant('insert' as const), at: pos, s: frags }),
    { weight: 3, arbitrary: fc.record({ op: fc.constant('insertAfter' as const), nth: pos, after: fc.constantFrom(...anchors), s: frags }) },
    fc.record({ op: fc.constant('break' as const), nth: pos, how: fc.constantFrom('cut' as const, 'open' as const, 'quote' as const, 'unclose' as const) }),
    { weight: 2, arbitrary: fc.record({ op: fc.constant('attr' as const), nth: pos, value: fc.constantFrom(...attrValues) }) },
  );

// ---------------------------------------------------------------------------------------------
// The vocabulary of layout-significant strings

const LABELS = ['第一篇', '第二篇', '第一章', '第十二章', '第1章', '第一节', '第三节', '一、', '二、', '十一、', '（一）', '（十）', '(三)', '1.', '2．', '10.', '1、', '（1）', '(2)', '①', '⑩', '⑳', '专栏1', '专栏 3', '专栏12', '附件：', '附件1', '一是', '第一条', 'A.', 'I.', '1.1', '1.1.1', '#', '# ', '## '];
const TITLES = ['总体要求', '发展基础', '主要任务', '加快建设科技创新中心', '保障措施', '重大工程', '“十四五”主要指标', '', '研发经费投入强度达到3.5%', '到2025年，全市高新技术企业达到10000家。'];
const SEPS = ['', ' ', '\u3000', '  ', '\t', '\u3000\u3000'];
const FURNITURE = ['— 5 —', '— 12 —', '-5-', '- 23 -', '—5—', '第 3 页', '第3页 共20页', '5', '12', '\f', '\f\f', '目录', '目  录', '目\u3000录', 'CONTENTS', '成都市武侯区“十四五”科技创新发展规划'];
const ODD = ['\uFFFD', '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00A0', '\u00AD', '\u2028', '\u2029', '\u0085', '\r', '\r\n', '\t', '\f', '\v', '\u001B', '\uD800', '\uDC00', '\u{1F600}', '\u0301', '\u202E', '\u3000\u3000', '   ', '\t\t', '…', '……', '·', '・', '．', '。', '，', '：', '；', '%', '％', '\\', '$', '$1', '`', '*', '_', '|'];
const MARKERS = ['<img src="a.png">', '<img>', '<img src="x" alt="图1">', '[image]', '![](a.png)', '[bookmark: _Toc81396096]', '[bookmark: x]', '<br>', '<p>', '</td>'];
const CELLS = ['2.5', '3.0', '预期性', '约束性', '—', '', '%', '≥50', '1.2万', '指标', '2020年', '2025年', '属性', '单位', '亿元'];

const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 30 });
const ascii = fc.string({ unit: 'grapheme-ascii', maxLength: 30 });
const heading = fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(...SEPS), fc.oneof(fc.constantFrom(...TITLES), cjk)).map((p) => p.join(''));
const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: heading },
  { weight: 2, arbitrary: fc.constantFrom(...FURNITURE) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKERS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD) },
  { weight: 2, arbitrary: fc.tuple(heading, fc.constantFrom('…', '.', '·', '．', ' ', '-'), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 300 })).map(([h, d, n, p]) => h + d.repeat(n) + p) },
  { weight: 2, arbitrary: fc.array(fc.oneof(cjk, fc.constantFrom(...CELLS)), { minLength: 2, maxLength: 7 }).map((c) => c.join('\t')) },
  fc.oneof(cjk, fc.constantFrom(...CELLS)).map((c) => `\t${c}`),
  fc.tuple(fc.constantFrom('——', '—', '•', '●', '■', '◆', '★', '-', '*', '·', '>', '- [ ]'), cjk).map(([b, t]) => b + t),
  fc.tuple(fc.constantFrom(' ', '  ', '    ', '\u3000\u3000', '\t', '        '), heading).map(([i, t]) => i + t),
  { weight: 2, arbitrary: cjk },
  ascii,
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.tuple(fc.oneof(cjk, fc.constantFrom('发展', '。', ' ', '\t', 'a', '1', '（一）')), fc.integer({ min: 50, max: 5000 })).map(([s, n]) => s.repeat(n).slice(0, 60_000)),
  fc.array(fc.oneof(fc.constantFrom(...ODD), cjk, ascii, fc.constantFrom(...LABELS)), { maxLength: 8 }).map((p) => p.join('')),
);

// ---------------------------------------------------------------------------------------------
// Encodings: UTF-8 (± BOM), UTF-16 with BOM, GB18030 (two-byte GBK codes only).

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
let gbkTable: Map<number, number> | null = null;
/** Code point → GBK code (a << 8 | b), from the platform's GB18030 decoder. */
function gbk(): Map<number, number> {
  if (gbkTable) return gbkTable;
  const m = new Map<number, number>();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const s = dec.decode(new Uint8Array([a, b]));
      if (s.length === 1 && s !== '\uFFFD' && !m.has(s.charCodeAt(0))) m.set(s.charCodeAt(0), (a << 8) | b);
    }
  }
  return (gbkTable = m);
}

/** The text in the encoding; GB18030 falls back to UTF-8 when a character has no two-byte code. */
function encode(text: string, e: Encoding): Uint8Array {
  switch (e) {
    case 'utf-8':
      return enc.encode(text);
    case 'utf-8-bom':
      return concat(new Uint8Array([0xef, 0xbb, 0xbf]), enc.encode(text));
    case 'utf-16le':
    case 'utf-16be': {
      const out = new Uint8Array(2 + text.length * 2);
      const le = e === 'utf-16le';
      out[0] = le ? 0xff : 0xfe;
      out[1] = le ? 0xfe : 0xff;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
        out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
      }
      return out;
    }
    case 'gb18030': {
      const t = gbk();
      const out: number[] = [];
      for (const ch of text) {
        const c = ch.codePointAt(0)!;
        if (c < 0x80) out.push(c);
        else {
          const g = t.get(c);
          if (g === undefined || c > 0xffff) return enc.encode(text);
          out.push(g >> 8, g & 0xff);
        }
      }
      return new Uint8Array(out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Property 1 + 2 for text

const seedLines = new Map(SLUGS.map((s) => [s, readFileSync(join(ROOT, `seeds/${s}.txt`), 'utf8').split('\n')]));

type LineEdit =
  | { op: 'delete'; at: number; len: number }
  | { op: 'dup'; at: number; len: number }
  | { op: 'swap'; at: number; to: number; len: number }
  | { op: 'insert'; at: number; lines: string[] }
  | { op: 'replace'; at: number; line: string }
  | { op: 'infix'; at: number; col: number; s: string }
  | { op: 'split'; at: number; col: number }
  | { op: 'join'; at: number; glue: string };

const span = fc.integer({ min: 1, max: 60 });
const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: pos, len: span }),
  fc.record({ op: fc.constant('dup' as const), at: pos, len: span }),
  fc.record({ op: fc.constant('swap' as const), at: pos, to: pos, len: span }),
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: pos, line: lineArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('infix' as const), at: pos, col: pos, s: fc.oneof(fc.constantFrom(...ODD, ...LABELS, ...FURNITURE, ...MARKERS), lineArb) }) },
  fc.record({ op: fc.constant('split' as const), at: pos, col: pos }),
  fc.record({ op: fc.constant('join' as const), at: pos, glue: fc.constantFrom('', ' ', '\t', '\u3000') }),
);

function applyLineEdits(base: string[], edits: LineEdit[]): string[] {
  let l = base.slice();
  for (const e of edits) {
    const n = l.length;
    const i = at(e.at, n);
    switch (e.op) {
      case 'delete':
        l.splice(i, e.len);
        break;
      case 'dup':
        l.splice(i + e.len, 0, ...l.slice(i, i + e.len));
        break;
      case 'swap': {
        const [a, b] = [i, at(e.to, n)].sort((x, y) => x - y);
        const la = Math.min(e.len, b - a);
        const lb = Math.min(e.len, n - b);
        if (la <= 0 || lb <= 0) break;
        l = [...l.slice(0, a), ...l.slice(b, b + lb), ...l.slice(a + la, b), ...l.slice(a, a + la), ...l.slice(b + lb)];
        break;
      }
      case 'insert':
        l.splice(at(e.at, n + 1), 0, ...e.lines);
        break;
      case 'replace':
        if (n) l[i] = e.line;
        else l.push(e.line);
        break;
      case 'infix': {
        const s = l[i] ?? '';
        const c = at(e.col, s.length + 1);
        l[i] = s.slice(0, c) + e.s + s.slice(c);
        break;
      }
      case 'split': {
        const s = l[i] ?? '';
        const c = at(e.col, s.length + 1);
        l.splice(i, 1, s.slice(0, c), s.slice(c));
        break;
      }
      case 'join':
        if (i + 1 < n) l.splice(i, 2, l[i] + e.glue + l[i + 1]);
        break;
    }
  }
  return l;
}

const EOLS = { lf: () => '\n', crlf: () => '\r\n', cr: () => '\r', mixed: (i: number) => ['\n', '\r\n', '\r'][i % 3] } as const;

const textInput = fc.record({
  slug: fc.constantFrom(...SLUGS),
  start: pos,
  /** Lines of the seed from `start` (wrapping to the top): a few, or most of a plan. */
  len: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 900 })),
  edits: fc.array(lineEdit, { maxLength: 10 }),
  eol: fc.constantFrom('lf' as const, 'lf' as const, 'crlf' as const, 'cr' as const, 'mixed' as const),
  finalEol: fc.boolean(),
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030'),
  bytes: fc.oneof({ weight: 6, arbitrary: fc.constant([] as ByteEdit[]) }, { weight: 1, arbitrary: fc.array(byteEdit([]), { minLength: 1, maxLength: 3 }) }),
  ext: fc.constantFrom('txt', 'md'),
});
type TextInput = typeof textInput extends fc.Arbitrary<infer T> ? T : never;

function textOf(t: TextInput): string {
  const all = seedLines.get(t.slug)!;
  const s = at(t.start, all.length);
  const slice = t.len >= all.length ? all : [...all.slice(s, s + t.len), ...all.slice(0, Math.max(0, s + t.len - all.length))];
  const lines = applyLineEdits(slice, t.edits);
  const eol = EOLS[t.eol];
  return lines.map((l, i) => (i < lines.length - 1 || t.finalEol ? l + eol(i) : l)).join('');
}

describe('fuzz: text (.txt/.md)', () => {
  it(
    'only IngestErrors naming the file escape, within the bound; a decodable text loses no text (coverage ≥ 0.995)',
    async () => {
      const stats = new Stats();
      await fc.assert(
        fc.asyncProperty(textInput, async (t) => {
          const text = textOf(t);
          const bytes = applyByteEdits(encode(text, t.encoding), t.bytes);
          const file = `fuzz/${t.slug}.${t.ext}`;
          const show = () => `${t.encoding}, text ${JSON.stringify(clip(text, 600))}`;
          const o = await ingestContained(bytes, file, show);
          stats.add(o, show);
          if (o.kind === 'thrown') {
            if (!CLEAR_TEXT_REFUSAL.test(o.message)) throw new Error(`a text file was refused for an unclear reason: "${o.message}"\ninput: ${show()}`);
          } else if (o.kind === 'ok') {
            if (o.ratio < 0.995) {
              throw new Error(`coverage ${o.ratio.toFixed(4)} < 0.995 (${o.sourceChars} chars; missing lines ${o.missingLines.join(', ')}: ${o.missingText.join(' | ')})\ninput: ${show()}`);
            }
          }
        }),
        { ...FC, numRuns: RUNS.text },
      );
      stats.report('text');
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// DOCX

/** Seeds typeset as DOCX: two whole plans and a slice of a third (cached: one `makeDocx` each). */
const DOCX_SOURCES = ['chengdu-outline', 'wuhou-sti', 'chengdu-sti:0:200'];
const docxBase = new Map<string, Uint8Array>();

function sliceModel(spec: string) {
  const [slug, from, to] = spec.split(':');
  if (from === undefined) return seedModel(slug).plan;
  const text = seedLines.get(slug)!.slice(Number(from), Number(to)).join('\n');
  return ingestPlan({ slug, file: `seeds/${slug}.txt`, bytes: enc.encode(text), meta: META });
}

const W_P = (inner: string, ppr = '') => `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${inner}</w:t></w:r></w:p>`;
const DOCX_FRAGS = [
  W_P('第一章 总体要求'),
  W_P('一、发展基础', '<w:pStyle w:val="Heading1"/>'),
  W_P('标题', '<w:pStyle w:val="Heading9"/><w:outlineLvl w:val="12"/>'),
  W_P('项', '<w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr>'),
  W_P('项', '<w:numPr><w:ilvl w:val="99"/><w:numId w:val="999"/></w:numPr>'),
  W_P('项', '<w:numPr><w:ilvl w:val="-1"/><w:numId w:val="abc"/></w:numPr>'),
  W_P('项', '<w:numPr><w:numId w:val="0"/></w:numPr>'),
  W_P('项', '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:pStyle w:val="Heading2"/>'),
  W_P('&amp;&lt;&#12288;&#x200B;&#65533;&#xFFFE;'),
  W_P('&#0;&#xD800;&bogus;&#99999999;'),
  W_P('长'.repeat(20_000)),
  W_P('\t\t表\t格'),
  '<w:p>',
  '</w:p>',
  '<w:p/>',
  '<w:r><w:t>',
  '</w:t></w:r>',
  '</w:body>',
  '<w:body>',
  '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
  '<w:tbl><w:tr><w:tc>'.repeat(300),
  '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>无</w:t></w:r></w:p></w:tc></w:tr>',
  '<w:tc><w:p><w:r><w:t>孤</w:t></w:r></w:p></w:tc>',
  '<w:sdt><w:sdtContent>'.repeat(200),
  '<w:r><w:tab/><w:t xml:space="preserve">   </w:t><w:br/><w:cr/><w:br w:type="page"/><w:lastRenderedPageBreak/></w:r>',
  '<w:r><w:br/></w:r>'.repeat(500),
  '<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>',
  '<w:fldSimple w:instr="TOC \\o"><w:r><w:t>目录</w:t></w:r></w:fldSimple>',
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
  '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>',
  '<w:hyperlink r:id="rId999"><w:r><w:t>链接</w:t></w:r></w:hyperlink>',
  '<w:r><w:drawing/><w:pict/></w:r>',
  '<w:r><w:sym w:font="Wingdings" w:char="F0B7"/></w:r>',
  '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent>',
  '<w:bookmarkStart w:id="0" w:name="_Toc1"/><w:bookmarkEnd w:id="0"/>',
  '<![CDATA[第二章 <w:p>]]>',
  '<!-- 注释 -->',
  '<?pi x?>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '&b;&a;',
  '<',
  '>',
  '"',
  '&',
  '\u0000',
  '\uFEFF',
];
const XML_ATTR_VALUES = ['', '-1', '0', '1', '8', '9', '99', '2147483647', '99999999999999999999', 'NaN', 'abc', 'Heading1', 'Heading7', '标题 1', 'upperLetter', 'chineseCounting', 'bullet', 'none', '%1%2%3%4%5%6%7%8%9', '%9', '%0', '第%1章', 'true', 'false', 'preserve', '../../../etc/passwd', '/word/document.xml', 'word/none.xml', 'x'.repeat(5000)];
const DOCX_ANCHORS = ['</w:p>', '<w:body>', '</w:r>', '<w:pPr>', '</w:tc>', '</w:abstractNum>', '</w:num>', '</w:style>', '<w:lvl w:ilvl="0">', '"?>', '</Types>', '</Relationships>'];
const DOCX_PARTS = ['word/document.xml', 'word/document.xml', 'word/document.xml', 'word/document.xml', 'word/numbering.xml', 'word/numbering.xml', 'word/styles.xml', '[Content_Types].xml', 'word/_rels/document.xml.rels', '_rels/.rels'];

/** A numbering level (or start override) with odd values, injected into numbering.xml. */
const numberingLevel = fc
  .record({
    ilvl: fc.constantFrom('0', '0', '1', '2', '8', '9', '-1', '99', 'abc'),
    start: fc.constantFrom('0', '1', '-1', '-5', '9999', '10000', '65535', '2147483647', '99999999999999999999', '-2147483648', '1e3', ''),
    fmt: fc.constantFrom('decimal', 'upperLetter', 'lowerLetter', 'upperRoman', 'lowerRoman', 'chineseCounting', 'chineseLegalSimplified', 'japaneseCounting', 'ideographTraditional', 'ideographZodiac', 'decimalEnclosedCircle', 'decimalEnclosedParen', 'decimalZero', 'decimalFullWidth', 'ordinal', 'ideographDigital', 'bullet', 'none', 'madeUpFormat', ''),
    text: fc.constantFrom('%1、', '（%1）', '%1.%2.%3', '%9', '%1%1%1%1%1%1%1%1%1', '第%1章', '', '%', '%0', '%10', '\uF0B7', '%1'.repeat(500)),
    restart: fc.constantFrom('', '<w:lvlRestart w:val="0"/>', '<w:lvlRestart w:val="1"/>', '<w:lvlRestart w:val="99"/>'),
    legal: fc.constantFrom('', '<w:isLgl/>'),
    suff: fc.constantFrom('tab', 'space', 'nothing', 'x'),
    as: fc.constantFrom('level' as const, 'level' as const, 'override' as const, 'overrideLevel' as const),
    nth: pos,
  })
  .map((l) => {
    const lvl = `<w:lvl w:ilvl="${l.ilvl}"><w:start w:val="${l.start}"/><w:numFmt w:val="${l.fmt}"/><w:lvlText w:val="${l.text}"/>${l.restart}${l.legal}<w:suff w:val="${l.suff}"/></w:lvl>`;
    if (l.as === 'level') return { before: '</w:abstractNum>', nth: l.nth, xml: lvl };
    if (l.as === 'override') return { before: '</w:num>', nth: l.nth, xml: `<w:lvlOverride w:ilvl="${l.ilvl}"><w:startOverride w:val="${l.start}"/></w:lvlOverride>` };
    return { before: '</w:num>', nth: l.nth, xml: `<w:lvlOverride w:ilvl="${l.ilvl}">${lvl}</w:lvlOverride>` };
  });

const docxXmlInput = fc.record({
  source: fc.constantFrom(...DOCX_SOURCES),
  part: fc.constantFrom(...DOCX_PARTS),
  edits: fc.array(strEdit(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DOCX_FRAGS) }, lineArb), DOCX_ANCHORS, XML_ATTR_VALUES, 3000), { minLength: 0, maxLength: 6 }),
  levels: fc.array(numberingLevel, { maxLength: 3 }),
  drop: fc.option(fc.constantFrom('word/document.xml', 'word/numbering.xml', 'word/styles.xml', '[Content_Types].xml', 'word/_rels/document.xml.rels', '_rels/.rels'), { freq: 10 }),
  zipLevel: fc.constantFrom(0 as const, 6 as const),
});

const dec = new TextDecoder();

function mutateDocx(base: Uint8Array, m: typeof docxXmlInput extends fc.Arbitrary<infer T> ? T : never): Uint8Array {
  const files = unzipSync(base);
  const part = files[m.part];
  if (part) files[m.part] = enc.encode(applyStrEdits(dec.decode(part), m.edits));
  const numbering = files['word/numbering.xml'];
  if (numbering && m.levels.length) {
    let xml = dec.decode(numbering);
    for (const l of m.levels) {
      const i = nthIndex(xml, l.before, l.nth);
      if (i >= 0) xml = xml.slice(0, i - l.before.length) + l.xml + xml.slice(i - l.before.length);
    }
    files['word/numbering.xml'] = enc.encode(xml);
  }
  if (m.drop) delete files[m.drop];
  return zipSync(files, { level: m.zipLevel, mtime: new Date('2021-01-01T00:00:00Z') });
}

describe('fuzz: DOCX', () => {
  it(
    'zip bytes flipped, overwritten, cut or duplicated: only IngestErrors naming the file escape, within the bound',
    async () => {
      const stats = new Stats();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...DOCX_SOURCES), fc.array(byteEdit(['PK\u0003\u0004', 'PK\u0001\u0002', 'PK\u0005\u0006', 'word/document.xml', '<w:p>']), { minLength: 1, maxLength: 4 }), async (source, edits) => {
          const bytes = applyByteEdits(docxBase.get(source)!, edits);
          const show = () => `${source} with byte edits ${showEdits(edits)}`;
          const o = await ingestContained(bytes, `fuzz/${source.split(':')[0]}.docx`, show);
          stats.add(o, show);
        }),
        { ...FC, numRuns: RUNS.docxBytes },
      );
      stats.report('docx bytes');
    },
    TEST_TIMEOUT,
  );

  it(
    'parts edited (ranges, fragments, broken tags, odd attributes and numbering levels, a part dropped) and re-zipped: only IngestErrors naming the file escape, within the bound',
    async () => {
      const stats = new Stats();
      await fc.assert(
        fc.asyncProperty(docxXmlInput, async (m) => {
          const bytes = mutateDocx(docxBase.get(m.source)!, m);
          const show = () => `${m.source}: ${m.part} edited ${clip(JSON.stringify(m), 1000)}`;
          const o = await ingestContained(bytes, `fuzz/${m.source.split(':')[0]}.docx`, show);
          stats.add(o, show);
        }),
        { ...FC, numRuns: RUNS.docxXml },
      );
      stats.report('docx parts');
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// PDF

let pdfBase: Uint8Array;
const PDF_TOKENS = ['endobj', 'stream\n', '\nendstream', '<<', '>>', '/Length 999999999', '/Length -1', '1 0 obj', '0 0 R', '99 0 R', 'xref\n0 1\n0000000000 65535 f \n', 'trailer\n<< /Root 1 0 R >>', 'startxref\n0\n', '%%EOF', '[[[[[[[[[[[[[[[[[[[[', '((((((((', '/Filter /FlateDecode', '/Type /Pages /Kids [3 0 R] /Count 999999', '/Encrypt 1 0 R', 'BT /F1 16 Tf (x) Tj ET', '/MediaBox [0 0 0 0]', '/Rotate 45'];

describe('fuzz: PDF', () => {
  it(
    'bytes flipped, overwritten, cut, duplicated or PDF tokens inserted: only IngestErrors naming the file escape, within the bound',
    async () => {
      const stats = new Stats();
      await fc.assert(
        fc.asyncProperty(fc.array(byteEdit(PDF_TOKENS), { minLength: 1, maxLength: 4 }), async (edits) => {
          const bytes = applyByteEdits(pdfBase, edits);
          const show = () => `byte edits ${showEdits(edits)}`;
          const o = await ingestContained(bytes, 'fuzz/plan.pdf', show);
          stats.add(o, show);
        }),
        { ...FC, numRuns: RUNS.pdf },
      );
      stats.report('pdf');
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// HTML

const PAGE = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>成都市“十四五”科技创新规划_成都市人民政府</title>
<style>body { font: 16px sans-serif } .hidden { display: none }</style>
<script>var _hmt = _hmt || []; document.write('<p>广告</p>');</script>
</head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="javascript:void(0)">无障碍</a></div>
<nav><ul><li><a href="/a">机构</a></li><li><a href="/b">政策</a></li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 规划计划</div>
<div class="main">
<article>
<h1>成都市“十四五”科技创新规划</h1>
<div class="info">发布时间：2021-12-30 来源：市科技局 字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<p>“十四五”时期是成都加快建设具有全国影响力的科技创新中心的关键时期。为深入实施创新驱动发展战略，根据《成都市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，制定本规划。</p>
<h2>第一章 把握新机遇迈向新征程</h2>
<h3>一、发展回顾</h3>
<p>“十三五”以来，全市科技创新能力显著提升，全社会研发经费投入从2015年的251.9亿元增长到2020年的551.4亿元，年均增长16.9%。</p>
<p>（一）创新平台建设取得突破。天府实验室挂牌运行，国家川藏铁路技术创新中心落户成都。</p>
<p>（二）创新主体持续壮大。高新技术企业达到6120家，是2015年的4.3倍。</p>
<h3>二、发展目标</h3>
<table border="1">
<caption>表1 “十四五”科技创新主要指标</caption>
<thead><tr><th>指标</th><th>2020年</th><th>2025年</th><th>属性</th></tr></thead>
<tbody>
<tr><td>全社会研发经费投入强度（%）</td><td>3.11</td><td>3.6</td><td>预期性</td></tr>
<tr><td>高新技术企业数（家）</td><td>6120</td><td>10000</td><td>预期性</td></tr>
<tr><td colspan="2">每万人发明专利拥有量（件）</td><td rowspan="2">30</td><td>预期性</td></tr>
</tbody>
</table>
<ul><li>——坚持创新驱动。把创新摆在发展全局的核心位置。</li><li>——坚持开放协同。深度融入全球创新网络。</li></ul>
<p><img src="/img/qr.png" alt="二维码"> 扫一扫在手机打开当前页</p>
<div class="box"><p><strong>专栏1 重大科技基础设施</strong></p><p>1.建设跨尺度矢量光场时空调控验证装置。</p><p>2.建设电磁驱动聚变大科学装置。</p></div>
<p>　　附件：成都市“十四五”科技创新重点项目表</p>
</article>
</div>
<aside><h4>相关文章</h4><ul><li><a href="/c">成都市科技局2021年工作总结</a></li></ul></aside>
<footer><p>主办：成都市人民政府办公厅 网站标识码：5101000001 蜀ICP备05005410号</p><p><a href="#">打印本页</a> <a href="#">关闭窗口</a></p></footer>
</body>
</html>
`;

const HTML_FRAGS = [
  '<table>',
  '</table>',
  '<table><tr><td>甲<td>乙<tr><td>1<td>2</table>',
  '<table><tr><td>'.repeat(50),
  '<div>',
  '</div>',
  '<div>'.repeat(300),
  '<div>'.repeat(3000),
  '<span><b><i><u>'.repeat(100),
  '<script>document.write("<p>x</p>")</script>',
  '<script>',
  '<style>',
  '<p',
  '<b><i>',
  '</p></p></li>',
  '&nbsp;&#12288;&amp;&lt;&gt;&quot;',
  '&#0;&#x110000;&#xD800;&#xFFFE;&bogus;&amp',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!--',
  '-->',
  '<![CDATA[ 第一章 ]]>',
  '<meta charset="gbk">',
  '<meta charset="utf-16">',
  '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
  '<meta charset="x-made-up">',
  '<br>'.repeat(200),
  '<img src=x onerror=alert(1)>',
  '<svg><text>矢量</text></svg>',
  '<math><mi>x</mi></math>',
  '<h1>第一章 总则</h1>',
  '<h2>一、</h2>',
  '<h6></h6>',
  '<pre>\t表\t格\n\f\n</pre>',
  '<td>',
  '<tr>',
  '<li>',
  '</html>',
  '<body>',
  '<html>',
  '<head>',
  '<iframe src="x">',
  '<template><p>模板</p></template>',
  '<noscript><p>无脚本</p></noscript>',
  '<a href="javascript:void(0)">链接</a>',
  '<button onclick="x()">按钮</button>',
  '<div hidden>隐藏</div>',
  '<div style="display:none">',
  '<div aria-hidden="true">',
  '<form><input type="hidden" value="1"><input type="text"></form>',
  '<textarea>',
  '<select><option>选项</option>',
  '<base href="http://example.com/">',
  '<frameset><frame src="a.html"></frameset>',
  '<xmp><p>原样</p></xmp>',
  '<plaintext>',
  '\uFEFF',
  '\u0000',
  '\uFDD0\uFDD1',
  '\f',
  '<?xml version="1.0" encoding="gbk"?>',
  '<p>' + '长'.repeat(30_000) + '</p>',
  '<p>专栏2 重大工程</p>',
  '<p>— 5 —</p>',
  '<p>目录</p><p>第一章 总体要求……………1</p>',
];
const HTML_ANCHORS = ['>', '</p>', '<body>', '</h2>', '<tbody>', '</td>', '<article>', '</li>', '<head>'];
const HTML_ATTR_VALUES = ['', 'display:none', 'hidden', 'true', 'javascript:alert(1)', 'gbk', 'utf-16', '999999', '-1', 'x'.repeat(5000)];

const htmlInput = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      edits: fc.array(strEdit(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HTML_FRAGS) }, lineArb), HTML_ANCHORS, HTML_ATTR_VALUES, 600), { minLength: 1, maxLength: 8 }),
      encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8', 'utf-8-bom', 'utf-16le', 'gb18030'),
      bytes: fc.oneof({ weight: 6, arbitrary: fc.constant([] as ByteEdit[]) }, { weight: 1, arbitrary: fc.array(byteEdit([]), { minLength: 1, maxLength: 3 }) }),
      ext: fc.constantFrom('html', 'htm'),
    }),
  },
  /** Not a page at all. */
  {
    weight: 1,
    arbitrary: fc.record({
      edits: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => [{ op: 'delete', at: 0, len: PAGE.length } as StrEdit, { op: 'insert', at: 0, s } as StrEdit]),
      encoding: fc.constant<Encoding>('utf-8'),
      bytes: fc.constant([] as ByteEdit[]),
      ext: fc.constant('html'),
    }),
  },
);

describe('fuzz: HTML', () => {
  it(
    'a page with ranges deleted or duplicated, tags, entities and charsets inserted: only IngestErrors naming the file escape, within the bound',
    async () => {
      const stats = new Stats();
      await fc.assert(
        fc.asyncProperty(htmlInput, async (h) => {
          const html = applyStrEdits(PAGE, h.edits);
          const bytes = applyByteEdits(encode(html, h.encoding), h.bytes);
          const show = () => `${h.encoding}, page ${JSON.stringify(clip(html, 2000))}`;
          const o = await ingestContained(bytes, `fuzz/page.${h.ext}`, show);
          stats.add(o, show);
        }),
        { ...FC, numRuns: RUNS.html },
      );
      stats.report('html');
    },
    TEST_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// The base documents (typeset once) and a check that, unmutated, each is ingested.

beforeAll(async () => {
  for (const s of DOCX_SOURCES) docxBase.set(s, await makeDocx(sliceModel(s)));
  // A slice of a seed with headings, paragraphs, a list and a table, across a few pages.
  pdfBase = await makePdf(sliceModel('chengdu-sti:0:70'), { header: '测试规划' });
}, 60_000);

describe('fuzz harness', () => {
  it('the unmutated inputs of every format are ingested', async () => {
    const cases: Array<[Uint8Array, string]> = [
      [enc.encode(seedLines.get('wuhou-sti')!.join('\n')), 'fuzz/wuhou-sti.txt'],
      [docxBase.get(DOCX_SOURCES[0])!, 'fuzz/base.docx'],
      [pdfBase, 'fuzz/base.pdf'],
      [enc.encode(PAGE), 'fuzz/base.html'],
    ];
    for (const [bytes, file] of cases) {
      const o = await ingestContained(bytes, file, () => 'unmutated');
      expect(o.kind, `${file}: ${JSON.stringify(o).slice(0, 300)}`).toBe('ok');
    }
  }, 30_000);
});
