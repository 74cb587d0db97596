/*
 * Over the ~150-line budget: src (tests and fixture-app.ts aside) is ~225 lines of code. Express reads a thrown falsy
 * value as `next()` and Express 4 drops async rejections, so every handler is wrapped (capture-thrown.ts); Express
 * keeps no per-path method index for 405s (allowed-methods.ts); Express 4 and 5 differ in where the router lives and
 * what Layer#match returns; and ~45 lines are type declarations (ExpressErrata, the validate types).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CatalogLike,
  createErrata,
  type Errata,
  type ErrataLogger,
  type ErrataOptions,
  type ErrataResponse,
  type RequestInfo,
} from '@errata/core';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { allowedMethods } from './allowed-methods';
import { captureThrown, markCaptured, routerStack, unbox } from './capture-thrown';
import { idFor } from './request-id-of';
import { createValidate, type ValidatedHandler, type ValidateSchemas } from './validate';

/** Typed like `express.json()` (Node's request and response), so it never stands in the way of `validate`'s types. */
export type RequireJsonHandler = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** errata for one Express app (4 or 5): its middleware, error handler and helpers. */
export interface ExpressErrata<C extends CatalogLike = CatalogLike> {
  /** The core instance, for anything the helpers do not cover. */
  readonly core: Errata<C>;
  /**
   * Mount first: sets the request id on every response and catches what handlers throw or reject, falsy values included.
   * @example app.use(e.requestId)
   */
  readonly requestId: RequestHandler;
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
   * @example e.send(res, order, { status: 201 })
   */
  send(res: Response, data: unknown, options?: { status?: number }): void;
  /**
   * Validates and coerces request parts against TypeBox schemas; handlers after it see the typed values.
   * @example app.get('/ticker', e.validate({ query: Type.Object({ symbol: Type.String() }) }), (req, res) => e.send(res, req.query))
   */
  validate<const S extends ValidateSchemas>(schemas: S): ValidatedHandler<S>;
  /**
   * Answers UNSUPPORTED_MEDIA_TYPE to a body of another type than `type` (default `application/json`), which
   * `express.json()` would skip silently.
   * @example app.post('/orders', e.requireJson(), express.json(), createOrder)
   */
  requireJson(options?: { type?: string | string[] }): RequireJsonHandler;
}

/**
 * Configures errata for an Express 4 or 5 app.
 * @example
 * const e = errata({ catalog: errors });
 * app.use(e.requestId);
 * app.get('/ok', (req, res) => e.send(res, { ok: true }));
 * app.use(e.notFound);
 * app.use(e.errorHandler);
 */
export function errata<C extends CatalogLike>(options: ErrataOptions<C>): ExpressErrata<C> {
  const core = createErrata(options);
  const unsupported = (options.catalog as unknown as { UNSUPPORTED_MEDIA_TYPE: () => unknown }).UNSUPPORTED_MEDIA_TYPE;

  const idOf = (req: Request) => idFor(req, () => core.requestId(req.headers[core.requestIdHeader]));

  function infoOf(req: Request): RequestInfo {
    const log = (req as { log?: Partial<ErrataLogger> }).log; // pino-http's request logger, when there is one
    return {
      requestId: idOf(req),
      method: req.method,
      path: (req.originalUrl || req.url).split('?', 1)[0] || '/',
      accept: req.headers.accept,
      log: typeof log?.error === 'function' ? (log as ErrataLogger) : undefined,
    };
  }

  function write(res: Response, answer: ErrataResponse): void {
    res.status(answer.status).set(answer.headers).send(answer.body); // send() leaves the body out for HEAD
  }

  function errataRequestId(req: Request, res: Response, next: NextFunction): void {
    captureThrown(routerStack(req.app));
    res.setHeader(core.requestIdHeader, idOf(req));
    next();
  }

  function errataNotFound(req: Request, res: Response): void {
    const info = infoOf(req);
    write(res, core.notFound(info, allowedMethods(req.app, info.path, req.method)));
  }

  function errataErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
    const answer = core.respond(unbox(error), infoOf(req)); // onError runs here, once, even when nothing is written
    if (!res.headersSent) write(res, answer);
    // Mid-stream: Express's final handler destroys the socket, so the client sees a cut-off response, not glued JSON.
    else if (!res.writableEnded) next(error);
  }

  return {
    core,
    requestId: markCaptured(errataRequestId),
    notFound: markCaptured(errataNotFound),
    errorHandler: markCaptured(errataErrorHandler),
    send: (res, data, sendOptions = {}) => write(res, core.success(data, infoOf(res.req), sendOptions)),
    validate: createValidate(options.catalog),
    requireJson: ({ type = 'application/json' } = {}) =>
      markCaptured(function errataRequireJson(req: IncomingMessage, _res: ServerResponse, next: NextFunction): void {
        // is() says null when there is no body at all; an empty one (Content-Length: 0) has nothing to parse either
        const other = (req as Request).is(type) === false && req.headers['content-length'] !== '0';
        next(other ? unsupported() : undefined);
      }),
  };
}
