/**
 * A fixed rate-limit window aligned to the calendar (each UTC minute, each UTC day), counted on the recipe's clock.
 *
 * The pages' limits are calendar windows ("per-minute: resets each calendar minute", "daily: resets at midnight UTC")
 * and their examples show exact `Retry-After` and reset values; the frameworks' limiters (express-rate-limit,
 * hono-rate-limiter, @fastify/rate-limit) count windows from a key's first hit on `Date.now()`, so neither holds. The
 * counting is all there is to it: each recipe writes its own headers and throws its own 429 from what `take` says.
 */
import type { Clock } from './clock';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** What a window says about one key after a request. */
export interface WindowCount {
  /** Whether the request fits (and was counted); a refused request is not counted. */
  allowed: boolean;
  limit: number;
  /** Requests left in this window, never below 0. */
  remaining: number;
  /** When the window resets, in Unix seconds (windows start on whole seconds, so this is exact). */
  reset: number;
  /** Whole seconds until the reset, at least 1: a 429's `Retry-After`. */
  retryAfter: number;
}

export class CalendarWindow {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly hits = new Map<string, number>();

  /** @param windowMs a divisor of a day (a minute, an hour, a day): windows then start on UTC boundaries. */
  constructor(
    private readonly windowMs: number,
    private readonly now: Clock,
  ) {}

  /**
   * Counts a request for `key` if the window has room for it.
   * @example const minute = perMinute.take(apiKey, 10); if (!minute.allowed) throw rateLimited(minute)
   */
  take(key: string, limit: number): WindowCount {
    const count = this.peek(key, limit);
    if (!count.allowed) return count;
    this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
    return { ...count, remaining: count.remaining - 1 };
  }

  /** What `take` would say, without counting. */
  peek(key: string, limit: number): WindowCount {
    const nowMs = this.now().getTime();
    this.roll(nowMs);
    const used = this.hits.get(key) ?? 0;
    const resetMs = this.windowStart + this.windowMs;
    return {
      allowed: used < limit,
      limit,
      remaining: Math.max(0, limit - used),
      reset: resetMs / 1000,
      retryAfter: Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
    };
  }

  /**
   * Records requests a key made earlier in the current window (demo keys that start part-way through their quota).
   * @example perDay.record('hq_free_busy', 990)
   */
  record(key: string, requests: number): void {
    this.roll(this.now().getTime());
    this.hits.set(key, (this.hits.get(key) ?? 0) + requests);
  }

  /** Every key shares the window, so a new window forgets every count at once. */
  private roll(nowMs: number): void {
    const start = Math.floor(nowMs / this.windowMs) * this.windowMs;
    if (start === this.windowStart) return;
    this.windowStart = start;
    this.hits.clear();
  }
}
