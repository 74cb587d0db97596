/**
 * The page's status codes table, declared once: code, status, message (as its examples show it) and the "Cause"
 * column as the description. Field-level validation failures are BAD_REQUEST too: see `validationAsBadRequest`.
 */
import { defineErrors, STANDARD_CODES } from '@errata/core';

export const SIGN_UP = 'https://app.quantconomy.com';

export const errors = defineErrors({
  BAD_REQUEST: {
    status: 400,
    message: 'Bad request',
    description:
      'Malformed request or schema validation failure (bad/missing query params, invalid body). Carries details[] on field errors. Also returned to the demo key when you request limit greater than 3 or use a pagination param (cursor/offset/page).',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Unauthorized',
    description:
      'Missing, malformed, invalid, expired, or revoked API key. Every endpoint except GET / and GET /health requires a key.',
  },
  INSUFFICIENT_CREDITS: {
    status: 402,
    message: 'Insufficient credits',
    description:
      'Your credit balance is below the request’s cost. Nothing was charged or executed. With the demo key, this means the shared ~100/hour demo budget is exhausted.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Forbidden',
    description:
      'Your plan lacks access to this resource (e.g. SEC data requires Starter or higher; real-time signals require real-time SSE access).',
  },
  NOT_FOUND: {
    status: 404,
    message: 'Not found',
    description: 'The resource does not exist, or the route/path is unknown.',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Rate limit exceeded. Please try again later.',
    description:
      'You exceeded your plan’s request rate (or, on the demo key, the shared demo rate bucket). No credits charged.',
    params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'Internal server error',
    description: 'Unexpected server-side error.',
  },
});

/**
 * The adapters report schema failures as VALIDATION_ERROR; this API calls them BAD_REQUEST, "Validation failed",
 * with the same details.
 * @example install(app, { catalog: errors, mappers: [validationAsBadRequest] })
 */
export function validationAsBadRequest(error: unknown): unknown {
  if (!errors.is(error, 'VALIDATION_ERROR')) return undefined;
  return errors.BAD_REQUEST({ message: 'Validation failed', details: error.details ?? [] });
}

export const demoBudgetExhausted = () =>
  errors.INSUFFICIENT_CREDITS({
    message: `Demo credit budget exhausted — it refills hourly. Sign up for your own credits at ${SIGN_UP}.`,
  });

export const demoResultCap = () =>
  errors.BAD_REQUEST({
    message: `The demo key is limited to 3 results per request. Sign up for your own key at ${SIGN_UP} to request more.`,
  });
