/**
 * The conformance fixture: one table of routes that every adapter mounts the same way, so the suite can ask each
 * framework the same questions. Handlers here are framework-free; each adapter's fixture file turns them into routes.
 */

import { defineErrors, type ErrataOptions, type ErrorMapper } from '@errata/core';
import { Boom } from '@hapi/boom';
import { Type } from '@sinclair/typebox';
import createError from 'http-errors';

export const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    description: 'The symbol is well formed but not traded here.',
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
  UPSTREAM_ERROR: {
    status: 503,
    message: 'The price service is unavailable. Retry shortly.',
    retryable: true,
    headers: () => ({ 'retry-after': '2' }),
  },
});

/** Maps a driver's refused connection to UPSTREAM_ERROR, as users plug in their own errors. */
export const upstreamMapper: ErrorMapper = (error) => {
  if (error instanceof Error && (error as Error & { code?: unknown }).code === 'ECONNREFUSED') {
    return catalog.UPSTREAM_ERROR({ cause: error });
  }
  return undefined;
};

/** The errata options every fixture app starts from; the suite adds hooks. */
export function fixtureOptions(extra: Partial<ErrataOptions<typeof catalog>> = {}): ErrataOptions<typeof catalog> {
  return { catalog, mappers: [upstreamMapper], problemDetails: true, ...extra };
}

/** The secret that must never reach a client, whatever carries it. */
export const SECRET = 'hunter2';

/** A catalog whose VALIDATION_ERROR is a 422. */
export const catalog422 = defineErrors({ VALIDATION_ERROR: { status: 422, message: 'The request is invalid.' } });

type OnError = NonNullable<ErrataOptions['onError']>;
type Options = ErrataOptions<typeof catalog>;

/**
 * Every errata configuration the suites start a fixture with, by name. A suite builds its options here and passes
 * the name to `start`, so a fixture running in another process (Bun, Deno, workerd) builds the same options from
 * the name; `onError` is the suite's hook, used where a configuration does not fix its own.
 */
export const FIXTURE_CONFIGS = {
  default: (onError: OnError): Options => fixtureOptions({ onError }),
  'validation-422': (onError: OnError): Options => ({
    ...fixtureOptions({ onError }),
    catalog: catalog422 as unknown as typeof catalog,
  }),
  'hook-throws': (): Options =>
    fixtureOptions({
      onError: () => {
        throw new Error(SECRET);
      },
    }),
  'format-throws': (): Options =>
    fixtureOptions({
      onError: () => {},
      format: () => {
        throw new Error(SECRET);
      },
    }),
} as const satisfies Record<string, (onError: OnError) => Options>;

export type FixtureConfig = keyof typeof FIXTURE_CONFIGS;

function cyclic(): unknown {
  const detail: Record<string, unknown> = { field: 'body.a', message: 'is invalid', rule: 'type' };
  detail.self = detail;
  return detail;
}

function deepCause(depth: number): Error {
  let error = new Error(`level 0 password=${SECRET}`);
  for (let i = 1; i < depth; i++) error = new Error(`level ${i}`, { cause: error });
  return error;
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Values thrown by `GET /throw/:name` (synchronously) and `GET /reject/:name` (as an async rejection). */
export const THROWN: Readonly<Record<string, () => unknown>> = {
  'typed-params': () => catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT', 'ETHUSDT'] }),
  'typed-plain': () => catalog.CONFLICT(),
  'typed-details': () =>
    catalog.VALIDATION_ERROR({
      details: [{ field: 'body.quantity', message: 'must be > 0', rule: 'exclusiveMinimum' }],
    }),
  'typed-cause': () => catalog.UPSTREAM_ERROR({ cause: new Error(`db password=${SECRET} at 10.0.0.5`) }),
  'typed-override-4xx': () => catalog.CONFLICT({ message: 'The order is already cancelled.' }),
  'typed-override-5xx': () => catalog.INTERNAL_ERROR({ message: `password=${SECRET}` }),
  'typed-rate-limit': () => catalog.RATE_LIMIT_EXCEEDED({ retry_after: 12 }),
  'typed-cyclic-details': () => catalog.BAD_REQUEST({ details: [cyclic() as never] }),
  'typed-bigint-details': () =>
    catalog.BAD_REQUEST({ details: [{ field: 'body.n', message: 'too big', rule: 'maximum', limit: 10n } as never] }),
  'http-errors-404': () => createError(404),
  'http-errors-400-message': () => createError(400, 'The cursor is stale.'),
  'http-errors-503-exposed': () => createError(503, `x ${SECRET}`, { expose: true }),
  'http-errors-401-headers': () =>
    createError(401, 'Token expired', { headers: { 'WWW-Authenticate': 'Bearer', 'X-Internal': SECRET } }),
  'http-errors-header-injection': () =>
    createError(429, 'Slow down', { headers: { 'Retry-After': '5\r\nSet-Cookie: a=b' } }),
  boom: () => new Boom('Nope', { statusCode: 403 }),
  'boom-like': () =>
    Object.assign(new Error('boom-like'), {
      isBoom: true,
      output: { statusCode: 409, payload: { message: 'Already exists' }, headers: {} },
    }),
  'boom-like-plain-object': () => ({
    isBoom: true,
    output: { statusCode: 409, payload: { message: 'Already exists' } },
  }),
  'status-999': () => Object.assign(new Error(`bad ${SECRET}`), { status: 999 }),
  'status-0': () => Object.assign(new Error('zero'), { status: 0 }),
  'status-string': () => Object.assign(new Error('string'), { status: '404' }),
  'status-200': () => Object.assign(new Error('ok?'), { status: 200 }),
  'status-nan': () => Object.assign(new Error('nan'), { statusCode: Number.NaN }),
  null: () => null,
  undefined: () => undefined,
  zero: () => 0,
  'empty-string': () => '',
  false: () => false,
  route: () => 'route',
  router: () => 'router',
  'internal-string': () => `connect ECONNREFUSED 10.0.0.5:5432 password=${SECRET}`,
  number: () => 42,
  symbol: () => Symbol('secret'),
  'plain-object': () => ({ status: 400, message: 'plain', password: SECRET }),
  'null-prototype': () => Object.create(null),
  'throwing-getter': () =>
    Object.defineProperty(new Error('getter'), 'status', {
      get() {
        throw new Error(SECRET);
      },
    }),
  'revoked-proxy': () => revokedProxy(),
  'huge-message': () => new Error(`${SECRET} ${'x'.repeat(10 * 1024 * 1024)}`),
  'huge-exposed-message': () => createError(400, 'y'.repeat(10 * 1024 * 1024)),
  aggregate: () => new AggregateError([new Error(SECRET), null], 'many'),
  'deep-cause': () => deepCause(1000),
  'cyclic-cause': () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    return a;
  },
  econnrefused: () =>
    Object.assign(new Error(`connect ECONNREFUSED 10.0.0.5:6379 ${SECRET}`), { code: 'ECONNREFUSED' }),
};

/** `GET /ok` answers this with the success helper; `POST /echo` answers the parsed body. */
export const OK_DATA = { hello: 'world', n: 1 };

/** Body limit every fixture configures for `POST /echo` and the validation routes. */
export const BODY_LIMIT = 16 * 1024;

export const Symbols = Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT'), Type.Literal('SOLUSDT')]);

/** Validation routes: schemas each adapter mounts with its own validator. Handlers answer the validated input. */
export const schemas = {
  /** `GET /validate/query` */
  query: Type.Object({
    symbol: Symbols,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    verbose: Type.Optional(Type.Boolean()),
  }),
  /** `GET /validate/params/:symbol` */
  params: Type.Object({ symbol: Type.String({ pattern: '^[A-Z]{2,10}USDT$' }) }),
  /** `GET /validate/headers` */
  headers: Type.Object({ 'x-api-key': Type.String({ minLength: 6 }) }),
  /** `POST /validate/body` */
  body: Type.Object(
    {
      symbol: Symbols,
      side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
      quantity: Type.Number({ exclusiveMinimum: 0 }),
      leverage: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
      items: Type.Optional(Type.Array(Type.Object({ quantity: Type.Integer({ minimum: 1 }) }), { maxItems: 100 })),
      note: Type.Optional(Type.String({ maxLength: 20 })),
    },
    { additionalProperties: false },
  ),
};
