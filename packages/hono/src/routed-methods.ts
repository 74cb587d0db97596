import type { Hono } from 'hono';

/** What an app tells about its routes: its router and its route list. */
export type RoutedApp = Pick<Hono, 'router' | 'routes'>;

/**
 * The methods with a route (not a `use`/`all` middleware, which Hono's router cannot tell from `app.all`) at a path;
 * core decides from them whether an unmatched request is a 404 or a 405.
 * @example routedMethods(app, '/orders/42') // ['GET', 'DELETE']
 */
export function routedMethods(app: RoutedApp, path: string): string[] {
  return routeMethods(app).filter((method) => hasRoute(app, method, path));
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
