import {
  type CatalogLike,
  createErrata,
  type Errata,
  type ErrataOptions,
  type EventProducer,
  type ValidatorOptions,
} from '@errata/core';
import {
  connectionEnded,
  contentEncodingProblem,
  framingInDoubt,
  hasBody,
  headerLines,
  jsonBodyProblem,
  targetProblem,
  warnOnce,
} from '@errata/core/adapter';
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { eventStream } from './event-stream';
import { reportStreamErrors } from './report-stream-errors';
import { requestInfo } from './request-info';
import { declareRouteErrors } from './route-errors';
import { routedMethods } from './routed-methods';
import { errataSchemas, validateRoute } from './validator';
import { writeResponse } from './write-response';

declare module 'fastify' {
  interface FastifyInstance {
    /** The errata instance the plugin configured (typed with `CatalogLike`: Fastify's declarations cannot be generic). */
    errata: Errata;
  }
  interface FastifyReply {
    /** Answers `{ success: true, data, meta }` with the request id; status 200 unless given. */
    success(data: unknown, options?: { status?: number }): FastifyReply;
    /** Answers with a Server-Sent Events stream that `producer` writes; what it throws is sent as an `error` event. */
    eventStream(producer: EventProducer): FastifyReply;
  }
}

export interface ErrataPluginOptions<C extends CatalogLike = CatalogLike> extends ErrataOptions<C> {
  /**
   * Validate routes whose schemas are all TypeBox with core's TypeBox validator (coercion, defaults, errata details,
   * every failing part reported) rather than Fastify's AJV. Default true. Standard Schema routes (Zod, Valibot,
   * ArkType) are always validated by errata: AJV cannot read them.
   */
  typeboxValidation?: boolean;
  /** Limits of errata's validation: `maxDepth`, `maxValues` (default: the `inputLimits` option, else 64 / 100 000), `maxDetails` (default: the `maxDetails` option, else 50). */
  validation?: Omit<ValidatorOptions, 'coerce'>;
}

type Handler = RouteOptions['handler'];

function errataPlugin(fastify: FastifyInstance, options: ErrataPluginOptions, done: (error?: Error) => void): void {
  const errata = createErrata(options);
  const typebox = options.typeboxValidation !== false;
  // Validated routes take the same input limits as unvalidated ones unless `validation` says otherwise
  const validation: ValidatorOptions = {
    ...options.inputLimits,
    ...(options.maxDetails === undefined ? {} : { maxDetails: options.maxDetails }),
    ...options.validation,
  };

  // Fastify does not expose `frameworkErrors`; errataServerOptions() also sets `onProtoPoisoning: 'remove'`, which it does.
  if (fastify.initialConfig.onProtoPoisoning !== 'remove') {
    warnOnce(
      'errata: Fastify was created without errataServerOptions(): a malformed URL is then answered by Fastify itself, not errata. Create it with `Fastify({ ...errataServerOptions(), … })`.',
    );
  }
  fastify.decorate('errata', errata);
  fastify.decorateReply('success', function success(this: FastifyReply, data: unknown, opts?: { status?: number }) {
    return writeResponse(this, errata.success(data, requestInfo(this.request), opts));
  });
  fastify.decorateReply('eventStream', function errataEventStream(this: FastifyReply, producer: EventProducer) {
    return eventStream(errata, this, producer);
  });

  // genReqId is a server option, but fastify-plugin hands us the root instance, whose setGenReqId covers every route
  // (and puts the same id in Fastify's own log lines).
  function errataRequestId(raw: { headers: Record<string, unknown> }): string {
    return errata.requestId(raw.headers[errata.requestIdHeader]);
  }
  fastify.setGenReqId(errataRequestId);
  function checkRequestId(request: FastifyRequest, _reply: FastifyReply, next: () => void): void {
    const id = errata.requestId(request.id);
    if (id !== request.id) request.id = id;
    next();
  }
  // With the `requestIdHeader` server option Fastify takes the inbound header blindly and never calls genReqId; without
  // it every id comes from errataRequestId, already valid, and a hook per request would only cost time.
  const headerTrusted = Boolean(fastify.initialConfig.requestIdHeader);
  const reportUndeclared = process.env.NODE_ENV !== 'production';
  if (headerTrusted) fastify.addHook('onRequest', checkRequestId);
  // One hook for both jobs. The id alone could be echoed in onRequest (Fastify keeps those headers through its error
  // handler), but stream replies have no cheaper watch: a `pipe` listener on every response costs what this hook
  // costs, and the hook also sees streams an earlier hook sends and ids changed later (bench/RESULTS.md, third round).
  fastify.addHook('onSend', function echoRequestId(request, reply, payload, next) {
    reply.header(errata.requestIdHeader, request.id);
    reportStreamErrors(errata, request, reply, payload);
    next(null, payload);
  });

  // A target that is no URL (`*`, a backslash, an absolute URL with no host) is a 400 before any route, as in every
  // adapter (Fastify rejects a malformed %-escape itself, through frameworkErrors). The target as sent: errata's
  // rewriteUrl resolved the dot segments of `request.url`, which may have taken a bad escape with them (`/%zz/../ok`).
  fastify.addHook('onRequest', function errataTarget(request, _reply, done) {
    const problem = targetProblem(request.originalUrl);
    const error = problem === undefined ? undefined : errata.catalog[problem]();
    if (!framingInDoubt(request.headers['transfer-encoding'])) done(error);
    // Node's parser may refuse this framing once this callback returns (its clientError listener then answers): a
    // synchronous route would have answered first, and run for a request Node refused. No closure here: one in this
    // hook would cost every request its context
    else setImmediate(routeUnlessEnded, request, done, error);
  });

  // onRoute sees only routes declared after this plugin has loaded: `await app.register(errata, …)` first.
  fastify.addHook('onRoute', function errataRoute(this: FastifyInstance, route) {
    // A plugin that set its own genReqId: its routes check the id as every route did before.
    if (!headerTrusted && (this as unknown as { genReqId?: unknown }).genReqId !== errataRequestId) {
      route.onRequest = [...[route.onRequest ?? []].flat(), checkRequestId] as NonNullable<RouteOptions['onRequest']>;
    }
    // find-my-way matches `/orderbook/` to `/orderbook/:symbol` with an empty symbol; Express and Hono find no route.
    if (route.url.includes(':')) {
      route.onRequest = [emptyParamIsNotFound, ...[route.onRequest ?? []].flat()] as NonNullable<
        RouteOptions['onRequest']
      >;
    }
    if (readsBody(route.method)) {
      route.preParsing = [errataJsonBody, ...[route.preParsing ?? []].flat()] as NonNullable<
        RouteOptions['preParsing']
      >;
      route.preValidation = [screenBody, ...[route.preValidation ?? []].flat()] as NonNullable<
        RouteOptions['preValidation']
      >;
    }
    route.handler = reportAfterSent(route.handler, errata);
    declareRouteErrors(route, errata.catalog, reportUndeclared);
    const schemas = route.validatorCompiler === undefined ? errataSchemas(route.schema, typebox) : undefined;
    if (schemas !== undefined) validateRoute(route, schemas, errata, validation);
  });

  /** A parsed body, before validation and the handler: within core's input limits, or VALIDATION_ERROR. */
  function screenBody(request: FastifyRequest, _reply: FastifyReply, next: (error?: Error) => void): void {
    const { body } = request;
    if (typeof body !== 'object' || body === null) {
      next();
      return;
    }
    const checked = errata.checkInput(body, 'body');
    if (checked.ok) request.body = checked.value;
    next(checked.ok ? undefined : (checked.error as Error));
  }

  // JSON in the `+json` types too (RFC 6839), as Hono's validator reads it, with Fastify's own JSON parser.
  if (!fastify.hasContentTypeParser(JSON_SUFFIX_TYPES)) {
    const { onProtoPoisoning = 'error', onConstructorPoisoning = 'ignore' } = fastify.initialConfig;
    fastify.addContentTypeParser(
      JSON_SUFFIX_TYPES,
      { parseAs: 'string' },
      fastify.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning),
    );
  }

  /**
   * Fastify's JSON parser ignores the charset, the Content-Encoding, a malformed or second Content-Type: core's rule
   * for a JSON body refuses them, as in Express and Hono. A hook of the routes that read a body (added in onRoute,
   * first of their own), not of the app: Fastify runs an app's preParsing hooks for every request, a GET too, and
   * that alone cost a GET route ~2% in process (bench/RESULTS.md). An unrouted request is answered before parsing.
   */
  function errataJsonBody(
    request: FastifyRequest,
    _reply: FastifyReply,
    payload: RequestPayload,
    done: (error: Error | null, payload?: RequestPayload) => void,
  ): void {
    const { headers } = request;
    const length = headers['content-length'];
    // A zero length written `00` is no body (core's hasBody), but Fastify takes only the string '0' for none
    // (lib/handle-request.js) and would look for a parser of no Content-Type: a 415 where Express and Hono see no body
    if (length !== undefined && length !== '0' && !hasBody(length, headers['transfer-encoding'])) {
      headers['content-length'] = '0';
    }
    const type = headers['content-type'];
    // Fastify never parses the bodies of GET, HEAD and TRACE; other types than JSON are its parsers' business
    if (type === undefined || BODYLESS.has(request.method) || !isJsonType(type)) {
      done(null, payload);
      return;
    }
    const withBody = hasBody(headers['content-length'], headers['transfer-encoding']);
    const code =
      contentEncodingProblem(headers['content-encoding'], withBody) ??
      jsonBodyProblem(headerLines(request.raw.rawHeaders, 'content-type') ?? type, withBody);
    // An empty JSON body (INVALID_JSON) is left to Fastify's parser, which answers it the same, and skips OPTIONS
    if (code === 'UNSUPPORTED_MEDIA_TYPE') done(errata.catalog.UNSUPPORTED_MEDIA_TYPE());
    else done(null, payload);
  }

  fastify.setErrorHandler(function errataErrorHandler(error: unknown, request, reply) {
    // Fastify reads the body of a request no route has before its 404 handler (a QUERY without Content-Type, a type
    // it has no parser for, broken JSON): unrouted, it is a 404/405 whatever its body, as Express and Hono answer it.
    if (request.is404 && isBodyError(error)) {
      writeResponse(reply, errata.notFound(requestInfo(request), routedMethods(fastify, request.url)));
      return;
    }
    const response = errata.respond(error, requestInfo(request));
    if (!reply.raw.headersSent) {
      writeResponse(reply, response);
    } else if (!reply.raw.writableEnded) {
      reply.raw.destroy(); // a started body cannot become an error: cut it, so the client sees it is incomplete
    }
  });
  function errataNotFound(request: FastifyRequest, reply: FastifyReply): void {
    writeResponse(reply, errata.notFound(requestInfo(request), routedMethods(fastify, request.url)));
  }
  // Fastify parses the body of an unrouted request before its 404 handler runs (a bad body would be a 415 or 400):
  // answered in onRequest, the 404 or 405 comes first, as in Express and Hono (a hook that sends the reply ends the
  // lifecycle: the handler itself then runs only for reply.callNotFound()). Fastify applies every lifecycle hook
  // given here to its 404 context (lib/four-oh-four.js), though its types list only preValidation and preHandler.
  const notFoundHooks = { onRequest: [errataNotFound] } as unknown as Parameters<typeof fastify.setNotFoundHandler>[0];
  fastify.setNotFoundHandler(notFoundHooks, errataNotFound);
  done();
}

/** After Node's parser had its say on the request's framing: route it, unless its connection was answered and ended. */
function routeUnlessEnded(request: FastifyRequest, done: (error?: Error) => void, error: Error | undefined): void {
  if (!connectionEnded(request.raw.socket)) done(error);
}

/**
 * Fastify drops an error thrown after the reply was sent (a warning, without the error): report it once through core.
 */
function reportAfterSent(handler: Handler, errata: Errata): Handler {
  function afterSent(error: unknown, request: FastifyRequest, reply: FastifyReply): undefined {
    if (!reply.sent) throw error;
    errata.respond(error, requestInfo(request)); // only for onError: the answer is already out
    return undefined;
  }
  return function errataHandler(this: FastifyInstance, request, reply) {
    try {
      const result: unknown = handler.call(this, request, reply);
      // `return reply.success(…)`: a reply already sent, whose `then` resolves at once and cannot reject; Fastify
      // settles it itself, without the wrapper below (~250 ns per request, bench/RESULTS.md)
      if (result === reply && reply.sent) return result;
      if (typeof (result as { then?: unknown } | null)?.then !== 'function') return result;
      return new ReportingThenable(result as PromiseLike<unknown>, request, reply, afterSent);
    } catch (error) {
      return afterSent(error, request, reply);
    }
  };
}

/**
 * A handler's promise as Fastify settles it (Fastify calls `then` once, with both callbacks): a rejection after the
 * reply was sent is reported, not handed on; anything else reaches Fastify's callbacks directly. `.catch()` did the
 * same with a second promise and a re-throw between the handler and Fastify: ~2-3% of a failing request (bench/RESULTS.md).
 */
class ReportingThenable {
  constructor(
    private readonly pending: PromiseLike<unknown>,
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly afterSent: (error: unknown, request: FastifyRequest, reply: FastifyReply) => undefined,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: a thenable is what Fastify settles a handler's result through
  then(fulfilled?: (value: unknown) => unknown, rejected?: (error: unknown) => unknown): PromiseLike<unknown> {
    return this.pending.then(fulfilled, (error: unknown) => {
      if (!this.reply.sent && rejected !== undefined) return rejected(error);
      return this.afterSent(error, this.request, this.reply); // throws when the reply is not sent
    });
  }
}

/**
 * The errata plugin: error, 404/405 and validation answers, request ids and `reply.success` for the whole app.
 * @example await app.register(errata, { catalog: errors })
 */
export const errata = fp(errataPlugin, { fastify: '5.x', name: '@errata/fastify' });

/** A path parameter matched as empty (`/orderbook/` for `/orderbook/:symbol`) means no route matched: a 404. */
async function emptyParamIsNotFound(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (!hasEmptyParam(request.params)) return undefined;
  reply.callNotFound();
  return reply;
}

function hasEmptyParam(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  for (const [name, value] of Object.entries(params)) if (value === '' && name !== '*') return true;
  return false;
}

/** Errors Fastify raises reading a body, before any handler: its content-type parsing and RFC 10008's QUERY rule. */
function isBodyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('FST_ERR_CTP_') || code === 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE');
}

/** The `+json` media types (RFC 6839), with any parameters, as Fastify hands a Content-Type to a RegExp parser. */
const JSON_SUFFIX_TYPES = /^application\/[\w.!#$&^-]+\+json(;|$)/i;

/** The methods whose body Fastify never reads (fastify.js `bodyless`). */
const BODYLESS = new Set(['GET', 'HEAD', 'TRACE']);

/** Whether Fastify reads a body for a route of these methods: any but the bodyless ones. */
function readsBody(method: RouteOptions['method']): boolean {
  return [method].flat().some((one) => !BODYLESS.has(one.toUpperCase()));
}

function isJsonType(contentType: string): boolean {
  return /^\s*application\/([\w.!#$&^-]+\+)?json\s*(;|$)/i.test(contentType);
}
