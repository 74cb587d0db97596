import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogLike, ErrataRoute } from '@errata/core';
import type { NextFunction, Request } from 'express';
import { type Layer, markCaptured, routerStack } from './capture-thrown';

const DECLARED = Symbol.for('errata.express.routeErrors');
const routes = new WeakMap<object, ErrataRoute>();

/** One route of an Express app and the codes it declares, as the docs read them. */
export interface ExpressRoute {
  method: string;
  path: string;
  errors: readonly string[];
}

/** Typed like `express.json()` (Node's request and response), so it never stands in the way of `validate`'s types. */
export type RouteErrorsHandler = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** The codes of a catalog, as a union when the catalog is typed. */
export type CodeOf<C extends CatalogLike> = C['codes'][number];

/**
 * The middleware that declares the codes a route may answer: the docs list them, and outside production an answer
 * with another code is reported once. Unknown codes throw here, when the route is declared.
 */
export function routeErrorsMiddleware(catalog: CatalogLike, errors: readonly string[]): RouteErrorsHandler {
  const unknown = errors.filter((code) => catalog.definition(code) === undefined);
  if (unknown.length > 0) {
    throw new TypeError(`errata: routeErrors lists ${unknown.join(', ')}, which the catalog does not have`);
  }
  const declared = Object.freeze([...errors]);
  function errataRouteErrors(incoming: IncomingMessage, _res: ServerResponse, next: NextFunction): void {
    const req = incoming as Request;
    const path = `${req.baseUrl}${(req.route as { path?: unknown } | undefined)?.path ?? req.path}`;
    routes.set(req, { path, errors: declared });
    next();
  }
  return markCaptured(Object.assign(errataRouteErrors, { [DECLARED]: declared }));
}

/** The route declaration seen by this request, if it went through one. */
export function routeOf(req: Request): ErrataRoute | undefined {
  return routes.get(req);
}

/**
 * Every route of the app with the codes its `routeErrors` middleware declares (routes without one declare none),
 * routers mounted with `app.use(path, router)` included, in declaration order.
 * @example buildDocument({ catalog: errors, routes: e.routesOf(app) })
 */
export function expressRoutes(app: unknown): ExpressRoute[] {
  const out: ExpressRoute[] = [];
  collect(routerStack(app) as RoutedLayer[], '', out);
  return out;
}

type RoutedLayer = Layer & { rawPath?: unknown; regexp?: RegExp };

function collect(stack: RoutedLayer[], prefix: string, out: ExpressRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const path = (layer.route as { path?: unknown }).path;
      if (typeof path !== 'string') continue; // a regexp or an array of paths has no single OpenAPI path
      const errors = layer.route.stack.flatMap((l) => (l.handle as { [DECLARED]?: readonly string[] })[DECLARED] ?? []);
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        out.push({ method: method.toUpperCase(), path: `${prefix}${path}`, errors: [...new Set(errors)] });
      }
    } else if (Array.isArray(layer.handle.stack)) {
      const mount = mountPath(layer);
      if (mount !== undefined) collect(layer.handle.stack as RoutedLayer[], `${prefix}${mount}`, out);
    }
  }
}

/** Where a router is mounted: router 2.3 (Express 5) keeps the path; Express 4 keeps only its regexp. */
function mountPath(layer: RoutedLayer): string | undefined {
  if (typeof layer.rawPath === 'string') return layer.rawPath === '/' ? '' : layer.rawPath.replace(/\/$/, '');
  const source = layer.regexp?.source;
  if (source === undefined) return undefined;
  if (source === '^\\/?(?=\\/|$)') return '';
  const literal = /^\^((?:\\\/[A-Za-z0-9_.~-]+)+)\\\/\?\(\?=\\\/\|\$\)$/.exec(source);
  return literal ? (literal[1] as string).replace(/\\\//g, '/') : undefined;
}
