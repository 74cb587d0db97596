import { Kind, type Static, type TSchema } from '@sinclair/typebox';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { finishDetails, MAX_DETAILS, type RequestPart } from './details';
import { compileStandardValidator, isStandardSchema } from './standard-schema';
import type { Detail } from './types';
import { compileValidator, type ValidationResult, type ValidatorOptions } from './validate';

/** The Standard Schema interface (`@standard-schema/spec`), so apps and adapters can name it without the spec package. */
export type { StandardSchemaV1 };

/** A schema errata validates a request part with: TypeBox, or any Standard Schema (Zod, Valibot, ArkType, …). */
export type RequestSchema = TSchema | StandardSchemaV1;

/** The type a validated part has: `Static<>` of a TypeBox schema, the output type of a Standard Schema. */
export type SchemaOutput<S> = S extends TSchema
  ? Static<S>
  : S extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<S>
    : never;

/** The type a client sends for a part: the TypeBox type, or the input type of a Standard Schema. */
export type SchemaInput<S> = S extends TSchema
  ? Static<S>
  : S extends StandardSchemaV1
    ? StandardSchemaV1.InferInput<S>
    : never;

/** A validator for one request part: synchronous unless its schema is an async Standard Schema. */
export type PartValidator<T> = (value: unknown) => ValidationResult<T> | Promise<ValidationResult<T>>;

/**
 * Compiles a validator for one request part from a TypeBox schema (`compileValidator`: coercion of query, params and
 * headers, defaults) or a Standard Schema (`compileStandardValidator`: coercion and defaults are the schema's). Both
 * answer the same details for the same failure, with the same depth and size guard.
 * @example const query = compileSchemaValidator(z.object({ limit: z.coerce.number() }), 'query'); await query(input)
 */
export function compileSchemaValidator<S extends RequestSchema>(
  schema: S,
  location: RequestPart,
  options: ValidatorOptions = {},
): PartValidator<SchemaOutput<S>> {
  if (isStandardSchema(schema)) {
    const { coerce: _, ...standardOptions } = options;
    return compileStandardValidator(schema, location, standardOptions) as PartValidator<SchemaOutput<S>>;
  }
  if (typeof schema === 'object' && schema !== null && !(Kind in schema) && !('~kind' in schema)) {
    throw new TypeError(
      'errata: a request schema is a TypeBox schema (made with `Type` from "@sinclair/typebox") or a Standard Schema (Zod ≥ 3.24, Valibot ≥ 1, ArkType ≥ 2).',
    );
  }
  // compileValidator refuses a `typebox` 1.x schema with its own fix
  return compileValidator(schema as TSchema, location, options) as PartValidator<SchemaOutput<S>>;
}

/** The order a request's parts are validated and reported in: where the request names them, then what it carries. */
export const REQUEST_PARTS = [
  'params',
  'query',
  'headers',
  'cookies',
  'body',
] as const satisfies readonly RequestPart[];

export type RequestSchemas = { readonly [P in (typeof REQUEST_PARTS)[number]]?: RequestSchema | undefined };

/** The outcome of validating several parts: every part's value, or every failing part's details in one list. */
export type RequestValidation =
  | { ok: true; values: { [P in (typeof REQUEST_PARTS)[number]]?: unknown } }
  | { ok: false; details: Detail[] };

/** Validates several parts of one request: synchronous unless a schema is async. */
export type RequestValidator = (
  parts: { readonly [P in (typeof REQUEST_PARTS)[number]]?: unknown },
) => RequestValidation | Promise<RequestValidation>;

/**
 * Compiles (once) a validator for several parts of a request. Every part is validated, and every failing part is
 * reported: details ordered by part (params, query, headers, cookies, body), then as each part's validator lists
 * them, at most `maxDetails` in all. Each adapter hands it the parts as its framework parsed them, so a request that
 * fails in several places gets the same answer in every framework.
 * @example const validate = compileRequestValidator({ params: Type.Object({ id: Type.Integer() }), body: z.object({}) }); await validate({ params, body })
 */
export function compileRequestValidator(schemas: RequestSchemas, options: ValidatorOptions = {}): RequestValidator {
  const max = options.maxDetails ?? MAX_DETAILS;
  const checks: [(typeof REQUEST_PARTS)[number], PartValidator<unknown>][] = [];
  for (const part of REQUEST_PARTS) {
    const schema = schemas[part];
    if (schema !== undefined) checks.push([part, compileSchemaValidator(schema, part, options)]);
  }
  const settle = (results: ValidationResult<unknown>[]): RequestValidation => {
    const details: Detail[] = [];
    const values: { [P in (typeof REQUEST_PARTS)[number]]?: unknown } = {};
    results.forEach((result, i) => {
      if (result.ok) values[(checks[i] as (typeof checks)[number])[0]] = result.value;
      else details.push(...result.details);
    });
    return details.length === 0 ? { ok: true, values } : { ok: false, details: finishDetails(details, max) };
  };
  const [first] = checks;
  if (checks.length === 1 && first !== undefined) {
    // One part (most routes): its validator has already ordered, deduplicated and capped its details with these
    // options, so its answer is the request's, with no merging
    const [part, check] = first;
    const single = (result: ValidationResult<unknown>): RequestValidation => {
      if (!result.ok) return { ok: false, details: result.details };
      const values: { [P in (typeof REQUEST_PARTS)[number]]?: unknown } = {};
      values[part] = result.value;
      return { ok: true, values };
    };
    return function validateRequest(parts) {
      const result = check(parts[part]);
      return isThenable(result) ? Promise.resolve(result).then(single) : single(result);
    };
  }
  return function validateRequest(parts) {
    const results = checks.map(([part, check]) => check(parts[part]));
    // TypeBox and sync Standard Schemas answer at once: no Promise, no microtask, on the hot path.
    if (!results.some(isThenable)) return settle(results as ValidationResult<unknown>[]);
    return Promise.all(results).then(settle);
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
