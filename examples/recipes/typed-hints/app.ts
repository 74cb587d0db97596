/**
 * The API of page 004 on Hono 4: `POST /tokens`, `GET /markets/{ticker}`, `GET /positions/{position_id}` and
 * `POST /quotes`, with bearer tokens and a per-second rate limit (429 with `Retry-After`).
 */
import { type ErrataVariables, install, success, validator } from '@errata/hono';
import { Type } from '@sinclair/typebox';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { CalendarWindow } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { errors } from './errors';
import { formatError, formatSuccess } from './format';
import { findMarket, marketView, QuoteBody, quote, walletAddress } from './quotes';

interface Env {
  Variables: ErrataVariables<typeof errors> & { wallet: string };
}

const SECOND_MS = 1000;

/**
 * @param perSecond requests per second per caller (`RATE_LIMIT_PER_SECOND`, default 10)
 * @example serve({ fetch: createApp(clockFromEnv(), 10).fetch, port: 3000 })
 */
export function createApp(now: Clock, perSecond = 10): Hono<Env> {
  const app = new Hono<Env>();
  install(app, { catalog: errors, format: formatError, successFormat: formatSuccess, now });
  const window = new CalendarWindow(SECOND_MS, now);
  const tokens = new Map<string, string>(); // bearer token → wallet address

  // Every endpoint: per caller (its token, or all anonymous callers together).
  app.use(async function rateLimit(c, next) {
    const count = window.take(c.req.header('authorization') ?? 'anonymous', perSecond);
    if (!count.allowed) throw errors.RATE_LIMIT_EXCEEDED({ retry_after: count.retryAfter });
    await next();
  });

  app.post('/tokens', validator('json', Type.Object({ wallet_address: Type.String() })), (c) => {
    const wallet = walletAddress(c.req.valid('json').wallet_address);
    const token = `tok_${crypto.randomUUID()}`;
    tokens.set(token, wallet);
    return success(c, { token, token_type: 'Bearer' }, { status: 201 });
  });
  app.get('/markets/:ticker', (c) => success(c, marketView(findMarket(c.req.param('ticker')))));

  const authenticated = createMiddleware<Env>(async function authenticate(c, next) {
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const wallet = token === undefined ? undefined : tokens.get(token);
    if (wallet === undefined) throw errors.UNAUTHORIZED();
    c.set('wallet', wallet);
    await next();
  });
  app.use('/positions/*', authenticated);
  app.use('/quotes', authenticated);

  app.get('/positions/:position_id', (c) => {
    // Every demo user holds one position.
    if (c.req.param('position_id') !== 'pos_demo_1') throw errors.CUSTOMER_POSITION_NOT_FOUND();
    return success(c, { position_id: 'pos_demo_1', ticker: 'KXNBA-26-LAL', side: 'long', leverage_bps: 30_000 });
  });
  app.post('/quotes', validator('json', QuoteBody), (c) =>
    success(c, quote(c.req.valid('json'), c.var.wallet, `qt_${crypto.randomUUID()}`), { status: 201 }),
  );
  return app;
}
