import fc from 'fast-check';
import { isoNow, isoString } from './iso-time';

describe('isoString', () => {
  it('writes what toISOString writes, for any millisecond a Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoString(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes every millisecond of minutes and years it has cached, across their edges', () => {
    const starts = [
      0,
      Date.UTC(2026, 11, 31, 23, 58, 59, 990),
      Date.UTC(9999, 11, 31, 23, 59, 0),
      Date.UTC(2028, 1, 28, 23, 59),
    ];
    for (const start of starts) {
      for (let ms = start - 1500; ms < start + 125_000; ms += 13)
        expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
    // back and forth in time: the cache follows the clock both ways
    for (const ms of [61_000, 59_999, 60_000, 59_999, 8.64e15, 0, -1, 253_402_300_800_000, 253_402_300_799_999]) {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws for what toISOString throws for (no valid timestamp to write)', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      expect(() => isoString(ms)).toThrow(RangeError);
    }
  });

  it('drops a fractional millisecond as Date does', () => {
    for (const ms of [1.5, 1_700_000_000_000.9, 59_999.999]) expect(isoString(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('isoNow', () => {
  it('is the current millisecond', () => {
    const before = Date.now();
    const now = Date.parse(isoNow());
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
