/**
 * Readers — stage 0: one module per input format (`txt`, `md`, `pdf`, `docx`, `html`), chosen by
 * file extension (see `index.ts`), each turning the file's bytes into the same intermediate: the
 * document as text lines in the conventions the text seeds already follow, plus where each line
 * came from. Everything after the readers (clean → layout repair → units → outline …) is shared.
 *
 * Text conventions of `ReadDoc.text` (the ones `clean.ts`, `units.ts` and `tables.ts` read):
 *  - one paragraph per line, or paragraphs separated by blank lines, or hard-wrapped printed lines
 *    (a PDF's): the layout repair tells them apart and joins wrapped lines;
 *  - a line that begins with spaces is indented (PDF: the first-line indent, as spaces);
 *  - a page break is a line holding only a form feed (`\f`);
 *  - a heading the format itself marks as one (a Word heading style or outline level, an HTML
 *    `<h1>`–`<h6>`, a PDF line in a larger or bold font) starts with `# ` (a weak hint: depth means
 *    nothing, the numbering decides the level);
 *  - a table is either one row per line with cells separated by tabs, or one cell per line behind
 *    a leading tab with a blank line ending each row (what a Word extraction prints).
 */
import type { Diagnostic } from '../schema.ts';

export type SourceFormat = 'txt' | 'md' | 'pdf' | 'docx' | 'html';

/** Where one line of the intermediate text came from in the original file. */
export interface Origin {
  /** PDF: the 1-based page the line is printed on. */
  page?: number;
  /** PDF: the 1-based line on that page. */
  pageLine?: number;
  /** DOCX: the 1-based body paragraph (`w:p`, table cells included) the line renders. */
  para?: number;
  /**
   * PDF: the printed line runs to the right edge of the text block (within about a character), so
   * the wrap, not the paragraph's end, broke it. Where a reader knows the geometry it says so; the
   * layout repair then joins by it instead of estimating the wrap width from character counts.
   */
  full?: boolean;
}

export interface ReadDoc {
  format: SourceFormat;
  /** The document as intermediate text (conventions above), LF line endings. */
  text: string;
  /**
   * `origins[i]` is where line i + 1 of `text` came from. Omitted for text files, where a line of
   * the intermediate is the same line of the file.
   */
  origins?: Origin[];
  /** How the bytes were decoded ("utf-8", "gb18030", … ; "binary" for a container format). */
  encoding: string;
  /** Line endings of a text file before normalisation. */
  lineEndings?: 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';
  /** What the reader noticed or repaired (decoded as GBK, unmapped glyphs on page 3, …). */
  diagnostics: Diagnostic[];
}

/** Bounds every reader must keep to, so that no input makes it run away. */
export interface ReadLimits {
  /** Largest input file, in bytes. */
  maxBytes: number;
  /** Largest total size a container (DOCX zip) may expand to, in bytes. */
  maxExpandedBytes: number;
  /** Most pages a PDF may have. */
  maxPages: number;
  /** Wall-clock bound for one file, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxExpandedBytes: 256 * 1024 * 1024,
  maxPages: 2000,
  timeoutMs: 60_000,
};

export interface ReadContext {
  /** File name for messages, e.g. "seeds/wuhou-sti.pdf". Every error names it (throw `IngestError`). */
  file: string;
  limits: ReadLimits;
}

/** A reader: bytes in, intermediate out, or an `IngestError` naming the file. */
export type Reader = (bytes: Uint8Array, ctx: ReadContext) => Promise<ReadDoc>;
