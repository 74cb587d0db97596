import { compileValidator, type Detail, type Errata, type Location } from '@errata/core';
import { Kind, type TSchema } from '@sinclair/typebox';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const LOCATIONS: Readonly<Record<string, Location>> = {
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
  return parts.length > 0 && parts.every((part) => typeof part === 'object' && part !== null && Kind in part);
}

/**
 * A Fastify validator compiler that validates with core's cached TypeBox validator (coercion and defaults applied).
 * @example fastify.get('/q', { schema, validatorCompiler: typeboxValidatorCompiler(errata) }, handler)
 */
export function typeboxValidatorCompiler(errata: Errata, maxDetails?: number): FastifySchemaCompiler<FastifySchema> {
  const catalog = errata.catalog as unknown as { VALIDATION_ERROR(options: { details: Detail[] }): Error };
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
