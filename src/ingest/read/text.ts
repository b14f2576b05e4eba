/**
 * Reader for text files (`.txt`, `.md`): decode the bytes (UTF-8, UTF-16 with BOM, GB18030/GBK),
 * normalise line endings. The text is already in the intermediate's conventions.
 */
import { decode } from '../decode.ts';
import type { Diagnostic } from '../schema.ts';
import type { ReadDoc, SourceFormat } from './types.ts';

export function readText(bytes: Uint8Array, file: string, format: SourceFormat = 'txt'): ReadDoc {
  const decoded = decode(bytes, file);
  const diagnostics: Diagnostic[] = [];
  if (decoded.encoding !== 'utf-8') diagnostics.push({ code: 'encoding', severity: 'info', message: `Decoded as ${decoded.encoding.toUpperCase()}.` });
  if (decoded.lineEndings === 'crlf' || decoded.lineEndings === 'cr' || decoded.lineEndings === 'mixed') {
    diagnostics.push({ code: 'line-endings', severity: 'info', message: `Line endings were ${decoded.lineEndings.toUpperCase()}; normalised to LF.` });
  }
  return { format, text: decoded.text, encoding: decoded.encoding, lineEndings: decoded.lineEndings, diagnostics };
}
