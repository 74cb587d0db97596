/** Brand shared by every copy of @errata/client, so `instanceof` holds across two installed versions. */
const BRAND = Symbol.for('errata.client.error');

/** One failing field of a validation error: `{ field: 'query.symbol', message, rule: 'enum' }`. */
export interface Detail {
  field: string;
  message: string;
  rule: string;
}

/** What every client error knows about the call that failed. */
export interface ClientErrorInit {
  method: string;
  url: string;
  /** Requests sent, the first included. */
  attempts: number;
  /** Whether this failure may go away on its own (a retry policy still decides whether to retry). */
  retryable: boolean;
  cause?: unknown;
}

type Kind = 'response' | 'unexpected_response' | 'network' | 'timeout';

function branded(value: unknown, kind?: Kind): boolean {
  try {
    if (typeof value !== 'object' || value === null) return false;
    const brand = (value as Record<symbol, unknown>)[BRAND];
    return kind === undefined ? typeof brand === 'string' : brand === kind;
  } catch {
    return false; // a revoked Proxy throws on any access
  }
}

/**
 * Base of every error the client throws; `kind` tells them apart. A user's abort is not one: it rejects with the
 * signal's reason, as `fetch` does.
 * @example if (error instanceof ErrataClientError) console.error(error.kind, error.method, error.url)
 */
export abstract class ErrataClientError extends Error {
  abstract readonly kind: Kind;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(message: string, init: ClientErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.retryable = init.retryable;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value);
  }
}

export interface ResponseErrorInit<C extends string, P> extends ClientErrorInit {
  code: C;
  message: string;
  status: number;
  params: P;
  details: readonly Detail[] | undefined;
  requestId: string | undefined;
  headers: Headers;
  retryAfter: number | undefined;
}

/**
 * The API answered with an error of its contract: `code` (narrowing `params` through `client.isError`), the public
 * message, `details`, the `request_id` to quote to support, the status and headers.
 * @example if (client.isError(error, 'TIER_LIMIT_EXCEEDED')) location.assign(error.params.upgrade_url)
 */
export class ErrataResponseError<C extends string = string, P = unknown> extends ErrataClientError {
  declare readonly kind: 'response';
  readonly code: C;
  readonly status: number;
  readonly params: P;
  readonly details: readonly Detail[] | undefined;
  /** The body's request id, else the `X-Request-Id` header. */
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** Milliseconds the server asked to wait (`Retry-After` or a rate-limit field), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: ResponseErrorInit<C, P>) {
    super(init.message, init);
    this.code = init.code;
    this.status = init.status;
    this.params = init.params;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.retryAfter = init.retryAfter;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, 'response');
  }
}

/** Why a response could not be read as the API's contract. */
export type UnexpectedReason = 'empty_body' | 'invalid_json' | 'not_json' | 'unrecognised_body';

export interface UnexpectedResponseInit extends ClientErrorInit {
  status: number;
  headers: Headers;
  reason: UnexpectedReason;
  body: string;
}

/** Most characters of an unexpected body kept on the error, for a log line. */
const BODY_EXCERPT = 1024;

/**
 * A response that is not the API's contract: an HTML 502 from a proxy, an empty body, invalid JSON, JSON of another
 * shape. Never a crash; retried like any response of its status.
 * @example if (error instanceof UnexpectedResponseError) log(error.status, error.reason, error.body)
 */
export class UnexpectedResponseError extends ErrataClientError {
  declare readonly kind: 'unexpected_response';
  readonly status: number;
  readonly headers: Headers;
  readonly reason: UnexpectedReason;
  /** The start of the body as text (at most 1024 characters). */
  readonly body: string;
  /** The `X-Request-Id` header, when the response had one. */
  readonly requestId: string | undefined;

  constructor(init: UnexpectedResponseInit) {
    super(`Unexpected ${init.status} response to ${init.method} ${init.url} (${init.reason})`, init);
    this.status = init.status;
    this.headers = init.headers;
    this.reason = init.reason;
    this.body = init.body.slice(0, BODY_EXCERPT);
    this.requestId = init.headers.get('x-request-id') ?? undefined;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, 'unexpected_response');
  }
}

/**
 * `fetch` itself failed: refused connection, DNS, TLS, reset. The original error is the `cause`.
 * @example if (error instanceof NetworkError) console.error(error.cause)
 */
export class NetworkError extends ErrataClientError {
  declare readonly kind: 'network';

  constructor(init: ClientErrorInit) {
    super(`${init.method} ${init.url} failed: no response`, init);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, 'network');
  }
}

export interface RequestTimeoutInit extends ClientErrorInit {
  /** `attempt`: one request took longer than `timeout`; `total`: the call took longer than `totalTimeout`. */
  scope: 'attempt' | 'total';
  timeout: number;
}

/**
 * A request took longer than `timeout`, or the whole call (retries and waits included) longer than `totalTimeout`.
 * @example if (error instanceof RequestTimeoutError && error.scope === 'total') showOffline()
 */
export class RequestTimeoutError extends ErrataClientError {
  declare readonly kind: 'timeout';
  readonly scope: 'attempt' | 'total';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeout: number;

  constructor(init: RequestTimeoutInit) {
    super(`${init.method} ${init.url} timed out after ${init.timeout} ms (${init.scope})`, init);
    this.scope = init.scope;
    this.timeout = init.timeout;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, 'timeout');
  }
}

for (const [cls, kind, name] of [
  [ErrataResponseError, 'response', 'ErrataResponseError'],
  [UnexpectedResponseError, 'unexpected_response', 'UnexpectedResponseError'],
  [NetworkError, 'network', 'NetworkError'],
  [RequestTimeoutError, 'timeout', 'RequestTimeoutError'],
] as const) {
  // On the prototype, not the instance: `kind` and the brand stay out of JSON.stringify and spread copies. The name is
  // spelled out because a minifier renames classes.
  Object.defineProperty(cls.prototype, 'kind', { value: kind });
  Object.defineProperty(cls.prototype, BRAND, { value: kind });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}
