import { type CatalogLike, compileValidator, type Detail, type RequestPart, type Validator } from '@errata/core';
import type { Static, TSchema } from '@sinclair/typebox';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markCaptured } from './capture-thrown';

/** TypeBox schemas for the parts of a request; query, params and headers are coerced from strings, the body is not. */
export interface ValidateSchemas {
  params?: TSchema;
  query?: TSchema;
  headers?: TSchema;
  body?: TSchema;
}

type Part<S, K extends string, Default> = S extends { [P in K]: infer T extends TSchema } ? Static<T> : Default;

/** The validated request types, so handlers after `validate` see `Static<schema>`; validated headers go to `res.locals.headers`. */
export type ValidatedHandler<S extends ValidateSchemas> = RequestHandler<
  Part<S, 'params', Request['params']>,
  unknown,
  Part<S, 'body', Request['body']>,
  Part<S, 'query', Request['query']>,
  S extends { headers: infer H extends TSchema } ? Response['locals'] & { headers: Static<H> } : Response['locals']
>;

const PARTS = ['params', 'query', 'headers', 'body'] as const satisfies readonly RequestPart[];

/** Builds the `validate` middleware factory for a catalog: every failing field of every part, in one VALIDATION_ERROR. */
export function createValidate(catalog: CatalogLike) {
  return function validate<const S extends ValidateSchemas>(schemas: S): ValidatedHandler<S> {
    const checks: [RequestPart & keyof ValidateSchemas, Validator<unknown>][] = [];
    for (const part of PARTS) {
      const schema = schemas[part];
      if (schema) checks.push([part, compileValidator(schema, part)]); // compiled once, here, never per request
    }
    function errataValidate(req: Request, res: Response, next: NextFunction): void {
      const details: Detail[] = [];
      const values: [string, unknown][] = [];
      for (const [part, check] of checks) {
        const result = check(req[part]);
        if (result.ok) values.push([part, result.value]);
        else details.push(...result.details);
      }
      if (details.length > 0) {
        next(catalog.VALIDATION_ERROR({ details }));
        return;
      }
      for (const [part, value] of values) {
        // Node's req.headers stays as received; Express 5's req.query is a getter, so it is shadowed, not assigned.
        if (part === 'headers') res.locals.headers = value;
        else Object.defineProperty(req, part, { value, writable: true, configurable: true, enumerable: true });
      }
      next();
    }
    return markCaptured(errataValidate) as unknown as ValidatedHandler<S>;
  };
}
