import fc from 'fast-check';
import { byteLength } from './byte-length';

describe('byteLength', () => {
  it('is the UTF-8 length TextEncoder gives, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' })), (text) => {
        expect(byteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
      { numRuns: 1000 },
    );
    expect(byteLength('\ud800')).toBe(3);
    expect(byteLength('😀')).toBe(4);
    expect([byteLength(''), byteLength('\u0000\u007f'), byteLength('\u0080'), byteLength('a\u07ff')]).toEqual([
      0, 2, 2, 3,
    ]);
  });
});
