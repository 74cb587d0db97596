import { Type } from '@sinclair/typebox';
import { defineErrors } from './define-errors';
import { ERRATA_BRAND, ErrataError, isErrataError, PARAMS_SCHEMA } from './errata-error';
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

  describe('a code with several statuses', () => {
    const upstream = defineErrors({
      UPSTREAM_ERROR: { status: 503, statuses: [502, 503, 504], message: 'An upstream failed.', retryable: true },
      VALIDATION_ERROR: { status: 422, statuses: [400, 422], message: 'Invalid request parameters' },
    });

    it('answers its default status unless a throw picks another it declares', () => {
      expect(upstream.UPSTREAM_ERROR().status).toBe(503);
      expect(upstream.UPSTREAM_ERROR({ status: 504 }).status).toBe(504);
      expect(upstream.VALIDATION_ERROR({ details: [], status: 400 }).status).toBe(400);
      expect(upstream.VALIDATION_ERROR().status).toBe(422);
    });

    it('refuses a status the code does not declare, naming the fix', () => {
      expect(() => upstream.UPSTREAM_ERROR({ status: 500 })).toThrow(
        /UPSTREAM_ERROR cannot be answered with status 500.*statuses/,
      );
      expect(() => errors.SYMBOL_NOT_FOUND({ symbol: 'A', supported: [] }, { status: 410 })).toThrow(/\[404\]/);
      expect(errors.SYMBOL_NOT_FOUND({ symbol: 'A', supported: [] }, { status: 404 }).status).toBe(404);
    });

    it('lists its statuses in describe(), and only for codes that declare them', () => {
      const listing = upstream.describe();
      expect(listing.find((e) => e.code === 'UPSTREAM_ERROR')?.statuses).toEqual([502, 503, 504]);
      expect(listing.find((e) => e.code === 'VALIDATION_ERROR')).toMatchObject({ status: 422, statuses: [400, 422] });
      expect(listing.find((e) => e.code === 'NOT_FOUND')).not.toHaveProperty('statuses');
    });

    it('captures a stack by the status the throw answers', () => {
      const mixed = defineErrors({ FLAKY: { status: 409, statuses: [409, 503], message: 'x' } });
      expect(mixed.FLAKY().stack).not.toContain('define-errors.test');
      expect(mixed.FLAKY({ status: 503 }).stack).toContain('define-errors.test');
    });

    it('must include its status, in 400–599', () => {
      expect(() => defineErrors({ X: { status: 503, statuses: [502, 504], message: 'x' } })).toThrow(
        /include its status 503/,
      );
      expect(() => defineErrors({ X: { status: 503, statuses: [503, 200], message: 'x' } })).toThrow(/400–599/);
    });
  });

  it('lets a throw leave out params declared as Type.Optional, and then sends none', () => {
    const optional = defineErrors({
      INSUFFICIENT_LIQUIDITY: {
        status: 400,
        message: (p) => (p === undefined ? 'Not enough liquidity.' : `At most ${p.max} fits.`),
        params: Type.Optional(Type.Object({ max: Type.String() })),
      },
    });
    expect(optional.INSUFFICIENT_LIQUIDITY().params).toBeUndefined();
    expect(optional.INSUFFICIENT_LIQUIDITY().message).toBe('Not enough liquidity.');
    expect(optional.INSUFFICIENT_LIQUIDITY(undefined, { message: 'Empty book.' }).publicMessage).toBe('Empty book.');
    expect(optional.INSUFFICIENT_LIQUIDITY({ max: '10' }).message).toBe('At most 10 fits.');
    expect(JSON.parse(JSON.stringify(optional.describe().at(-1)?.params))).toMatchObject({ type: 'object' });
  });

  it('rejects codes that are not UPPER_SNAKE and statuses outside 400–599', () => {
    expect(() => defineErrors({ notUpper: { status: 400, message: 'x' } })).toThrow(/UPPER_SNAKE/);
    expect(() => defineErrors({ BAD: { status: 200, message: 'x' } })).toThrow(/400–599/);
    expect(() => defineErrors({ BAD: { status: 404.5, message: 'x' } })).toThrow(/400–599/);
  });
});

describe('the errors a factory makes', () => {
  it('are ErrataErrors by every test, and carry their schema where errata reads it, not as an own property', () => {
    const error = errors.SYMBOL_NOT_FOUND({ symbol: 'X', supported: [] });
    expect(error).toBeInstanceOf(ErrataError);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.constructor.name, String(error)]).toEqual([
      'ErrataError',
      'ErrataError',
      'ErrataError: Symbol X is not listed.',
    ]);
    expect(isErrataError(error)).toBe(true);
    expect(error[PARAMS_SCHEMA]).toBe(errors.definition('SYMBOL_NOT_FOUND')?.params);
    expect(Object.getOwnPropertySymbols(error)).not.toContain(PARAMS_SCHEMA);
    expect(PARAMS_SCHEMA in { ...error }).toBe(false);
    // each code its own schema; a code without params has none
    expect(errors.TIER_LIMIT_EXCEEDED({ required_tier: 'pro' })[PARAMS_SCHEMA]).toBe(
      errors.definition('TIER_LIMIT_EXCEEDED')?.params,
    );
    expect(errors.UPSTREAM_ERROR()[PARAMS_SCHEMA]).toBeUndefined();
  });
});
