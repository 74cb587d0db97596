/**
 * The API of page 003 on Express 5: market data under `/api/v1`, key in `X-API-Key`, a per-key rate limit, and a
 * data store that fails every read while `TRANSIENT_FAILURE=1` (the page's "Server Error" scenario). The WebSocket
 * feed, which needs the HTTP server, is mounted in server.ts with the errata instance this returns.
 */
import type { ErrataSocket } from '@errata/core';
import { type ExpressErrata, errata } from '@errata/express';
import express from 'express';
import { CalendarWindow, MINUTE_MS } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { errors, invalidSymbol, SYMBOLS, TIERS } from './errors';
import { formatError } from './format';

type Tier = (typeof TIERS)[number];

const KEYS: Record<string, { tier: Tier; perMinute: number }> = {
  nxg_stream_demo: { tier: 'STREAM', perMinute: 20 },
  nxg_pulse_demo: { tier: 'PULSE', perMinute: 120 },
};

/**
 * @example const { app, e } = createApp(clockFromEnv(), process.env)
 */
export function createApp(
  now: Clock,
  env: Record<string, string | undefined>,
): { app: express.Express; e: ExpressErrata } {
  // Successes are the data itself; errors are the page's shape, HTTP and WebSocket alike.
  const e = errata({
    catalog: errors,
    format: formatError,
    frame: (p) => ({ type: 'ERROR', payload: { code: p.code, message: p.message } }),
    successFormat: (data) => data,
    now,
  });
  const perMinute = new CalendarWindow(MINUTE_MS, now);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  e.install(app);

  app.use('/api/v1', function apiKey(req, res, next) {
    const key = req.get('x-api-key');
    if (key === undefined || key === '') throw errors.MISSING_API_KEY();
    const account = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (account === undefined) throw errors.INVALID_API_KEY();
    const window = perMinute.take(key, account.perMinute);
    if (!window.allowed) throw errors.RATE_LIMIT_EXCEEDED({ retry_after: window.retryAfter });
    res.locals.tier = account.tier;
    next();
  });

  /** A symbol parameter: required, and one of the ten supported. */
  function symbolOf(value: unknown): (typeof SYMBOLS)[number] {
    if (value === undefined || value === '') throw errors.MISSING_PARAMETER({ field: 'symbol' });
    const found = SYMBOLS.find((s) => s === value);
    if (found === undefined) throw invalidSymbol(String(value));
    return found;
  }
  /** The market data store; every read fails while TRANSIENT_FAILURE is set. */
  function read<T>(rows: () => T): T {
    if (env.TRANSIENT_FAILURE) throw new Error('read ECONNRESET clickhouse-2.internal:9000 (pool exhausted)');
    return rows();
  }

  app.get('/api/v1/heatmap', (req, res) => {
    const symbol = symbolOf(req.query.symbol);
    e.success(
      res,
      read(() => ({ symbol, levels: [] })),
    );
  });
  app.get('/api/v1/oi/:symbol', (req, res) => {
    const symbol = symbolOf(req.params.symbol);
    e.success(
      res,
      read(() => ({ symbol, open_interest: 1_250_000_000 })),
    );
  });
  app.get('/api/v1/market/funding{/:symbol}', (req, res) => {
    const symbol = symbolOf(req.params.symbol);
    e.success(
      res,
      read(() => ({ symbol, funding_rate: 0.0001 })),
    );
  });
  app.get('/api/v1/signals/:symbol', (req, res) => {
    const symbol = symbolOf(req.params.symbol);
    const current: Tier = res.locals.tier;
    if (TIERS.indexOf(current) < TIERS.indexOf('PULSE')) {
      throw errors.TIER_INSUFFICIENT({ required_tier: 'PULSE', current_tier: current });
    }
    e.success(
      res,
      read(() => ({ symbol, signals: [] })),
    );
  });
  return { app, e };
}

/**
 * The feed's `open`: the API key comes as `?token=` (browsers cannot set headers on a WebSocket); a missing or unknown
 * one is the page's AUTH_FAILED frame, then the close.
 * @example e.websocket(server, { path: '/ws/fastfeed', open: openFeed })
 */
export function openFeed(socket: ErrataSocket): void {
  const token = new URL(socket.request.url, 'http://feed.invalid').searchParams.get('token');
  if (token === null || !Object.hasOwn(KEYS, token)) throw errors.AUTH_FAILED();
}
