import type { ErrataResponse } from '@errata/core';
import { byteLength } from '@errata/core/adapter';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Writes what core decided, as is, through `c.body` so headers the app set before the failure (`c.header`, e.g. rate
 * limits) stay on the error response, as they do in Express and Fastify.
 * @example writeResponse(c, errata.notFound(request))
 */
export function writeResponse(c: Context, response: ErrataResponse): Response {
  return c.body(response.body, response.status as ContentfulStatusCode, withLength(c, response));
}

/**
 * Core's headers, plus `Content-Length` on a HEAD answer: Hono answers HEAD with a body-less copy of the GET response,
 * and @hono/node-server only measures bodies it sends, so without it a HEAD answer would lack the length GET has (as
 * it does not in Express and Fastify). Every runtime measures a string body it sends, so the other answers leave it
 * to them: one header less for Hono to set on every answer.
 */
export function withLength(c: Context, response: ErrataResponse): Record<string, string> {
  // Key by key, not spread: spreading core's headers (made with a computed key, the request id header) takes V8's
  // slow path, ~6x the copy on every answer (bench/RESULTS.md). The same keys, in the same order.
  const headers: Record<string, string> = {};
  const own = response.headers;
  const keys = Object.keys(own);
  for (let i = 0; i < keys.length; i++) headers[keys[i] as string] = own[keys[i] as string] as string;
  if (c.req.method === 'HEAD') headers['content-length'] = String(byteLength(response.body));
  return headers;
}
