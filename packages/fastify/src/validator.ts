import { compileValidator, type Errata, type RequestPart } from '@errata/core';
import { Kind, type TSchema } from '@sinclair/typebox';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const LOCATIONS: Readonly<Record<string, RequestPart>> = {
  querystring: 'query',
  params: 'params',
  headers: 'headers',
  body: 'body',
};

/**
 * Whether every validation schema of a route is a TypeBox schema (TypeBox schemas carry the `Kind` symbol).
 * @example isTypeBoxRoute({ querystring: Type.Object({ limit: Type.Integer() }) }) // true
 */
export function isTypeBoxRoute(schema: FastifySchema | undefined): boolean {
  const parts = [schema?.body, schema?.querystring, schema?.params, schema?.headers].filter((p) => p !== undefined);
  if (parts.some((part) => typeof part === 'object' && part !== null && '~kind' in part)) {
    // Fastify would silently validate these with AJV (first error only, extra properties stripped): fail instead.
    throw new TypeError(
      'errata: a route schema was made by the `typebox` 1.x package (@fastify/type-provider-typebox 6 re-exports it), but errata validates with `@sinclair/typebox` 0.34. Import `Type` from "@sinclair/typebox" and use @fastify/type-provider-typebox 5.x.',
    );
  }
  return parts.length > 0 && parts.every((part) => typeof part === 'object' && part !== null && Kind in part);
}

/**
 * A Fastify validator compiler that validates with core's cached TypeBox validator (coercion and defaults applied).
 * @example fastify.get('/q', { schema, validatorCompiler: typeboxValidatorCompiler(errata) }, handler)
 */
export function typeboxValidatorCompiler(errata: Errata, maxDetails?: number): FastifySchemaCompiler<FastifySchema> {
  const { catalog } = errata;
  const options = maxDetails === undefined ? {} : { maxDetails };
  return function compileTypeBox({ schema, httpPart }) {
    const validate = compileValidator(schema as TSchema, LOCATIONS[httpPart ?? 'body'] ?? 'body', options);
    return function validateTypeBox(data: unknown) {
      const result = validate(data);
      // Fastify adds `statusCode: 400` to the error but core reads its `status`: a 422 VALIDATION_ERROR stays 422.
      return result.ok ? { value: result.value } : { error: catalog.VALIDATION_ERROR({ details: result.details }) };
    };
  };
}
