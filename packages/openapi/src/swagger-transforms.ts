import { type MergeOptions, mergeDocument } from './merge-document';
import type { RouteDescription } from './types';

/** What @fastify/swagger hands its `transform` for each route. */
export interface SwaggerRouteArgs<S> {
  schema: S;
  url: string;
  route: { method: string | readonly string[]; url: string; config?: unknown };
}

/**
 * @fastify/swagger's `transform` and `transformObject`, which merge errata's responses into the document it
 * generates: `transform` reads each route's `config: { errata: { errors: […] } }` (the declaration @errata/fastify
 * checks at run time) and leaves the route as is; `transformObject` merges (see `mergeDocument`). @fastify/swagger
 * calls `transform` for every route before `transformObject`; a route with its own `config.swaggerTransform` is
 * not seen. Needs `openapi: { openapi: '3.1.0' }`.
 * @example await app.register(swagger, { openapi: { openapi: '3.1.0', info }, ...swaggerTransforms({ catalog: errors }) })
 */
export function swaggerTransforms(options: Omit<MergeOptions, 'routes'>) {
  const routes = new Map<string, Pick<RouteDescription, 'method' | 'path' | 'errors'>>();
  return {
    transform<S>(args: SwaggerRouteArgs<S>): { schema: S; url: string } {
      const errors = declaredErrors(args.route.config);
      if (errors !== undefined) {
        const methods = typeof args.route.method === 'string' ? [args.route.method] : args.route.method;
        for (const method of methods) routes.set(`${method} ${args.url}`, { method, path: args.url, errors });
      }
      return { schema: args.schema, url: args.url };
    },
    transformObject<D extends object>(documentObject: { openapiObject?: D; swaggerObject?: unknown }): D {
      if (documentObject.openapiObject === undefined) {
        throw new TypeError(
          "errata: swaggerTransforms works on OpenAPI 3.1 documents: set `openapi: { openapi: '3.1.0' }`",
        );
      }
      return mergeDocument(documentObject.openapiObject, { ...options, routes: [...routes.values()] });
    },
  };
}

function declaredErrors(config: unknown): readonly string[] | undefined {
  const errors = (config as { errata?: { errors?: unknown } } | undefined)?.errata?.errors;
  return Array.isArray(errors) ? (errors as string[]) : undefined;
}
