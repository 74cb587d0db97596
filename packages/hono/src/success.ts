import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { requestInfo } from './request-info';
import { withLength } from './write-response';

/** The body of every success: `{ success: true, data, meta }`. */
export interface SuccessBody<T> {
  success: true;
  data: T;
  meta: { request_id: string; timestamp: string };
}

export interface SuccessOptions<U extends ContentfulStatusCode> {
  /** Default 200. */
  status?: U;
}

/**
 * Answers `{ success: true, data, meta }` with the request id; typed like `c.json` for Hono's RPC client.
 * @example app.get('/orders/:id', (c) => success(c, order, { status: 200 }))
 */
export function success<T, U extends ContentfulStatusCode = 200>(
  c: Context,
  data: T,
  options: SuccessOptions<U> = {},
): Response & TypedResponse<JSONParsed<SuccessBody<T>>, U, 'json'> {
  const { errata, request } = requestInfo(c);
  const response = errata.success(data, request, options);
  // newResponse keeps the headers the handler set (RequestPart, Cache-Control…); core's own win.
  return c.newResponse(response.body, response.status as U, withLength(c, response)) as never;
}
