/**
 * Stage 1 — decode: bytes → text with LF line endings.
 * UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK (common for
 * Chinese government texts) are decoded; empty and binary input is rejected.
 */
import { IngestError } from './errors.ts';

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** Line endings found before normalisation. */
  lineEndings: 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';
}

function strict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

export function decode(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length === 0) throw new IngestError(file, 'the file is empty');
  let text: string | null = null;
  let encoding: Decoded['encoding'] = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = strict('utf-16le', bytes);
    encoding = 'utf-16le';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = strict('utf-16be', bytes);
    encoding = 'utf-16be';
  } else {
    if (bytes.includes(0)) {
      throw new IngestError(file, 'looks like a binary file (it contains NUL bytes); expected plain text');
    }
    text = strict('utf-8', bytes);
    if (text === null) {
      text = strict('gb18030', bytes);
      encoding = 'gb18030';
      if (text === null) throw new IngestError(file, 'is neither valid UTF-8 nor GB18030 text');
    }
  }
  if (text === null) throw new IngestError(file, `could not be decoded as ${encoding}`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  // Control characters other than tab/CR/LF/FF mean this is not a text file.
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) controls++;
  }
  if (controls > 0 && controls / text.length > 0.01) {
    throw new IngestError(file, `looks like a binary file (${controls} control characters); expected plain text`);
  }
  if (text.trim() === '') throw new IngestError(file, 'contains no text (only whitespace)');

  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf && 'crlf', cr && 'cr', lf && 'lf'].filter(Boolean) as string[];
  const lineEndings = (kinds.length > 1 ? 'mixed' : kinds[0] ?? 'none') as Decoded['lineEndings'];
  text = text.replace(/\r\n?/g, '\n');
  return { text, encoding, lineEndings };
}
