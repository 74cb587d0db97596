import {
  compileRequestValidator,
  type Detail,
  type Errata,
  type RequestSchema,
  type RequestSchemas,
  type RequestValidation,
  type RequestValidator,
  type SchemaInput,
  type SchemaOutput,
  type ValidatorOptions,
} from '@errata/core';
import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import { validator as honoValidator, type InferInput } from 'hono/validator';
import { requestInfo } from './request-info';
import { isBodyless, jsonBodyCheck } from './require-json';

/** Outside errata() (requestInfo warns there): core's default limits. */
const NO_INSTANCE = {};

/** The request parts errata validates, and the `field` prefix of each part's details. */
const LOCATIONS = { query: 'query', param: 'params', header: 'headers', cookie: 'cookies', json: 'body' } as const;

export type ValidatorTarget = keyof typeof LOCATIONS;

type InputOf<K extends ValidatorTarget, S> = K extends 'json' ? SchemaInput<S> : InferInput<SchemaInput<S>, K>;

/** What `c.req.valid(target)` returns (`out`) and what Hono's RPC client sends (`in`). */
export interface ValidatorInput<T extends ValidatorTarget, S extends RequestSchema> {
  in: { [K in T]: InputOf<K, S> };
  out: { [K in T]: SchemaOutput<S> };
}

/** A schema per request part for `validate`: TypeBox or any Standard Schema. */
export type ValidateSchemas = { readonly [K in ValidatorTarget]?: RequestSchema };

/** What `c.req.valid(target)` returns for each part `validate` checked, and what Hono's RPC client sends. */
export interface ValidateInput<S extends ValidateSchemas> {
  in: { [K in keyof S & ValidatorTarget]: InputOf<K, S[K]> };
  out: { [K in keyof S & ValidatorTarget]: SchemaOutput<S[K]> };
}

/**
 * Validates one request part with a TypeBox schema (strings coerced, defaults applied) or a Standard Schema (Zod,
 * Valibot, ArkType: coercion is the schema's); a failure answers the catalog's VALIDATION_ERROR with every failing
 * field of this part, and `c.req.valid(target)` is typed as the schema's output. A chain of validators stops at the
 * first part that fails: `validate({ … })` reports every failing part.
 * @example app.get('/quotes', validator('query', Type.Object({ symbol: Type.String() })), (c) => success(c, c.req.valid('query')))
 */
export function validator<
  T extends ValidatorTarget,
  S extends RequestSchema,
  E extends Env = Env,
  P extends string = string,
>(target: T, schema: S, options: ValidatorOptions = {}): MiddlewareHandler<E, P, ValidatorInput<T, S>> {
  const run = validate({ [target]: schema } as { [K in T]: S }, options) as unknown as MiddlewareHandler;
  return function errataValidator(c, next) {
    return run(c as Context, next);
  } as MiddlewareHandler<E, P, ValidatorInput<T, S>>;
}

/**
 * Validates several request parts at once, each with a TypeBox schema or a Standard Schema: every failing part is
 * reported in one VALIDATION_ERROR, details ordered params, query, headers, cookies, body (the same answer Express's
 * `e.validate` and Fastify give), and `c.req.valid(target)` is typed for each part.
 * @example app.post('/orders/:id', validate({ param: Params, json: Order }), (c) => success(c, c.req.valid('json')))
 */
export function validate<const S extends ValidateSchemas, E extends Env = Env, P extends string = string>(
  schemas: S,
  options: ValidatorOptions = {},
): MiddlewareHandler<E, P, ValidateInput<S>> {
  const targets = (Object.keys(LOCATIONS) as ValidatorTarget[]).filter((target) => schemas[target] !== undefined);
  const byPart: Partial<Record<keyof RequestSchemas, RequestSchema>> = {};
  for (const target of targets) byPart[LOCATIONS[target]] = schemas[target] as RequestSchema;
  // Built before any errata instance exists: compiled once per instance's `inputLimits` (its own options win), never
  // per request, so a validated route accepts what the instance allows, as in Express and Fastify.
  const byLimits = new WeakMap<object, RequestValidator>();
  let lastLimits: object | undefined;
  let lastCheck: RequestValidator | undefined;
  const checkFor = (c: Context): RequestValidator => {
    const limits = (c.get('errata') as Errata | undefined)?.inputLimits ?? NO_INSTANCE;
    if (limits === lastLimits) return lastCheck as RequestValidator; // one app, one instance: the usual case
    let check = byLimits.get(limits);
    if (check === undefined) {
      check = compileRequestValidator(byPart, { ...limits, ...options });
      byLimits.set(limits, check);
    }
    lastLimits = limits;
    lastCheck = check;
    return check;
  };
  // hono/validator reads each part as Hono parses it (query arrays, lower-cased headers, cookies, the JSON body); the
  // body first, so a malformed body is INVALID_JSON before anything is validated, as in Express and Fastify.
  const order = [...targets].sort((a, b) => Number(b === 'json') - Number(a === 'json'));
  const last = order[order.length - 1] as ValidatorTarget;
  const finish = (c: Context, result: RequestValidation): object => {
    if (!result.ok) throw validationError(c, result.details);
    for (const target of targets) c.req.addValidatedData(target, result.values[LOCATIONS[target]] as object);
    return result.values[LOCATIONS[last]] as object;
  };
  const validateRead = (c: Context, read: Partial<Record<keyof RequestSchemas, unknown>>) => {
    const result = checkFor(c)(read);
    return result instanceof Promise ? result.then((settled) => finish(c, settled)) : finish(c, result);
  };
  // Each part is read by hono/validator; the last one read validates them all (one part: at once, nothing kept).
  const reads = new WeakMap<Context, Partial<Record<keyof RequestSchemas, unknown>>>();
  const readers = order.map((target) =>
    honoValidator(target, (read: unknown, c: Context) => {
      const value = target === 'json' && isBodyless(c) ? undefined : read;
      if (order.length === 1) {
        const parts: Partial<Record<keyof RequestSchemas, unknown>> = {};
        parts[LOCATIONS[target]] = value; // not `{ [key]: value }`: V8 makes such a literal slow to read
        return validateRead(c, parts);
      }
      const parts = reads.get(c) ?? {};
      parts[LOCATIONS[target]] = value;
      if (target === last) return validateRead(c, parts);
      reads.set(c, parts);
      return value as object;
    }),
  );
  const only = readers.length === 1 ? (readers[0] as MiddlewareHandler) : undefined;
  const chain = (c: Context, next: Next): Promise<void> => {
    const step = (i: number): Next => {
      const reader = readers[i];
      if (reader === undefined) return next;
      return async () => {
        await reader(c, step(i + 1));
      };
    };
    return step(0)();
  };
  // Not async: the reader's promise is returned as it is, without another promise and its ticks on every request
  return function errataValidate(c, next) {
    if (schemas.json !== undefined) {
      // hono/validator reads a body of any other type as `{}`: core's JSON body rule answers first (415, or
      // INVALID_JSON for an empty JSON body), as requireJson() does.
      const code = jsonBodyCheck(c as Context);
      if (code !== undefined) return Promise.reject(instanceOf(c as Context).catalog[code]());
    }
    return only !== undefined ? only(c as Context, next) : chain(c as Context, next);
  } as MiddlewareHandler<E, P, ValidateInput<S>>;
}

/** The request's errata instance: the one errata() set, or (outside it) requestInfo's default, with its warning. */
function instanceOf(c: Context): Errata {
  return (c.get('errata') as Errata | undefined) ?? requestInfo(c).errata;
}

function validationError(c: Context, details: Detail[]): unknown {
  return instanceOf(c).catalog.VALIDATION_ERROR({ details });
}
