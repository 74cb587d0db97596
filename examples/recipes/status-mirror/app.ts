/**
 * The API of page 002 on Hono 4: `GET /` and `GET /health` without a key, everything under `/v1` with
 * `Authorization: Bearer mtk_…`, rate-limited per key, metered in credits.
 */
import { type ErrataVariables, install, success, validator } from '@errata/hono';
import { type Context, Hono } from 'hono';
import { CalendarWindow, MINUTE_MS } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { type Account, createAccounts, creditPackage, filings, PackageParams, Page, signals } from './data';
import { demoResultCap, errors, validationAsBadRequest } from './errors';
import { formatError, formatSuccess } from './format';

interface Env {
  Variables: ErrataVariables<typeof errors> & { account: Account };
}

const DEMO_MAX_RESULTS = 3;

/**
 * @example serve({ fetch: createApp(clockFromEnv()).fetch, port: 3000 })
 */
export function createApp(now: Clock): Hono<Env> {
  const app = new Hono<Env>();
  install(app, {
    catalog: errors,
    format: formatError,
    successFormat: formatSuccess,
    mappers: [validationAsBadRequest],
    now,
  });
  const accounts = createAccounts(now);
  const perMinute = new CalendarWindow(MINUTE_MS, now);

  app.get('/', (c) => success(c, { name: 'QuantConomy API', version: 'v1', docs: '/docs' }));
  app.get('/health', (c) => success(c, { status: 'ok' }));

  // The key, then the rate: a refused request is never charged.
  app.use('/v1/*', async function authenticate(c, next) {
    const account = accounts.authenticate(c.req.header('authorization'));
    if (account === undefined) throw errors.UNAUTHORIZED();
    const window = perMinute.take(account.key, account.rate);
    if (!window.allowed) throw errors.RATE_LIMIT_EXCEEDED({ retry_after: window.retryAfter });
    c.set('account', account);
    await next();
  });

  /** The page of results a request may have: the demo key gets at most 3 and cannot paginate. */
  function pageOf(c: Context<Env>, query: { limit: number; cursor?: string }) {
    if (c.var.account.plan !== 'demo') return query;
    const paginates = ['cursor', 'offset', 'page'].some((name) => c.req.query(name) !== undefined);
    const limit = c.req.query('limit') === undefined ? DEMO_MAX_RESULTS : query.limit;
    if (paginates || limit > DEMO_MAX_RESULTS) throw demoResultCap();
    return { limit };
  }

  app.get('/v1/credits', (c) => success(c, { credits: accounts.balance(c.var.account) }));
  app.get('/v1/signals', validator('query', Page), (c) => {
    const page = pageOf(c, c.req.valid('query'));
    accounts.charge(c.var.account, 1);
    return success(c, signals(page));
  });
  app.get('/v1/sec/filings', validator('query', Page), (c) => {
    const page = pageOf(c, c.req.valid('query'));
    if (c.var.account.plan !== 'starter') throw errors.FORBIDDEN(); // SEC data: Starter or higher
    accounts.charge(c.var.account, 5);
    return success(c, filings(page));
  });
  app.get('/v1/packages/:packageId', validator('param', PackageParams), (c) =>
    success(c, creditPackage(c.req.valid('param').packageId)),
  );
  return app;
}
