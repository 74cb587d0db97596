import type { CatalogLike, ErrataRoute } from '@errata/core';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** errata's route metadata: the codes the route may answer besides INTERNAL_ERROR (see `routeErrors`). */
    errata?: { errors?: readonly string[] };
  }
}

/** The codes of a catalog, as a union when the catalog is typed. */
export type CodeOf<C extends CatalogLike> = C['codes'][number];

const routes = new WeakMap<object, ErrataRoute>();

/**
 * The route `config` that declares the codes a route may answer besides INTERNAL_ERROR, typed with the catalog:
 * @fastify/swagger's `swaggerTransforms` (@errata/openapi) lists them, and outside production an answer with another
 * code is reported once. Writing `config: { errata: { errors: […] } }` by hand does the same, untyped.
 * @example app.get('/orderbook/:symbol', { config: routeErrors(errors, ['SYMBOL_NOT_FOUND']) }, handler)
 */
export function routeErrors<C extends CatalogLike>(
  _catalog: C,
  errors: readonly CodeOf<C>[],
): { errata: { errors: readonly string[] } } {
  return { errata: { errors } };
}

/**
 * Checks a route's declared codes when it is added (unknown codes throw) and, when `report` is on (outside
 * production), adds the route-level hook that lets core see the declaration; routes that declare nothing cost nothing.
 */
export function declareRouteErrors(route: RouteOptions, catalog: CatalogLike, report: boolean): void {
  const errors = route.config?.errata?.errors;
  if (errors === undefined) return;
  if (!Array.isArray(errors))
    throw new TypeError(`errata: ${route.url}: config.errata.errors must be an array of codes`);
  const unknown = errors.filter((code) => catalog.definition(code) === undefined);
  if (unknown.length > 0) {
    throw new TypeError(`errata: ${route.url} declares ${unknown.join(', ')}, which the catalog does not have`);
  }
  if (!report) return;
  const declared: ErrataRoute = { path: route.url, errors: Object.freeze([...errors]) };
  function errataRouteErrors(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
    routes.set(request, declared);
    done();
  }
  route.onRequest = [...[route.onRequest ?? []].flat(), errataRouteErrors] as NonNullable<RouteOptions['onRequest']>;
}

/** The route declaration this request went through, if any. */
export function routeOf(request: FastifyRequest): ErrataRoute | undefined {
  return routes.get(request);
}
