import { Type } from '@sinclair/typebox';

/**
 * The codes errata ships with: one table, every type and reverse map derived from it.
 * A test keeps the README's table in sync with this one.
 */
export const STANDARD_CODES = {
  BAD_REQUEST: {
    status: 400,
    message: 'The request is malformed.',
    description: 'The request could not be understood: a malformed URL, header or body framing.',
  },
  INVALID_JSON: {
    status: 400,
    message: 'The request body is not valid JSON.',
    description: 'The body was sent as JSON but could not be parsed.',
  },
  VALIDATION_ERROR: {
    status: 400,
    message: 'The request is invalid.',
    description: 'One or more fields failed validation; `details` lists every failing field.',
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Authentication is required.',
    description: 'Credentials are missing or not valid.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'You do not have access to this resource.',
    description: 'The credentials are valid but do not grant this action.',
  },
  NOT_FOUND: {
    status: 404,
    message: 'The requested resource was not found.',
    description: 'No route or resource matches the request.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This method is not allowed for this resource.',
    description: 'The path exists but not with this method; the `Allow` header lists the methods it has.',
    params: Type.Object({ allow: Type.Array(Type.String()) }),
    headers: (params: { allow: readonly string[] }) => ({ allow: params.allow.join(', ') }),
  },
  CONFLICT: {
    status: 409,
    message: 'The request conflicts with the current state of the resource.',
    description: 'The resource changed or already exists.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large.',
    description: 'The body exceeds the size this endpoint accepts.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'The request body has an unsupported content type or encoding.',
    description: 'Send the body with a content type (and charset, encoding) this endpoint accepts.',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Too many requests. Retry after the delay given in Retry-After.',
    description: 'The rate limit for this key was exceeded; `Retry-After` and `params.retry_after` say when to retry.',
    params: Type.Object({ retry_after: Type.Integer({ minimum: 0 }) }),
    headers: (params: { retry_after: number }) => ({ 'retry-after': String(params.retry_after) }),
    retryable: true,
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'An unexpected error occurred.',
    description: 'Something failed on the server. Quote the request id when you contact support.',
  },
  UPSTREAM_ERROR: {
    status: 502,
    message: 'An upstream service failed.',
    description: 'A service this API depends on failed or could not be reached.',
    retryable: true,
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'The service is temporarily unavailable.',
    description: 'The service is overloaded or down for maintenance; retry later.',
    retryable: true,
  },
  GATEWAY_TIMEOUT: {
    status: 504,
    message: 'An upstream service timed out.',
    description: 'A service this API depends on did not answer in time.',
    retryable: true,
  },
} as const satisfies Record<string, StandardCodeSpec>;

interface StandardCodeSpec {
  readonly status: number;
  readonly message: string;
  readonly description: string;
  readonly retryable?: boolean;
  readonly params?: unknown;
  readonly headers?: (params: never) => Record<string, string>;
}

/** Every standard code, e.g. `'NOT_FOUND'`. */
export type StandardCode = keyof typeof STANDARD_CODES;

/** The first standard code for each status (400 → BAD_REQUEST), computed from the table. */
export const CODE_BY_STATUS: ReadonlyMap<number, StandardCode> = (() => {
  const map = new Map<number, StandardCode>();
  for (const [code, spec] of Object.entries(STANDARD_CODES) as [StandardCode, { status: number }][]) {
    if (!map.has(spec.status)) map.set(spec.status, code);
  }
  return map;
})();
