import {
  type CatalogLike,
  compileRequestValidator,
  type RequestSchema,
  type RequestValidation,
  type SchemaOutput,
  type ValidatorOptions,
} from '@errata/core';
import { hasBody } from '@errata/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markCaptured } from './capture-thrown';

/**
 * Schemas for the parts of a request: TypeBox (query, params and headers coerced from strings, the body not) or any
 * Standard Schema (Zod, Valibot, ArkType: coercion is the schema's, e.g. `z.coerce.number()`).
 */
export interface ValidateSchemas {
  params?: RequestSchema;
  query?: RequestSchema;
  headers?: RequestSchema;
  body?: RequestSchema;
}

/** Limits of `validate`: `maxDetails` (default: the errata option, else 50), `maxDepth`, `maxValues`, and `coerce` (TypeBox only). */
export type ValidateOptions = ValidatorOptions;

const PARTS = ['params', 'query', 'headers', 'body'] as const;

type Part<S, K extends string, Default> = S extends { [P in K]: infer T extends RequestSchema }
  ? SchemaOutput<T>
  : Default;

/** The validated request types, so handlers after `validate` see the schemas' output types; validated headers go to `res.locals.headers`. */
export type ValidatedHandler<S extends ValidateSchemas> = RequestHandler<
  Part<S, 'params', Request['params']>,
  unknown,
  Part<S, 'body', Request['body']>,
  Part<S, 'query', Request['query']>,
  S extends { headers: infer H extends RequestSchema }
    ? Response['locals'] & { headers: SchemaOutput<H> }
    : Response['locals']
>;

/**
 * Builds the `validate` middleware factory for a catalog: every failing part is validated and reported, in one
 * VALIDATION_ERROR (details ordered params, query, headers, body: core's order, the same in every adapter).
 */
export function createValidate(catalog: CatalogLike, defaults: ValidatorOptions = {}) {
  return function validate<const S extends ValidateSchemas>(
    schemas: S,
    options: ValidateOptions = {},
  ): ValidatedHandler<S> {
    const check = compileRequestValidator(schemas, { ...defaults, ...options }); // compiled once, never per request
    // only the parts with a schema are read: Express 5 parses the query string on every read of req.query
    const parts = PARTS.filter((part) => schemas[part] !== undefined);
    function errataValidate(req: Request, res: Response, next: NextFunction): void {
      const input: Partial<Record<(typeof PARTS)[number], unknown>> = {};
      for (const part of parts) input[part] = part === 'body' && isBodyless(req) ? undefined : req[part];
      const result = check(input);
      if (result instanceof Promise) {
        // an async Standard Schema (an async refinement): Express 4 ignores returned promises, so settle explicitly
        result.then((settled) => finish(settled, req, res, next), next);
      } else {
        finish(result, req, res, next);
      }
    }
    function finish(result: RequestValidation, req: Request, res: Response, next: NextFunction): void {
      if (!result.ok) {
        next(catalog.VALIDATION_ERROR({ details: result.details }));
        return;
      }
      for (const [part, value] of Object.entries(result.values)) {
        // Node's req.headers stays as received; Express 5's req.query is a getter, so it is shadowed, not assigned.
        if (part === 'headers') res.locals.headers = value;
        else Object.defineProperty(req, part, { value, writable: true, configurable: true, enumerable: true });
      }
      next();
    }
    return markCaptured(errataValidate) as unknown as ValidatedHandler<S>;
  };
}

/**
 * A request with no Content-Type and no body has no body value: Express 4's body-parser sets `req.body = {}` (and
 * errata leaves it, apps read it), Express 5 leaves it undefined, as Hono and Fastify do; validators see `undefined`.
 */
function isBodyless(req: Request): boolean {
  const { headers } = req;
  return headers['content-type'] === undefined && !hasBody(headers['content-length'], headers['transfer-encoding']);
}
