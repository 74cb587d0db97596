/**
 * The page's two independent limits: daily (resets at midnight UTC) and per-minute (each calendar minute), reported in
 * `X-RateLimit-Limit/-Remaining/-Reset` (the day) and `X-RateLimit-Limit-Minute/-Remaining-Minute` on every response.
 *
 * The minute is checked first, so a burst that fills it is told to wait for the minute (the page's example: both
 * counters at 0, `Retry-After: 42`). `X-RateLimit-Reset` is when the window that refused resets, else the day's.
 */
import { CalendarWindow, DAY_MS, MINUTE_MS, type WindowCount } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { type Plan, USED_TODAY } from './data';

export interface LimitResult {
  headers: Record<string, string>;
  /** The window that refused the request, if one did. */
  refused: WindowCount | undefined;
}

/**
 * @example const limits = createLimits(now); const { headers, refused } = limits.count('key:hq_free_demo', PLANS.free)
 */
export function createLimits(now: Clock) {
  const perMinute = new CalendarWindow(MINUTE_MS, now);
  const perDay = new CalendarWindow(DAY_MS, now);
  for (const [key, used] of Object.entries(USED_TODAY)) perDay.record(`key:${key}`, used);

  /** Counts a request (unless `count` is false: a health check is reported on, never throttled). */
  function count(identity: string, plan: Plan, options: { count?: boolean } = {}): LimitResult {
    let minute = perMinute.peek(identity, plan.perMinute);
    let day = perDay.peek(identity, plan.perDay);
    const refused = !minute.allowed ? minute : !day.allowed ? day : undefined;
    if (refused === undefined && options.count !== false) {
      minute = perMinute.take(identity, plan.perMinute);
      day = perDay.take(identity, plan.perDay);
    }
    const headers = {
      'x-ratelimit-limit': String(day.limit),
      'x-ratelimit-remaining': String(day.remaining),
      'x-ratelimit-reset': String((refused ?? day).reset),
      'x-ratelimit-limit-minute': String(minute.limit),
      'x-ratelimit-remaining-minute': String(minute.remaining),
    };
    return { headers, refused };
  }
  return { count };
}
