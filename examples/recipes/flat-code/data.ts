/**
 * Plans, keys, the query checks behind the page's 400 codes, and an in-memory database that fails when
 * `FAIL_DEPENDENCY=database` (for `/health`'s 503 and DATABASE_ERROR).
 */
import { errors, tierLimit } from './errors';

export interface Plan {
  name: 'free' | 'pro';
  perDay: number;
  perMinute: number;
  /** The most symbols one multi-asset request may name. */
  maxSymbols: number;
}

export const PLANS = {
  free: { name: 'free', perDay: 1000, perMinute: 10, maxSymbols: 3 },
  pro: { name: 'pro', perDay: 100_000, perMinute: 300, maxSymbols: 50 },
} as const satisfies Record<string, Plan>;

/** Demo keys; `hq_free_busy` has already made 990 of its 1000 requests today (see rate-limit.ts). */
export const KEYS: Record<string, Plan> = {
  hq_free_demo: PLANS.free,
  hq_free_busy: PLANS.free,
  hq_pro_demo: PLANS.pro,
};
export const USED_TODAY: Readonly<Record<string, number>> = { hq_free_busy: 990 };

export function planOf(apiKey: unknown): Plan | undefined {
  return typeof apiKey === 'string' && Object.hasOwn(KEYS, apiKey) ? KEYS[apiKey] : undefined;
}

const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'];
const FEATURES = ['funding_rate', 'open_interest', 'basis', 'liquidations'];
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'HYPE'];

/** The query parameter as Express parses it: a repeated parameter is an array, which no parameter here accepts. */
type QueryValue = unknown;

export function timeframe(value: QueryValue, plan: Plan, options: { funding?: boolean } = {}): string {
  const tf = value ?? '1h';
  if (options.funding === true && tf === 'funding') return tf;
  if (typeof tf !== 'string' || !TIMEFRAMES.includes(tf)) throw errors.INVALID_TIMEFRAME();
  if (tf === '1m' && plan.name === 'free') throw tierLimit('1m timeframe', 'pro', plan.name);
  return tf;
}

/** `start`/`end`: ISO 8601 or Unix milliseconds; `start` not after `end`. */
export function timeRange(start: QueryValue, end: QueryValue, now: Date): { start: number; end: number } {
  const from = start === undefined ? now.getTime() - 86_400_000 : instant(start);
  const to = end === undefined ? now.getTime() : instant(end);
  if (from > to) throw errors.INVALID_TIME_RANGE();
  return { start: from, end: to };
}

function instant(value: QueryValue): number {
  if (typeof value !== 'string') throw errors.INVALID_TIMESTAMP();
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw errors.INVALID_TIMESTAMP();
  return ms;
}

export function features(value: QueryValue): string[] {
  const names = typeof value === 'string' ? value.split(',').filter(Boolean) : [];
  if (names.length === 0) throw errors.MISSING_FEATURES();
  if (names.some((name) => !FEATURES.includes(name))) throw errors.UNKNOWN_FEATURES();
  return names;
}

export function symbols(value: QueryValue, plan: Plan): string[] {
  const names = typeof value === 'string' ? value.split(',').filter(Boolean) : [];
  if (names.length === 0) throw errors.MISSING_SYMBOLS();
  if (names.length > plan.maxSymbols) throw tierLimit(`${names.length} symbols`, 'pro', plan.name);
  return names;
}

/** A driver error as node-postgres raises it: the server's message, its `severity` and a SQLSTATE `code`. */
function queryFailed(): Error {
  return Object.assign(new Error('could not read block 7 in file "base/16384/2619": read only 0 of 8192 bytes'), {
    severity: 'ERROR',
    code: 'XX001',
  });
}

/** The database, which fails every query while `FAIL_DEPENDENCY=database`. */
export function createDatabase(env: Record<string, string | undefined>) {
  const down = (env.FAIL_DEPENDENCY ?? '').split(',').includes('database');
  const query = <T>(rows: () => T): T => {
    if (down) throw queryFailed();
    return rows();
  };
  return {
    /** `SELECT 1`, for /health. */
    ping: () => !down,
    candles(symbol: string, tf: string, range: { start: number; end: number }) {
      return query(() => ({ symbol, timeframe: tf, start: range.start, end: range.end, candles: [] as unknown[] }));
    },
    features(symbol: string, tf: string, names: string[]) {
      return query(() => ({ symbol, timeframe: tf, features: Object.fromEntries(names.map((n) => [n, []])) }));
    },
    multi(names: string[], tf: string) {
      return query(() => ({ timeframe: tf, symbols: Object.fromEntries(names.map((n) => [n, []])) }));
    },
    quality(symbol: string, tf: string) {
      return query(() => {
        if (!SYMBOLS.includes(symbol) || tf === '1m') throw errors.QUALITY_NOT_FOUND();
        return { symbol, timeframe: tf, completeness: 0.998, gaps: 2 };
      });
    },
  };
}

/**
 * A SQLSTATE from the driver is a DATABASE_ERROR; its message (file names, blocks) stays in the server log.
 * @example errata({ mappers: [databaseMapper] })
 */
export function databaseMapper(error: unknown): unknown {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  const fromDatabase = typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  return fromDatabase ? errors.DATABASE_ERROR({ cause: error }) : undefined;
}
