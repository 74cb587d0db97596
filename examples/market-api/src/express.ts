/** The market API on Express 5, with @errata/express and express-rate-limit. */
import { createServer, type Server } from 'node:http';
import { type ExpressErrata, errata } from '@errata/express';
import express from 'express';
import { type AugmentedRequest, rateLimit } from 'express-rate-limit';
import { DOCS_ASSETS, OPENAPI_JSON, ROUTES } from './docs';
import {
  type ApiKey,
  authenticate,
  BODY_LIMIT,
  CandlesQuery,
  candles,
  crash,
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
import { retryAfterSeconds } from './rate-limit';
import { closeSocketsOnClose, EventsQuery, listedSymbols, STREAM_PATH, streamHandlers, tickEvents } from './realtime';

/** JSON, and the `+json` types (application/vnd.api+json…), as the Hono and Fastify apps accept. */
const JSON_TYPES = ['application/json', 'application/*+json'];

/** The caller's key, which the /v1 key check keeps in res.locals (not `declare global`: the workspace shares types). */
const apiKeyOf = (res: express.Response): ApiKey => res.locals.apiKey;

/**
 * Builds the Express app: errata first, then public routes, the /v1 key check and rate limit, the routes, 404/405.
 * @example createExpressApp().listen(3000)
 */
export function createExpressApp(): express.Express {
  const e = errata({ catalog: errors, mappers: [upstreamMapper], problemDetails: true });
  const app = express();
  instances.set(app, e);
  // Parity with Hono and Fastify: no X-Powered-By, no ETag on JSON, `/Health` and `/health/` are not `/health`.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use(e.middleware);
  app.get('/health', e.routeErrors(ROUTES.health.errors), (_req, res) => e.success(res, { status: 'ok' }));
  app.get('/meta/errors', e.routeErrors(ROUTES.metaErrors.errors), (_req, res) => e.success(res, errors.describe()));
  app.get('/openapi.json', (_req, res) => {
    res.set('content-type', 'application/json; charset=utf-8').send(OPENAPI_JSON);
  });
  for (const [path, asset] of Object.entries(DOCS_ASSETS)) {
    app.get(path, (_req, res) => {
      res.set('content-type', asset.type).send(asset.body);
    });
  }

  // Before any /v1 route, so that an unknown /v1 path without a key is a 401, not a 404.
  app.use('/v1', function apiKey(req, res, next) {
    res.locals.apiKey = authenticate(req.get('x-api-key'));
    next();
  });
  app.use(
    '/v1',
    rateLimit({
      windowMs: RATE_LIMIT_WINDOW_MS,
      limit: (_req, res) => apiKeyOf(res).limit,
      keyGenerator: (req) => String(req.get('x-api-key')),
      legacyHeaders: true, // X-RateLimit-Limit, -Remaining, -Reset (unix seconds)
      standardHeaders: false,
      handler: (req, _res, next) => {
        const info = (req as AugmentedRequest).rateLimit; // its requestPropertyName
        next(errors.RATE_LIMIT_EXCEEDED({ retry_after: retryAfterSeconds(info?.resetTime) }));
      },
    }),
  );

  app.get('/v1/ticker', e.routeErrors(ROUTES.ticker.errors), e.validate({ query: TickerQuery }), (req, res) =>
    e.success(res, ticker(req.query.symbol)),
  );
  app.get('/v1/candles', e.routeErrors(ROUTES.candles.errors), e.validate({ query: CandlesQuery }), (req, res) => {
    const { symbol, timeframe = '1h', limit } = req.query;
    e.success(res, candles(symbol, timeframe, limit, apiKeyOf(res).tier));
  });
  app.get(
    '/v1/orderbook/:symbol',
    e.routeErrors(ROUTES.orderbook.errors),
    e.validate({ params: OrderbookParams }),
    (req, res) => e.success(res, orderbook(req.params.symbol)),
  );
  app.post(
    '/v1/orders',
    e.routeErrors(ROUTES.orders.errors),
    e.requireJson({ type: JSON_TYPES }),
    express.json({ type: JSON_TYPES, limit: BODY_LIMIT, strict: false }), // strict: false parses `null` as Hono, Fastify do
    e.validate({ body: OrderBody }),
    (req, res) => e.success(res, placeOrder(req.body), { status: 201 }),
  );
  app.get('/v1/debug/crash', e.routeErrors(ROUTES.crash.errors), () => crash());
  app.get('/v1/events', e.validate({ query: EventsQuery }), (req, res) => {
    const symbols = listedSymbols(req.query.symbols.split(',')); // before the stream: an ordinary 404
    e.eventStream(res, tickEvents(symbols, req.query.crash_after));
  });

  app.use(e.notFound);
  app.use(e.errorHandler);
  return app;
}

/** Each app's errata, for the server that carries its WebSocket route. */
const instances = new WeakMap<express.Express, ExpressErrata>();

/**
 * The Express app on an HTTP server that also serves the `/v1/stream` WebSocket (upgrades never reach Express).
 * @example createExpressServer().listen(3000)
 */
export function createExpressServer(): Server {
  const app = createExpressApp();
  const server = createServer(app);
  const e = instances.get(app);
  // A request Node's parser refuses (raw non-ASCII byte in the target, unknown method, huge head): errata's envelope
  if (e) server.on('clientError', e.clientError);
  const wss = e?.websocket(server, { path: STREAM_PATH, ...streamHandlers });
  closeSocketsOnClose(server, () => wss?.clients ?? []);
  return server;
}
