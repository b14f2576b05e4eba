import { describe, expect, it } from 'vitest';
import { parseNumeral } from '../../src/ingest/numbering.ts';

describe('parseNumeral', () => {
  it('reads Chinese numerals', () => {
    expect(parseNumeral('十二')).toBe(12);
    expect(parseNumeral('二十')).toBe(20);
    expect(parseNumeral('一百零三')).toBe(103);
  });
});
