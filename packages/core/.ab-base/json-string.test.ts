import fc from 'fast-check';
import { jsonString } from './json-string';

describe('jsonString', () => {
  it('writes what JSON.stringify writes, for any string', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary-ascii' }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.integer({ min: 0xd700, max: 0xe100 }).map((c) => String.fromCharCode(c)) }),
    );
    fc.assert(
      fc.property(text, (value) => expect(jsonString(value)).toBe(JSON.stringify(value))),
      { numRuns: 5_000 },
    );
  });

  it('escapes each character JSON escapes, and keeps the rest as is', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const value = `a${String.fromCharCode(c)}b`;
      expect(jsonString(value)).toBe(JSON.stringify(value));
    }
    for (const value of ['', '😀', '\ud83d\ude00x', 'x\udc00', '\ud800', '\u2028\u2029', '\u007f', '"', '\\']) {
      expect(jsonString(value)).toBe(JSON.stringify(value));
    }
  });
});
