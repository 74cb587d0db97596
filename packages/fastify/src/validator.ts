import {
  compileRequestValidator,
  type Errata,
  isStandardSchema,
  type RequestSchema,
  type RequestSchemas,
  type RequestValidation,
  type SchemaOutput,
  type ValidatorOptions,
} from '@errata/core';
import { Kind, type Static, type TSchema } from '@sinclair/typebox';
import type {
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifySchemaCompiler,
  FastifyTypeProvider,
  RouteOptions,
} from 'fastify';

/**
 * Types `request.params`, `query`, `headers` and `body` as the output of their schemas, TypeBox or Standard Schema
 * (Zod, Valibot, ArkType), and response schemas as TypeBox's `Static<>`.
 * @example const app = Fastify(errataServerOptions()).withTypeProvider<ErrataTypeProvider>()
 */
export interface ErrataTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends RequestSchema ? SchemaOutput<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

const isTypeBox = (part: unknown): boolean => typeof part === 'object' && part !== null && Kind in part;

/**
 * The schemas errata validates a route with, by request part, or undefined when the route is left to Fastify's AJV:
 * every schema of the route must be TypeBox (unless `typebox` is false) or a Standard Schema, since a route that mixes
 * in plain JSON Schema is the user's AJV setup.
 * @example errataSchemas({ querystring: Type.Object({ limit: Type.Integer() }) }, true) // { query: … }
 */
export function errataSchemas(schema: FastifySchema | undefined, typebox: boolean): RequestSchemas | undefined {
  if (schema === undefined) return undefined;
  const query = schema.querystring ?? (schema as { query?: unknown }).query; // Fastify aliases `query` after onRoute
  const parts = { params: schema.params, query, headers: schema.headers, body: schema.body };
  const present = Object.values(parts).filter((part) => part !== undefined);
  if (typebox && present.some((part) => typeof part === 'object' && part !== null && '~kind' in part)) {
    // Fastify would silently validate these with AJV (first error only, extra properties stripped): fail instead.
    throw new TypeError(
      'errata: a route schema was made by the `typebox` 1.x package (@fastify/type-provider-typebox 6 re-exports it), but errata validates with `@sinclair/typebox` 0.34. Import `Type` from "@sinclair/typebox" and use @fastify/type-provider-typebox 5.x.',
    );
  }
  if (present.length === 0) return undefined;
  if (present.every((part) => (typebox && isTypeBox(part)) || isStandardSchema(part))) return parts as RequestSchemas;
  if (present.some(isStandardSchema)) {
    // AJV cannot read a Standard Schema, and errata leaves a route with a plain JSON Schema part to AJV
    throw new TypeError(
      'errata: a route mixes a Standard Schema (Zod, Valibot, ArkType) with a plain JSON Schema part (or a TypeBox one under `typeboxValidation: false`), which only AJV can validate. Write every part of the route as a Standard Schema or TypeBox schema.',
    );
  }
  return undefined;
}

/** Fastify's own validation pass on an errata route: the parts were validated, all at once, in errataValidate. */
const acceptValidated: FastifySchemaCompiler<FastifySchema> = () =>
  function validated() {
    return true;
  };

/**
 * Validates the route's parts in one preValidation hook, appended after the route's own (so user hooks keep their
 * timing and preHandler hooks see validated, coerced data), instead of Fastify's validation, which stops at the first
 * failing part (params, body, querystring, headers) and, for an async validator, keeps pass/fail but not the value.
 * Every failing part is reported in one VALIDATION_ERROR, ordered as core orders it in every adapter.
 */
export function validateRoute(
  route: RouteOptions,
  schemas: RequestSchemas,
  errata: Errata,
  options: ValidatorOptions,
): void {
  const check = compileRequestValidator(schemas, options); // compiled once, at registration, never per request
  const attach = route.attachValidation === true;
  const { catalog } = errata;
  function finish(result: RequestValidation, request: FastifyRequest, done: (error?: Error) => void): void {
    if (!result.ok) {
      const error = catalog.VALIDATION_ERROR({ details: result.details });
      if (attach) {
        // attachValidation: the handler gets the error, as Fastify hands it its own validation errors
        (request as { validationError?: Error }).validationError = error;
        done();
      } else {
        done(error);
      }
      return;
    }
    const { values } = result;
    const target = request as unknown as Record<string, unknown>;
    if ('params' in values) target.params = values.params;
    if ('query' in values) target.query = values.query;
    if ('headers' in values) target.headers = values.headers; // Fastify merges these over the raw headers
    if ('body' in values) target.body = values.body;
    done();
  }
  function errataValidate(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
    const result = check({
      params: request.params,
      query: request.query,
      headers: request.headers,
      body: request.body === undefined ? null : request.body, // as Fastify's own validation reads a missing body
    });
    if (result instanceof Promise) result.then((settled) => finish(settled, request, done), done);
    else finish(result, request, done);
  }
  route.validatorCompiler = acceptValidated;
  route.preValidation = [...[route.preValidation ?? []].flat(), errataValidate] as NonNullable<
    RouteOptions['preValidation']
  >;
}
