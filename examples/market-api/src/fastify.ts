/** The market API on Fastify 5, with @errata/fastify and @fastify/rate-limit. */
import { errata, errataServerOptions, routeErrors, websocket } from '@errata/fastify';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { DOCS_ASSETS, OPENAPI_JSON, ROUTES } from './docs';
import {
  type ApiKey,
  authenticate,
  BODY_LIMIT,
  CandlesQuery,
  candles,
  crash,
  findApiKey,
  OrderBody,
  OrderbookParams,
  orderbook,
  placeOrder,
  RATE_LIMIT_WINDOW_MS,
  TickerQuery,
  ticker,
  upstreamMapper,
} from './domain';
import { errors } from './errors';
import { rateLimitHeaders, retryAfterSeconds } from './rate-limit';
import { EventsQuery, listedSymbols, MESSAGE_LIMIT, STREAM_PATH, streamHandlers, tickEvents } from './realtime';

/**
 * Builds the Fastify app: errata first, then public routes, the /v1 key check and rate limit, the routes, 404/405.
 * @example await (await createFastifyApp()).listen({ port: 3002 })
 */
export async function createFastifyApp(): Promise<FastifyInstance> {
  // Fastify's logger is off by default, and errata logs 5xx through request.log: keep errors, not every request.
  const app = Fastify({ ...errataServerOptions(), logger: { level: 'warn' } }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(errata, { catalog: errors, mappers: [upstreamMapper], problemDetails: true });
  // Fastify parses text/plain by default; this API takes JSON, any flavour (the errata plugin adds `+json`), and
  // nothing else (415).
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('apiKey', null); // the caller's key, set by the /v1 key check
  // ws refuses (1009, no frame) only messages far over the limit; errata answers those over it with a frame first.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4 * MESSAGE_LIMIT } });

  app.get('/health', { config: routeErrors(errors, ROUTES.health.errors) }, (_request, reply) =>
    reply.success({ status: 'ok' }),
  );
  app.get('/meta/errors', { config: routeErrors(errors, ROUTES.metaErrors.errors) }, (_request, reply) =>
    reply.success(errors.describe()),
  );
  app.get('/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(OPENAPI_JSON));
  for (const [path, asset] of Object.entries(DOCS_ASSETS)) {
    app.get(path, (_request, reply) => reply.type(asset.type).send(asset.body));
  }

  // A root onRequest hook runs for every request, the not-found handler's included: no key, no 404.
  app.addHook('onRequest', async function apiKey(request) {
    if (isStreamUpgrade(request)) return; // the socket's open handler checks it
    if (isV1(request.url)) request.setDecorator<ApiKey>('apiKey', authenticate(request.headers['x-api-key']));
  });
  await app.register(rateLimit, {
    global: false, // checked by the hook below for every /v1 request, so that 404s and 405s count and carry headers too
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (_request, key) => findApiKey(key)?.limit ?? 0,
    keyGenerator: (request) => String(request.headers['x-api-key']),
  });
  const checkRateLimit = app.createRateLimit();
  app.addHook('onRequest', async function limitRate(request, reply) {
    if (!isV1(request.url) || isStreamUpgrade(request)) return;
    const limit = await checkRateLimit(request);
    if (limit.isAllowed) return; // only for an allowList, which this API has not
    // Its own headers would give X-RateLimit-Reset in seconds from now; the contract wants unix seconds.
    const state = { limit: limit.max, remaining: limit.remaining, resetTime: new Date(Date.now() + limit.ttl) };
    reply.headers(rateLimitHeaders(state));
    if (limit.isExceeded) throw errors.RATE_LIMIT_EXCEEDED({ retry_after: retryAfterSeconds(state.resetTime) });
  });

  app.get(
    '/v1/ticker',
    { schema: { querystring: TickerQuery }, config: routeErrors(errors, ROUTES.ticker.errors) },
    (request, reply) => reply.success(ticker(request.query.symbol)),
  );
  app.get(
    '/v1/candles',
    { schema: { querystring: CandlesQuery }, config: routeErrors(errors, ROUTES.candles.errors) },
    (request, reply) => {
      const { symbol, timeframe = '1h', limit } = request.query;
      return reply.success(candles(symbol, timeframe, limit, request.getDecorator<ApiKey>('apiKey').tier));
    },
  );
  app.get(
    '/v1/orderbook/:symbol',
    { schema: { params: OrderbookParams }, config: routeErrors(errors, ROUTES.orderbook.errors) },
    (request, reply) => reply.success(orderbook(request.params.symbol)),
  );
  app.post(
    '/v1/orders',
    { bodyLimit: BODY_LIMIT, schema: { body: OrderBody }, config: routeErrors(errors, ROUTES.orders.errors) },
    (request, reply) => reply.success(placeOrder(request.body), { status: 201 }),
  );
  app.get('/v1/debug/crash', { config: routeErrors(errors, ROUTES.crash.errors) }, () => crash());
  app.route({
    method: 'GET',
    url: STREAM_PATH,
    handler: (_request, reply) => reply.callNotFound(), // a plain GET: errata's 404, as in the other apps
    wsHandler: websocket(streamHandlers),
  });
  app.get('/v1/events', { schema: { querystring: EventsQuery } }, (request, reply) => {
    const symbols = listedSymbols(request.query.symbols.split(',')); // before the stream: an ordinary 404
    return reply.eventStream(tickEvents(symbols, request.query.crash_after));
  });

  return app; // 404/405 and errors: the errata plugin's not-found and error handlers
}

function isV1(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}

function isStreamUpgrade(request: { url: string; headers: Record<string, unknown> }): boolean {
  const path = request.url.split('?', 1)[0];
  return path === STREAM_PATH && String(request.headers.upgrade).toLowerCase() === 'websocket';
}
