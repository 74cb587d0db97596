import fc from 'fast-check';
import { advisedDelay, backoffDelay } from './retry-delay';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const delay = (headers: Record<string, string>, status = 429) => advisedDelay(new Headers(headers), status, NOW);

describe('advisedDelay', () => {
  it('reads Retry-After in seconds', () => {
    expect(delay({ 'retry-after': '2' })).toBe(2000);
    expect(delay({ 'retry-after': ' 120 ' })).toBe(120_000);
    expect(delay({ 'retry-after': '0' })).toBe(0);
  });

  it('reads Retry-After as an HTTP-date, relative to now; a past date means now', () => {
    expect(delay({ 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' })).toBe(30_000);
    expect(delay({ 'retry-after': 'Thu, 01 Jan 2026 11:00:00 GMT' })).toBe(0);
  });

  it('reads the obsolete HTTP-date forms a recipient must accept (RFC 850, asctime)', () => {
    expect(delay({ 'retry-after': 'Thursday, 01-Jan-26 12:00:30 GMT' })).toBe(30_000);
    expect(delay({ 'retry-after': 'Thu Jan  1 12:00:30 2026' })).toBe(30_000);
  });

  it('ignores a Retry-After that is neither (negative, fractional, garbage, an impossible date)', () => {
    expect(delay({ 'retry-after': 'Tue, 31 Feb 2026 12:00:30 GMT' })).toBeUndefined();
    expect(delay({ 'retry-after': 'Thu, 01 Jan 2026 25:00:30 GMT' })).toBeUndefined();
    expect(delay({ 'retry-after': 'Thu, 01 Jan 2026 12:00:30 UTC' })).toBeUndefined();
    for (const value of ['-1', '1.5', 'soon', '', '2s', 'Someday 99'])
      expect(delay({ 'retry-after': value })).toBeUndefined();
  });

  it('prefers Retry-After to every rate-limit field', () => {
    expect(
      delay({ 'retry-after': '1', ratelimit: '"p";r=0;t=50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9' }),
    ).toBe(1000);
  });

  it('reads the RateLimit field (draft 8+): t of a spent policy, the longest of several', () => {
    expect(delay({ ratelimit: '"default";r=0;t=30' })).toBe(30_000);
    expect(delay({ ratelimit: '"3-in-1min"; r=0; t=57' })).toBe(57_000);
    expect(delay({ ratelimit: '"minute";r=0;t=20, "day";r=0;t=3600' })).toBe(3_600_000);
    expect(delay({ ratelimit: '"minute";r=0;t=20, "day";r=10;t=3600' })).toBe(20_000);
    expect(delay({ ratelimit: 'default;r=0;t=5' })).toBe(5000);
  });

  it('does not wait on a RateLimit field whose quota is not spent', () => {
    expect(delay({ ratelimit: '"default";r=5;t=30' })).toBeUndefined();
  });

  it('falls back to the window of RateLimit-Policy when a spent policy has no t', () => {
    expect(delay({ ratelimit: '"default";r=0', 'ratelimit-policy': '"default";q=100;w=60' })).toBe(60_000);
  });

  it('reads the draft 7 RateLimit field and the draft 6 RateLimit-Remaining/-Reset pair', () => {
    expect(delay({ ratelimit: 'limit=3, remaining=0, reset=57' })).toBe(57_000);
    expect(delay({ ratelimit: 'limit=3, remaining=1, reset=57' })).toBeUndefined();
    expect(delay({ 'ratelimit-remaining': '0', 'ratelimit-reset': '20' })).toBe(20_000);
    expect(delay({ 'ratelimit-remaining': '2', 'ratelimit-reset': '20' })).toBeUndefined();
  });

  it('reads X-RateLimit-Reset as unix seconds, or as delay-seconds when small', () => {
    expect(delay({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 42) })).toBe(42_000);
    expect(delay({ 'x-ratelimit-reset': String(NOW / 1000 + 42) })).toBe(42_000);
    expect(delay({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '42' })).toBe(42_000);
    expect(delay({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) })).toBe(0);
    expect(delay({ 'x-ratelimit-remaining': '17', 'x-ratelimit-reset': String(NOW / 1000 + 42) })).toBeUndefined();
  });

  it('reads rate-limit fields on a 429 only; Retry-After on any status', () => {
    const spent = { ratelimit: '"p";r=0;t=30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' };
    expect(delay(spent, 404)).toBeUndefined();
    expect(delay(spent, 503)).toBeUndefined();
    expect(delay({ ...spent, 'retry-after': '2' }, 503)).toBe(2000);
  });

  it('says nothing when no header does', () => {
    expect(delay({})).toBeUndefined();
    expect(delay({ ratelimit: 'garbage', 'x-ratelimit-reset': 'later' })).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const limits = { baseDelay: 500, maxDelay: 10_000 };

  it('spans [0, baseDelay × 2^retry) with full jitter', () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, limits, () => 0))).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, limits, () => 0.999_999))).toEqual([499, 999, 1999, 3999]);
    expect(backoffDelay(2, limits, () => 0.5)).toBe(1000);
  });

  it('caps the ceiling at maxDelay, however many retries', () => {
    expect(backoffDelay(5, limits, () => 0.999_999)).toBe(9999);
    expect(backoffDelay(1000, limits, () => 0.999_999)).toBe(9999);
  });

  it('stays in [0, min(maxDelay, baseDelay × 2^retry)) for any retry, limits and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double(),
        (retry, baseDelay, maxDelay, r) => {
          const wait = backoffDelay(retry, { baseDelay, maxDelay }, () => r);
          return Number.isInteger(wait) && wait >= 0 && wait < Math.min(maxDelay, baseDelay * 2 ** retry);
        },
      ),
    );
  });
});
