import { hasBody, jsonBodyProblem } from '@errata/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import { requestInfo } from './request-info';

export interface RequireJsonOptions {
  /** The media types accepted, lower-case, without parameters. Default: `application/json` and every `+json` type. */
  type?: readonly string[];
}

/**
 * Checks a body that must be JSON before anything reads it: another media type, or a charset other than UTF-8, is
 * UNSUPPORTED_MEDIA_TYPE; a JSON type with an empty body is INVALID_JSON. Mount it before `hono/body-limit` so a
 * large body of the wrong type is a 415, as it is in Express and Fastify, not a 413.
 * @example app.post('/orders', requireJson(), bodyLimit({ maxSize: 16 * 1024 }), validator('json', Order), createOrder)
 */
export function requireJson(options: RequireJsonOptions = {}): MiddlewareHandler {
  const accepts =
    options.type === undefined ? undefined : (mediaType: string) => options.type?.includes(mediaType) === true;
  return async function errataRequireJson(c, next) {
    const code = jsonBodyCheck(c, accepts);
    if (code !== undefined) throw requestInfo(c).errata.catalog[code]();
    await next();
  };
}

/** Core's JSON body rule for this request (framing headers when the runtime kept them, else whether a body exists). */
export function jsonBodyCheck(c: Context, accepts?: (mediaType: string) => boolean) {
  const { headers } = c.req.raw;
  const length = headers.get('content-length');
  const encoding = headers.get('transfer-encoding');
  const withBody = length === null && encoding === null ? c.req.raw.body !== null : hasBody(length, encoding);
  return jsonBodyProblem(headers.get('content-type'), withBody, accepts);
}
