import {
  type ErrataClientError,
  ErrataResponseError,
  NetworkError,
  RequestTimeoutError,
  type UnexpectedReason,
  UnexpectedResponseError,
} from './errata-client-error';
import { errataParser, isRecord, type ParsedError, type ResponseInfo, type ResponseParser } from './errata-parser';
import type { ClientErrorOf, ErrorParams } from './error-params';
import { advisedDelay, backoffDelay } from './retry-delay';

export interface RetryOptions {
  /** Most requests sent for one call, the first included. Default 3. */
  attempts?: number;
  /** Backoff ceiling before the first retry, in ms; it doubles each retry and the wait is uniform below it. Default 500. */
  baseDelay?: number;
  /** Largest backoff ceiling, in ms. Default 10 000. */
  maxDelay?: number;
  /**
   * Longest wait the server may ask for (`Retry-After`, a rate-limit field), in ms. Asked to wait longer, the client
   * does not retry: it rejects at once, `retryAfter` on the error. Default 60 000.
   */
  maxWait?: number;
  /** Statuses retried when neither the parser nor the `errors` listing says whether a code is. Default 429, 502–504. */
  statuses?: readonly number[];
  /**
   * Methods retried without an `Idempotency-Key` header: the idempotent ones (RFC 9110 §9.2.2). A request carrying that
   * header is retried whatever its method. Default GET, HEAD, OPTIONS, TRACE, PUT, DELETE.
   */
  methods?: readonly string[];
}

/** One row of a catalog listing: `catalog.describe()` on the server, or the `data` of `GET /meta/errors`. */
export interface ErrorDescription {
  readonly code: string;
  readonly retryable: boolean;
}

/** What `onRetry` is told before the client waits and sends the request again. */
export interface RetryEvent {
  /** 1 for the first retry. */
  readonly retry: number;
  /** Milliseconds the client waits before sending it. */
  readonly delay: number;
  /** Why: the failure of the previous request. */
  readonly error: ErrataClientError;
  readonly method: string;
  readonly url: string;
}

/** What `onUnauthorized` is told about a 401. */
export interface UnauthorizedEvent {
  readonly error: ErrataResponseError | UnexpectedResponseError;
  readonly method: string;
  readonly url: string;
}

export interface ClientOptions {
  /** Prefix of every path, e.g. `https://api.example.com` or `https://example.com/api`. */
  baseUrl: string;
  /** Sent with every request; a function is called for each request sent (retries and replays included). */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Default: the global `fetch`, looked up at each request. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** `false`: one request per call, never retried. */
  retry?: RetryOptions | false;
  /** Longest one request may take, headers and body, in ms. Default 10 000; `Infinity` for none. */
  timeout?: number;
  /** Longest a whole call may take, retries and waits included, in ms. Default `Infinity`. */
  totalTimeout?: number;
  /** Which codes are retryable (the catalog listing); a listed code's `retryable` wins over its status. */
  errors?: readonly ErrorDescription[];
  /** Readers of another contract's bodies; each one left out is errata's (`errataParser`). */
  parse?: Partial<ResponseParser>;
  /** Called before each retry's wait. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Called on a 401, at most once per call (and once at a time for concurrent calls): refresh the credentials that the
   * `headers` function returns, and resolve `true` to send the request again, `false` to reject with the 401.
   */
  onUnauthorized?: (event: UnauthorizedEvent) => boolean | Promise<boolean>;
  /** Waits `ms`, rejecting with `signal.reason` when it aborts. Default: `setTimeout`. For tests and special runtimes. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch, for HTTP-date `Retry-After` and deadlines. Default `Date.now`. */
  now?: () => number;
  /** Uniform in [0, 1), for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** Default GET. */
  method?: string;
  /** Appended to the URL; `undefined` and `null` values are left out, an array repeats the name. */
  query?: Readonly<Record<string, QueryValue | readonly QueryValue[]>>;
  /** Sent as JSON, with `Content-Type: application/json` unless `headers` sets one. */
  json?: unknown;
  /** Sent as is (not with `json`). A stream cannot be sent twice: a call with one is never retried nor replayed. */
  body?: BodyInit;
  /** Merged over the client's headers. */
  headers?: HeadersInit;
  signal?: AbortSignal;
  timeout?: number;
  totalTimeout?: number;
  /** Merged over the client's retry options; `false` for this call only. */
  retry?: RetryOptions | false;
}

type ShortcutOptions = Omit<RequestOptions, 'method'>;

/** A client for one API; `M` maps each code to its params (see `ErrorParams`). */
export interface ErrataClient<M> {
  /**
   * Sends the request, retrying as the policy allows, and resolves with the data of the success body.
   * @example const order = await client.request<Order>('/v1/orders', { method: 'POST', json: { symbol: 'BTCUSDT' } })
   */
  request<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  get<T = unknown>(path: string, options?: Omit<ShortcutOptions, 'json' | 'body'>): Promise<T>;
  post<T = unknown>(path: string, options?: ShortcutOptions): Promise<T>;
  put<T = unknown>(path: string, options?: ShortcutOptions): Promise<T>;
  patch<T = unknown>(path: string, options?: ShortcutOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: ShortcutOptions): Promise<T>;
  /**
   * Whether a value is an error this client throws (any kind), or the API's error of one code, narrowing its params.
   * @example if (client.isError(error, 'TIER_LIMIT_EXCEEDED')) show(error.params.upgrade_url)
   */
  isError(value: unknown): value is ClientErrorOf<M>;
  isError<C extends keyof M & string>(value: unknown, code: C): value is ErrataResponseError<C, M[C]>;
}

const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 3,
  baseDelay: 500,
  maxDelay: 10_000,
  maxWait: 60_000,
  statuses: [429, 502, 503, 504],
  methods: ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'],
};
const DEFAULT_TIMEOUT = 10_000;
const DEFAULT_STATUSES: ReadonlySet<number> = new Set(DEFAULT_RETRY.statuses);

interface Policy {
  attempts: number;
  baseDelay: number;
  maxDelay: number;
  maxWait: number;
  statuses: ReadonlySet<number>;
  methods: ReadonlySet<string>;
}

type Outcome = { ok: true; data: unknown } | { ok: false; error: ClientErrorOf<Record<string, unknown>> };

/**
 * A typed client for an errata API: one options object; `T` is the catalog's type, taken with `import type` so no
 * server code reaches the bundle. Error responses reject with errors whose `code` narrows `params`; retryable
 * failures of idempotent requests are retried, honouring `Retry-After`.
 * @example
 * // `errors`: the server's catalog, imported with `import type { errors }`
 * const client = createClient<typeof errors>({ baseUrl: 'https://api.example.com', headers: { 'x-api-key': key } });
 * try {
 *   await client.get('/v1/candles', { query: { symbol: 'BTCUSDT', timeframe: '1m' } });
 * } catch (error) {
 *   if (client.isError(error, 'TIER_LIMIT_EXCEEDED')) location.assign(error.params.upgrade_url);
 *   else throw error;
 * }
 */
export function createClient<T extends object = Record<string, unknown>>(
  options: ClientOptions,
): ErrataClient<ErrorParams<T>> {
  const base = checkBaseUrl(options.baseUrl);
  const clientRetry = options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry };
  toPolicy(clientRetry); // refuses nonsense now rather than at the first request
  const clientTimeout = checkDuration('timeout', options.timeout ?? DEFAULT_TIMEOUT);
  const clientTotalTimeout = checkDuration('totalTimeout', options.totalTimeout ?? Number.POSITIVE_INFINITY);
  const retryableByCode = new Map((options.errors ?? []).map((entry) => [entry.code, entry.retryable === true]));
  const parser: ResponseParser = { ...errataParser, ...options.parse };
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const send = options.fetch ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  const onUnauthorized = options.onUnauthorized;
  let refreshing: Promise<boolean> | undefined;

  /** Concurrent 401s share one refresh. */
  function refresh(event: UnauthorizedEvent): Promise<boolean> {
    refreshing ??= Promise.resolve()
      .then(() => (onUnauthorized as NonNullable<typeof onUnauthorized>)(event))
      .then((replay) => replay === true)
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  async function request(path: string, requestOptions: RequestOptions = {}): Promise<unknown> {
    const method = (requestOptions.method ?? 'GET').toUpperCase();
    const url = buildUrl(base, path, requestOptions.query);
    const policy = toPolicy(
      requestOptions.retry === undefined
        ? clientRetry
        : requestOptions.retry && { ...(clientRetry || DEFAULT_RETRY), ...requestOptions.retry },
    );
    const timeout = checkDuration('timeout', requestOptions.timeout ?? clientTimeout);
    const totalTimeout = checkDuration('totalTimeout', requestOptions.totalTimeout ?? clientTotalTimeout);
    const { body, contentType } = encodeBody(requestOptions);
    const replayable = !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);

    const signal = requestOptions.signal;
    if (signal?.aborted) throw signal.reason;
    const call = new AbortController();
    const onAbort = () => call.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const totalTimer = new AbortController();
    const deadline = now() + totalTimeout;
    if (Number.isFinite(totalTimeout)) sleep(totalTimeout, totalTimer.signal).then(() => call.abort(), ignore);

    let attempts = 0;
    let retries = 0;
    let replayed = false;
    let idempotent = false;
    const failure = (retryable: boolean) => ({ method, url, attempts, retryable });
    /** Why the call stopped: the caller's abort reason, as `fetch` rejects, or the total timeout. */
    const stopped = () =>
      signal?.aborted
        ? signal.reason
        : new RequestTimeoutError({ ...failure(false), scope: 'total', timeout: totalTimeout });
    /** Awaits a wait or a hook, stopping with the call. */
    const settle = <V>(promise: Promise<V>) =>
      abortable(promise, call.signal).catch((reason: unknown) => {
        throw call.signal.aborted ? stopped() : reason;
      });

    async function attempt(): Promise<Outcome> {
      attempts += 1;
      const headers = await buildHeaders(requestOptions.headers, contentType);
      idempotent = policy !== false && (policy.methods.has(method) || headers.has('idempotency-key'));
      if (call.signal.aborted) throw stopped();
      const controller = new AbortController();
      const onCallAbort = () => controller.abort();
      call.signal.addEventListener('abort', onCallAbort, { once: true });
      const timer = new AbortController();
      let timedOut = false;
      if (Number.isFinite(timeout)) {
        sleep(timeout, timer.signal).then(() => {
          timedOut = true;
          controller.abort();
        }, ignore);
      }
      try {
        let response: Response;
        let text: string;
        try {
          const init: RequestInit = { method, headers, signal: controller.signal };
          if (body !== undefined) init.body = body;
          response = await abortable(send(url, init), controller.signal);
          text = await abortable(response.text(), controller.signal);
        } catch (cause) {
          if (call.signal.aborted) throw stopped();
          if (timedOut)
            return { ok: false, error: new RequestTimeoutError({ ...failure(true), scope: 'attempt', timeout }) };
          return { ok: false, error: new NetworkError({ ...failure(true), cause }) };
        }
        return read(response, text);
      } finally {
        timer.abort();
        call.signal.removeEventListener('abort', onCallAbort);
      }
    }

    function read(response: Response, text: string): Outcome {
      const info: ResponseInfo = { status: response.status, headers: response.headers };
      const unexpected = (reason: UnexpectedReason, retryable: boolean, cause?: unknown): Outcome => ({
        ok: false,
        error: new UnexpectedResponseError({
          ...failure(retryable),
          status: response.status,
          headers: response.headers,
          reason,
          body: text,
          cause,
        }),
      });
      if (response.ok) {
        if (text.trim() === '') return { ok: true, data: undefined };
        const json = readJson(response.headers, text);
        if (!json.ok) return unexpected(json.reason, false);
        let data: unknown;
        try {
          data = parser.data(json.value, info);
        } catch (cause) {
          return unexpected('unrecognised_body', false, cause);
        }
        return data === undefined ? unexpected('unrecognised_body', false) : { ok: true, data };
      }
      // Whether the failure may pass does not depend on whether this call retries.
      const byStatus = (policy === false ? DEFAULT_STATUSES : policy.statuses).has(response.status);
      if (text.trim() === '') return unexpected('empty_body', byStatus);
      const json = readJson(response.headers, text);
      if (!json.ok) return unexpected(json.reason, byStatus);
      let parsed: ParsedError | undefined;
      try {
        parsed = parser.error(json.value, info);
      } catch (cause) {
        return unexpected('unrecognised_body', byStatus, cause);
      }
      if (!isRecord(parsed) || typeof parsed.code !== 'string' || typeof parsed.message !== 'string') {
        return unexpected('unrecognised_body', byStatus);
      }
      const fromBody = typeof parsed.retryAfter === 'number' && parsed.retryAfter >= 0 ? parsed.retryAfter * 1000 : NaN;
      return {
        ok: false,
        error: new ErrataResponseError({
          ...failure(parsed.retryable ?? retryableByCode.get(parsed.code) ?? byStatus),
          code: parsed.code,
          message: parsed.message,
          status: response.status,
          params: parsed.params,
          details: parsed.details,
          requestId: parsed.requestId ?? response.headers.get('x-request-id') ?? undefined,
          headers: response.headers,
          retryAfter:
            advisedDelay(response.headers, response.status, now()) ??
            (Number.isFinite(fromBody) ? fromBody : undefined),
        }),
      };
    }

    /** The wait before the next request, or undefined to stop here. */
    function delayBefore(error: ErrataClientError): number | undefined {
      if (policy === false || retries + 1 >= policy.attempts) return undefined;
      if (!error.retryable || !idempotent || !replayable) return undefined;
      const advised =
        error instanceof ErrataResponseError
          ? error.retryAfter
          : error instanceof UnexpectedResponseError
            ? advisedDelay(error.headers, error.status, now())
            : undefined;
      if (advised !== undefined && advised > policy.maxWait) return undefined;
      const delay = advised ?? backoffDelay(retries, policy, random);
      return now() + delay > deadline ? undefined : delay;
    }

    try {
      for (;;) {
        const outcome = await attempt();
        if (outcome.ok) return outcome.data;
        const error = outcome.error;
        if (
          (error.kind === 'response' || error.kind === 'unexpected_response') &&
          error.status === 401 &&
          onUnauthorized !== undefined &&
          !replayed &&
          replayable
        ) {
          replayed = true;
          if (await settle(refresh(Object.freeze({ error, method, url })))) continue;
          throw error;
        }
        const delay = delayBefore(error);
        if (delay === undefined) throw error;
        retries += 1;
        options.onRetry?.(Object.freeze({ retry: retries, delay, error, method, url }));
        await settle(sleep(delay, call.signal));
      }
    } finally {
      totalTimer.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function buildHeaders(extra: HeadersInit | undefined, contentType: string | undefined): Promise<Headers> {
    const shared = typeof options.headers === 'function' ? await options.headers() : options.headers;
    const headers = new Headers(shared);
    new Headers(extra).forEach((value, name) => {
      headers.set(name, value);
    });
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (contentType !== undefined && !headers.has('content-type')) headers.set('content-type', contentType);
    return headers;
  }

  function isError(value: unknown, code?: string): boolean {
    if (code === undefined) {
      return (
        value instanceof ErrataResponseError ||
        value instanceof UnexpectedResponseError ||
        value instanceof NetworkError ||
        value instanceof RequestTimeoutError
      );
    }
    return value instanceof ErrataResponseError && value.code === code;
  }

  const client = {
    request,
    get: (path: string, o?: RequestOptions) => request(path, { ...o, method: 'GET' }),
    post: (path: string, o?: RequestOptions) => request(path, { ...o, method: 'POST' }),
    put: (path: string, o?: RequestOptions) => request(path, { ...o, method: 'PUT' }),
    patch: (path: string, o?: RequestOptions) => request(path, { ...o, method: 'PATCH' }),
    delete: (path: string, o?: RequestOptions) => request(path, { ...o, method: 'DELETE' }),
    isError,
  };
  return client as ErrataClient<ErrorParams<T>>;
}

function toPolicy(retry: Required<RetryOptions> | false): Policy | false {
  if (retry === false) return false;
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    throw new TypeError(`errata client: retry.attempts must be an integer ≥ 1, not ${String(retry.attempts)}`);
  }
  for (const name of ['baseDelay', 'maxDelay', 'maxWait'] as const) {
    if (typeof retry[name] !== 'number' || Number.isNaN(retry[name]) || retry[name] < 0) {
      throw new TypeError(`errata client: retry.${name} must be a number ≥ 0, not ${String(retry[name])}`);
    }
  }
  return {
    attempts: retry.attempts,
    baseDelay: retry.baseDelay,
    maxDelay: retry.maxDelay,
    maxWait: retry.maxWait,
    statuses: new Set(retry.statuses),
    methods: new Set(retry.methods.map((m) => m.toUpperCase())),
  };
}

function checkBaseUrl(baseUrl: unknown): string {
  try {
    if (typeof baseUrl === 'string' && new URL(baseUrl).search === '') return baseUrl.replace(/\/+$/, '');
  } catch {}
  throw new TypeError(`errata client: baseUrl must be an absolute URL without a query, not ${JSON.stringify(baseUrl)}`);
}

function checkDuration(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`errata client: ${name} must be a number of milliseconds > 0 (or Infinity), not ${value}`);
  }
  return value;
}

function buildUrl(base: string, path: string, query: RequestOptions['query']): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    // A full URL would send the client's credentials to another origin.
    throw new TypeError(`errata client: a path starts with "/", not ${JSON.stringify(path)}`);
  }
  let url = base + path;
  if (query !== undefined) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null) search.append(name, String(item));
      }
    }
    const encoded = search.toString();
    if (encoded !== '') url += (url.includes('?') ? '&' : '?') + encoded;
  }
  return url;
}

function encodeBody(options: RequestOptions): { body: BodyInit | undefined; contentType: string | undefined } {
  if (options.json !== undefined) {
    if (options.body !== undefined) throw new TypeError('errata client: pass `json` or `body`, not both');
    return { body: JSON.stringify(options.json), contentType: 'application/json' };
  }
  return { body: options.body, contentType: undefined };
}

/** A JSON media type: `application/json`, `application/problem+json`, any `+json`; no header at all is tried too. */
const JSON_TYPE = /^[a-z0-9!#$&^_.+-]+\/(?:[a-z0-9!#$&^_.+-]+\+)?json\s*(?:;|$)/i;

function readJson(
  headers: Headers,
  text: string,
): { ok: true; value: unknown } | { ok: false; reason: 'invalid_json' | 'not_json' } {
  const type = headers.get('content-type');
  if (type !== null && !JSON_TYPE.test(type.trim())) return { ok: false, reason: 'not_json' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
}

/** Settles with `promise`, or rejects as soon as `signal` aborts: a `fetch` or `sleep` that ignores its signal still stops. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** setTimeout's longest delay; longer waits are chained. */
const MAX_TIMER = 2 ** 31 - 1;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let timer: ReturnType<typeof setTimeout>;
    const end = Date.now() + ms;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const tick = () => {
      const left = end - Date.now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
      } else timer = setTimeout(tick, Math.min(left, MAX_TIMER));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(tick, Math.min(ms, MAX_TIMER));
  });
}

function ignore(): void {}
