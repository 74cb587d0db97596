import Negotiator from 'negotiator';
import type { CatalogLike } from './define-errors';
import { createProblemFormatter, type FormatContext, type Formatter, formatEnvelope } from './formats';
import { generateRequestId, isValidRequestId, type RequestIdOptions } from './request-id';
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

  const validateId = requestIdOptions.validate ?? isValidRequestId;
  const generateId = requestIdOptions.generate;

  function requestId(inbound: unknown): string {
    // What a custom validator or generator lets through must still be safe in a header.
    if (typeof inbound === 'string' && validateId(inbound)) {
      return validateId === isValidRequestId || isValidRequestId(inbound) ? inbound : generateRequestId();
    }
    if (generateId === undefined) return generateRequestId(); // a UUID: always a valid id
    const id = generateId();
    return isValidRequestId(id) ? id : generateRequestId();
  }

  function wantsProblem(accept: string | null | undefined): boolean {
    if (alwaysProblem) return true;
    if (problemFormat === undefined || !accept || !accept.includes('problem')) return false;
    return new Negotiator({ headers: { accept } }).mediaType(MEDIA_TYPES) === 'application/problem+json';
  }

  /** The start of the envelope for a code and message, which repeat: cached per code. */
  const envelopeStarts = new Map<string, { message: string; json: string }>();

  function envelopeStart(code: string, message: string): string {
    const cached = envelopeStarts.get(code);
    if (cached !== undefined && cached.message === message) return cached.json;
    const json = `{"success":false,"error":{"code":${jsonString(code)},"message":${jsonString(message)}`;
    if (envelopeStarts.size >= 512) envelopeStarts.clear(); // params-made messages must not grow it without bound
    envelopeStarts.set(code, { message, json });
    return json;
  }

  /**
   * `formatEnvelope` and `JSON.stringify` in one step, byte for byte, for the shapes core makes; undefined for
   * anything else (a hook may have put any value on the problem), which then takes the general path.
   */
  function envelopeBody(problem: Problem, requestId: unknown, timestamp: string, stack: string | undefined) {
    const { code, message, details, params } = problem;
    if (typeof code !== 'string' || typeof message !== 'string') return undefined;
    if (typeof requestId !== 'string' || typeof timestamp !== 'string') return undefined;
    let body = envelopeStart(code, message);
    if (details !== undefined) {
      // toJSON would be called with another key than in the envelope: leave that to the general path
      if (typeof (details as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const json = JSON.stringify(details);
      if (json !== undefined) body += `,"details":${json}`;
    }
    if (params !== undefined) {
      if (typeof (params as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const json = JSON.stringify(params);
      if (json !== undefined) body += `,"params":${json}`;
    }
    if (stack !== undefined) body += `,"stack":${jsonString(stack)}`;
    return `${body}},"meta":{"request_id":${jsonString(requestId)},"timestamp":${jsonString(timestamp)}}}`;
  }

  function respond(thrown: unknown, request: RequestInfo): ErrataResponse {
    const timestamp = timestampOf();
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
      reportFailure(failure, request);
      return staticInternalError(request.requestId, timestamp, requestIdHeader);
    }
    if (problem === undefined) return staticInternalError(request.requestId, timestamp, requestIdHeader);
    try {
      const asProblem = wantsProblem(request.accept);
      const formatter = (asProblem ? problemFormat : undefined) ?? format;
      const stack = debug ? readString(thrown, 'stack', 16_384) : undefined;
      let body: string | undefined;
      if (formatter === formatEnvelope) {
        try {
          body = envelopeBody(problem, request.requestId, timestamp, stack);
        } catch {
          // something a hook put on the problem that JSON.stringify rejects: the general path makes it safe
        }
      }
      if (body === undefined) {
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
          stack,
        };
        body = serialize(formatter(publicProblem, context));
      }
      return { status: problem.status, headers: errorHeaders(problem.headers, asProblem, request.requestId), body };
    } catch (failure) {
      reportFailure(failure, request);
      return staticInternalError(request.requestId, timestamp, requestIdHeader);
    }
  }

  function errorHeaders(own: Readonly<Record<string, string>>, asProblem: boolean, id: string): Record<string, string> {
    const contentType = asProblem ? PROBLEM_TYPE : JSON_TYPE;
    // The same keys, in the same order, as spreading `own` first: most errors have no headers of their own.
    const headers: Record<string, string> = isEmpty(own)
      ? { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }
      : { ...own, 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    headers[requestIdHeader] = id;
    return headers;
  }

  function success(data: unknown, request: RequestInfo, successOptions: { status?: number } = {}): ErrataResponse {
    let body: string;
    try {
      body = successBody(data, request.requestId, timestampOf());
    } catch (error) {
      return respond(error, request);
    }
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    headers[requestIdHeader] = request.requestId;
    return { status: successOptions.status ?? 200, headers, body };
  }

  function notFound(request: RequestInfo, allow?: readonly string[]): ErrataResponse {
    const catalog = options.catalog as unknown as {
      NOT_FOUND: () => unknown;
      METHOD_NOT_ALLOWED: (params: { allow: readonly string[] }) => unknown;
    };
    const methods = allow === undefined || allow.length === 0 ? [] : normalizeAllow(allow);
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

/** `JSON.stringify` of a string: most need no escaping (no quote, backslash, control character or surrogate). */
function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/**
 * The success envelope, byte for byte as `JSON.stringify({ success: true, data, meta })`: the data is stringified
 * inside a one-key wrapper, so its `toJSON` sees the same key, and the rest is written around it.
 */
function successBody(data: unknown, requestId: string, timestamp: string): string {
  const value = data === undefined ? null : data;
  if (typeof requestId !== 'string' || typeof timestamp !== 'string') {
    return JSON.stringify({ success: true, data: value, meta: { request_id: requestId, timestamp } });
  }
  const wrapped = JSON.stringify({ data: value }); // `{}` when data is a function or a Symbol: the key is left out
  const meta = `"meta":{"request_id":${jsonString(requestId)},"timestamp":${jsonString(timestamp)}}}`;
  return wrapped.length > 2 ? `{"success":true,${wrapped.slice(1, -1)},${meta}` : `{"success":true,${meta}`;
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
