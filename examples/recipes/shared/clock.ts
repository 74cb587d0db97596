/**
 * The recipes' clock: the real one, or the instant `FROZEN_TIME` names, so that every timestamp, rate-limit window and
 * `Retry-After` a documented example shows can be reproduced exactly. errata reads it through its `now` option.
 */

/** A clock: what errata's `now` option takes. */
export type Clock = () => Date;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The real clock, or a frozen one when `FROZEN_TIME` is set (an ISO-8601 date-time with a zone, e.g.
 * `2026-04-30T12:00:00Z`). A value that is not one fails at startup rather than serving wrong timestamps.
 * @example const now = clockFromEnv(); createErrata({ catalog, now })
 */
export function clockFromEnv(env: Record<string, string | undefined> = process.env): Clock {
  const frozen = env.FROZEN_TIME;
  if (frozen === undefined || frozen === '') return () => new Date();
  const ms = Date.parse(frozen);
  if (!ISO_8601.test(frozen) || Number.isNaN(ms)) {
    throw new Error(`FROZEN_TIME must be an ISO-8601 date-time with a zone (e.g. 2026-04-30T12:00:00Z), not ${frozen}`);
  }
  return () => new Date(ms);
}
