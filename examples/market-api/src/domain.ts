/**
 * The market's domain, shared by the three apps: symbols, API keys and tiers, deterministic prices and candles,
 * orders. No database and no network: everything is generated in memory.
 */
import { Type } from '@sinclair/typebox';
import { errors } from './errors';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT'] as const;
export type MarketSymbol = (typeof SYMBOLS)[number];

/** Maximum leverage per symbol. */
export const MAX_LEVERAGE: Readonly<Record<MarketSymbol, number>> = {
  BTCUSDT: 20,
  ETHUSDT: 20,
  SOLUSDT: 10,
  HYPEUSDT: 5,
};

const BASE_PRICE: Readonly<Record<MarketSymbol, number>> = {
  BTCUSDT: 97_000,
  ETHUSDT: 3_400,
  SOLUSDT: 240,
  HYPEUSDT: 28,
};

export type Tier = 'free' | 'pro';

export interface ApiKey {
  tier: Tier;
  /** Requests per minute. */
  limit: number;
}

export const API_KEYS: Readonly<Record<string, ApiKey>> = {
  demo_free: { tier: 'free', limit: 1000 },
  demo_pro: { tier: 'pro', limit: 10_000 },
  demo_limited: { tier: 'free', limit: 3 },
};

export const RATE_LIMIT_WINDOW_MS = 60_000;
export const BODY_LIMIT = 16 * 1024;
export const UPGRADE_URL = 'https://example.com/pricing';

/** Looks up an API key; `Object.hasOwn` so `constructor` or `__proto__` is not a key. */
export function findApiKey(key: unknown): ApiKey | undefined {
  return typeof key === 'string' && Object.hasOwn(API_KEYS, key) ? API_KEYS[key] : undefined;
}

/** Throws UNAUTHORIZED unless the header holds a known key. */
export function authenticate(header: unknown): ApiKey {
  if (header === undefined || header === null || header === '') throw errors.UNAUTHORIZED();
  const key = findApiKey(header);
  if (!key) throw errors.UNAUTHORIZED({ message: 'The API key in X-API-Key is not recognised.' });
  return key;
}

const SymbolSchema = Type.Union(SYMBOLS.map((s) => Type.Literal(s)));
export const Timeframe = Type.Union(['1m', '5m', '15m', '1h', '4h', '1d'].map((t) => Type.Literal(t)));

export const TickerQuery = Type.Object({ symbol: SymbolSchema });
export const CandlesQuery = Type.Object({
  symbol: SymbolSchema,
  timeframe: Type.Optional(Timeframe),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
export const OrderbookParams = Type.Object({ symbol: Type.String({ pattern: '^[A-Z0-9]{2,20}$' }) });
export const OrderBody = Type.Object(
  {
    symbol: SymbolSchema,
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
    quantity: Type.Number({ exclusiveMinimum: 0 }),
    leverage: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
  },
  { additionalProperties: false },
);

/** The price cache: refuses connections for HYPEUSDT, as a real driver would. */
export function getPrice(symbol: MarketSymbol): number {
  if (symbol === 'HYPEUSDT') {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6379 (price-cache)'), {
      code: 'ECONNREFUSED',
      address: '10.0.0.5',
      port: 6379,
    });
  }
  return BASE_PRICE[symbol];
}

/** Maps the price cache's refused connection to UPSTREAM_ERROR (an errata mapper). */
export function upstreamMapper(error: unknown) {
  if (error instanceof Error && (error as Error & { code?: unknown }).code === 'ECONNREFUSED') {
    return errors.UPSTREAM_ERROR({ cause: error });
  }
  return undefined;
}

export function ticker(symbol: MarketSymbol) {
  return { symbol, price: getPrice(symbol) };
}

const TIMEFRAME_MS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};
const EPOCH = Date.UTC(2026, 0, 1);

/** Deterministic candles: a pseudo-random walk seeded by symbol and timeframe. */
export function candles(symbol: MarketSymbol, timeframe: string, limit: number, tier: Tier) {
  if (timeframe === '1m' && tier !== 'pro') {
    throw errors.TIER_LIMIT_EXCEEDED({ required_tier: 'pro', current_tier: tier, upgrade_url: UPGRADE_URL });
  }
  const step = TIMEFRAME_MS[timeframe] ?? 3_600_000;
  let seed = [...`${symbol}:${timeframe}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const random = () => {
    seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  let close = BASE_PRICE[symbol];
  return Array.from({ length: limit }, (_, i) => {
    const o = close;
    close = round(o * (1 + (random() - 0.5) / 50));
    const h = round(Math.max(o, close) * (1 + random() / 200));
    const l = round(Math.min(o, close) * (1 - random() / 200));
    return { t: EPOCH + i * step, o, h, l, c: close, v: round(random() * 1000) };
  });
}

export function orderbook(symbol: string) {
  if (!(SYMBOLS as readonly string[]).includes(symbol)) {
    throw errors.SYMBOL_NOT_FOUND({ symbol, supported: [...SYMBOLS] });
  }
  const mid = BASE_PRICE[symbol as MarketSymbol];
  const level = (i: number, sign: number) => [round(mid * (1 + (sign * (i + 1)) / 10_000)), round(1 + i / 2)];
  return { symbol, bids: [0, 1, 2, 3, 4].map((i) => level(i, -1)), asks: [0, 1, 2, 3, 4].map((i) => level(i, 1)) };
}

export interface OrderInput {
  symbol: MarketSymbol;
  side: 'buy' | 'sell';
  quantity: number;
  leverage?: number | undefined;
}

let orderSequence = 0;

/** Places an order (in memory); leverage defaults to 1 and is checked against the symbol's maximum. */
export function placeOrder(input: OrderInput) {
  const leverage = input.leverage ?? 1;
  const max = MAX_LEVERAGE[input.symbol];
  if (leverage > max) throw errors.LEVERAGE_EXCEEDS_MAXIMUM({ current_leverage: leverage, max_leverage: max });
  orderSequence += 1;
  return {
    order_id: `ord_${String(orderSequence).padStart(6, '0')}`,
    symbol: input.symbol,
    side: input.side,
    quantity: input.quantity,
    leverage,
  };
}

/** The crash route's error: its text must never reach a client. */
export function crash(): never {
  throw new Error('db password=hunter2 at 10.0.0.5');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
