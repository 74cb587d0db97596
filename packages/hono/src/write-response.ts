import type { ErrataResponse } from '@errata/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Writes what core decided, as is, through `c.body` so headers the app set before the failure (`c.header`, e.g. rate
 * limits) stay on the error response, as they do in Express and Fastify.
 * @example writeResponse(c, errata.notFound(request))
 */
export function writeResponse(c: Context, response: ErrataResponse): Response {
  return c.body(response.body, response.status as ContentfulStatusCode, response.headers);
}
