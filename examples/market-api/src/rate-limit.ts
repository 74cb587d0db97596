/**
 * The contract's rate-limit headers, computed as express-rate-limit computes its legacy ones, so that the apps whose
 * limiter cannot write them (Hono, Fastify) write the same values from their limiter's own numbers.
 */
import { RATE_LIMIT_WINDOW_MS } from './domain';

/** What every limiter knows about the request it just counted. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the window resets; a limiter whose store gives no time is taken to reset a full window from now. */
  resetTime: Date | undefined;
}

/**
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset` (unix seconds, rounded up, as express-rate-limit's legacy headers).
 * @example rateLimitHeaders({ limit: 1000, remaining: 999, resetTime: new Date(Date.now() + 60_000) })
 */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(Math.ceil(resetsAt(state.resetTime) / 1000)),
  };
}

/**
 * Seconds until the window resets, at least 1: `Retry-After` and `params.retry_after` of a 429.
 * @example errors.RATE_LIMIT_EXCEEDED({ retry_after: retryAfterSeconds(info.resetTime) })
 */
export function retryAfterSeconds(resetTime: Date | undefined): number {
  return Math.max(1, Math.ceil((resetsAt(resetTime) - Date.now()) / 1000));
}

function resetsAt(resetTime: Date | undefined): number {
  return resetTime?.getTime() ?? Date.now() + RATE_LIMIT_WINDOW_MS;
}
