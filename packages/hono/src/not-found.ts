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
  const has = (method: string) => app.router.match(method, path)[0].some(([[, route]]) => route.method === method);
  // Hono routes HEAD as GET; a route for this method means a handler called c.notFound() itself: a real 404.
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  if (has(method)) return [];
  const methods = new Set(app.routes.map((route) => route.method));
  return [...methods].filter((m) => m !== 'ALL' && m !== method && has(m));
}
