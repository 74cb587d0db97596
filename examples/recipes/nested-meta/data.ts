/**
 * The API's keys, tiers and data stores, in memory. The stores fail the way a real cache and database do, for some
 * symbols, so that every code on the page can be produced: a cold cache key (NOT_FOUND), an unreachable Redis node,
 * a Postgres statement timeout and a dropped connection (UPSTREAM_ERROR 503, 504, 502), and a bug (INTERNAL_ERROR).
 */
import { Type } from '@sinclair/typebox';
import { errors } from './errors';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT'] as const;
export type TradingSymbol = (typeof SYMBOLS)[number];

const SymbolParam = Type.Union(SYMBOLS.map((s) => Type.Literal(s)));

export const GexQuery = Type.Object({ symbol: SymbolParam });

export const ChainQuery = Type.Object({
  symbol: SymbolParam,
  expiry: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  greek: Type.Optional(Type.Union(['delta', 'gamma', 'theta', 'vega'].map((g) => Type.Literal(g)))),
  max_contracts: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export interface Tier {
  name: string;
  perMinute: number;
  /** The endpoints (`gex`, `options`) the tier includes. */
  includes: readonly string[];
}

export const TIERS = {
  anonymous: { name: 'anonymous', perMinute: 10, includes: [] },
  free: { name: 'free', perMinute: 30, includes: ['gex'] },
  pro: { name: 'pro', perMinute: 300, includes: ['gex', 'options'] },
} as const satisfies Record<string, Tier>;

const KEYS: Record<string, { tier: Tier; revoked?: true }> = {
  bq_free_demo: { tier: TIERS.free },
  bq_pro_demo: { tier: TIERS.pro },
  bq_revoked_demo: { tier: TIERS.pro, revoked: true },
};

/** The key's tier, or undefined for a missing, unknown or revoked key. */
export function tierOf(apiKey: unknown): Tier | undefined {
  if (typeof apiKey !== 'string' || !Object.hasOwn(KEYS, apiKey)) return undefined;
  const key = KEYS[apiKey];
  return key === undefined || key.revoked ? undefined : key.tier;
}

/** A driver error as node-redis and node-postgres raise them: a message with addresses, and a `code`. */
function driverError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** GEX levels from the Redis cache. */
export function gexLevels(symbol: TradingSymbol) {
  if (symbol === 'HYPEUSDT') throw driverError('connect ECONNREFUSED 10.0.3.7:6379', 'ECONNREFUSED');
  if (symbol === 'SOLUSDT') throw errors.NOT_FOUND({ message: 'No GEX levels cached for SOLUSDT yet.' });
  const spot = symbol === 'BTCUSDT' ? 97_000 : 3_400;
  return { symbol, spot, call_wall: spot * 1.05, put_wall: spot * 0.95, zero_gamma: spot * 0.99 };
}

const EXPIRIES = ['2026-05-29', '2026-06-26'];

/** An options chain from Postgres. */
export function optionsChain(query: { symbol: TradingSymbol; expiry?: string; max_contracts: number }, today: string) {
  if (query.symbol === 'ETHUSDT') {
    throw driverError('canceling statement due to statement timeout', '57014');
  }
  if (query.symbol === 'SOLUSDT') throw driverError('read ECONNRESET 10.0.4.2:6432', 'ECONNRESET');
  if (query.symbol === 'HYPEUSDT') {
    const row = undefined as unknown as { strikes: number[] }; // a migration left HYPE's chain empty: a real bug
    return row.strikes;
  }
  const expiry = query.expiry ?? EXPIRIES[0];
  if (expiry !== undefined && expiry < today) {
    const detail = { field: 'query.expiry', message: 'Value error, expiry is in the past', rule: 'value' };
    throw errors.VALIDATION_ERROR({ status: 400, details: [{ ...detail, path: ['query', 'expiry'] }] });
  }
  if (expiry === undefined || !EXPIRIES.includes(expiry)) {
    throw errors.NOT_FOUND({ message: `No options chain for ${query.symbol} expiring ${expiry}.` });
  }
  const contracts = [90_000, 95_000, 100_000, 105_000].slice(0, query.max_contracts);
  return { symbol: query.symbol, expiry, contracts: contracts.map((strike) => ({ strike, call_oi: 120, put_oi: 80 })) };
}

/**
 * Driver failures by their `code`: unreachable (503), did not answer in time (504), dropped mid-answer (502). Their
 * messages (addresses, ports) stay in the server log.
 * @example createErrata({ mappers: [upstreamMapper] })
 */
export function upstreamMapper(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const status =
    code === 'ECONNREFUSED' ? 503 : code === '57014' || code === 'ETIMEDOUT' ? 504 : code === 'ECONNRESET' ? 502 : 0;
  return status === 0 ? undefined : errors.UPSTREAM_ERROR({ status, cause: error });
}
