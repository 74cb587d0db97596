/**
 * The wire contract (shared/market-api.md), end to end: each app is started as `pnpm demo` starts it, on a real port,
 * and every route row, header rule and request-id rule is checked against it. A last block sends the same requests to
 * all three and requires the same status, headers and body bytes (request id and timestamp aside).
 */
import { connect } from 'node:net';
import request from 'supertest';
import { FRAMEWORKS, type Framework, type StartedApp, startAllApps } from './start-app';

const FREE = { 'x-api-key': 'demo_free' };
const PRO = { 'x-api-key': 'demo_pro' };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Generated request ids are random hex, which may spell 6379 by chance: they are set aside before looking for leaks. */
const withoutIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
const SECRET = /hunter2|10\.0\.0\.5|ECONNREFUSED|6379|\bat .+:\d+:\d+|node_modules|\/src\//;

const apps = startAllApps();

function expectEnvelopeHeaders(res: request.Response, contentType = 'application/json; charset=utf-8') {
  expect(res.headers['content-type']).toBe(contentType);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

function expectError(res: request.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.success).toBe(false);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.meta.request_id).toBe(res.headers['x-request-id']);
  expect(res.body.meta.timestamp).toMatch(ISO);
  expect(Object.keys(res.body)).toEqual(['success', 'error', 'meta']);
  expectEnvelopeHeaders(res);
  expect(withoutIds(res.text)).not.toMatch(SECRET);
}

function expectRateLimitHeaders(res: request.Response, limit: number) {
  expect(res.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(Number(res.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
  const reset = Number(res.headers['x-ratelimit-reset']);
  const now = Date.now() / 1000;
  expect(reset).toBeGreaterThan(now - 1);
  expect(reset).toBeLessThanOrEqual(now + 61);
}

describe.each(FRAMEWORKS)('market-api contract: %s', (framework) => {
  const app = () => request((apps.get(framework) as StartedApp).url);

  describe('public routes', () => {
    it('GET /health answers ok without a key', async () => {
      const res = await app().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        data: { status: 'ok' },
        meta: { request_id: res.headers['x-request-id'], timestamp: expect.stringMatching(ISO) },
      });
    });

    it('GET /meta/errors lists every code from the catalog', async () => {
      const res = await app().get('/meta/errors');
      expect(res.status).toBe(200);
      const codes = res.body.data.map((e: { code: string }) => e.code);
      for (const code of [
        'SYMBOL_NOT_FOUND',
        'TIER_LIMIT_EXCEEDED',
        'LEVERAGE_EXCEEDS_MAXIMUM',
        'VALIDATION_ERROR',
        'INVALID_JSON',
        'UNAUTHORIZED',
        'NOT_FOUND',
        'METHOD_NOT_ALLOWED',
        'PAYLOAD_TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'RATE_LIMIT_EXCEEDED',
        'INTERNAL_ERROR',
        'UPSTREAM_ERROR',
      ]) {
        expect(codes).toContain(code);
      }
      const tier = res.body.data.find((e: { code: string }) => e.code === 'TIER_LIMIT_EXCEEDED');
      expect(tier).toEqual({
        code: 'TIER_LIMIT_EXCEEDED',
        status: 403,
        message: expect.any(String),
        description: expect.any(String),
        retryable: false,
        params: expect.objectContaining({ type: 'object' }),
      });
      expect(res.body.data.find((e: { code: string }) => e.code === 'NOT_FOUND').params).toBeNull();
    });
  });

  describe('auth', () => {
    it('answers 401 UNAUTHORIZED without a key, saying the header is required', async () => {
      for (const path of ['/v1/ticker?symbol=BTCUSDT', '/v1/anything', '/v1/orders']) {
        const res = await app().get(path);
        expectError(res, 401, 'UNAUTHORIZED');
        expect(res.body.error.message).toMatch(/X-API-Key/);
      }
    });

    it('answers 401 UNAUTHORIZED for an unknown key', async () => {
      for (const key of ['nope', 'constructor', '__proto__']) {
        expectError(await app().get('/v1/ticker?symbol=BTCUSDT').set('x-api-key', key), 401, 'UNAUTHORIZED');
      }
    });

    it('answers a malformed %-escape with 400 BAD_REQUEST before the key check, and routes a decoded one', async () => {
      for (const path of ['/v1/%zz', '/v1/orderbook/%zz']) expectError(await app().get(path), 400, 'BAD_REQUEST');
      const res = await app().get('/v1/%74icker?symbol=BTCUSDT').set(FREE);
      expect({ status: res.status, symbol: res.body.data?.symbol }).toEqual({ status: 200, symbol: 'BTCUSDT' });
    });

    it("answers a request Node's parser refuses with the envelope, a fresh id, and closes the connection", async () => {
      const { hostname, port } = new URL((apps.get(framework) as StartedApp).url);
      const text = await new Promise<string>((resolve) => {
        const chunks: Buffer[] = [];
        const socket = connect(Number(port), hostname, () =>
          socket.write('FOO /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nX-Request-Id: client-1\r\n\r\n'),
        );
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      const [head = '', body = ''] = text.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(head.toLowerCase()).toContain('connection: close');
      const parsed = JSON.parse(body);
      expect(parsed.error.code).toBe('BAD_REQUEST');
      expect(parsed.meta.request_id).not.toBe('client-1');
    });

    it('checks the key before routing: unknown /v1 path 404, wrong method 405', async () => {
      expectError(await app().get('/v1/anything').set(FREE), 404, 'NOT_FOUND');
      const res = await app().delete('/v1/ticker').set(FREE);
      expectError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD');
    });
  });

  describe('GET /v1/ticker', () => {
    it('answers the price', async () => {
      const res = await app().get('/v1/ticker?symbol=BTCUSDT').set(FREE);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ symbol: 'BTCUSDT', price: expect.any(Number) });
      expectRateLimitHeaders(res, 1000);
    });

    it('answers VALIDATION_ERROR for a missing or unlisted symbol', async () => {
      for (const path of ['/v1/ticker', '/v1/ticker?symbol=DOGEUSDT', '/v1/ticker?symbol=']) {
        const res = await app().get(path).set(FREE);
        expectError(res, 400, 'VALIDATION_ERROR');
        expect(res.body.error.details).toEqual([
          { field: 'query.symbol', message: expect.any(String), rule: expect.stringMatching(/required|enum/) },
        ]);
        expectRateLimitHeaders(res, 1000);
      }
      const res = await app().get('/v1/ticker?symbol=DOGEUSDT').set(FREE);
      expect(res.body.error.details[0].message).toBe('must be one of: BTCUSDT, ETHUSDT, SOLUSDT, HYPEUSDT');
    });

    it('answers 503 UPSTREAM_ERROR with Retry-After 2 when the price cache refuses, never naming the address', async () => {
      const res = await app().get('/v1/ticker?symbol=HYPEUSDT').set(FREE);
      expectError(res, 503, 'UPSTREAM_ERROR');
      expect(res.headers['retry-after']).toBe('2');
      expectRateLimitHeaders(res, 1000);
    });
  });

  describe('GET /v1/candles', () => {
    it('answers N candles with defaults and coerced query strings', async () => {
      const defaults = await app().get('/v1/candles?symbol=ETHUSDT').set(FREE);
      expect(defaults.status).toBe(200);
      expect(defaults.body.data).toHaveLength(100);
      expect(defaults.body.data[0]).toEqual({
        t: expect.any(Number),
        o: expect.any(Number),
        h: expect.any(Number),
        l: expect.any(Number),
        c: expect.any(Number),
        v: expect.any(Number),
      });
      const some = await app().get('/v1/candles?symbol=SOLUSDT&timeframe=4h&limit=7').set(FREE);
      expect(some.body.data).toHaveLength(7);
    });

    it('lists every bad field in details', async () => {
      const res = await app().get('/v1/candles?symbol=NOPE&timeframe=2h&limit=5000').set(FREE);
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
        'query.symbol',
        'query.timeframe',
        'query.limit',
      ]);
      const res2 = await app().get('/v1/candles?symbol=BTCUSDT&limit=1.5').set(FREE);
      expect(res2.body.error.details).toEqual([{ field: 'query.limit', message: 'must be an integer', rule: 'type' }]);
      const res3 = await app().get('/v1/candles?symbol=BTCUSDT&limit=0').set(FREE);
      expect(res3.body.error.details).toEqual([{ field: 'query.limit', message: 'must be >= 1', rule: 'minimum' }]);
    });

    it('answers 403 TIER_LIMIT_EXCEEDED for 1m on a free key, and serves it to pro', async () => {
      const res = await app().get('/v1/candles?symbol=BTCUSDT&timeframe=1m').set(FREE);
      expectError(res, 403, 'TIER_LIMIT_EXCEEDED');
      expect(res.body.error.params).toEqual({
        required_tier: 'pro',
        current_tier: 'free',
        upgrade_url: expect.stringMatching(/^https:\/\//),
      });
      const pro = await app().get('/v1/candles?symbol=BTCUSDT&timeframe=1m&limit=3').set(PRO);
      expect(pro.status).toBe(200);
      expectRateLimitHeaders(pro, 10_000);
    });
  });

  describe('GET /v1/orderbook/:symbol', () => {
    it('answers the book', async () => {
      const res = await app().get('/v1/orderbook/BTCUSDT').set(FREE);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ symbol: 'BTCUSDT', bids: expect.any(Array), asks: expect.any(Array) });
    });

    it('answers 404 SYMBOL_NOT_FOUND for a well-formed unlisted symbol, with params', async () => {
      const res = await app().get('/v1/orderbook/DOGEUSDT').set(FREE);
      expectError(res, 404, 'SYMBOL_NOT_FOUND');
      expect(res.body.error.params).toEqual({
        symbol: 'DOGEUSDT',
        supported: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT'],
      });
    });

    it('answers 400 VALIDATION_ERROR for a malformed symbol', async () => {
      const res = await app().get('/v1/orderbook/doge-usdt').set(FREE);
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.body.error.details[0]).toMatchObject({ field: 'params.symbol', rule: 'pattern' });
    });
  });

  describe('POST /v1/orders', () => {
    const post = () => app().post('/v1/orders').set(FREE);

    it('answers 201 with the order', async () => {
      const res = await post().send({ symbol: 'SOLUSDT', side: 'buy', quantity: 2, leverage: 10 });
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({
        order_id: expect.any(String),
        symbol: 'SOLUSDT',
        side: 'buy',
        quantity: 2,
        leverage: 10,
      });
    });

    it('answers INVALID_JSON, PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE through the framework parser', async () => {
      const broken = await post()
        .set('content-type', 'application/json')
        .send('{"symbol":"BTCUSDT", "password":"hunter2"');
      expectError(broken, 400, 'INVALID_JSON');
      const big = await post()
        .set('content-type', 'application/json')
        .send(JSON.stringify({ symbol: 'BTCUSDT', pad: 'x'.repeat(17 * 1024) }));
      expectError(big, 413, 'PAYLOAD_TOO_LARGE');
      const text = await post().set('content-type', 'text/plain').send('symbol=BTCUSDT');
      expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const form = await post().type('form').send({ symbol: 'BTCUSDT' });
      expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers VALIDATION_ERROR with body.* fields, echoing no value', async () => {
      const res = await post().send({
        symbol: 'BTCUSDT',
        side: 'hold',
        quantity: -1,
        leverage: 50,
        note: '<secret-value>',
      });
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string; rule: string }) => [d.field, d.rule])).toEqual([
        ['body.note', 'additionalProperties'],
        ['body.side', 'enum'],
        ['body.quantity', 'exclusiveMinimum'],
        ['body.leverage', 'maximum'],
      ]);
      expect(res.text).not.toContain('secret-value');
      expect(res.text).not.toContain('hold');
    });

    it('answers LEVERAGE_EXCEEDS_MAXIMUM above the symbol maximum', async () => {
      const res = await post().send({ symbol: 'HYPEUSDT', side: 'sell', quantity: 1, leverage: 6 });
      expectError(res, 400, 'LEVERAGE_EXCEEDS_MAXIMUM');
      expect(res.body.error.params).toEqual({ current_leverage: 6, max_leverage: 5 });
    });

    it('is not polluted by __proto__ payloads', async () => {
      const res = await post()
        .set('content-type', 'application/json')
        .send('{"__proto__":{"admin":true},"symbol":"BTCUSDT","side":"buy","quantity":1}');
      expect(res.status).toBeLessThan(500);
      expect((await app().get('/health')).status).toBe(200);
    });
  });

  describe('GET /v1/debug/crash', () => {
    it('answers a generic 500 and logs the full error with the request id', async () => {
      const res = await app().get('/v1/debug/crash').set(FREE);
      expectError(res, 500, 'INTERNAL_ERROR');
      expect(res.body.error.message).not.toMatch(/password|hunter2|10\.0\.0\.5/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const logs = (apps.get(framework) as StartedApp).output();
      expect(logs).toContain('hunter2');
      expect(logs).toContain(res.headers['x-request-id']);
    });
  });

  describe('any other path, wrong methods, HEAD', () => {
    it('answers 404 NOT_FOUND for unknown paths', async () => {
      for (const path of ['/', '/nope', '/health/x', '/meta']) expectError(await app().get(path), 404, 'NOT_FOUND');
    });

    it('answers 405 METHOD_NOT_ALLOWED with Allow for a known path', async () => {
      const res = await app().put('/health');
      expectError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD');
      const orders = await app().get('/v1/orders').set(FREE);
      expectError(orders, 405, 'METHOD_NOT_ALLOWED');
      expect(orders.headers.allow).toBe('POST');
    });

    it('answers HEAD like GET with no body', async () => {
      for (const [path, status] of [
        ['/health', 200],
        ['/v1/ticker?symbol=BTCUSDT', 200],
        ['/v1/orderbook/DOGEUSDT', 404],
        ['/nope', 404],
      ] as const) {
        const get = await app().get(path).set(FREE);
        const head = await app().head(path).set(FREE);
        expect([path, head.status]).toEqual([path, status]);
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        expect(head.headers['x-request-id']).toBeDefined();
        expect(head.text ?? '').toBe('');
      }
    });
  });

  describe('request ids', () => {
    it('keeps a valid inbound X-Request-Id, on successes and errors', async () => {
      for (const path of ['/health', '/nope', '/v1/ticker?symbol=BTCUSDT']) {
        const res = await app().get(path).set('x-request-id', 'trace-1.a:b=c_d');
        expect(res.headers['x-request-id']).toBe('trace-1.a:b=c_d');
        expect(res.body.meta.request_id).toBe('trace-1.a:b=c_d');
      }
    });

    it('replaces a too long or badly formed id with a fresh unique one', async () => {
      const ids = new Set<string>();
      for (const bad of ['x'.repeat(129), 'a b', 'a/b', 'ünï', 'a,b']) {
        const res = await app().get('/health').set('x-request-id', bad);
        const id = res.headers['x-request-id'] as string;
        expect(id).not.toBe(bad);
        expect(id).toMatch(/^[A-Za-z0-9._:=-]{1,128}$/);
        expect(res.body.meta.request_id).toBe(id);
        ids.add(id);
      }
      expect(ids.size).toBe(5);
    });
  });

  describe('problem+json', () => {
    it('sends RFC 9457 problem details when asked', async () => {
      const res = await app()
        .get('/v1/candles?symbol=BTCUSDT&timeframe=1m')
        .set(FREE)
        .set('accept', 'application/problem+json');
      expect(res.status).toBe(403);
      expectEnvelopeHeaders(res, 'application/problem+json; charset=utf-8');
      const body = JSON.parse(res.text);
      expect(body).toEqual({
        type: expect.any(String),
        title: 'Forbidden',
        status: 403,
        detail: expect.any(String),
        instance: '/v1/candles',
        code: 'TIER_LIMIT_EXCEEDED',
        request_id: res.headers['x-request-id'],
        timestamp: expect.stringMatching(ISO),
        required_tier: 'pro',
        current_tier: 'free',
        upgrade_url: expect.any(String),
      });
      const invalid = await app().get('/v1/ticker').set(FREE).set('accept', 'application/problem+json');
      expect(JSON.parse(invalid.text).errors).toEqual([
        { field: 'query.symbol', message: 'is required', rule: 'required' },
      ]);
    });
  });

  describe('rate limits', () => {
    it('answers 429 RATE_LIMIT_EXCEEDED past the limit, with Retry-After equal to params.retry_after', async () => {
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await app().get('/v1/ticker?symbol=BTCUSDT').set('x-api-key', 'demo_limited');
        statuses.push(last.status);
        expectRateLimitHeaders(last, 3);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = last as request.Response;
      expectError(res, 429, 'RATE_LIMIT_EXCEEDED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(res.body.error.params).toEqual({ retry_after: retryAfter });
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
    });
  });
});

describe('the three apps answer alike', () => {
  const REQUESTS: [string, string, Record<string, string>?, string?][] = [
    ['GET', '/health'],
    ['GET', '/meta/errors'],
    ['GET', '/nope'],
    ['PUT', '/health'],
    ['HEAD', '/nope'],
    ['GET', '/v1/ticker?symbol=BTCUSDT'],
    ['GET', '/v1/ticker?symbol=BTCUSDT', FREE],
    ['GET', '/v1/ticker', FREE],
    ['GET', '/v1/ticker?symbol=HYPEUSDT', FREE],
    ['GET', '/v1/ticker?symbol=HYPEUSDT', { ...FREE, accept: 'application/problem+json' }],
    ['DELETE', '/v1/ticker', FREE],
    ['GET', '/v1/nothing', FREE],
    ['GET', '/v1/candles?symbol=SOLUSDT&timeframe=15m&limit=3', FREE],
    ['GET', '/v1/candles?symbol=X&timeframe=Y&limit=Z', FREE],
    ['GET', '/v1/candles?symbol=BTCUSDT&timeframe=1m', FREE],
    ['GET', '/v1/orderbook/ETHUSDT', FREE],
    ['GET', '/v1/orderbook/DOGEUSDT', FREE],
    ['GET', '/v1/orderbook/x!', FREE],
    [
      'POST',
      '/v1/orders',
      { ...FREE, 'content-type': 'application/json' },
      '{"symbol":"ETHUSDT","side":"buy","quantity":1.5}',
    ],
    [
      'POST',
      '/v1/orders',
      { ...FREE, 'content-type': 'application/json' },
      '{"symbol":"SOLUSDT","side":"buy","quantity":1,"leverage":11}',
    ],
    [
      'POST',
      '/v1/orders',
      { ...FREE, 'content-type': 'application/json' },
      '{"side":"up","quantity":"1","extra":true}',
    ],
    ['POST', '/v1/orders', { ...FREE, 'content-type': 'application/json' }, '{"symbol":'],
    ['POST', '/v1/orders', { ...FREE, 'content-type': 'text/plain' }, 'hello'],
    [
      'POST',
      '/v1/orders',
      { ...FREE, 'content-type': 'application/json' },
      JSON.stringify({ pad: 'x'.repeat(20_000) }),
    ],
    ['GET', '/v1/debug/crash', FREE],
  ];
  // X-RateLimit-Remaining and -Reset depend on each process's window; the per-app tests above check them.
  const HEADERS = [
    'content-type',
    'cache-control',
    'x-content-type-options',
    'retry-after',
    'allow',
    'www-authenticate',
    'x-ratelimit-limit',
  ];

  async function answer(framework: Framework, [method, path, headers = {}, body]: (typeof REQUESTS)[number]) {
    let req = request((apps.get(framework) as StartedApp).url)[method.toLowerCase() as 'get'](path);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = await (body === undefined ? req : req.send(body));
    const id = res.headers['x-request-id'] as string;
    const text = (res.text ?? '')
      .split(JSON.stringify(id))
      .join('"<id>"')
      .replace(/"timestamp":"[^"]+"/g, '"timestamp":"<ts>"');
    return { status: res.status, headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers[h]])), body: text };
  }

  it.each(REQUESTS.map((r) => [`${r[0]} ${r[1]}${r[3] ? ` ${r[3].slice(0, 40)}` : ''}`, r] as const))(
    '%s',
    async (_, req) => {
      const [express, hono, fastify] = await Promise.all(FRAMEWORKS.map((f) => answer(f, req)));
      expect(hono).toEqual(express);
      expect(fastify).toEqual(express);
    },
  );
});
