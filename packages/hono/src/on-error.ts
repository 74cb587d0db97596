import type { Context } from 'hono';
import { answerError } from './context';

/**
 * Hono's error handler: answers any Error (errata errors, HTTPException, http-errors, Boom…) as core decides.
 * @example app.onError(onError)
 */
export function onError(error: unknown, c: Context): Response {
  return answerError(c, error);
}
