import { createErrata, defineErrors, type Errata, type ErrataRequest } from '@errata/core';
import { targetPath, warnOnce } from '@errata/core/adapter';
import type { Context } from 'hono';
import { routeOf } from './route-errors';

let fallback: Errata | undefined;

/**
 * Puts the errata instance and the request id on the context; the id from hono/request-id or the header is kept
 * when the instance's policy finds it valid.
 */
export function bindErrata(c: Context, errata: Errata): string {
  const inbound: unknown = c.get('requestId') ?? c.req.header(errata.requestIdHeader);
  const requestId = errata.requestId(inbound);
  c.set('errata', errata);
  c.set('requestId', requestId);
  return requestId;
}

/**
 * The request's errata instance and what core needs to know about the request. Outside errata() (a path it is not
 * mounted on, a middleware registered before it) a default instance with the standard codes answers, with a warning:
 * it knows nothing of the app's catalog, mappers or hook.
 */
export function requestInfo(c: Context): { errata: Errata; request: ErrataRequest } {
  let errata = c.get('errata') as Errata | undefined;
  if (errata === undefined) {
    warnOnce(
      `errata: the errata() middleware did not run for ${c.req.method} ${c.req.path}, so errata answered with its default catalog (your codes, mappers and onError hook unused). Mount \`app.use(errata({ catalog }))\` before every route and middleware, or call \`install(app, { catalog })\`.`,
    );
    errata = fallback ??= createErrata({ catalog: defineErrors({}) });
    bindErrata(c, errata);
  }
  const requestId = c.get('requestId') as string;
  const request = {
    requestId,
    method: c.req.method,
    path: pathAsSent(c),
    accept: c.req.header('accept'),
    route: routeOf(c),
  };
  return { errata, request };
}

/**
 * The request's path as the client sent it (no %-escape decoded), for problem+json `instance` and logs as in every
 * adapter; `c.req.path` is decoded (and routed so: the 404/405 lookup uses it).
 */
export function pathAsSent(c: Context): string {
  return targetPath(targetAsSent(c));
}

/** The request target as the client sent it, path and query, for core's target rule (`targetProblem`). */
export function targetAsSent(c: Context): string {
  // On Node, @hono/node-server hands over the request target as sent (an absolute-form one included): the one rule
  // reads it as Express and Fastify read theirs
  const sent = (c.env as { incoming?: { url?: unknown } } | undefined)?.incoming?.url;
  if (typeof sent === 'string') return sent;
  const { url } = c.req; // elsewhere an absolute URL, parsed by the runtime: only the origin-form part is read
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? '/' : url.slice(start);
}
