/**
 * The page's code list ("All error codes"), declared once. Every one is an errata standard code, overridden with the
 * page's statuses and its "When it fires" text as the description; `/v2/meta` serves these, then the two standard
 * codes the page leaves out that the API can still answer (a wrong method, a malformed URL).
 */
import { defineErrors, STANDARD_CODES } from '@errata/core';

export const definitions = {
  UNAUTHORIZED: {
    status: 401,
    message: 'Missing, invalid, or revoked API key.',
    description: 'Missing, invalid, or revoked X-API-Key header.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Your subscription tier does not include this resource.',
    description: 'Key is valid but the subscription tier doesn’t allow this resource.',
  },
  NOT_FOUND: {
    status: 404,
    message: 'No data for this request.',
    description: 'Symbol, expiry, or other resource not present in cache or DB.',
  },
  VALIDATION_ERROR: {
    // 422 for parameters that fail their schema (FastAPI's default, as the Pydantic-style details suggest), 400 for
    // well-formed parameters an endpoint still rejects.
    status: 422,
    statuses: [400, 422],
    message: 'Invalid request parameters',
    description: 'Bad query parameter — out of range, wrong type, or unknown enum value.',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Rate limit exceeded for your tier.',
    description: 'Per-tier rate limit hit. Retry after meta.rate_limit.reset or the Retry-After header.',
    params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
  },
  UPSTREAM_ERROR: {
    status: 503,
    statuses: [502, 503, 504],
    message: 'A data store is temporarily unreachable. Retry with backoff.',
    description: 'Cache (Redis) or database (Postgres) temporarily unreachable. Retry with backoff.',
    retryable: true,
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'Unexpected server-side failure.',
    description: 'Unexpected server-side failure. Include meta.request_id when reporting.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This method is not allowed for this resource.',
    description: 'Not on the page: the path exists, but not with this method; the Allow header lists the ones it has.',
    params: STANDARD_CODES.METHOD_NOT_ALLOWED.params,
  },
  BAD_REQUEST: {
    status: 400,
    message: 'The request is malformed.',
    description: 'Not on the page: the URL could not be decoded (a malformed percent-escape).',
  },
} as const;

export const errors = defineErrors(definitions);

/** The codes this API answers: the page's list in its order, then the two it leaves out. */
export const API_CODES: readonly string[] = Object.keys(definitions);
