/**
 * The API's documentation, shared by the three apps: the routes and the codes each may answer (each app declares
 * them on its routes from this table, in its framework's idiom), the OpenAPI 3.1 document built from them and the
 * catalog, and the /docs page (Swagger UI, every asset served by the app itself).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument, type HeaderDescription, type RouteDescription } from '@errata/openapi';
import { Type } from '@sinclair/typebox';
import swaggerUiPath from 'swagger-ui-dist/absolute-path.js';
import { CandlesQuery, OrderBody, OrderbookParams, TickerQuery } from './domain';
import { errors } from './errors';

type Code = (typeof errors.codes)[number];
type MarketRoute = RouteDescription & { errors: readonly Code[] };

/** Every `/v1` route may answer these: the key is checked and counted before routing. */
const V1_ERRORS = ['UNAUTHORIZED', 'RATE_LIMIT_EXCEEDED'] as const satisfies readonly Code[];
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const v1 = (route: MarketRoute): MarketRoute => ({
  ...route,
  errors: [...V1_ERRORS, ...route.errors],
  headers: Type.Object({ 'x-api-key': Type.String({ description: 'demo_free, demo_pro or demo_limited' }) }),
  responseHeaders: RATE_LIMIT_HEADERS,
  tags: ['market'],
});

const Candle = Type.Object({
  t: Type.Integer({ description: 'Open time, unix milliseconds' }),
  o: Type.Number(),
  h: Type.Number(),
  l: Type.Number(),
  c: Type.Number(),
  v: Type.Number(),
});
const Level = Type.Tuple([
  Type.Number({ description: 'price', examples: [96990.3] }),
  Type.Number({ description: 'size', examples: [1] }),
]);
const CatalogRow = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  message: Type.String(),
  description: Type.String(),
  retryable: Type.Boolean(),
  params: Type.Union([Type.Object({}), Type.Null()], { description: 'The params’ JSON Schema, or null' }),
});

/** The routes, by name; the apps declare `ROUTES.x.errors` on each. */
export const ROUTES = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Liveness',
    tags: ['meta'],
    errors: [],
    success: { data: Type.Object({ status: Type.Literal('ok') }) },
  },
  metaErrors: {
    method: 'GET',
    path: '/meta/errors',
    summary: 'Every error code this API can answer',
    tags: ['meta'],
    errors: [],
    success: { data: Type.Array(CatalogRow) },
  },
  ticker: v1({
    method: 'GET',
    path: '/v1/ticker',
    summary: 'The price of a symbol',
    errors: ['VALIDATION_ERROR', 'UPSTREAM_ERROR'],
    query: TickerQuery,
    success: { data: Type.Object({ symbol: TickerQuery.properties.symbol, price: Type.Number() }) },
  }),
  candles: v1({
    method: 'GET',
    path: '/v1/candles',
    summary: 'Candles of a symbol (1m needs the pro tier)',
    errors: ['VALIDATION_ERROR', 'TIER_LIMIT_EXCEEDED'],
    query: CandlesQuery,
    success: { data: Type.Array(Candle) },
  }),
  orderbook: v1({
    method: 'GET',
    path: '/v1/orderbook/:symbol',
    summary: 'The order book of a symbol',
    // BAD_REQUEST: a malformed %-escape in the symbol (Express, Fastify)
    errors: ['BAD_REQUEST', 'VALIDATION_ERROR', 'SYMBOL_NOT_FOUND'],
    params: OrderbookParams,
    success: {
      data: Type.Object({
        symbol: Type.String({ examples: ['BTCUSDT'] }),
        bids: Type.Array(Level),
        asks: Type.Array(Level),
      }),
    },
  }),
  orders: v1({
    method: 'POST',
    path: '/v1/orders',
    summary: 'Place an order',
    errors: [
      'INVALID_JSON',
      'VALIDATION_ERROR',
      'LEVERAGE_EXCEEDS_MAXIMUM',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    body: OrderBody,
    success: {
      status: 201,
      data: Type.Object({
        order_id: Type.String({ examples: ['ord_000001'] }),
        symbol: OrderBody.properties.symbol,
        side: OrderBody.properties.side,
        quantity: Type.Number(),
        leverage: Type.Integer(),
      }),
    },
  }),
  crash: v1({
    method: 'GET',
    path: '/v1/debug/crash',
    summary: 'Throws an unexpected error: a masked 500',
    errors: [],
  }),
} satisfies Record<string, MarketRoute>;

// On every /v1 answer made with a valid key, unknown /v1 paths (404, 405) included: the limiter runs before routing.
// Never on a 401: the key is checked before the limiter counts.
const rateLimit = { schema: { type: 'integer' }, onSharedResponses: true, absentFrom: ['UNAUTHORIZED'] };
const HEADERS: Record<string, HeaderDescription> = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute for this key.',
    ...rateLimit,
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    ...rateLimit,
  },
  'X-RateLimit-Reset': {
    description: 'When the window resets, in unix seconds.',
    ...rateLimit,
  },
};

/** What the document and the error reference are built from (also the `--routes` module of `errata docs`). */
export const docsOptions = {
  routes: Object.values(ROUTES),
  headers: HEADERS,
  problemDetails: true,
  info: {
    title: 'Market API',
    version: '1.0.0',
    description:
      'A small market-data API written three times (Express, Hono, Fastify) with errata. Every error has one shape; each operation lists the codes it can answer. Keys: `demo_free`, `demo_pro`, `demo_limited` in `X-API-Key`.',
  },
};

/** GET /openapi.json: the same bytes from the three apps. */
export const OPENAPI_JSON = JSON.stringify(buildDocument({ catalog: errors, ...docsOptions }));

const ASSETS_DIR = swaggerUiPath();

/** GET /docs and its assets: Swagger UI's own files, read once, served by the app (no CDN). */
export const DOCS_ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  '/docs': {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Market API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`,
  },
  '/docs/swagger-ui.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(join(ASSETS_DIR, 'swagger-ui.css'), 'utf8'),
  },
  '/docs/swagger-ui-bundle.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(ASSETS_DIR, 'swagger-ui-bundle.js'), 'utf8'),
  },
  // validatorUrl: null, or Swagger UI asks validator.swagger.io for a badge; everything expanded, errors included.
  '/docs/init.js': {
    type: 'text/javascript; charset=utf-8',
    body: `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', docExpansion: 'full', defaultModelsExpandDepth: 0, validatorUrl: null, deepLinking: false });\n`,
  },
};
