import type { CatalogEntry } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { clientAdvice } from './client-advice';

const entry = (status: number, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  code: 'SOME_CODE',
  status,
  message: 'm',
  description: '',
  retryable: false,
  params: null,
  ...extra,
});

describe('clientAdvice', () => {
  it.each([
    [entry(429, { retryable: true }), ['Retry-After'], /^Wait the number of seconds in `Retry-After`, then retry/],
    [entry(429, { retryable: true }), [], /^Slow down, wait, then retry with exponential backoff/],
    [entry(503, { retryable: true }), [], /^Transient: retry with exponential backoff/],
    [entry(503, { retryable: true }), ['retry-after'], /^Transient: retry after the seconds in `Retry-After`/],
    [entry(500), [], /report it with `meta.request_id`/],
    [entry(400, { code: 'VALIDATION_ERROR' }), [], /^Fix every field listed in `error.details`/],
    [entry(401), [], /^Send valid credentials/],
    [entry(403), [], /do not retry it unchanged/],
    [entry(404), [], /^Do not retry/],
    [entry(405), [], /`Allow` header/],
    [entry(409), [], /resolve the conflict/],
    [entry(413), [], /smaller body/],
    [entry(415), [], /as JSON/],
    [entry(423, { retryable: true }), [], /^Retry later, with backoff/],
    [entry(422), [], /^Fix the request before sending it again/],
  ])('%#: advises from status, retryability and headers', (given, headers, advice) => {
    expect(clientAdvice(given, headers)).toMatch(advice);
  });

  it('points at the params to act on', () => {
    const params = Type.Object({ required_tier: Type.String(), upgrade_url: Type.String() });
    expect(clientAdvice(entry(403, { params }))).toBe(
      'These credentials do not allow this request: do not retry it unchanged. Read `params.required_tier`, `params.upgrade_url` for the values to act on.',
    );
  });
});
