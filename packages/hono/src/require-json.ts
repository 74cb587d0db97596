import { contentEncodingProblem, hasBody, jsonBodyProblem } from '@errata/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import { requestInfo } from './request-info';

export interface RequireJsonOptions {
  /** The media types accepted, lower-case, without parameters. Default: `application/json` and every `+json` type. */
  type?: readonly string[];
}

/**
 * Checks a body that must be JSON before anything reads it: another media type, a Content-Type that is not one
 * well-formed media type (two lines of it included), a charset other than UTF-8, or a Content-Encoding, is
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
  const type = headers.get('content-type');
  const framed = length !== null || encoding !== null;
  // Unframed (app.request(), a runtime that drops the framing headers): a body stream with a type is a body;
  // @hono/node-server gives every POST a stream, so one without a type is none, as Node's HTTP/1.1 framing says.
  const withBody = framed ? hasBody(length, encoding) : type !== null && c.req.raw.body !== null;
  // Hono reads the bytes as sent: a coded body (gzip…) is refused, as Express and Fastify refuse it. Only a framed
  // body counts: @hono/node-server gives every POST a body stream, an empty one included.
  return (
    contentEncodingProblem(headers.get('content-encoding'), framed && withBody) ??
    jsonBodyProblem(type, withBody, accepts)
  );
}

/**
 * A request with no Content-Type and no body: hono/validator reads its JSON as `{}`, but it has no body value at all,
 * as Express 5 and Fastify say (`undefined`), so validators see `undefined` in every adapter.
 */
export function isBodyless(c: Context): boolean {
  const { headers } = c.req.raw;
  if (headers.get('content-type') !== null) return false;
  const length = headers.get('content-length');
  const encoding = headers.get('transfer-encoding');
  // Unframed and untyped is no body, as jsonBodyCheck reads it (@hono/node-server gives every POST a stream)
  return length !== null || encoding !== null ? !hasBody(length, encoding) : true;
}
