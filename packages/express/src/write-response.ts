import type { ErrataResponse } from '@errata/core';
import { byteLength } from '@errata/core/adapter';
import type { Response } from 'express';

/**
 * Writes an answer core computed: status, headers and the already serialised body (`send` leaves it out for HEAD).
 * @example writeResponse(res, errata.notFound(requestInfo(req, errata)))
 */
export function writeResponse(res: Response, response: ErrataResponse): void {
  res.status(response.status).set(response.headers).send(response.body);
}

/**
 * Writes a success without res.send's conditional GET: send answers 304 to `If-None-Match: *`, and an ETag of a body
 * that carries a fresh request id and timestamp never matches anyway; Hono and Fastify answer 200.
 * @example writeSuccess(res, errata.success(data, requestInfo(req, errata)))
 */
export function writeSuccess(res: Response, response: ErrataResponse): void {
  // Core's headers are final (the Content-Type has its charset): set as they are, without res.set's per-header
  // String(), case and charset work, which writes the same bytes for them
  res.statusCode = response.status;
  const { headers } = response;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  if (response.status === 204 || response.status === 304) {
    res.removeHeader('content-type');
    res.end();
    return;
  }
  res.setHeader('content-length', byteLength(response.body));
  res.end(response.body); // Node writes no body for HEAD
}
