/**
 * The page's error body, `{ error: { type, code, message, params? } }`: `type` from the status class, `code` in
 * snake_case, `params` only for codes that carry hints. Successes are the resource itself.
 */
import type { Formatter, SuccessFormatter } from '@errata/core';

/** "Error types": the category of a status. */
export function errorType(status: number): string {
  if (status === 401 || status === 403) return 'AUTHENTICATION_ERROR';
  if (status === 429) return 'RATE_LIMIT_ERROR';
  if (status >= 500) return 'API_ERROR';
  return 'INVALID_REQUEST_ERROR';
}

/** errata's standard codes that this API names otherwise (its retry table: `too_many_requests`, …). */
const WIRE_CODES: Readonly<Record<string, string>> = {
  RATE_LIMIT_EXCEEDED: 'too_many_requests',
  INTERNAL_ERROR: 'internal_server_error',
};

/**
 * A catalog code as the wire spells it: `QUOTE_LEVERAGE_BELOW_MINIMUM` → `quote_leverage_below_minimum`.
 * @example wireCode('RATE_LIMIT_EXCEEDED') // 'too_many_requests'
 */
export function wireCode(code: string): string {
  return WIRE_CODES[code] ?? code.toLowerCase();
}

export const formatError: Formatter = (problem) => {
  const error: Record<string, unknown> = {
    type: errorType(problem.status),
    code: wireCode(problem.code),
    message: problem.message,
  };
  if (problem.params !== undefined) error.params = problem.params;
  else if (problem.details !== undefined) {
    // A body that fails its schema: the failing fields are this request's hints.
    error.params = { fields: problem.details.map(({ field, rule, message }) => ({ field, rule, message })) };
  }
  return { error };
};

export const formatSuccess: SuccessFormatter = (data) => data;
