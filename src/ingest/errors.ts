/** An input problem, always naming the file (and the line where one applies). */
export class IngestError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly detail: string;
  constructor(file: string, detail: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
    this.name = 'IngestError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
