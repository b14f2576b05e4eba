/**
 * Test helper for tests/unit/fuzz.test.ts: runs `readDocument` + `ingestDoc` on one input at a
 * time in a worker thread, so that the test can bound each input by wall-clock time even when
 * the code under test loops synchronously (a worker can be terminated mid-loop; the test's own
 * thread could not be), and so that a runaway allocation ends the worker (resource limits), not
 * the test run.
 *
 * The worker script is this file itself (Node runs it with type stripping); `FuzzRunner` is the
 * side the test uses. Messages: `{ id, bytes, file, limits, meta }` in, an `Outcome` out.
 * A rejection nobody handled (a stray promise of a reader) is reported as its own message and
 * attributed to the input that was running, or had run last.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { ReadLimits } from '../../src/ingest/read/types.ts';
import type { PlanMetaInput } from '../../src/ingest/schema.ts';

export type Outcome =
  | { kind: 'ok'; ms: number; format: string; encoding: string; ratio: number; sourceChars: number; missingLines: number[]; missingText: string[] }
  | { kind: 'thrown'; ms: number; name: string; ingestError: boolean; message: string; stack: string }
  /** The worker died: uncaught exception, out of memory, or `exit`. */
  | { kind: 'crash'; ms: number; message: string; stack: string }
  /** The input did not finish within the bound; the worker was terminated. */
  | { kind: 'hang'; ms: number }
  /** A promise rejection nobody handled, while (or after) this input ran. */
  | { kind: 'unhandled'; ms: number; message: string; stack: string };

interface Job {
  id: number;
  bytes: Uint8Array;
  file: string;
  limits: ReadLimits;
  meta: PlanMetaInput;
}

const errText = (e: unknown): { name: string; message: string; stack: string } => {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? '' };
  return { name: typeof e, message: String(e), stack: '' };
};

// ---------------------------------------------------------------------------------------------
// The worker side.

if (!isMainThread && parentPort) {
  const port = parentPort;
  let current = 0;
  process.on('unhandledRejection', (e) => {
    const t = errText(e);
    port.postMessage({ id: current, outcome: { kind: 'unhandled', ms: 0, message: `${t.name}: ${t.message}`, stack: t.stack } });
  });
  const libs = Promise.all([import('../../src/ingest/errors.ts'), import('../../src/ingest/pipeline.ts'), import('../../src/ingest/read/index.ts'), import('../../src/ingest/clean.ts')]);
  // The readers load their libraries on first use: load them now, before the first input's clock starts.
  void Promise.all([libs, import('../../src/ingest/read/pdf.ts'), import('../../src/ingest/read/docx.ts'), import('../../src/ingest/read/html.ts'), import('pdfjs-dist/legacy/build/pdf.mjs')]).then(
    () => port.postMessage({ ready: true }),
    (e) => port.postMessage({ ready: true, error: errText(e) }),
  );
  port.on('message', async (job: Job) => {
    current = job.id;
    const [{ IngestError }, { ingestDoc }, { readDocument }, { cleanLines }] = await libs;
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      const doc = await readDocument(job.bytes, job.file, job.limits);
      const plan = ingestDoc(doc, { slug: 'fuzz', file: job.file, meta: job.meta });
      const byN = new Map(cleanLines(doc.text).map((l) => [l.n, l.text]));
      outcome = {
        kind: 'ok',
        ms: performance.now() - t0,
        format: doc.format,
        encoding: doc.encoding,
        ratio: plan.coverage.ratio,
        sourceChars: plan.coverage.sourceChars,
        missingLines: plan.coverage.missingLines.slice(0, 20),
        missingText: plan.coverage.missingLines.slice(0, 5).map((n) => JSON.stringify(byN.get(n) ?? '').slice(0, 200)),
      };
    } catch (e) {
      const t = errText(e);
      outcome = { kind: 'thrown', ms: performance.now() - t0, ingestError: e instanceof IngestError, ...t };
    }
    // Rejections left unhandled by this input are reported (before its outcome) once the microtasks have run.
    await new Promise((r) => setImmediate(r));
    port.postMessage({ id: job.id, outcome });
  });
}

// ---------------------------------------------------------------------------------------------
// The test side.

export interface RunnerOptions {
  /** Wall-clock bound for one input, read + ingest, in ms; past it the worker is terminated. */
  boundMs: number;
  /** Heap limit of the worker, in MB. */
  heapMb?: number;
}

/** One worker thread, restarted after a hang or a crash; inputs run one at a time. */
export class FuzzRunner {
  private worker: { w: Worker; ready: Promise<void> } | null = null;
  private nextId = 1;
  private pending: { id: number; t0: number; resolve: (o: Outcome) => void; timer: NodeJS.Timeout } | null = null;
  private lastId = 0;
  /** Unhandled rejections, by the id of the input they were attributed to. */
  readonly unhandled = new Map<number, Outcome[]>();

  private readonly opts: RunnerOptions;

  constructor(opts: RunnerOptions) {
    this.opts = opts;
  }

  private spawn(): { w: Worker; ready: Promise<void> } {
    let ready!: () => void;
    let failed!: (e: Error) => void;
    const readyP = new Promise<void>((res, rej) => {
      ready = res;
      failed = rej;
    });
    readyP.catch(() => {});
    const w = new Worker(new URL(import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb ?? 1024, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // PDF.js and friends may warn on stdout/stderr; the test reports outcomes, not logs.
    w.stdout.resume();
    w.stderr.resume();
    w.on('message', (m: { id: number; outcome: Outcome; ready?: true; error?: { message: string } }) => {
      if (m.ready) {
        if (m.error) failed(new Error(`fuzz worker could not load the ingest modules: ${m.error.message}`));
        else ready();
        return;
      }
      if (m.outcome.kind === 'unhandled') {
        const id = m.id || this.lastId;
        this.unhandled.set(id, [...(this.unhandled.get(id) ?? []), m.outcome]);
        return;
      }
      if (this.pending && this.pending.id === m.id) this.finish(m.outcome);
    });
    const died = (message: string, stack = ''): void => {
      failed(new Error(`fuzz worker died while starting: ${message}`));
      if (this.worker?.w === w) this.worker = null;
      if (this.pending) this.finish({ kind: 'crash', ms: performance.now() - this.pending.t0, message, stack });
    };
    w.on('error', (e) => died(`${e.name}: ${e.message}`, e.stack ?? ''));
    w.on('exit', (code) => died(`worker exited with code ${code}`));
    w.unref();
    return { w, ready: readyP };
  }

  private finish(o: Outcome): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(o);
  }

  /** Read and ingest one input; never rejects. */
  async run(bytes: Uint8Array, file: string, limits: ReadLimits, meta: PlanMetaInput): Promise<Outcome> {
    if (this.pending) throw new Error('FuzzRunner: one input at a time');
    const { w, ready } = (this.worker ??= this.spawn());
    await ready;
    const id = this.nextId++;
    this.lastId = id;
    return new Promise<Outcome>((resolve) => {
      const t0 = performance.now();
      const timer = setTimeout(() => {
        const ms = performance.now() - t0;
        this.pending = null;
        if (this.worker?.w === w) this.worker = null;
        w.removeAllListeners('exit');
        w.removeAllListeners('error');
        void w.terminate();
        resolve({ kind: 'hang', ms });
      }, this.opts.boundMs);
      this.pending = { id, t0, resolve, timer };
      w.postMessage({ id, bytes, file, limits, meta } satisfies Job);
    });
  }

  /** Stop the worker. */
  async close(): Promise<void> {
    const w = this.worker?.w;
    this.worker = null;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}
