import fc from 'fast-check';
import { byteLength } from './byte-length';

describe('byteLength', () => {
  it('is the UTF-8 length TextEncoder gives, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(byteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
      { numRuns: 1000 },
    );
    expect(byteLength('\ud800')).toBe(3);
    expect(byteLength('😀')).toBe(4);
  });
});
