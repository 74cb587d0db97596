import type { Context } from 'hono';
import { requestInfo } from './request-info';
import { writeResponse } from './write-response';

const answered = new WeakSet<Context>();

/**
 * Hono's error handler: answers any Error (errata errors, HTTPException, http-errors, Boom…) as core decides.
 * @example app.onError(onError)
 */
export function onError(error: unknown, c: Context): Response {
  return answerError(c, error);
}

/**
 * Answers anything thrown. Once `c.res` holds an answer (a handler assigned it, or a middleware failed after
 * `await next()`), that answer stands and the error is only reported, as Express does once headers are sent.
 */
export function answerError(c: Context, thrown: unknown): Response {
  answered.add(c);
  const { errata, request } = requestInfo(c);
  const response = errata.respond(thrown, request); // calls the onError hook: the one report of this error
  return c.finalized ? c.res : writeResponse(c, response);
}

/** Whether errata answered this context's error (so `app.onError(onError)` is in place). */
export function answeredByErrata(c: Context): boolean {
  return answered.has(c);
}
