import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type CatalogLike, createErrata, type Errata, type ErrataOptions, type EventProducer } from '@errata/core';
import {
  type ClientSocket,
  clientErrorListener,
  connectionEnded,
  contentEncodingProblem,
  framingInDoubt,
  hasBody,
  headerLines,
  jsonBodyProblem,
  routedPath,
  routedTarget,
  targetProblem,
  warnOnce,
} from '@errata/core/adapter';
import type { TSchema } from '@sinclair/typebox';
import type { Application, ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import typeis from 'type-is';
import type { WebSocketServer } from 'ws';
import { captureThrown, markCaptured, routerStack, unbox } from './capture-thrown';
import { eventStream } from './event-stream';
import { hasRequestId, requestIdOf, requestInfo, requestStateOf, successInfo } from './request-info';
import {
  type CodeOf,
  type ExpressRoute,
  expressRoutes,
  type RouteErrorsHandler,
  routeErrorsMiddleware,
} from './route-errors';
import { routedMethods } from './routed-methods';
import { createValidate, type ValidatedHandler, type ValidateOptions, type ValidateSchemas } from './validator';
import { attachWebSocket, type WebSocketOptions } from './websocket';
import { writeResponse, writeSuccess } from './write-response';

/** Typed like `express.json()` (Node's request and response), so it never stands in the way of `validate`'s types. */
export type RequireJsonHandler = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

export interface RequireJsonOptions {
  /** The media types to accept, as `express.json({ type })` takes them (pass the same). Default `application/json`. */
  type?: string | string[];
  /**
   * Content codings to let through to express.json(), which inflates `gzip` and `deflate` (Express 5 also `br`).
   * Default none: any coding but `identity` is UNSUPPORTED_MEDIA_TYPE, as in Hono and Fastify.
   */
  encodings?: readonly string[];
}

/** errata for one Express app (4 or 5): its middleware, error handler and helpers. */
export interface ExpressErrata<C extends CatalogLike = CatalogLike> {
  /** The core instance, typed with your catalog, for anything the helpers do not cover. */
  readonly errata: Errata<C>;
  /**
   * Mounts everything in one call, before your routes: `middleware` now, and `notFound` and `errorHandler` after the
   * last route (placed on the first request, once every route is declared).
   * @example const app = express(); e.install(app); app.get('/ok', (req, res) => e.success(res, 'ok'));
   */
  install(app: Application): void;
  /**
   * Mount first: sets the request id on every response and captures what handlers throw or reject (falsy values
   * included, which Express would read as "no error").
   * @example app.use(e.middleware)
   */
  readonly middleware: RequestHandler;
  /**
   * The HTTP server's `clientError` listener: a request Node's parser refuses before Express runs (a raw non-ASCII
   * byte in the target, an unknown method, a head over 16 KiB) is answered with errata's envelope (400 BAD_REQUEST,
   * or 431), a fresh request id and `Connection: close`, instead of Node's bare 400.
   * @example const server = app.listen(3000); server.on('clientError', e.clientError)
   */
  readonly clientError: (error: Error, socket: ClientSocket) => void;
  /**
   * Mount after the routes: 404 NOT_FOUND, or 405 METHOD_NOT_ALLOWED with `Allow` when the path has other methods.
   * @example app.use(e.notFound)
   */
  readonly notFound: RequestHandler;
  /**
   * Mount last: answers any error as core decides; once a response has started, the socket is closed instead.
   * @example app.use(e.errorHandler)
   */
  readonly errorHandler: ErrorRequestHandler;
  /**
   * Answers `{ success: true, data, meta }` with the request id.
   * @example e.success(res, order, { status: 201 })
   */
  success(res: Response, data: unknown, options?: { status?: number }): void;
  /**
   * The request id errata answers this request with (kept from the configured header or generated), the same in
   * every response and log line.
   * @example logger.info({ request_id: e.requestIdOf(req) })
   */
  requestIdOf(req: Request): string;
  /**
   * Validates request parts against TypeBox schemas (coerced, defaults applied) or Standard Schemas (Zod, Valibot,
   * ArkType); every failing part is reported in one VALIDATION_ERROR, and handlers after it see the typed values.
   * @example app.get('/ticker', e.validate({ query: Type.Object({ symbol: Type.String() }) }), (req, res) => e.success(res, req.query))
   */
  validate<const S extends ValidateSchemas>(schemas: S, options?: ValidateOptions): ValidatedHandler<S>;
  /**
   * Checks a body that must be JSON before `express.json()` reads it (which would skip other types silently): another
   * media type than `type` (default `application/json`, as `express.json()`), a Content-Type that is not one
   * well-formed media type, a charset other than UTF-8, or a Content-Encoding not in `encodings`, is
   * UNSUPPORTED_MEDIA_TYPE; a JSON type with an empty body is INVALID_JSON.
   * @example app.post('/orders', e.requireJson(), express.json(), createOrder)
   */
  requireJson(options?: RequireJsonOptions): RequireJsonHandler;
  /**
   * Serves a WebSocket path on the app's HTTP server (with `ws`): errors thrown in its handlers become error frames.
   * @example e.websocket(server, { path: '/v1/stream', schema: Subscribe, message: (socket, m) => subscribe(socket, m) })
   */
  websocket<S extends TSchema | undefined = undefined>(server: Server, options: WebSocketOptions<S>): WebSocketServer;
  /**
   * Answers with a Server-Sent Events stream that `producer` writes; what it throws is sent as an `error` event.
   * @example app.get('/events', (req, res) => e.eventStream(res, (stream) => stream.send('tick', price())))
   */
  eventStream(res: Response, producer: EventProducer): void;
  /**
   * Declares the codes a route may answer besides INTERNAL_ERROR: its OpenAPI operation lists them, and outside
   * production an answer with another code is reported once. Unknown codes throw at once.
   * @example app.get('/orderbook/:symbol', e.routeErrors(['SYMBOL_NOT_FOUND']), handler)
   */
  routeErrors(errors: readonly CodeOf<C>[]): RouteErrorsHandler;
  /**
   * Every route of the app with the codes it declares, for `buildDocument` or `mergeDocument` (@errata/openapi).
   * @example buildDocument({ catalog: errors, routes: e.routesOf(app) })
   */
  routesOf(app: Application): ExpressRoute[];
}

/**
 * Express matches routes against the raw path; Hono and Fastify resolve dot segments and decode %-escapes first
 * (`/x/../%6Fk` is `/ok`). The routes after e.middleware see the path as they do (`req.originalUrl` keeps it as sent).
 */
function routeDecoded(req: Request): void {
  const routed = routedTarget(req.url);
  if (routed !== req.url) req.url = routed;
}

/** After Node's parser had its say on the request's framing: route it, unless its connection was answered and ended. */
function routeUnlessEnded(req: Request, next: NextFunction, error: unknown): void {
  if (!connectionEnded(req.socket)) next(error);
}

const NOT_MOUNTED =
  'errata: e.middleware did not run before this request reached errata (mount `app.use(e.middleware)` before your routes, or call `e.install(app)`). Without it a handler that throws a falsy value (`throw null`) is answered 404 and async rejections escape Express 4.';

/**
 * Configures errata for an Express 4 or 5 app.
 * @example
 * const e = errata({ catalog: errors });
 * app.use(e.middleware);
 * app.get('/ok', (req, res) => e.success(res, { ok: true }));
 * app.use(e.notFound);
 * app.use(e.errorHandler);
 */
export function errata<C extends CatalogLike>(options: ErrataOptions<C>): ExpressErrata<C> {
  const core = createErrata(options);
  const installed = new WeakSet<object>();

  const guarded = new WeakSet<object>();
  type Handle = (req: IncomingMessage, res: ServerResponse, callback?: unknown) => unknown;

  /**
   * Express's router reads the target with Node's legacy URL parser, which throws on some absolute-form targets (a bad
   * escape in a userinfo, `http://%@host/`): finalhandler then answers its own HTML 404 before any middleware runs. A
   * target core refuses that is not origin-form is answered here, before the router, as the middleware would answer
   * it; `install` guards the app at once, the middleware from its first request on.
   */
  function guardTargets(app: Application): void {
    if (guarded.has(app)) return;
    guarded.add(app);
    const target = app as unknown as { handle: Handle };
    const handle = target.handle;
    target.handle = function errataHandle(this: unknown, req, res, callback) {
      const url = req.url ?? '';
      if (url[0] === '/' || targetProblem(url) === undefined) return handle.call(this, req, res, callback);
      const request = req as Request;
      res.setHeader(core.requestIdHeader, requestIdOf(request, core));
      writeResponse(res as Response, core.respond(options.catalog.BAD_REQUEST(), requestInfo(request, core)));
      return undefined;
    };
  }

  const prepared = new WeakSet<object>();

  /**
   * What the middleware does once per app, on the app's first request: its targets guarded, its layers wrapped (later
   * ones are wrapped as Express pushes them), the tail placed after the routes `install` saw declared.
   */
  function prepare(app: Application): void {
    guardTargets(app);
    const stack = routerStack(app);
    captureThrown(stack);
    if (installed.has(app) && !placed.has(app)) placeTail(app);
    if (stack.length > 0) prepared.add(app); // no router yet (the middleware called by hand): again next time
  }

  function errataMiddleware(req: Request, res: Response, next: NextFunction): void {
    const { app } = req;
    if (!prepared.has(app)) prepare(app);
    const state = requestStateOf(req, core, res);
    res.setHeader(core.requestIdHeader, state.id);
    state.screen = core.checkInput; // the wrapped layers screen a parsed body with this instance's limits
    // A target that is no URL, or a malformed %-escape in its path: 400 before any route, as in every adapter
    const problem = targetProblem(req.originalUrl || req.url);
    if (problem === undefined) routeDecoded(req);
    const error = problem === undefined ? undefined : options.catalog[problem]();
    if (!framingInDoubt(req.headers['transfer-encoding'])) next(error);
    // Node's parser may refuse this framing once this callback returns (its clientError listener then answers): a
    // synchronous route would have answered first, and run for a request Node refused. No closure here: one in this
    // function would cost every request its context (~1.5% of the plain row's instructions, bench/RESULTS.md)
    else setImmediate(routeUnlessEnded, req, next, error);
  }

  function errataNotFound(req: Request, res: Response): void {
    if (!hasRequestId(req)) warnOnce(NOT_MOUNTED);
    const info = requestInfo(req, core);
    writeResponse(res, core.notFound(info, routedMethods(req.app, routedPath(info.path))));
  }

  function errataErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (!hasRequestId(req)) warnOnce(NOT_MOUNTED);
    const answer = core.respond(unbox(error), requestInfo(req, core)); // onError runs here, once, even if not written
    if (!res.headersSent) writeResponse(res, answer);
    // Mid-stream: Express's final handler destroys the socket, so the client sees a cut-off response, not glued JSON.
    else if (!res.writableEnded) next(error);
  }

  const middleware = markCaptured(errataMiddleware);
  const notFound = markCaptured(errataNotFound);
  const errorHandler = markCaptured(errataErrorHandler);
  const placed = new WeakSet<object>();

  /** The 404 and error handlers go after every route declared so far: the first request comes after the routes. */
  function placeTail(app: Application): void {
    placed.add(app);
    app.use(notFound);
    app.use(errorHandler);
  }

  return {
    errata: core,
    install(app) {
      installed.add(app);
      prepared.delete(app); // installed after the middleware saw the app: the tail is placed on the next request
      guardTargets(app);
      app.use(middleware);
    },
    middleware,
    clientError: clientErrorListener(core),
    notFound,
    errorHandler,
    success: (res, data, successOptions = {}) =>
      writeSuccess(res, core.success(data, successInfo(res.req, core), successOptions)),
    requestIdOf: (req) => requestIdOf(req, core),
    // A validated route takes the same input limits as an unvalidated one unless its own options say otherwise
    validate: createValidate(options.catalog, {
      ...options.inputLimits,
      ...(options.maxDetails === undefined ? {} : { maxDetails: options.maxDetails }),
    }),
    requireJson: ({ type = 'application/json', encodings = [] } = {}) =>
      markCaptured(function errataRequireJson(req: IncomingMessage, _res: ServerResponse, next: NextFunction): void {
        const { headers } = req;
        // type-is matches the configured types (wildcards, `+json`) exactly as express.json() will; core does the rest.
        // On the media type core parsed, not on the request: req.is() says null for a request without a body.
        const types = [type].flat();
        const accepts = (mediaType: string) => typeis.is(mediaType, types) !== false;
        const withBody = hasBody(headers['content-length'], headers['transfer-encoding']);
        const code =
          contentEncodingProblem(headers['content-encoding'], withBody, encodings) ??
          jsonBodyProblem(headerLines(req.rawHeaders, 'content-type'), withBody, accepts);
        next(code === undefined ? undefined : options.catalog[code]());
      }),
    websocket: (server, socketOptions) => attachWebSocket(core, server, socketOptions),
    eventStream: (res, producer) => eventStream(core, res, producer),
    routeErrors: (errors) => routeErrorsMiddleware(options.catalog, errors),
    routesOf: (app) => expressRoutes(app),
  };
}
