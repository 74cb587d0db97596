import type { FastifyInstance, HTTPMethods } from 'fastify';

/**
 * The methods a concrete URL has routes for (`findRoute` matches URLs as the router does); core decides from them
 * whether an unmatched request is a 404 or a 405.
 * @example routedMethods(fastify, '/orders/42') // ['DELETE', 'GET', 'HEAD']
 */
export function routedMethods(fastify: FastifyInstance, url: string): string[] {
  const query = url.indexOf('?');
  const path = safeDecode(query === -1 ? url : url.slice(0, query));
  return fastify.supportedMethods.filter((method) => {
    const route = fastify.findRoute({ method: method as HTTPMethods, url });
    // A root catch-all (`*`, `/*`: @fastify/cors's OPTIONS preflight route) matches every path and proves nothing.
    const rest = route?.params['*'];
    // An empty path parameter is no match either (see emptyParamIsNotFound in errata.ts).
    const empty = route != null && Object.entries(route.params).some(([name, value]) => value === '' && name !== '*');
    return route != null && !empty && rest !== path && `/${rest}` !== path;
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
