import Negotiator from 'negotiator';
import type { ParamsJson } from './declared-params';
import type { CatalogLike } from './define-errors';
import type { RequestPart } from './details';
import {
  createProblemFormatter,
  type FormatContext,
  type Formatter,
  formatEnvelope,
  type SuccessFormatter,
  wireDetails,
} from './formats';
import { closeFor, type ErrataFrame, formatFrame, isFatal } from './frames';
import { type InputLimits, resolveInputLimits, screenInput } from './input-limits';
import { isoNow } from './iso-time';
import { jsonString } from './json-string';
import { generateRequestId, isValidRequestId, type RequestIdOptions } from './request-id';
import { isErrorLike, read, readString } from './safe';
import { toJsonSafe } from './to-json-safe';
import { type ErrorMapper, statusText, toProblem } from './to-problem';
import type { ErrataResponse, Problem, PublicProblem } from './types';
import { warnOnce } from './warn-once';

/** A pino-style logger (Fastify's `request.log`, pino, or the console adapter errata uses by default). */
export interface ErrataLogger {
  error(object: Record<string, unknown>, message?: string): void;
}

/**
 * What the `onError` hook receives for every error response, for logging and metrics: read-only (typed so), and given
 * after the response is computed, so nothing the hook does can change the answer. (Not frozen at run time: freezing
 * two objects per error costs more than the guarantee it would add.)
 */
export interface ErrataErrorEvent {
  readonly problem: Readonly<Problem>;
  /** The value that was thrown, unmodified (params untrimmed: this is for the server's eyes only). */
  readonly error: unknown;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** The request's logger, when the framework has one; else errata's JSON-lines logger on stderr. */
  readonly log: ErrataLogger;
}

/** What core needs to know about the request being answered. */
export interface ErrataRequest {
  requestId: string;
  method: string;
  /** The path without the query string; `''` for a target that is no URL (`targetPath`), answered without negotiation. */
  path: string;
  /** The `Accept` header. */
  accept?: string | null | undefined;
  /** The framework's request logger, if any. */
  log?: ErrataLogger | undefined;
  /** The matched route and the codes it declares it may answer, when it declares them (for the docs). */
  route?: ErrataRoute | undefined;
}

/**
 * A route's declaration of the codes it may answer (what its OpenAPI operation lists). Outside production, an answer
 * with another code is reported once, so the docs cannot silently lie. INTERNAL_ERROR is implied: any route can fail.
 */
export interface ErrataRoute {
  /** The route's path as declared, e.g. `/v1/orderbook/:symbol`. */
  readonly path: string;
  readonly errors: readonly string[];
}

export interface ErrataOptions<C extends CatalogLike = CatalogLike> {
  /** The catalog made by `defineErrors`. */
  catalog: C;
  /** Body shape: errata's envelope (default), RFC 9457 problem details, or your own function. */
  format?: 'envelope' | 'problem' | Formatter;
  /**
   * WebSocket error frames: errata's `{ type: 'error', error, meta }` (default) or your own function of the same
   * problem, e.g. `(p) => ({ type: 'ERROR', payload: { code: p.code, message: p.message } })`.
   */
  frame?: Formatter;
  /** Success body shape: errata's `{ success: true, data, meta }` (default) or your own function of the data. */
  successFormat?: SuccessFormatter;
  /** Answer `application/problem+json` to clients that ask for it (Accept). Default false. */
  problemDetails?: boolean | { typeBase?: string };
  /** Turn foreign errors into catalog errors; run first, in order. */
  mappers?: readonly ErrorMapper[];
  /** Header names kept from foreign errors besides Retry-After, WWW-Authenticate and Allow. */
  allowedHeaders?: readonly string[];
  /** Request id header, generator and validation. */
  requestId?: RequestIdOptions;
  /** Called once for every error response, after it is computed. Default: log 5xx with their stack; 4xx are not logged. */
  onError?: (event: ErrataErrorEvent) => void;
  /** Add the stack to error bodies. Ignored when NODE_ENV is `production`. Default false. */
  debug?: boolean;
  /** Most details in one response. Default 50. */
  maxDetails?: number;
  /**
   * How deep and how big a request body (or query) an adapter lets through to a route without a validator; deeper or
   * bigger is VALIDATION_ERROR with rule `maxDepth` / `maxValues`. Default `{ maxDepth: 64, maxValues: 100_000 }`.
   */
  inputLimits?: Partial<InputLimits>;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The configured errata instance that adapters ask for every response. */
export interface Errata<C extends CatalogLike = CatalogLike> {
  readonly catalog: C;
  /** The request id header name, lower-cased. */
  readonly requestIdHeader: string;
  /** The `inputLimits` option resolved (defaults 64 levels, 100 000 values): validators built before it take these. */
  readonly inputLimits: Readonly<InputLimits>;
  /**
   * The one request-id policy: keeps a valid inbound id (the configured `validate`, and always header-safe) or makes
   * a new one (the configured `generate`, checked the same way).
   */
  requestId(inbound: unknown): string;
  /** Normalises a thrown value (mappers included). May throw only if a mapper throws. */
  problem(thrown: unknown): Problem;
  /** The full error response for anything thrown. Never throws. */
  respond(thrown: unknown, request: ErrataRequest): ErrataResponse;
  /**
   * A success answer: `{ success: true, data, meta }`, or what `successFormat` makes of the data. Never throws: data
   * (or a success formatter) that fails answers 500.
   */
  success(data: unknown, request: ErrataRequest, options?: { status?: number }): ErrataResponse;
  /**
   * The answer for a request no route answered: 405 METHOD_NOT_ALLOWED with `Allow` when the path has routes for other
   * methods only, else 404 NOT_FOUND. Adapters report the methods routed at the path (`ALL` for a route of every
   * method); when one of them is the request's own (or GET for HEAD), a handler passed it on: a plain 404.
   */
  notFound(request: ErrataRequest, routedMethods?: readonly string[]): ErrataResponse;
  /**
   * The WebSocket error frame for anything thrown (the same problem, masking and onError report as `respond`), and
   * the close to send after it when the error ends the connection: always with `fatal: true`; by default for a
   * message too large and for a server failure that is not retryable. Never throws.
   */
  errorFrame(thrown: unknown, request: ErrataRequest, options?: { fatal?: boolean }): ErrataFrame;
  /**
   * A WebSocket data frame `{ type, data, meta }`. Never throws: data that cannot be serialised gives the error frame.
   */
  dataFrame(type: string, data: unknown, request: ErrataRequest): ErrataFrame;
  /**
   * Screens a parsed request part (plain objects and arrays; anything else passes as it is) before any handler sees
   * it: within `inputLimits` it comes back without `__proto__` keys (and `constructor` keys holding a `prototype`);
   * beyond them, `error` is the catalog's VALIDATION_ERROR with one detail (rule `maxDepth` or `maxValues`) to throw.
   * Never throws.
   */
  checkInput(value: unknown, location: RequestPart): CheckedInput;
}

/** What `checkInput` makes of a request part: the value to use, or the error to answer. */
export type CheckedInput = { ok: true; value: unknown } | { ok: false; error: unknown };

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const MEDIA_TYPES = ['application/json', 'application/problem+json'];

/**
 * errata's logger when the framework has none: one JSON line per record on stderr, with pino's field names, so
 * line-based log shippers keep a stack trace in one record.
 */
const consoleLogger: ErrataLogger = {
  error(object, message) {
    console.error(jsonLogLine(object, message));
  },
};

function jsonLogLine(object: Record<string, unknown>, message: string | undefined): string {
  const record: Record<string, unknown> = { level: 50, time: Date.now(), msg: message ?? '' };
  for (const [key, value] of Object.entries(object)) {
    record[key] = key === 'err' ? serializeError(value) : toJsonSafe(value);
  }
  return JSON.stringify(record);
}

/** pino's `err` shape: `type`, `message`, `stack` (what pino's std serializer writes), for any thrown value. */
function serializeError(value: unknown): Record<string, unknown> {
  if (!isErrorLike(value)) return { type: value === null ? 'null' : typeof value, message: safeString(value) };
  const out: Record<string, unknown> = {
    type: readString(value, 'name', 128) ?? 'Error',
    message: readString(value, 'message', 16_384) ?? '',
    stack: readString(value, 'stack', 16_384) ?? '',
  };
  const code = read(value, 'code');
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  return out;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'symbol' ? value.toString() : String(value).slice(0, 1024);
  } catch {
    return '[unprintable]';
  }
}

/** Default hook: 5xx are logged with the thrown value (its stack included); 4xx are the client's business. */
function logServerErrors(event: ErrataErrorEvent): void {
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
  if (typeof (globalThis as { crypto?: { randomUUID?: unknown } }).crypto?.randomUUID !== 'function') {
    // Fail here, once, rather than on every request (Node 18 has no global crypto.randomUUID).
    throw new Error(
      'errata: this runtime has no Web Crypto `crypto.randomUUID()`, which errata uses for request ids. Use Node.js 20 or later, Bun, Deno or a Workers runtime.',
    );
  }
  const timestampOf = options.now ? () => (options.now as () => Date)().toISOString() : isoNow;
  // errata's own clock writes nothing JSON escapes; a test clock is any function, so its output is escaped as needed.
  const timestampJson = options.now ? jsonString : quoted;
  const requestIdOptions = options.requestId ?? {};
  const requestIdHeader = (requestIdOptions.header ?? 'x-request-id').toLowerCase();
  const defaultIdHeader = requestIdHeader === 'x-request-id';
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
  const frameFormat = options.frame ?? formatFrame;
  const successFormat = options.successFormat;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const debug = options.debug === true && env?.NODE_ENV !== 'production';
  const checkDeclared = env?.NODE_ENV !== 'production';
  const onError = options.onError ?? logServerErrors;
  const inputLimits = Object.freeze(resolveInputLimits(options.inputLimits ?? {}));
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
  function envelopeBody(
    problem: Problem,
    requestId: unknown,
    timestamp: string,
    stack: string | undefined,
    paramsJson: string | undefined,
  ) {
    const { code, message, details, params } = problem;
    if (typeof code !== 'string' || typeof message !== 'string') return undefined;
    if (typeof requestId !== 'string' || typeof timestamp !== 'string') return undefined;
    let body = envelopeStart(code, message);
    if (details !== undefined) {
      // toJSON would be called with another key than in the envelope: leave that to the general path
      if (typeof (details as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const json = JSON.stringify(wireDetails(details));
      if (json !== undefined) body += `,"details":${json}`;
    }
    if (paramsJson !== undefined) body += `,"params":${paramsJson}`;
    else if (params !== undefined) {
      if (typeof (params as { toJSON?: unknown }).toJSON === 'function') return undefined;
      const json = JSON.stringify(params);
      if (json !== undefined) body += `,"params":${json}`;
    }
    if (stack !== undefined) body += `,"stack":${jsonString(stack)}`;
    return `${body}},"meta":{"request_id":${jsonString(requestId)},"timestamp":${timestampJson(timestamp)}}}`;
  }

  function respond(thrown: unknown, request: ErrataRequest): ErrataResponse {
    const timestamp = timestampOf();
    let problem: Problem;
    let response: ErrataResponse | undefined;
    let paramsJson: string | undefined;
    try {
      // one per call: a mapper or a getter may answer another error with this instance while this one is made
      const slot: ParamsJson = { json: undefined };
      problem = toProblem(thrown, toProblemOptions, slot);
      paramsJson = slot.json;
    } catch (failure) {
      // A mapper threw (a revoked Proxy trips `instanceof`): the same negotiated 500 as any unknown value, so what
      // the client sees does not depend on where a framework happened to trip over the value first.
      reportFailure(failure, request);
      problem = internalProblem(thrown);
    }
    if (checkDeclared && request.route !== undefined) checkDeclaredCode(problem.code, request);
    try {
      response = answer(problem, thrown, request, timestamp, paramsJson);
    } catch (failure) {
      reportFailure(failure, request); // the formatter threw
    }
    try {
      const log = request.log ?? consoleLogger;
      const { requestId, method, path } = request;
      onError({ problem, error: thrown, requestId, method, path, log });
    } catch (failure) {
      reportFailure(failure, request);
      return staticInternalError(request.requestId, timestamp, requestIdHeader);
    }
    return response ?? staticInternalError(request.requestId, timestamp, requestIdHeader);
  }

  function checkInput(value: unknown, location: RequestPart): CheckedInput {
    // What JSON and query parsers make; anything else (a stream, a Buffer, a parser's own class) is not walked
    if (!isPlainData(value)) return { ok: true, value };
    const screened = screenInput(value, location, inputLimits);
    if (screened.ok) return screened;
    return { ok: false, error: options.catalog.VALIDATION_ERROR({ details: [screened.detail] }) };
  }

  function answer(
    problem: Problem,
    thrown: unknown,
    request: ErrataRequest,
    timestamp: string,
    paramsJson: string | undefined,
  ): ErrataResponse {
    // No path: a target that is no URL, refused before anything of the request was trusted (some servers cannot read
    // its headers at all): the JSON envelope, as for a request Node's parser refused
    const asProblem = request.path !== '' && wantsProblem(request.accept);
    const formatter = (asProblem ? problemFormat : undefined) ?? format;
    const stack = debug ? readString(thrown, 'stack', 16_384) : undefined;
    let body =
      formatter === formatEnvelope ? envelopeBody(problem, request.requestId, timestamp, stack, paramsJson) : undefined;
    if (body === undefined) {
      const publicProblem = publicProblemOf(problem, options.catalog);
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
  }

  function errorHeaders(own: Readonly<Record<string, string>>, asProblem: boolean, id: string): Record<string, string> {
    const contentType = asProblem ? PROBLEM_TYPE : JSON_TYPE;
    if (isEmpty(own)) {
      // Most errors have no headers of their own, and most apps keep the default id header: one literal
      if (defaultIdHeader) {
        return {
          'content-type': contentType,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-request-id': id,
        };
      }
      const headers: Record<string, string> = {
        'content-type': contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      };
      headers[requestIdHeader] = id;
      return headers;
    }
    // The same keys in the same order as spreading `own` first, but copied key by key: spreading an object built with
    // computed keys (pickHeaders) takes V8's slow path, ~3x slower for a 405 or a 429 (bench/RESULTS.md).
    const headers: Record<string, string> = {};
    for (const key in own) headers[key] = own[key] as string;
    headers['content-type'] = contentType;
    headers['cache-control'] = 'no-store';
    headers['x-content-type-options'] = 'nosniff';
    headers[requestIdHeader] = id;
    return headers;
  }

  function success(data: unknown, request: ErrataRequest, successOptions: { status?: number } = {}): ErrataResponse {
    const status = successOptions.status ?? 200;
    let body: string;
    try {
      if (successFormat === undefined) {
        body = successBody(data, request.requestId, timestampOf(), timestampJson);
      } else {
        const { requestId, method, path } = request;
        body =
          JSON.stringify(successFormat(data, { requestId, timestamp: timestampOf(), method, path, status })) ?? 'null';
      }
    } catch (error) {
      return respond(error, request);
    }
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    headers[requestIdHeader] = request.requestId;
    return { status, headers, body };
  }

  function notFound(request: ErrataRequest, routedMethods: readonly string[] = []): ErrataResponse {
    const allow = allowedMethods(request.method, routedMethods);
    const error = allow.length > 0 ? options.catalog.METHOD_NOT_ALLOWED({ allow }) : options.catalog.NOT_FOUND();
    return respond(error, request);
  }

  function errorFrame(thrown: unknown, request: ErrataRequest, frameOptions: { fatal?: boolean } = {}): ErrataFrame {
    const timestamp = timestampOf();
    let problem: Problem | undefined;
    let frame: ErrataFrame | undefined;
    try {
      problem = toProblem(thrown, toProblemOptions);
    } catch (failure) {
      reportFailure(failure, request);
    }
    if (problem !== undefined) {
      try {
        const stack = debug ? readString(thrown, 'stack', 16_384) : undefined;
        const { requestId, method, path } = request;
        const data = serialize(
          frameFormat(publicProblemOf(problem, options.catalog), { requestId, timestamp, method, path, stack }),
        );
        const fatal = frameOptions.fatal ?? isFatal(problem);
        frame = { data, close: fatal ? closeFor(problem) : undefined };
      } catch (failure) {
        reportFailure(failure, request);
      }
    }
    try {
      const log = request.log ?? consoleLogger;
      const { requestId, method, path } = request;
      const seen = Object.freeze(problem ?? internalProblem(thrown));
      onError(Object.freeze({ problem: seen, error: thrown, requestId, method, path, log }));
    } catch (failure) {
      reportFailure(failure, request);
      return staticInternalFrame(request.requestId, timestamp);
    }
    return frame ?? staticInternalFrame(request.requestId, timestamp);
  }

  function dataFrame(type: string, data: unknown, request: ErrataRequest): ErrataFrame {
    let body: string;
    try {
      const meta = JSON.stringify({ request_id: request.requestId, timestamp: timestampOf() });
      const wrapped = JSON.stringify({ type, data: data === undefined ? null : data });
      body = `${wrapped.slice(0, -1)},"meta":${meta}}`;
    } catch (error) {
      return errorFrame(error, request);
    }
    return { data: body, close: undefined };
  }

  return {
    catalog: options.catalog,
    requestIdHeader,
    inputLimits,
    requestId,
    problem: (thrown) => toProblem(thrown, toProblemOptions),
    respond,
    success,
    notFound,
    errorFrame,
    dataFrame,
    checkInput,
  };
}

/** The frame when errata's own user code (a mapper, the frame formatter or the hook) fails: nothing user-made in it. */
function staticInternalFrame(requestId: string, timestamp: string): ErrataFrame {
  return {
    data: `{"type":"error","error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred."},"meta":{"request_id":${JSON.stringify(requestId)},"timestamp":"${timestamp}"}}`,
    close: { code: 1011, reason: 'INTERNAL_ERROR' },
  };
}

/**
 * The 404-or-405 rule, in one place: the methods for an `Allow` header, or none (a 404). None when nothing is routed
 * at the path, or when the request's own method is (a handler passed the request on), counting a route of every
 * method (`ALL`, Express's `_all`, `*`) and GET for HEAD.
 * @example allowedMethods('DELETE', ['get', 'post']) // ['GET', 'HEAD', 'POST']
 */
export function allowedMethods(method: string, routedMethods: readonly string[]): string[] {
  if (routedMethods.length === 0) return [];
  const own = method.toUpperCase();
  const set = new Set<string>();
  for (const routed of routedMethods) {
    const name = routed.toUpperCase();
    if (name === 'ALL' || name === '_ALL' || name === '*' || name === own || (own === 'HEAD' && name === 'GET')) {
      return [];
    }
    if (/^[!#$%&'*+.^_`|~0-9A-Z-]+$/.test(name)) set.add(name);
  }
  if (set.has('GET')) set.add('HEAD');
  return [...set].sort();
}

/**
 * The fields of a problem a formatter may see; `title` is the code's own, else the status's reason phrase.
 * @example formatter(publicProblemOf(problem, catalog), context)
 */
export function publicProblemOf(problem: Problem, catalog: CatalogLike): PublicProblem {
  const { status, code, message, details, params, retryable } = problem;
  const title = catalog.definition(code)?.title ?? statusText(status) ?? (status >= 500 ? 'Server Error' : 'Error');
  return { status, code, title, message, details, params, retryable };
}

/** Reports, once per route and code, an answer the route's declaration (and so its docs) leaves out. */
function checkDeclaredCode(code: string, request: ErrataRequest): void {
  const route = request.route as ErrataRoute;
  if (code === 'INTERNAL_ERROR' || route.errors.includes(code)) return;
  warnOnce(
    `errata: ${request.method} ${route.path} answered ${code}, which the route does not declare, so its OpenAPI operation and error reference leave it out. Add ${code} to the route's declared errors.`,
  );
}

/** A string that needs no escaping, as JSON. */
function quoted(text: string): string {
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
function successBody(
  data: unknown,
  requestId: string,
  timestamp: string,
  timestampJson: (timestamp: string) => string,
): string {
  const value = data === undefined ? null : data;
  if (typeof requestId !== 'string' || typeof timestamp !== 'string') {
    return JSON.stringify({ success: true, data: value, meta: { request_id: requestId, timestamp } });
  }
  const wrapped = JSON.stringify({ data: value }); // `{}` when data is a function or a Symbol: the key is left out
  const meta = `"meta":{"request_id":${jsonString(requestId)},"timestamp":${timestampJson(timestamp)}}}`;
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

function isPlainData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The problem for a value errata cannot read: a mapper threw on it. */
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

function reportFailure(failure: unknown, request: ErrataRequest): void {
  try {
    (request.log ?? consoleLogger).error(
      { err: failure, request_id: request.requestId },
      'errata: a mapper, formatter or onError hook threw; answered with a 500',
    );
  } catch {
    // even the logger failed: nothing more can be done safely
  }
}
