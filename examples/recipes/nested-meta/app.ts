/**
 * The API of page 000 on Fastify 5: `/v2/gex/levels`, `/v2/options/chain`, and the code list at `/v2/meta` from
 * `errors.describe()`. `X-RateLimit-*` and `X-Request-ID` are on every response, errors included.
 */
import { errata, errataServerOptions } from '@errata/fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { CalendarWindow, MINUTE_MS } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { ChainQuery, GexQuery, gexLevels, optionsChain, TIERS, type Tier, tierOf, upstreamMapper } from './data';
import { API_CODES, errors } from './errors';
import { API_VERSION, formatError, formatSuccess } from './format';

/**
 * @example const app = await createApp(clockFromEnv()); await app.listen({ port: 3000 })
 */
export async function createApp(now: Clock): Promise<FastifyInstance> {
  const app = Fastify({ ...errataServerOptions(), logger: { level: 'warn' } }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(errata, {
    catalog: errors,
    format: formatError,
    successFormat: formatSuccess,
    mappers: [upstreamMapper],
    now,
  });
  app.decorateRequest('tier', null);

  // Every request counts against its key's tier (or its IP's anonymous cap) and carries the three headers; a root
  // onRequest hook runs for unknown paths too. Before the key check, so a 401 carries them as well.
  const perMinute = new CalendarWindow(MINUTE_MS, now);
  app.addHook('onRequest', async function limitRate(request, reply) {
    const tier = tierOf(request.headers['x-api-key']);
    request.setDecorator<Tier | null>('tier', tier ?? null);
    const key = tier === undefined ? `ip:${request.ip}` : `key:${String(request.headers['x-api-key'])}`;
    const window = perMinute.take(key, (tier ?? TIERS.anonymous).perMinute);
    reply.headers({
      'x-ratelimit-limit': String(window.limit),
      'x-ratelimit-remaining': String(window.remaining),
      'x-ratelimit-reset': String(window.reset),
    });
    if (!window.allowed) throw errors.RATE_LIMIT_EXCEEDED({ retry_after: window.retryAfter });
  });

  /** The key check and the tier check for one kind of endpoint. */
  const requireTier = (resource: string) =>
    async function requireKey(request: { getDecorator<T>(name: string): T }) {
      const tier = request.getDecorator<Tier | null>('tier');
      if (tier === null) throw errors.UNAUTHORIZED();
      if (!tier.includes.includes(resource)) throw errors.FORBIDDEN();
    };

  // The catalog lists standard codes first; the page's order is the one its readers know.
  const listing = errors
    .describe()
    .filter((entry) => API_CODES.includes(entry.code))
    .sort((a, b) => API_CODES.indexOf(a.code) - API_CODES.indexOf(b.code));
  app.get('/v2/meta', (_request, reply) => reply.success({ version: API_VERSION, errors: listing }));
  app.get('/v2/health', (_request, reply) => reply.success({ status: 'ok', cache: 'ok', database: 'ok' }));
  app.get('/v2/gex/levels', { schema: { querystring: GexQuery }, preHandler: requireTier('gex') }, (request, reply) =>
    reply.success(gexLevels(request.query.symbol)),
  );
  app.get(
    '/v2/options/chain',
    { schema: { querystring: ChainQuery }, preHandler: requireTier('options') },
    (request, reply) => reply.success(optionsChain(request.query, now().toISOString().slice(0, 10))),
  );
  return app;
}
