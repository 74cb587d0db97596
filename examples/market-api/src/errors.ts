/** The market API's error catalog: declared once, shared by the Express, Hono and Fastify apps. */

import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';

export const errors = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    title: 'Symbol not found',
    description: 'The symbol is well formed but not traded here; `params.supported` lists the symbols that are.',
    params: Type.Object({
      symbol: Type.String({ description: 'The symbol asked for.', examples: ['DOGEUSDT'] }),
      supported: Type.Array(Type.String(), {
        description: 'The symbols this API trades.',
        examples: [['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT']],
      }),
    }),
  },
  TIER_LIMIT_EXCEEDED: {
    status: 403,
    message: (p) => `This request needs the ${p.required_tier} tier; your key is on the ${p.current_tier} tier.`,
    title: 'Tier limit exceeded',
    description: 'The API key’s tier does not include this feature; `params.upgrade_url` says where to upgrade.',
    params: Type.Object({
      required_tier: Type.String({ description: 'The tier this request needs.', examples: ['pro'] }),
      current_tier: Type.String({ description: 'The tier of the key used.', examples: ['free'] }),
      upgrade_url: Type.String({ description: 'Where to upgrade.', examples: ['https://example.com/pricing'] }),
    }),
  },
  LEVERAGE_EXCEEDS_MAXIMUM: {
    status: 400,
    message: (p) => `Leverage ${p.current_leverage}x exceeds this symbol's maximum of ${p.max_leverage}x.`,
    title: 'Leverage exceeds maximum',
    description: 'Each symbol has a maximum leverage (BTC 20, ETH 20, SOL 10, HYPE 5).',
    params: Type.Object({
      current_leverage: Type.Integer({ description: 'The leverage asked for.', examples: [6] }),
      max_leverage: Type.Integer({ description: 'The most this symbol allows.', examples: [5] }),
    }),
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'A valid API key is required in the X-API-Key header.',
    description: 'The X-API-Key header is missing or the key is unknown.',
    headers: () => ({ 'www-authenticate': 'ApiKey header="X-API-Key"' }),
  },
  UPSTREAM_ERROR: {
    status: 503,
    message: 'The price service is temporarily unavailable. Retry shortly.',
    description: 'The price cache could not be reached; `Retry-After` says when to retry.',
    retryable: true,
    headers: () => ({ 'retry-after': '2' }),
  },
});
