import type { Context, Hono } from 'hono';
import { errataOf, toResponse } from './context';

export interface NotFoundOptions {
  /** The app whose routes tell a 405 (the path has other methods) from a 404. Without it, always 404. */
  app?: Pick<Hono, 'router' | 'routes'>;
}

/**
 * Hono's not-found handler: NOT_FOUND, or METHOD_NOT_ALLOWED with `Allow` when the path has other methods.
 * @example app.notFound(notFound({ app }))
 */
export function notFound(options: NotFoundOptions = {}): (c: Context) => Response {
  const { app } = options;
  return function errataNotFound(c) {
    const { errata, request } = errataOf(c);
    return toResponse(c, errata.notFound(request, app === undefined ? [] : allowedMethods(app, c)));
  };
}

/** The methods with a route (not a `use`/`all` middleware) for this path; none when this method has one itself. */
function allowedMethods(app: Pick<Hono, 'router' | 'routes'>, c: Context): string[] {
  const path = c.req.path;
  // Hono routes HEAD as GET; a route for this method means a handler called c.notFound() itself: a real 404.
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  if (hasRoute(app, method, path)) return [];
  const allowed: string[] = [];
  for (const other of routeMethods(app)) if (other !== method && hasRoute(app, other, path)) allowed.push(other);
  return allowed;
}

function hasRoute(app: Pick<Hono, 'router'>, method: string, path: string): boolean {
  return app.router.match(method, path)[0].some(([[, route]]) => route.method === method);
}

const methodsOf = new WeakMap<object, { count: number; methods: string[] }>();

/** The methods the app has routes for (ALL aside), recomputed only when routes were added since. */
function routeMethods(app: Pick<Hono, 'routes'>): string[] {
  const known = methodsOf.get(app);
  if (known !== undefined && known.count === app.routes.length) return known.methods;
  const methods = [...new Set(app.routes.map((route) => route.method))].filter((m) => m !== 'ALL');
  methodsOf.set(app, { count: app.routes.length, methods });
  return methods;
}
