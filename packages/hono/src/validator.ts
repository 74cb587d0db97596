import { compileValidator, type Detail, type RequestPart } from '@errata/core';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { validator as honoValidator, type InferInput } from 'hono/validator';
import { requestInfo } from './request-info';
import { jsonBodyCheck } from './require-json';

/** The request parts errata validates, and the `field` prefix of each part's details. */
const LOCATIONS = { query: 'query', param: 'params', header: 'headers', cookie: 'cookies', json: 'body' } as const;

export type ValidatorTarget = keyof typeof LOCATIONS;

/** What `c.req.valid(target)` returns (`out`) and what Hono's RPC client sends (`in`). */
export interface ValidatorInput<T extends ValidatorTarget, S extends TSchema> {
  in: { [K in T]: K extends 'json' ? Static<S> : InferInput<Static<S>, K> };
  out: { [K in T]: Static<S> };
}

/**
 * Validates one request part with a TypeBox schema (strings coerced, defaults applied); a failure answers the
 * catalog's VALIDATION_ERROR with every failing field, and `c.req.valid(target)` is typed `Static<typeof schema>`.
 * @example app.get('/quotes', validator('query', Type.Object({ symbol: Type.String() })), (c) => success(c, c.req.valid('query')))
 */
export function validator<T extends ValidatorTarget, S extends TSchema, E extends Env = Env, P extends string = string>(
  target: T,
  schema: S,
): MiddlewareHandler<E, P, ValidatorInput<T, S>> {
  const check = compileValidator(schema, LOCATIONS[target] satisfies RequestPart);
  const validate = honoValidator(target, (value: unknown, c: Context) => {
    const result = check(value);
    if (result.ok) return result.value;
    throw validationError(c, result.details);
  }) as unknown as MiddlewareHandler<E, P, ValidatorInput<T, S>>;
  return async function errataValidator(c, next) {
    // hono/validator reads a body of any other type as `{}`: core's JSON body rule answers first (415, or
    // INVALID_JSON for an empty JSON body), as requireJson() does.
    const code = target === 'json' ? jsonBodyCheck(c) : undefined;
    if (code !== undefined) throw requestInfo(c).errata.catalog[code]();
    return validate(c, next);
  };
}

function validationError(c: Context, details: Detail[]): unknown {
  return requestInfo(c).errata.catalog.VALIDATION_ERROR({ details });
}
