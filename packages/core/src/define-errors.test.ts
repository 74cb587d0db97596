import { Type } from '@sinclair/typebox';
import { defineErrors } from './define-errors';
import { ERRATA_BRAND, ErrataError, isErrataError } from './errata-error';
import { STANDARD_CODES } from './standard-codes';

const errors = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    description: 'Not traded here.',
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
  TIER_LIMIT_EXCEEDED: {
    status: 403,
    message: 'Your tier does not include this.',
    title: 'Tier limit exceeded',
    params: Type.Object({ required_tier: Type.String() }),
    headers: (p) => ({ 'x-required-tier': p.required_tier }),
  },
  UPSTREAM_ERROR: { status: 503, message: 'Prices are unavailable.', retryable: true },
});

describe('defineErrors', () => {
  it('makes a typed factory per code that carries code, status, params and message', () => {
    const error = errors.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ErrataError);
    expect(error.code).toBe('SYMBOL_NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.params).toEqual({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] });
    expect(error.message).toBe('Symbol DOGEUSDT is not listed.');
    expect(error.name).toBe('ErrataError');
  });

  it('ships the standard codes, and lets the catalog override one', () => {
    for (const code of Object.keys(STANDARD_CODES)) expect(errors.codes).toContain(code);
    expect(errors.NOT_FOUND().status).toBe(404);
    expect(errors.RATE_LIMIT_EXCEEDED({ retry_after: 3 }).headers).toEqual({ 'retry-after': '3' });
    expect(errors.UPSTREAM_ERROR().status).toBe(503);
  });

  it('keeps details, cause and a 4xx message override; a 5xx keeps its catalog message public', () => {
    const cause = new Error('driver');
    const error = errors.CONFLICT({
      message: 'Already cancelled.',
      details: [{ field: 'a', message: 'b', rule: 'c' }],
      cause,
    });
    expect(error.publicMessage).toBe('Already cancelled.');
    expect(error.details).toHaveLength(1);
    expect(error.cause).toBe(cause);
    const internal = errors.INTERNAL_ERROR({ message: 'password=x' });
    expect(internal.message).toBe('password=x'); // for logs
    expect(internal.publicMessage).toBe('An unexpected error occurred.');
  });

  it('captures no stack for 4xx by default and keeps one for 5xx', () => {
    expect(errors.NOT_FOUND().stack?.split('\n')).toHaveLength(1);
    expect(errors.INTERNAL_ERROR().stack?.split('\n').length).toBeGreaterThan(1);
    const withStacks = defineErrors({}, { captureStack: true });
    expect(withStacks.NOT_FOUND().stack?.split('\n').length).toBeGreaterThan(1);
    const perCode = defineErrors({ TRACE_ME: { status: 400, message: 'x', stack: true } });
    expect(perCode.TRACE_ME().stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('restores Error.stackTraceLimit after making a cheap error', () => {
    const before = Error.stackTraceLimit;
    errors.NOT_FOUND();
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('recognises errors from another copy of errata by the shared Symbol.for brand', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('errata.error')]: true,
      code: 'NOT_FOUND',
      status: 404,
    });
    expect(isErrataError(foreign)).toBe(true);
    expect(ERRATA_BRAND).toBe(Symbol.for('errata.error'));
    expect(isErrataError(new Error('x'))).toBe(false);
    expect(isErrataError(null)).toBe(false);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(isErrataError(proxy)).toBe(false);
  });

  it('narrows with is()', () => {
    const error: unknown = errors.SYMBOL_NOT_FOUND({ symbol: 'X', supported: [] });
    expect(errors.is(error, 'SYMBOL_NOT_FOUND')).toBe(true);
    expect(errors.is(error, 'NOT_FOUND')).toBe(false);
    expect(errors.is(new Error('x'))).toBe(false);
    if (errors.is(error, 'SYMBOL_NOT_FOUND')) expect(error.params.symbol).toBe('X');
  });

  it('describes every code for a catalog endpoint, params as JSON Schema', () => {
    const listing = errors.describe();
    const symbol = listing.find((entry) => entry.code === 'SYMBOL_NOT_FOUND');
    expect(symbol).toMatchObject({
      status: 404,
      description: 'Not traded here.',
      retryable: false,
      message: 'Symbol not found',
    });
    expect(JSON.parse(JSON.stringify(symbol?.params))).toMatchObject({
      type: 'object',
      required: ['symbol', 'supported'],
    });
    expect(listing.find((entry) => entry.code === 'TIER_LIMIT_EXCEEDED')?.message).toBe(
      'Your tier does not include this.',
    );
    expect(listing.find((entry) => entry.code === 'NOT_FOUND')?.params).toBeNull();
    expect(listing.map((e) => e.code)).toEqual(errors.codes);
  });

  it('creates errors by code name', () => {
    expect(errors.create('SYMBOL_NOT_FOUND', { symbol: 'A', supported: [] }).status).toBe(404);
    expect(errors.create('NOT_FOUND', undefined).code).toBe('NOT_FOUND');
    expect(() => (errors.create as (code: string) => unknown)('NOPE')).toThrow(/unknown code/);
  });

  it('rejects codes that are not UPPER_SNAKE and statuses outside 400–599', () => {
    expect(() => defineErrors({ notUpper: { status: 400, message: 'x' } })).toThrow(/UPPER_SNAKE/);
    expect(() => defineErrors({ BAD: { status: 200, message: 'x' } })).toThrow(/400–599/);
    expect(() => defineErrors({ BAD: { status: 404.5, message: 'x' } })).toThrow(/400–599/);
  });
});
