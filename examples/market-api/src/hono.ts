/** The market API on Hono, with @errata/hono and hono-rate-limiter. */
import { createServer, type Server } from 'node:http';
import {
  type ErrataVariables,
  errata,
  eventStream,
  notFound,
  onError,
  requireJson,
  routeErrors,
  serverErrors,
  success,
  validator,
  websocket,
} from '@errata/hono';
import { getRequestListener } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type RateLimitInfo, rateLimiter } from 'hono-rate-limiter';
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
import { rateLimitHeaders, retryAfterSeconds } from './rate-limit';
import { closeSocketsOnClose, EventsQuery, listedSymbols, STREAM_PATH, streamHandlers, tickEvents } from './realtime';

/** errata's variables, the caller's key (set by the /v1 key check) and hono-rate-limiter's info. */
interface MarketEnv {
  Variables: ErrataVariables & { apiKey: ApiKey; rateLimit: RateLimitInfo };
}

/**
 * Builds the Hono app: errata first, then public routes, the /v1 key check and rate limit, the routes, 404/405.
 * @example serve({ fetch: createHonoApp().fetch, port: 3001 })
 */
export function createHonoApp(): Hono<MarketEnv> {
  const app = new Hono<MarketEnv>();
  // WebSocket upgrades come through the app (so errata gives the connection its request id); @hono/node-ws on Node.
  const nodeWebSocket = createNodeWebSocket({ app: app as unknown as Hono });
  injectors.set(app, (server) => {
    nodeWebSocket.injectWebSocket(server);
    closeSocketsOnClose(server, () => nodeWebSocket.wss.clients);
  });

  app.use(errata(ERRATA_OPTIONS));
  app.get('/health', routeErrors(errors, ROUTES.health.errors), (c) => success(c, { status: 'ok' }));
  app.get('/meta/errors', routeErrors(errors, ROUTES.metaErrors.errors), (c) => success(c, errors.describe()));
  app.get('/openapi.json', (c) => c.body(OPENAPI_JSON, 200, { 'content-type': 'application/json; charset=utf-8' }));
  for (const [path, asset] of Object.entries(DOCS_ASSETS)) {
    app.get(path, (c) => c.body(asset.body, 200, { 'content-type': asset.type }));
  }

  // Before any /v1 route, so that an unknown /v1 path without a key is a 401, not a 404.
  app.use('/v1/*', async function apiKey(c, next) {
    if (isStreamUpgrade(c.req.path, c.req.header('upgrade'))) return next(); // the socket's open handler checks it
    c.set('apiKey', authenticate(c.req.header('x-api-key')));
    await next();
  });
  app.use(
    '/v1/*',
    writeRateLimitHeaders,
    rateLimiter<MarketEnv>({
      windowMs: RATE_LIMIT_WINDOW_MS,
      limit: (c) => c.var.apiKey.limit,
      keyGenerator: (c) => c.req.header('x-api-key') ?? '',
      skip: (c) => isStreamUpgrade(c.req.path, c.req.header('upgrade')),
      standardHeaders: false, // it has no X-RateLimit-* headers: writeRateLimitHeaders writes them from c.var.rateLimit
      handler: (c) => {
        throw errors.RATE_LIMIT_EXCEEDED({ retry_after: retryAfterSeconds(c.var.rateLimit.resetTime) });
      },
    }),
  );

  app.get('/v1/ticker', routeErrors(errors, ROUTES.ticker.errors), validator('query', TickerQuery), (c) =>
    success(c, ticker(c.req.valid('query').symbol)),
  );
  app.get('/v1/candles', routeErrors(errors, ROUTES.candles.errors), validator('query', CandlesQuery), (c) => {
    const { symbol, timeframe = '1h', limit } = c.req.valid('query');
    return success(c, candles(symbol, timeframe, limit, c.var.apiKey.tier));
  });
  app.get(
    '/v1/orderbook/:symbol',
    routeErrors(errors, ROUTES.orderbook.errors),
    validator('param', OrderbookParams),
    (c) => success(c, orderbook(c.req.valid('param').symbol)),
  );
  app.post(
    '/v1/orders',
    routeErrors(errors, ROUTES.orders.errors),
    requireJson(),
    bodyLimit({ maxSize: BODY_LIMIT }),
    validator('json', OrderBody),
    (c) => success(c, placeOrder(c.req.valid('json')), { status: 201 }),
  );
  app.get('/v1/debug/crash', routeErrors(errors, ROUTES.crash.errors), () => crash());
  app.get(STREAM_PATH, nodeWebSocket.upgradeWebSocket(websocket(streamHandlers)));
  app.get('/v1/events', validator('query', EventsQuery), (c) => {
    const { symbols, crash_after } = c.req.valid('query');
    return eventStream(c, tickEvents(listedSymbols(symbols.split(',')), crash_after)); // unlisted: a 404 before it
  });

  app.notFound(notFound({ app }));
  app.onError(onError);
  return app;
}

/**
 * Writes X-RateLimit-* from hono-rate-limiter's info (`c.var.rateLimit`, set by the limiter wrapped inside) once the
 * response exists — successes and errors alike (the limiter's own 429, a 404, a 500).
 */
const writeRateLimitHeaders: MiddlewareHandler<MarketEnv> = async function writeRateLimitHeaders(c, next) {
  await next();
  const info = c.var.rateLimit;
  if (info === undefined) return; // no valid key: the limiter never ran
  for (const [name, value] of Object.entries(rateLimitHeaders(info))) c.header(name, value);
};

/** Each app's @hono/node-ws injector, for the server that carries it. */
const ERRATA_OPTIONS = { catalog: errors, mappers: [upstreamMapper], problemDetails: true };

const injectors = new WeakMap<Hono<MarketEnv>, (server: Server) => void>();

function isStreamUpgrade(path: string, upgrade: string | undefined): boolean {
  return path === STREAM_PATH && upgrade?.toLowerCase() === 'websocket';
}

/**
 * The Hono app on a Node HTTP server (@hono/node-server) that also upgrades `/v1/stream` (@hono/node-ws).
 * @example createHonoServer().listen(3001)
 */
export function createHonoServer(): Server {
  const app = createHonoApp();
  // getRequestListener takes the errorHandler for targets @hono/node-server refuses itself (serve() does not), and a
  // hostname for an HTTP/1.0 request without Host (refused without one)
  const errs = serverErrors(ERRATA_OPTIONS);
  const server = createServer(
    getRequestListener(app.fetch, { hostname: 'localhost', errorHandler: errs.requestError }),
  );
  server.on('clientError', errs.clientError);
  injectors.get(app)?.(server);
  return server;
}
