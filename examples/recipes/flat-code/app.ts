/**
 * The API of page 001 on Express 5: market data under `/v1` (key in `X-API-Key`), key administration, and
 * `GET /health`. Every response carries the rate-limit headers, successes included.
 */
import { randomBytes } from 'node:crypto';
import { errata } from '@errata/express';
import { Type } from '@sinclair/typebox';
import express from 'express';
import type { Clock } from '../shared/clock';
import * as data from './data';
import { errors, rateLimited } from './errors';
import { formatError, formatSuccess } from './format';
import { createLimits } from './rate-limit';

/** `symbol` is required; the other parameters are checked by the page's own codes (data.ts), not by a schema. */
const SymbolQuery = Type.Object({
  symbol: Type.String({ minLength: 1 }),
  timeframe: Type.Optional(Type.Unknown()),
  start: Type.Optional(Type.Unknown()),
  end: Type.Optional(Type.Unknown()),
  features: Type.Optional(Type.Unknown()),
});
const NewKey = Type.Object({ tier: Type.String() });

/**
 * @example createApp(clockFromEnv(), process.env).listen(3000)
 */
export function createApp(now: Clock, env: Record<string, string | undefined>): express.Express {
  const e = errata({
    catalog: errors,
    format: formatError,
    successFormat: formatSuccess,
    mappers: [data.databaseMapper],
    now,
  });
  const db = data.createDatabase(env);
  const limits = createLimits(now);
  const created = new Map<string, data.Plan>(); // key hash → plan, for keys made through POST /v1/keys

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // an answer computed per request has no entity tag to revalidate
  e.install(app);

  // Before every route, so that 401s, 404s and successes all carry the headers. Keyless requests count per IP.
  app.use(function rateLimit(req, res, next) {
    const plan = data.planOf(req.get('x-api-key'));
    const identity = plan === undefined ? `ip:${req.ip}` : `key:${req.get('x-api-key')}`;
    const result = limits.count(identity, plan ?? data.PLANS.free, { count: req.path !== '/health' });
    res.set(result.headers);
    next(result.refused && rateLimited((plan ?? data.PLANS.free).name, result.refused.retryAfter));
  });

  // No authentication: 200 when every dependency answers, 503 SERVICE_UNAVAILABLE otherwise.
  app.get('/health', (_req, res) => {
    if (!db.ping()) throw errors.SERVICE_UNAVAILABLE();
    e.success(res, { status: 'ok', dependencies: { database: 'ok' } });
  });

  // Key administration authenticates with the server's ADMIN_TOKEN, not an API key.
  function adminOnly(req: express.Request, _res: express.Response, next: express.NextFunction): void {
    if (!env.ADMIN_TOKEN) throw errors.KEY_CREATION_DISABLED();
    if (req.get('x-admin-token') !== env.ADMIN_TOKEN) throw errors.UNAUTHORIZED();
    next();
  }
  app.post('/v1/keys', adminOnly, e.requireJson(), express.json(), e.validate({ body: NewKey }), (req, res) => {
    const tier = req.body.tier;
    const plan = Object.hasOwn(data.PLANS, tier) ? data.PLANS[tier as keyof typeof data.PLANS] : undefined;
    if (plan === undefined) throw errors.INVALID_TIER();
    const hash = randomBytes(16).toString('hex');
    created.set(hash, plan);
    e.success(res, { key_hash: hash, tier: plan.name }, { status: 201 });
  });
  app.delete('/v1/keys/:hash', adminOnly, (req, res) => {
    const hash = String(req.params.hash);
    if (!created.delete(hash)) throw errors.KEY_NOT_FOUND();
    e.success(res, { revoked: hash });
  });

  app.use('/v1', function apiKey(req, res, next) {
    const plan = data.planOf(req.get('x-api-key'));
    if (plan === undefined) throw errors.UNAUTHORIZED();
    res.locals.plan = plan;
    next();
  });
  const planOf = (res: express.Response): data.Plan => res.locals.plan;

  app.get('/v1/candles', e.validate({ query: SymbolQuery }), (req, res) => {
    const tf = data.timeframe(req.query.timeframe, planOf(res));
    const range = data.timeRange(req.query.start, req.query.end, now());
    e.success(res, db.candles(req.query.symbol, tf, range));
  });
  app.get('/v1/features', e.validate({ query: SymbolQuery }), (req, res) => {
    const tf = data.timeframe(req.query.timeframe, planOf(res), { funding: true });
    e.success(res, db.features(req.query.symbol, tf, data.features(req.query.features)));
  });
  app.get('/v1/multi/candles', (req, res) => {
    const names = data.symbols(req.query.symbols, planOf(res));
    e.success(res, db.multi(names, data.timeframe(req.query.timeframe, planOf(res))));
  });
  app.get('/v1/quality', e.validate({ query: SymbolQuery }), (req, res) => {
    e.success(res, db.quality(req.query.symbol, data.timeframe(req.query.timeframe, planOf(res))));
  });
  return app;
}
