/**
 * The reader table: which reader turns a file of each extension into the intermediate
 * (`ReadDoc`, see types.ts). A file with any other extension is not a plan.
 */
import { IngestError } from '../errors.ts';
import { readText } from './text.ts';
import { DEFAULT_LIMITS, type ReadDoc, type Reader, type ReadLimits, type SourceFormat } from './types.ts';

const text = (format: SourceFormat): Reader => async (bytes, ctx) => readText(bytes, ctx.file, format);

/** Readers by file extension (lowercase, no dot). PDF, DOCX and HTML readers load their libraries on first use. */
export const READERS: Record<string, { format: SourceFormat; read: Reader }> = {
  txt: { format: 'txt', read: text('txt') },
  md: { format: 'md', read: text('md') },
  markdown: { format: 'md', read: text('md') },
  pdf: { format: 'pdf', read: async (b, c) => (await import('./pdf.ts')).readPdf(b, c) },
  docx: { format: 'docx', read: async (b, c) => (await import('./docx.ts')).readDocx(b, c) },
  html: { format: 'html', read: async (b, c) => (await import('./html.ts')).readHtml(b, c) },
  htm: { format: 'html', read: async (b, c) => (await import('./html.ts')).readHtml(b, c) },
};

/** The extensions a plan file may have, for messages: ".txt, .md, …". */
export const PLAN_EXTENSIONS = Object.keys(READERS);

export const extensionOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1].toLowerCase() ?? '';

/** Read one plan file with the reader its extension names, within the limits. */
export async function readDocument(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<ReadDoc> {
  const entry = READERS[extensionOf(file)];
  if (!entry) throw new IngestError(file, `not a plan file: expected one of ${PLAN_EXTENSIONS.map((e) => `.${e}`).join(', ')}`);
  if (bytes.length > limits.maxBytes) throw new IngestError(file, `is ${(bytes.length / 2 ** 20).toFixed(1)} MB, over the ${(limits.maxBytes / 2 ** 20).toFixed(0)} MB limit for one plan file`);
  // A Node Buffer is handed on as a plain Uint8Array copy (PDF.js refuses Buffers and may detach what it is given).
  const data = typeof Buffer !== 'undefined' && Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes;
  return entry.read(data, { file, limits });
}
