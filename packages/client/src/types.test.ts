/**
 * Type tests: these lines are checked by `pnpm typecheck` (tsc). Each @ts-expect-error fails the typecheck if the line
 * it guards ever starts compiling. The catalog is a real `defineErrors` one, so a change of core's types that the
 * client no longer reads fails here. The runtime `it` only keeps jest from reporting an empty file.
 */
import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import { createClient } from './create-client';
import type {
  ErrataResponseError,
  NetworkError,
  RequestTimeoutError,
  UnexpectedResponseError,
} from './errata-client-error';
import type { ErrorParams } from './error-params';

const errors = defineErrors({
  TIER_LIMIT_EXCEEDED: {
    status: 403,
    message: (p) => `Needs ${p.required_tier}`,
    params: Type.Object({ required_tier: Type.String(), current_tier: Type.String(), upgrade_url: Type.String() }),
  },
  LEVERAGE_EXCEEDS_MAXIMUM: {
    status: 400,
    message: 'Too much leverage',
    params: Type.Object({ current_leverage: Type.Integer(), max_leverage: Type.Integer() }),
  },
});
type Tier = { required_tier: string; current_tier: string; upgrade_url: string };

function typeChecks(error: unknown): void {
  const client = createClient<typeof errors>({ baseUrl: 'http://localhost' });

  // the catalog's codes, standard ones included, with their params; codes without params have `undefined`
  expectTypeOf<ErrorParams<typeof errors>['TIER_LIMIT_EXCEEDED']>().toEqualTypeOf<Tier>();
  expectTypeOf<ErrorParams<typeof errors>['RATE_LIMIT_EXCEEDED']>().toEqualTypeOf<{ retry_after: number }>();
  expectTypeOf<ErrorParams<typeof errors>['UNAUTHORIZED']>().toEqualTypeOf<undefined>();
  expectTypeOf<keyof ErrorParams<typeof errors>>().toEqualTypeOf<(typeof errors.codes)[number]>();

  // isError with a code narrows to that code's error and params
  if (client.isError(error, 'TIER_LIMIT_EXCEEDED')) {
    expectTypeOf(error).toEqualTypeOf<ErrataResponseError<'TIER_LIMIT_EXCEEDED', Tier>>();
    expectTypeOf(error.params.upgrade_url).toEqualTypeOf<string>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.status).toEqualTypeOf<number>();
    // @ts-expect-error a param this code does not declare
    error.params.max_leverage;
  }

  // isError without a code: a union discriminated by kind, then by code
  if (client.isError(error)) {
    switch (error.kind) {
      case 'response':
        if (error.code === 'LEVERAGE_EXCEEDS_MAXIMUM') {
          expectTypeOf(error.params).toEqualTypeOf<{ current_leverage: number; max_leverage: number }>();
        } else if (error.code === 'UNAUTHORIZED') {
          expectTypeOf(error.params).toEqualTypeOf<undefined>();
        }
        expectTypeOf(error.details).toEqualTypeOf<
          readonly { field: string; message: string; rule: string }[] | undefined
        >();
        // @ts-expect-error a code the catalog does not declare can never match
        if (error.code === 'NOT_A_CODE') return;
        break;
      case 'unexpected_response':
        expectTypeOf(error).toEqualTypeOf<UnexpectedResponseError>();
        expectTypeOf(error.reason).toEqualTypeOf<'empty_body' | 'invalid_json' | 'not_json' | 'unrecognised_body'>();
        break;
      case 'network':
        expectTypeOf(error).toEqualTypeOf<NetworkError>();
        break;
      case 'timeout':
        expectTypeOf(error).toEqualTypeOf<RequestTimeoutError>();
        expectTypeOf(error.scope).toEqualTypeOf<'attempt' | 'total'>();
        break;
    }
  }

  // @ts-expect-error an unknown code is a compile error
  client.isError(error, 'NOT_A_CODE');
  // @ts-expect-error codes are case-sensitive
  client.isError(error, 'tier_limit_exceeded');

  // a map written by hand, for an API errata does not serve
  const other = createClient<{
    quote_leverage_below_minimum: { min_leverage_bps: number };
    internal_server_error: undefined;
  }>({ baseUrl: 'http://localhost' });
  if (other.isError(error, 'quote_leverage_below_minimum')) {
    expectTypeOf(error.params.min_leverage_bps).toEqualTypeOf<number>();
  }
  // @ts-expect-error not in the map
  other.isError(error, 'TIER_LIMIT_EXCEEDED');

  // untyped: any code, unknown params
  const loose = createClient({ baseUrl: 'http://localhost' });
  if (loose.isError(error, 'ANYTHING')) expectTypeOf(error.params).toEqualTypeOf<unknown>();

  // the data type is the caller's
  expectTypeOf(client.get<{ price: number }>('/v1/ticker')).toEqualTypeOf<Promise<{ price: number }>>();
  // @ts-expect-error GET sends no body
  client.get('/v1/ticker', { json: {} });
}

describe('client types', () => {
  it('are checked by tsc (see the file)', () => {
    expect(typeof typeChecks).toBe('function');
  });
});
