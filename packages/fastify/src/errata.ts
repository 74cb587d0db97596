import { type CatalogLike, createErrata, type Errata, type ErrataOptions, type EventProducer } from '@errata/core';
import { hasBody, jsonBodyProblem, warnOnce } from '@errata/core/adapter';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { eventStream } from './event-stream';
import { reportStreamErrors } from './report-stream-errors';
import { requestInfo } from './request-info';
import { declareRouteErrors } from './route-errors';
import { routedMethods } from './routed-methods';
import { isTypeBoxRoute, typeboxValidatorCompiler } from './validator';
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
  /** Validate routes whose schemas are all TypeBox with TypeBox: coercion, defaults, errata details. Default true. */
  typeboxValidation?: boolean;
}

type Handler = RouteOptions['handler'];

function errataPlugin(fastify: FastifyInstance, options: ErrataPluginOptions, done: (error?: Error) => void): void {
  const errata = createErrata(options);
  const compiler =
    options.typeboxValidation === false ? undefined : typeboxValidatorCompiler(errata, options.maxDetails);

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
  fastify.addHook('onSend', function echoRequestId(request, reply, payload, next) {
    reply.header(errata.requestIdHeader, request.id);
    reportStreamErrors(errata, request, reply, payload);
    next(null, payload);
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
    route.handler = reportAfterSent(route.handler, errata);
    declareRouteErrors(route, errata.catalog, reportUndeclared);
    if (compiler && route.validatorCompiler === undefined && isTypeBoxRoute(route.schema)) {
      route.validatorCompiler = compiler;
    }
  });

  // Fastify's JSON parser ignores the charset: JSON in another charset than UTF-8 is refused as Express refuses it.
  fastify.addHook('preParsing', function errataJsonCharset(request, _reply, payload, done) {
    const { headers } = request;
    const type = headers['content-type'];
    if (
      type !== undefined &&
      type.includes('charset') &&
      isJsonType(type) &&
      hasBody(headers['content-length'], headers['transfer-encoding']) &&
      jsonBodyProblem(type, true) !== undefined
    ) {
      done(errata.catalog.UNSUPPORTED_MEDIA_TYPE());
      return;
    }
    done(null, payload);
  });

  fastify.setErrorHandler(function errataErrorHandler(error: unknown, request, reply) {
    const response = errata.respond(error, requestInfo(request));
    if (!reply.raw.headersSent) {
      writeResponse(reply, response);
    } else if (!reply.raw.writableEnded) {
      reply.raw.destroy(); // a started body cannot become an error: cut it, so the client sees it is incomplete
    }
  });
  fastify.setNotFoundHandler(function errataNotFound(request, reply) {
    writeResponse(reply, errata.notFound(requestInfo(request), routedMethods(fastify, request.url)));
  });
  done();
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
      // settles it itself, without the two promises below (~250 ns per request, bench/RESULTS.md)
      if (result === reply && reply.sent) return result;
      if (typeof (result as { then?: unknown } | null)?.then !== 'function') return result;
      return Promise.resolve(result).catch((error: unknown) => afterSent(error, request, reply));
    } catch (error) {
      return afterSent(error, request, reply);
    }
  };
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

function isJsonType(contentType: string): boolean {
  return /^\s*application\/([\w.!#$&^-]+\+)?json\s*(;|$)/i.test(contentType);
}
