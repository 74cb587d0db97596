import { compileValidator, type Detail, type RequestPart } from '@errata/core';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { validator as honoValidator, type InferInput } from 'hono/validator';
import { requestInfo } from './request-info';

/** The request parts errata validates, and the `field` prefix of each part's details. */
const LOCATIONS = { query: 'query', param: 'params', header: 'headers', cookie: 'cookies', json: 'body' } as const;

export type ValidatorTarget = keyof typeof LOCATIONS;

/** What `c.req.valid(target)` returns (`out`) and what Hono's RPC client sends (`in`). */
export interface ValidatorInput<T extends ValidatorTarget, S extends TSchema> {
  in: { [K in T]: K extends 'json' ? Static<S> : InferInput<Static<S>, K> };
  out: { [K in T]: Static<S> };
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

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
    if (target === 'json' && !isJsonOrEmpty(c.req.raw.headers))
      throw requestInfo(c).errata.catalog.UNSUPPORTED_MEDIA_TYPE();
    return validate(c, next);
  };
}

/** hono/validator reads a body of any other type as `{}`; errata refuses it, as body parsers do (415). */
function isJsonOrEmpty(headers: Headers): boolean {
  const mediaType = headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  if (mediaType !== '') return JSON_MEDIA_TYPE.test(mediaType);
  return !headers.has('transfer-encoding') && !(Number(headers.get('content-length') ?? 0) > 0);
}

function validationError(c: Context, details: Detail[]): unknown {
  return requestInfo(c).errata.catalog.VALIDATION_ERROR({ details });
}
