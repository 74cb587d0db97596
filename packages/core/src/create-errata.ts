import Negotiator from 'negotiator';
import type { CatalogLike } from './define-errors';
import { createProblemFormatter, type FormatContext, type Formatter, formatEnvelope } from './formats';
import { isValidRequestId, type RequestIdOptions, resolveRequestId } from './request-id';
import { readString } from './safe';
import { toJsonSafe } from './to-json-safe';
import { type ErrorMapper, toProblem } from './to-problem';
import type { ErrataResponse, Problem, PublicProblem } from './types';

/** A pino-style logger (Fastify's `request.log`, pino, or the console adapter errata uses by default). */
export interface ErrataLogger {
  error(object: Record<string, unknown>, message?: string): void;
}

/** What the `onError` hook receives for every error response. */
export interface ErrorEvent {
  problem: Problem;
  /** The value that was thrown, unmodified. */
  error: unknown;
  requestId: string;
  method: string;
  path: string;
  /** The request's logger, when the framework has one. */
  log: ErrataLogger;
}

/** What core needs to know about the request being answered. */
export interface RequestInfo {
  requestId: string;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The `Accept` header. */
  accept?: string | null | undefined;
  /** The framework's request logger, if any. */
  log?: ErrataLogger | undefined;
}

export interface ErrataOptions<C extends CatalogLike = CatalogLike> {
  /** The catalog made by `defineErrors`. */
  catalog: C;
  /** Body shape: errata's envelope (default), RFC 9457 problem details, or your own function. */
  format?: 'envelope' | 'problem' | Formatter;
  /** Answer `application/problem+json` to clients that ask for it (Accept). Default false. */
  problemDetails?: boolean | { typeBase?: string };
  /** Turn foreign errors into catalog errors; run first, in order. */
  mappers?: readonly ErrorMapper[];
  /** Header names kept from foreign errors besides Retry-After, WWW-Authenticate and Allow. */
  allowedHeaders?: readonly string[];
  /** Request id header, generator and validation. */
  requestId?: RequestIdOptions;
  /** Called for every error response. Default: log 5xx with their stack; 4xx are not logged. */
  onError?: (event: ErrorEvent) => void;
  /** Add the stack to error bodies. Ignored when NODE_ENV is `production`. Default false. */
  debug?: boolean;
  /** Most details in one response. Default 50. */
  maxDetails?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The configured errata instance that adapters ask for every response. */
export interface Errata<C extends CatalogLike = CatalogLike> {
  readonly catalog: C;
  /** The request id header name, lower-cased. */
  readonly requestIdHeader: string;
  /** Keeps a valid inbound id or makes a new one. */
  requestId(inbound: unknown): string;
  /** Normalises a thrown value (mappers included). May throw only if a mapper throws. */
  problem(thrown: unknown): Problem;
  /** The full error response for anything thrown. Never throws. */
  respond(thrown: unknown, request: RequestInfo): ErrataResponse;
  /** A success envelope `{ success: true, data, meta }`. Never throws: data that cannot be serialised answers 500. */
  success(data: unknown, request: RequestInfo, options?: { status?: number }): ErrataResponse;
  /** The 404 or 405 for a request no route answered; pass the methods the path has, if any. */
  notFound(request: RequestInfo, allow?: readonly string[]): ErrataResponse;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const MEDIA_TYPES = ['application/json', 'application/problem+json'];

const consoleLogger: ErrataLogger = {
  error(object, message) {
    console.error(`[errata] ${message ?? ''}`, object);
  },
};

/** Default hook: 5xx are logged with the thrown value (its stack included); 4xx are the client's business. */
function logServerErrors(event: ErrorEvent): void {
  if (event.problem.status < 500) return;
  event.log.error(
    { err: event.error, request_id: event.requestId, code: event.problem.code, method: event.method, path: event.path },
    `${event.problem.status} ${event.problem.code} ${event.method} ${event.path}`,
  );
}

/**
 * Configures errata once; adapters call it for every request.
 * @example const errata = createErrata({ catalog: errors, problemDetails: true })
 */
export function createErrata<C extends CatalogLike>(options: ErrataOptions<C>): Errata<C> {
  const timestampOf = options.now ? () => (options.now as () => Date)().toISOString() : isoNow;
  const requestIdOptions = options.requestId ?? {};
  const requestIdHeader = (requestIdOptions.header ?? 'x-request-id').toLowerCase();
  const format: Formatter =
    options.format === 'problem'
      ? createProblemFormatter(typeof options.problemDetails === 'object' ? options.problemDetails : {})
      : typeof options.format === 'function'
        ? options.format
        : formatEnvelope;
  const problemFormat = options.problemDetails
    ? createProblemFormatter(typeof options.problemDetails === 'object' ? options.problemDetails : {})
    : undefined;
  const alwaysProblem = options.format === 'problem';
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const debug = options.debug === true && env?.NODE_ENV !== 'production';
  const onError = options.onError ?? logServerErrors;
  const toProblemOptions = {
    catalog: options.catalog,
    mappers: options.mappers,
    allowedHeaders: options.allowedHeaders,
    maxDetails: options.maxDetails,
  };

  function requestId(inbound: unknown): string {
    const id = resolveRequestId(inbound, requestIdOptions);
    // A custom generator that returns something unsafe must not reach a header.
    return isValidRequestId(id) ? id : resolveRequestId(undefined);
  }

  function wantsProblem(accept: string | null | undefined): boolean {
    if (alwaysProblem) return true;
    if (problemFormat === undefined || !accept || !accept.includes('problem')) return false;
    return new Negotiator({ headers: { accept } }).mediaType(MEDIA_TYPES) === 'application/problem+json';
  }

  function respond(thrown: unknown, request: RequestInfo): ErrataResponse {
    const timestamp = timestampOf();
    const failed = (failure: unknown) => {
      reportFailure(failure, request);
      return staticInternalError(request.requestId, timestamp, requestIdHeader);
    };
    let problem: Problem | undefined;
    try {
      problem = toProblem(thrown, toProblemOptions);
    } catch (failure) {
      reportFailure(failure, request); // a mapper threw: the hook still hears of this error response, as a 500
    }
    try {
      const log = request.log ?? consoleLogger;
      const { requestId, method, path } = request;
      onError({ problem: problem ?? internalProblem(thrown), error: thrown, requestId, method, path, log });
    } catch (failure) {
      return failed(failure);
    }
    if (problem === undefined) return staticInternalError(request.requestId, timestamp, requestIdHeader);
    try {
      const asProblem = wantsProblem(request.accept);
      const publicProblem: PublicProblem = {
        status: problem.status,
        code: problem.code,
        message: problem.message,
        details: problem.details,
        params: problem.params,
        retryable: problem.retryable,
      };
      const context: FormatContext = {
        requestId: request.requestId,
        timestamp,
        method: request.method,
        path: request.path,
        stack: debug ? readString(thrown, 'stack', 16_384) : undefined,
      };
      const body = serialize(((asProblem ? problemFormat : undefined) ?? format)(publicProblem, context));
      return {
        status: problem.status,
        headers: {
          ...problem.headers,
          'content-type': asProblem ? PROBLEM_TYPE : JSON_TYPE,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          [requestIdHeader]: request.requestId,
        },
        body,
      };
    } catch (failure) {
      return failed(failure);
    }
  }

  function success(data: unknown, request: RequestInfo, successOptions: { status?: number } = {}): ErrataResponse {
    let body: string;
    try {
      const json = JSON.stringify({
        success: true,
        data: data === undefined ? null : data,
        meta: { request_id: request.requestId, timestamp: timestampOf() },
      });
      body = json;
    } catch (error) {
      return respond(error, request);
    }
    return {
      status: successOptions.status ?? 200,
      headers: { 'content-type': JSON_TYPE, [requestIdHeader]: request.requestId },
      body,
    };
  }

  function notFound(request: RequestInfo, allow?: readonly string[]): ErrataResponse {
    const catalog = options.catalog as unknown as {
      NOT_FOUND: () => unknown;
      METHOD_NOT_ALLOWED: (params: { allow: readonly string[] }) => unknown;
    };
    const methods = normalizeAllow(allow ?? []);
    const error = methods.length > 0 ? catalog.METHOD_NOT_ALLOWED({ allow: methods }) : catalog.NOT_FOUND();
    return respond(error, request);
  }

  return {
    catalog: options.catalog,
    requestIdHeader,
    requestId,
    problem: (thrown) => toProblem(thrown, toProblemOptions),
    respond,
    success,
    notFound,
  };
}

let lastMs = 0;
let lastIso = '';

/** The current time as ISO-8601, formatted at most once per millisecond (it is on every response). */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** Upper-cases, de-duplicates and sorts methods; a path with GET also answers HEAD. */
export function normalizeAllow(methods: readonly string[]): string[] {
  const set = new Set(methods.map((m) => m.toUpperCase()).filter((m) => /^[A-Z]+$/.test(m) && m !== 'ALL'));
  if (set.has('GET')) set.add('HEAD');
  return [...set].sort();
}

/** Stringifies a formatter's output; what plain JSON.stringify rejects (BigInt, cycles) is made safe first. */
function serialize(body: unknown): string {
  try {
    const json = JSON.stringify(body);
    if (typeof json === 'string') return json;
  } catch {
    // fall through to the safe copy
  }
  return JSON.stringify(toJsonSafe(body)) ?? 'null';
}

/** The problem reported to the hook when a mapper failed: the static 500. */
function internalProblem(cause: unknown): Problem {
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    message: 'An unexpected error occurred.',
    expose: false,
    details: undefined,
    params: undefined,
    headers: {},
    retryable: false,
    cause,
  };
}

/** The answer when errata's own user code (a mapper, formatter or hook) fails: pre-serialised, nothing user-made in it. */
const STATIC_PREFIX =
  '{"success":false,"error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred."},"meta":{"request_id":';

export function staticInternalError(
  requestId: string,
  timestamp: string,
  requestIdHeader = 'x-request-id',
): ErrataResponse {
  return {
    status: 500,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [requestIdHeader]: requestId,
    },
    body: `${STATIC_PREFIX}${JSON.stringify(requestId)},"timestamp":"${timestamp}"}}`,
  };
}

function reportFailure(failure: unknown, request: RequestInfo): void {
  try {
    (request.log ?? consoleLogger).error(
      { err: failure, request_id: request.requestId },
      'errata: a mapper, formatter or onError hook threw; answered with a static 500',
    );
  } catch {
    // even the logger failed: nothing more can be done safely
  }
}
