import type { FastifyInstance, HTTPMethods } from 'fastify';

/**
 * The other methods a concrete URL has routes for, so a 404 can become a 405; `findRoute` matches URLs as the router
 * does. None when the request's own method has a route: its handler called `reply.callNotFound()`, a plain 404.
 * @example allowedMethods(fastify, 'PUT', '/orders/42') // ['DELETE', 'GET', 'HEAD']
 */
export function allowedMethods(fastify: FastifyInstance, requestMethod: string, url: string): string[] {
  const query = url.indexOf('?');
  const path = safeDecode(query === -1 ? url : url.slice(0, query));
  const methods = fastify.supportedMethods.filter((method) => {
    const route = fastify.findRoute({ method: method as HTTPMethods, url });
    // A root catch-all (`*`, `/*`: @fastify/cors's OPTIONS preflight route) matches every path and proves nothing.
    const rest = route?.params['*'];
    return route != null && rest !== path && `/${rest}` !== path;
  });
  return methods.includes(requestMethod) ? [] : methods;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
