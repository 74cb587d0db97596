/** A small catalog and route table for the docs tests: a code with params, one with a Retry-After, one plain. */
import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import type { RouteDescription } from '../src/types';

export const errors = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    title: 'Symbol not found',
    description: 'The symbol is well formed but not traded here.',
    params: Type.Object({
      symbol: Type.String({ description: 'The symbol asked for.', examples: ['DOGEUSDT'] }),
      supported: Type.Array(Type.String(), { description: 'The symbols traded here.', examples: [['BTCUSDT']] }),
    }),
  },
  UPSTREAM_ERROR: {
    status: 503,
    message: 'The price service is temporarily unavailable.',
    retryable: true,
    headers: () => ({ 'retry-after': '2' }),
  },
  LEVERAGE_EXCEEDS_MAXIMUM: {
    status: 400,
    message: (p) => `Leverage ${p.current_leverage}x exceeds ${p.max_leverage}x.`,
    params: Type.Object({ current_leverage: Type.Integer(), max_leverage: Type.Integer({ minimum: 1 }) }),
  },
});

export const Ticker = Type.Object({ symbol: Type.String(), price: Type.Number() });

export const routes: RouteDescription[] = [
  {
    method: 'GET',
    path: '/health',
    summary: 'Liveness',
    errors: [],
    success: { data: Type.Object({ status: Type.Literal('ok') }) },
  },
  {
    method: 'GET',
    path: '/v1/ticker',
    summary: 'The price of a symbol',
    errors: ['VALIDATION_ERROR', 'UPSTREAM_ERROR', 'RATE_LIMIT_EXCEEDED'],
    query: Type.Object({ symbol: Type.String({ description: 'e.g. BTCUSDT' }) }),
    success: { data: Ticker },
    responseHeaders: ['X-RateLimit-Limit'],
  },
  {
    method: 'GET',
    path: '/v1/orderbook/:symbol',
    errors: ['SYMBOL_NOT_FOUND', 'NOT_FOUND', 'METHOD_NOT_ALLOWED'],
    success: { data: Type.Object({ symbol: Type.String() }) },
  },
  {
    method: 'POST',
    path: '/v1/orders',
    errors: ['VALIDATION_ERROR', 'INVALID_JSON', 'BAD_REQUEST', 'LEVERAGE_EXCEEDS_MAXIMUM'],
    body: Type.Object({ symbol: Type.String(), quantity: Type.Number({ exclusiveMinimum: 0 }) }),
    success: { status: 201, data: Type.Object({ order_id: Type.String() }) },
  },
];

export const headers = {
  'X-RateLimit-Limit': { description: 'Requests allowed per window.', schema: { type: 'integer' } },
};

/** What a routes module may export for the CLI: the routes and the document options that go with them. */
export const docs = { routes, headers, info: { title: 'Fixture API', version: '1.0.0' } };
