import type { CatalogLike, ErrataRoute } from '@errata/core';
import type { Context, Hono, MiddlewareHandler } from 'hono';

const DECLARED = Symbol.for('errata.hono.routeErrors');
const routes = new WeakMap<Context, ErrataRoute>();

/** One route of a Hono app and the codes it declares, as the docs read them. */
export interface HonoRoute {
  method: string;
  path: string;
  errors: readonly string[];
}

/** The codes of a catalog, as a union when the catalog is typed. */
export type CodeOf<C extends CatalogLike> = C['codes'][number];

/**
 * Declares the codes a route may answer besides INTERNAL_ERROR, as route metadata (the way hono-openapi's
 * `describeRoute` does): `routesOf(app)` reads it for the docs, and outside production an answer with another code
 * is reported once. Unknown codes throw here, when the route is declared.
 * @example app.get('/orderbook/:symbol', routeErrors(errors, ['SYMBOL_NOT_FOUND']), (c) => success(c, book))
 */
export function routeErrors<C extends CatalogLike>(catalog: C, errors: readonly CodeOf<C>[]): MiddlewareHandler {
  const unknown = errors.filter((code) => catalog.definition(code) === undefined);
  if (unknown.length > 0) {
    throw new TypeError(`errata: routeErrors lists ${unknown.join(', ')}, which the catalog does not have`);
  }
  const declared: readonly string[] = Object.freeze([...errors]);
  const middleware: MiddlewareHandler = async function errataRouteErrors(c, next) {
    routes.set(c, { path: c.req.routePath, errors: declared });
    await next();
  };
  return Object.assign(middleware, { [DECLARED]: declared });
}

/** The route declaration this request went through, if any. */
export function routeOf(c: Context): ErrataRoute | undefined {
  return routes.get(c);
}

/**
 * Every route of the app (not `use`/`all` middleware) with the codes its `routeErrors` declares, in declaration
 * order, for `buildDocument` or `mergeDocument` (@errata/openapi).
 * @example mergeDocument(await generateSpecs(app), { catalog: errors, routes: routesOf(app) })
 */
export function routesOf(app: Pick<Hono, 'routes'>): HonoRoute[] {
  const byKey = new Map<string, { method: string; path: string; errors: Set<string> }>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = byKey.get(key) ?? { method: route.method, path: route.path, errors: new Set<string>() };
    byKey.set(key, entry);
    for (const code of (route.handler as { [DECLARED]?: readonly string[] })[DECLARED] ?? []) entry.errors.add(code);
  }
  return [...byKey.values()].map(({ method, path, errors }) => ({ method, path, errors: [...errors] }));
}
