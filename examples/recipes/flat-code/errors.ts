/**
 * The page's "Error code reference", declared once: its codes, statuses and descriptions. Only the 403 and the 429
 * carry extras (`upgrade_url`, `retry_after_secs`); their messages name the plan, so they are made by the two helpers
 * below rather than written at each throw.
 */
import { defineErrors, STANDARD_CODES } from '@errata/core';
import { Type } from '@sinclair/typebox';

export const UPGRADE_URL = 'https://hypquant.com/pricing';

export const errors = defineErrors({
  INVALID_TIMEFRAME: {
    status: 400,
    message: 'Timeframe must be one of 1m, 5m, 15m, 1h, 4h, 1d.',
    description: 'Timeframe is not one of 1m, 5m, 15m, 1h, 4h, 1d (or funding for features)',
  },
  INVALID_TIMESTAMP: {
    status: 400,
    message: 'start and end must be ISO 8601 date-times or Unix milliseconds.',
    description: 'start or end could not be parsed as ISO8601 or Unix ms',
  },
  INVALID_TIME_RANGE: { status: 400, message: 'start is after end.', description: 'start is after end' },
  MISSING_FEATURES: {
    status: 400,
    message: 'The features parameter is empty.',
    description: 'features parameter was empty',
  },
  UNKNOWN_FEATURES: {
    status: 400,
    message: 'One or more feature names are not in the catalogue.',
    description: 'One or more feature names are not in the catalogue',
  },
  MISSING_SYMBOLS: {
    status: 400,
    message: 'The symbols parameter is empty.',
    description: 'symbols parameter was empty (multi-asset)',
  },
  KEY_CREATION_DISABLED: {
    status: 400,
    message: 'Key creation is disabled on this server.',
    description: 'Key creation requested but ADMIN_TOKEN not configured server-side',
  },
  INVALID_TIER: {
    status: 400,
    message: 'Unknown tier: use free or pro.',
    description: 'Unknown tier value passed to key creation',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'API key missing, invalid, or revoked.',
    description: 'API key missing, invalid, or revoked',
  },
  TIER_LIMIT_EXCEEDED: {
    status: 403,
    message: 'This request requires a higher plan.',
    description: 'Request requires a higher tier (timeframe, history, or symbol count)',
    params: Type.Object({ upgrade_url: Type.String({ description: 'Where to upgrade the plan.' }) }),
  },
  QUALITY_NOT_FOUND: {
    status: 404,
    message: 'No quality data for this symbol and timeframe.',
    description: 'No quality data available for the requested symbol/timeframe',
  },
  KEY_NOT_FOUND: {
    status: 404,
    message: 'No key with this hash.',
    description: 'Key hash not found when attempting to revoke',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Rate limit exceeded.',
    description: 'Daily request quota exhausted',
    params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
  },
  DATABASE_ERROR: {
    status: 500,
    message: 'Unexpected internal error. Retry with exponential backoff.',
    description: 'Unexpected internal error — retry with exponential backoff',
    retryable: true,
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'A backend dependency is temporarily unavailable.',
    description: 'A backend dependency is temporarily unavailable',
    retryable: true,
  },
});

/** A plan's display name as the messages write it: `Pro`; the current plan stays as the key has it: `free`. */
const capitalised = (plan: string) => plan.charAt(0).toUpperCase() + plan.slice(1);

/**
 * `1m timeframe requires Pro plan. Current plan: free. Upgrade at https://hypquant.com/pricing`
 * @example throw tierLimit('1m timeframe', 'pro', 'free')
 */
export function tierLimit(what: string, required: string, current: string) {
  const message = `${what} requires ${capitalised(required)} plan. Current plan: ${current}. Upgrade at ${UPGRADE_URL}`;
  return errors.TIER_LIMIT_EXCEEDED({ upgrade_url: UPGRADE_URL }, { message });
}

/**
 * `Rate limit exceeded for free plan. Resets in 42s.`
 * @example throw rateLimited('free', 42)
 */
export function rateLimited(plan: string, retryAfter: number) {
  const message = `Rate limit exceeded for ${plan} plan. Resets in ${retryAfter}s.`;
  return errors.RATE_LIMIT_EXCEEDED({ retry_after: retryAfter }, { message });
}
