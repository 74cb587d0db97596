import { createErrata, defineErrors, type Errata, type ErrataResponse, type RequestInfo } from '@errata/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

let fallback: Errata | undefined;

/**
 * Puts the errata instance and the request id on the context; the id from hono/request-id or the header is kept
 * when core finds it valid.
 */
export function bindErrata(c: Context, errata: Errata): string {
  const inbound: unknown = c.get('requestId') ?? c.req.header(errata.requestIdHeader);
  const requestId = errata.requestId(inbound);
  c.set('errata', errata);
  c.set('requestId', requestId);
  return requestId;
}

/**
 * The request's errata instance and what core needs to know about the request. Outside errata() (a path it is
 * not mounted on, a middleware registered before it) a default instance with the standard codes answers.
 */
export function errataOf(c: Context): { errata: Errata; request: RequestInfo } {
  let errata = c.get('errata') as Errata | undefined;
  if (errata === undefined) {
    errata = fallback ??= createErrata({ catalog: defineErrors({}) });
    bindErrata(c, errata);
  }
  const requestId = c.get('requestId') as string;
  return { errata, request: { requestId, method: c.req.method, path: c.req.path, accept: c.req.header('accept') } };
}

/**
 * Writes what core decided, as is, through `c.body` so headers the app set before the failure (`c.header`, e.g. rate
 * limits) stay on the error response, as they do in Express and Fastify.
 */
export function toResponse(c: Context, response: ErrataResponse): Response {
  return c.body(response.body, response.status as ContentfulStatusCode, response.headers);
}

/**
 * Answers anything thrown. Once `c.res` holds an answer (a handler assigned it, or a middleware failed after
 * `await next()`), that answer stands and the error is only reported, as Express does once headers are sent.
 */
export function answerError(c: Context, thrown: unknown): Response {
  const { errata, request } = errataOf(c);
  const response = errata.respond(thrown, request); // calls the onError hook: the one report of this error
  return c.finalized ? c.res : toResponse(c, response);
}
