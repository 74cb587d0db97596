import { envelope, fakeApi, ok, type Reply } from '../test/fake-api';
import { FakeClock } from '../test/fake-clock';
import { type ClientOptions, createClient } from './create-client';
import {
  ErrataClientError,
  ErrataResponseError,
  NetworkError,
  RequestTimeoutError,
  UnexpectedResponseError,
} from './errata-client-error';

const BASE = 'http://api.test';

function setup(replies: readonly Reply[], options: Partial<ClientOptions> = {}) {
  const clock = new FakeClock();
  const api = fakeApi(clock, replies);
  const client = createClient({
    baseUrl: BASE,
    fetch: api.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...options,
  });
  return { clock, api, client };
}

const unavailable = (headers: Record<string, string> = {}): Reply => ({
  status: 503,
  headers,
  body: envelope('UPSTREAM_ERROR', 'The price service is unavailable.'),
});

describe('reading responses', () => {
  it('resolves with the data of a success envelope', async () => {
    const { clock, client, api } = setup([{ status: 200, body: ok({ symbol: 'BTCUSDT', price: 97_000 }) }]);
    await expect(clock.run(client.get('/v1/ticker', { query: { symbol: 'BTCUSDT' } }))).resolves.toEqual({
      symbol: 'BTCUSDT',
      price: 97_000,
    });
    expect(api.sent.map((r) => [r.method, r.url, r.headers.get('accept')])).toEqual([
      ['GET', 'http://api.test/v1/ticker?symbol=BTCUSDT', 'application/json'],
    ]);
  });

  it('resolves with undefined for an empty 2xx (204, HEAD)', async () => {
    const { clock, client } = setup([{ status: 204 }, { status: 200 }]);
    await expect(clock.run(client.delete('/v1/orders/1'))).resolves.toBeUndefined();
    await expect(clock.run(client.request('/v1/ticker', { method: 'HEAD' }))).resolves.toBeUndefined();
  });

  it('rejects with a typed error carrying code, message, params, details, request id, status and headers', async () => {
    const details = [{ field: 'query.symbol', message: 'must be one of: BTCUSDT', rule: 'enum' }];
    const { clock, client } = setup([
      {
        status: 400,
        headers: { 'x-request-id': 'req-1' },
        body: envelope('VALIDATION_ERROR', 'The request is invalid.', { details }),
      },
    ]);
    const error = await clock.reject(client.get('/v1/ticker'));
    expect(error).toBeInstanceOf(ErrataResponseError);
    expect(error).toBeInstanceOf(ErrataClientError);
    expect(error).toMatchObject({
      kind: 'response',
      name: 'ErrataResponseError',
      code: 'VALIDATION_ERROR',
      message: 'The request is invalid.',
      status: 400,
      params: undefined,
      details,
      requestId: 'req-1',
      method: 'GET',
      url: 'http://api.test/v1/ticker',
      attempts: 1,
      retryable: false,
    });
    expect((error as ErrataResponseError).headers.get('x-request-id')).toBe('req-1');
    expect(client.isError(error)).toBe(true);
    expect(client.isError(error, 'VALIDATION_ERROR')).toBe(true);
    expect(client.isError(error, 'NOT_FOUND')).toBe(false);
  });

  it('reads params of a code that declares them', async () => {
    const params = { required_tier: 'pro', current_tier: 'free', upgrade_url: 'https://example.com/pricing' };
    const { clock, client } = setup([
      { status: 403, body: envelope('TIER_LIMIT_EXCEEDED', 'This request needs the pro tier.', { params }) },
    ]);
    expect(await clock.reject(client.get('/v1/candles'))).toMatchObject({ code: 'TIER_LIMIT_EXCEEDED', params });
  });

  it('reads RFC 9457 problem details: params from extension members, details from errors', async () => {
    const { clock, client } = setup([
      {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: 'Symbol DOGEUSDT is not listed.',
          instance: '/v1/orderbook/DOGEUSDT',
          code: 'SYMBOL_NOT_FOUND',
          request_id: 'req-9',
          timestamp: '2026-01-01T00:00:00.000Z',
          symbol: 'DOGEUSDT',
          supported: ['BTCUSDT'],
        },
      },
    ]);
    expect(await clock.reject(client.get('/v1/orderbook/DOGEUSDT'))).toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
      message: 'Symbol DOGEUSDT is not listed.',
      status: 404,
      params: { symbol: 'DOGEUSDT', supported: ['BTCUSDT'] },
      details: undefined,
      requestId: 'req-9',
    });
  });

  it('takes the request id from X-Request-Id when the body has none', async () => {
    const { clock, client } = setup([
      {
        status: 409,
        headers: { 'x-request-id': 'from-header' },
        body: { success: false, error: { code: 'C', message: 'm' } },
      },
    ]);
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'C', requestId: 'from-header' });
  });

  it.each([
    [
      'an HTML page from a proxy',
      { status: 502, headers: { 'content-type': 'text/html' }, text: '<h1>502 Bad Gateway</h1>' },
      'not_json',
    ],
    ['an empty body', { status: 500, text: '' }, 'empty_body'],
    [
      'invalid JSON',
      { status: 500, headers: { 'content-type': 'application/json' }, text: '{"success":fal' },
      'invalid_json',
    ],
    ['JSON of another shape', { status: 500, body: { message: 'Internal Server Error' } }, 'unrecognised_body'],
    ['a JSON string', { status: 500, body: 'oops' }, 'unrecognised_body'],
    [
      'an envelope whose code is not a string',
      { status: 500, body: { success: false, error: { code: 7, message: 'm' } } },
      'unrecognised_body',
    ],
  ] as const)('rejects with an UnexpectedResponseError for %s', async (_, reply, reason) => {
    const { clock, client } = setup([reply], { retry: false });
    const error = await clock.reject(client.get('/x'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).not.toBeInstanceOf(ErrataResponseError);
    expect(error).toMatchObject({ kind: 'unexpected_response', status: reply.status, reason });
    expect(client.isError(error)).toBe(true);
  });

  it('rejects with an UnexpectedResponseError for a 2xx that is not a success envelope, without retrying', async () => {
    const { clock, client, api } = setup([{ status: 200, body: { symbol: 'BTCUSDT' } }]);
    expect(await clock.reject(client.get('/x'))).toMatchObject({
      kind: 'unexpected_response',
      status: 200,
      reason: 'unrecognised_body',
      retryable: false,
    });
    expect(api.sent).toHaveLength(1);
  });

  it('keeps the first 1024 characters of an unexpected body', async () => {
    const { clock, client } = setup(
      [{ status: 502, headers: { 'content-type': 'text/html' }, text: 'x'.repeat(5000) }],
      {
        retry: false,
      },
    );
    expect(((await clock.reject(client.get('/x'))) as UnexpectedResponseError).body).toBe('x'.repeat(1024));
  });

  it('turns a parser that throws into an UnexpectedResponseError with the parser error as cause', async () => {
    const bug = new Error('parser bug');
    const { clock, client } = setup([{ status: 400, body: {} }], {
      parse: {
        error: () => {
          throw bug;
        },
      },
    });
    expect(await clock.reject(client.get('/x'))).toMatchObject({ reason: 'unrecognised_body', cause: bug });
  });
});

describe('failures without a response', () => {
  it('rejects with a NetworkError (cause kept) after retrying an idempotent request', async () => {
    const { clock, client, api } = setup([{ network: true }, { network: true }, { network: true }]);
    const error = await clock.reject(client.get('/x'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', attempts: 3, retryable: true });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(api.sent).toHaveLength(3);
  });

  it('times out one request after `timeout` and retries it', async () => {
    const { clock, client, api } = setup([{ hang: true }, { status: 200, body: ok('late but fine') }], {
      timeout: 1000,
    });
    await expect(clock.run(client.get('/x'))).resolves.toBe('late but fine');
    // The first request was abandoned at 1000 ms, then the backoff wait (random 0.5 × 500 ms) passed.
    expect(api.sent.map((r) => r.at - (api.sent[0]?.at ?? 0))).toEqual([0, 1250]);
  });

  it('rejects with an attempt RequestTimeoutError once the attempts are spent', async () => {
    const { clock, client, api } = setup([{ hang: true }, { hang: true }], { timeout: 1000, retry: { attempts: 2 } });
    const error = await clock.reject(client.get('/x'));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'attempt', timeout: 1000, attempts: 2 });
    expect(api.sent).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('times out a slow body, not only slow headers', async () => {
    const { clock, client } = setup([{ delay: 5000, reply: { status: 200, body: ok(1) } }], {
      timeout: 1000,
      retry: false,
    });
    expect(await clock.reject(client.get('/x'))).toMatchObject({ kind: 'timeout', scope: 'attempt' });
  });

  it('stops the whole call at `totalTimeout`, waits and retries included, and does not retry after it', async () => {
    const { clock, client, api } = setup([{ hang: true }, { hang: true }, { hang: true }], {
      timeout: 1000,
      totalTimeout: 1800,
    });
    const start = clock.now();
    const error = await clock.reject(client.get('/x'));
    expect(error).toMatchObject({ kind: 'timeout', scope: 'total', timeout: 1800, retryable: false });
    expect(api.sent).toHaveLength(2);
    expect(clock.now() - start).toBe(1800);
    expect(clock.pending).toBe(0);
  });

  it('does not start a wait that would end past the total deadline: it rejects with the last error at once', async () => {
    const { clock, client, api } = setup([unavailable({ 'retry-after': '10' })], { totalTimeout: 5000 });
    const start = clock.now();
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'UPSTREAM_ERROR', retryAfter: 10_000 });
    expect(api.sent).toHaveLength(1);
    expect(clock.now()).toBe(start);
  });
});

describe('retry policy', () => {
  it('waits the seconds of Retry-After, then retries', async () => {
    const delays: number[] = [];
    const { clock, client, api } = setup([unavailable({ 'retry-after': '2' }), { status: 200, body: ok('ok') }], {
      onRetry: (event) => delays.push(event.delay),
    });
    await expect(clock.run(client.get('/v1/ticker'))).resolves.toBe('ok');
    expect(delays).toEqual([2000]);
    expect((api.sent[1]?.at ?? 0) - (api.sent[0]?.at ?? 0)).toBe(2000);
  });

  it('waits until the HTTP-date of Retry-After', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const api = fakeApi(clock, [
      {
        status: 429,
        headers: { 'retry-after': 'Thu, 01 Jan 2026 12:00:07 GMT' },
        body: envelope('RATE_LIMIT_EXCEEDED', 'Slow down'),
      },
      { status: 200, body: ok('ok') },
    ]);
    const client = createClient({ baseUrl: BASE, fetch: api.fetch, sleep: clock.sleep, now: clock.now });
    await expect(clock.run(client.get('/x'))).resolves.toBe('ok');
    expect(api.sent[1]?.at).toBe(Date.UTC(2026, 0, 1, 12, 0, 7));
  });

  it('does not wait longer than maxWait: a longer Retry-After rejects at once with retryAfter set', async () => {
    const { clock, client, api } = setup(
      [{ status: 429, headers: { 'retry-after': '61' }, body: envelope('RATE_LIMIT_EXCEEDED', 'Slow down') }],
      { retry: { maxWait: 60_000 } },
    );
    const start = clock.now();
    const error = await clock.reject(client.get('/x'));
    expect(error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', retryAfter: 61_000, retryable: true, attempts: 1 });
    expect(api.sent).toHaveLength(1);
    expect(clock.now()).toBe(start);
  });

  it('waits a Retry-After equal to maxWait', async () => {
    const { clock, client } = setup([unavailable({ 'retry-after': '3' }), { status: 200, body: ok('ok') }], {
      retry: { maxWait: 3000 },
    });
    await expect(clock.run(client.get('/x'))).resolves.toBe('ok');
  });

  it('backs off exponentially with full jitter: each wait is random × min(maxDelay, baseDelay × 2^retry)', async () => {
    const randoms = [0, 0.999_999, 0.5, 0.25, 0.999_999];
    const delays: number[] = [];
    const { clock, client, api } = setup(
      [unavailable(), unavailable(), unavailable(), unavailable(), unavailable(), unavailable()],
      {
        random: () => randoms.shift() ?? 0,
        retry: { attempts: 6, baseDelay: 100, maxDelay: 1000 },
        onRetry: (event) => delays.push(event.delay),
      },
    );
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 6 });
    // ceilings 100, 200, 400, 800, 1000 (capped)
    expect(delays).toEqual([0, 199, 200, 200, 999]);
    expect(api.sent).toHaveLength(6);
  });

  it('keeps a jittered wait below its ceiling whatever `random` returns', async () => {
    for (const r of [-1, 1, 7, Number.NaN]) {
      const delays: number[] = [];
      const { clock, client } = setup([unavailable(), { status: 200, body: ok(1) }], {
        random: () => r,
        onRetry: (event) => delays.push(event.delay),
      });
      await clock.run(client.get('/x'));
      expect(delays[0]).toBeGreaterThanOrEqual(0);
      expect(delays[0]).toBeLessThan(500);
    }
  });

  it('uses the IETF RateLimit fields when there is no Retry-After', async () => {
    const delays: number[] = [];
    const { clock, client } = setup(
      [
        {
          status: 429,
          headers: { ratelimit: '"default";r=0;t=3', 'ratelimit-policy': '"default";q=3;w=60' },
          body: envelope('RATE_LIMIT_EXCEEDED', 'Slow down'),
        },
        { status: 200, body: ok(1) },
      ],
      { onRetry: (event) => delays.push(event.delay) },
    );
    await clock.run(client.get('/x'));
    expect(delays).toEqual([3000]);
  });

  it('uses X-RateLimit-Reset (unix seconds) when there is no Retry-After', async () => {
    const delays: number[] = [];
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const api = fakeApi(clock, [
      {
        status: 429,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.UTC(2026, 0, 1) / 1000 + 4) },
        body: envelope('RATE_LIMIT_EXCEEDED', 'Slow down'),
      },
      { status: 200, body: ok(1) },
    ]);
    const client = createClient({
      baseUrl: BASE,
      fetch: api.fetch,
      sleep: clock.sleep,
      now: clock.now,
      onRetry: (event) => delays.push(event.delay),
    });
    await clock.run(client.get('/x'));
    expect(delays).toEqual([4000]);
  });

  it('retries 429, 502, 503, 504 by default and nothing else', async () => {
    for (const status of [400, 401, 403, 404, 409, 500, 501, 429, 502, 503, 504]) {
      const { clock, client, api } = setup([
        { status, body: envelope('SOME_CODE', 'm') },
        { status: 200, body: ok(1) },
      ]);
      const retried = await clock.run(client.get('/x')).then(
        () => true,
        () => false,
      );
      expect([status, retried, api.sent.length]).toEqual([
        status,
        [429, 502, 503, 504].includes(status),
        retried ? 2 : 1,
      ]);
    }
  });

  it('does not retry a VALIDATION_ERROR', async () => {
    const { clock, client, api } = setup([
      { status: 400, body: envelope('VALIDATION_ERROR', 'The request is invalid.') },
    ]);
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'VALIDATION_ERROR', retryable: false });
    expect(api.sent).toHaveLength(1);
  });

  it('retries an unexpected 502 (a proxy page) like any 502', async () => {
    const { clock, client, api } = setup([
      { status: 502, headers: { 'content-type': 'text/html' }, text: '<h1>Bad Gateway</h1>' },
      { status: 200, body: ok('ok') },
    ]);
    await expect(clock.run(client.get('/x'))).resolves.toBe('ok');
    expect(api.sent).toHaveLength(2);
  });

  it('gives up after `attempts` requests', async () => {
    const { clock, client, api } = setup([unavailable(), unavailable(), unavailable()]);
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
    expect(api.sent).toHaveLength(3);
  });

  it('does not retry a POST, even on a retryable error', async () => {
    const { clock, client, api } = setup([unavailable({ 'retry-after': '1' })]);
    expect(await clock.reject(client.post('/v1/orders', { json: { symbol: 'BTCUSDT' } }))).toMatchObject({
      code: 'UPSTREAM_ERROR',
      retryable: true,
      attempts: 1,
    });
    expect(api.sent).toHaveLength(1);
  });

  it('does not retry a POST after a network error or a timeout', async () => {
    const { clock, client, api } = setup([{ network: true }, { hang: true }], { timeout: 1000 });
    expect(await clock.reject(client.post('/v1/orders'))).toMatchObject({ kind: 'network', attempts: 1 });
    expect(await clock.reject(client.patch('/v1/orders/1'))).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(api.sent).toHaveLength(2);
  });

  it('retries a POST that carries an Idempotency-Key, sending the same key again', async () => {
    const { clock, client, api } = setup([
      unavailable({ 'retry-after': '1' }),
      { status: 201, body: ok({ order_id: 'o1' }) },
    ]);
    const order = client.post('/v1/orders', { json: { symbol: 'BTCUSDT' }, headers: { 'Idempotency-Key': 'k-42' } });
    await expect(clock.run(order)).resolves.toEqual({ order_id: 'o1' });
    expect(api.sent.map((r) => [r.method, r.headers.get('idempotency-key'), r.body])).toEqual([
      ['POST', 'k-42', '{"symbol":"BTCUSDT"}'],
      ['POST', 'k-42', '{"symbol":"BTCUSDT"}'],
    ]);
  });

  it('retries PUT and DELETE (idempotent methods)', async () => {
    const { clock, client, api } = setup([unavailable(), { status: 200, body: ok(1) }, unavailable(), { status: 204 }]);
    await clock.run(client.put('/v1/orders/1', { json: { quantity: 2 } }));
    await clock.run(client.delete('/v1/orders/1'));
    expect(api.sent.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE']);
  });

  it('follows the catalog listing: a listed code retryable or not wins over its status', async () => {
    const errors = [
      { code: 'FLAKY', retryable: true },
      { code: 'UPSTREAM_ERROR', retryable: false },
    ];
    const { clock, client, api } = setup(
      [{ status: 500, body: envelope('FLAKY', 'm') }, { status: 200, body: ok(1) }, unavailable()],
      { errors },
    );
    await expect(clock.run(client.get('/x'))).resolves.toBe(1);
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    expect(api.sent).toHaveLength(3);
  });

  it('lets the parser say whether an error is retryable', async () => {
    const { clock, client, api } = setup(
      [
        { status: 409, body: envelope('IN_PROGRESS', 'm') },
        { status: 200, body: ok(1) },
      ],
      {
        parse: { error: (body) => ({ code: 'IN_PROGRESS', message: String(body), retryable: true }) },
      },
    );
    await expect(clock.run(client.get('/x'))).resolves.toBe(1);
    expect(api.sent).toHaveLength(2);
  });

  it('sends one request when retry is false, for the client or one call', async () => {
    const a = setup([unavailable()], { retry: false });
    expect(await a.clock.reject(a.client.get('/x'))).toMatchObject({ attempts: 1 });
    const b = setup([unavailable(), unavailable()]);
    expect(await b.clock.reject(b.client.get('/x', { retry: false }))).toMatchObject({ attempts: 1 });
    expect(await b.clock.reject(b.client.get('/x', { retry: { attempts: 1 } }))).toMatchObject({ attempts: 1 });
  });

  it('tells onRetry the retry number, the wait and the error, before waiting', async () => {
    const events: unknown[] = [];
    const { clock, client } = setup(
      [unavailable({ 'retry-after': '2' }), unavailable({ 'retry-after': '2' }), { status: 200, body: ok(1) }],
      {
        onRetry: (event) =>
          events.push({ ...event, error: (event.error as ErrataResponseError).code, at: clock.now() }),
      },
    );
    const start = clock.now();
    await clock.run(client.get('/x'));
    expect(events).toEqual([
      { retry: 1, delay: 2000, error: 'UPSTREAM_ERROR', method: 'GET', url: 'http://api.test/x', at: start },
      { retry: 2, delay: 2000, error: 'UPSTREAM_ERROR', method: 'GET', url: 'http://api.test/x', at: start + 2000 },
    ]);
  });
});

describe('aborting', () => {
  it('rejects with the signal reason when aborted during a wait, sending nothing more', async () => {
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const { clock, client, api } = setup([unavailable({ 'retry-after': '30' })], {
      // 10 ms into the 30 s wait
      onRetry: () => void clock.sleep(10, new AbortController().signal).then(() => controller.abort(reason)),
    });
    const start = clock.now();
    expect(await clock.reject(client.get('/x', { signal: controller.signal }))).toBe(reason);
    expect(api.sent).toHaveLength(1);
    expect(clock.now() - start).toBe(10);
    expect(clock.pending).toBe(0);
  });

  it('rejects with the signal reason when aborted during a request, without retrying', async () => {
    const controller = new AbortController();
    const { clock, client, api } = setup([{ hang: true }]);
    const call = client.get('/x', { signal: controller.signal });
    void clock.sleep(10, new AbortController().signal).then(() => controller.abort());
    const error = await clock.reject(call);
    expect(error).toBe(controller.signal.reason);
    expect((error as DOMException).name).toBe('AbortError');
    expect(api.sent).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { clock, client, api } = setup([]);
    const reason = new Error('already');
    expect(await clock.reject(client.get('/x', { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(api.sent).toHaveLength(0);
  });
});

describe('onUnauthorized', () => {
  const unauthorized: Reply = { status: 401, body: envelope('UNAUTHORIZED', 'A valid API key is required.') };

  it('refreshes the credentials once and replays the request with them', async () => {
    let token = 'old';
    let refreshes = 0;
    const { clock, client, api } = setup([unauthorized, { status: 200, body: ok('secret') }], {
      headers: () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async (event) => {
        refreshes += 1;
        expect(event.error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
        token = 'new';
        return true;
      },
    });
    await expect(clock.run(client.get('/me'))).resolves.toBe('secret');
    expect(refreshes).toBe(1);
    expect(api.sent.map((r) => r.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('refreshes only once per call: a second 401 rejects', async () => {
    let refreshes = 0;
    const { clock, client, api } = setup([unauthorized, unauthorized], {
      onUnauthorized: () => {
        refreshes += 1;
        return true;
      },
    });
    expect(await clock.reject(client.get('/me'))).toMatchObject({ code: 'UNAUTHORIZED', attempts: 2 });
    expect(refreshes).toBe(1);
    expect(api.sent).toHaveLength(2);
  });

  it('rejects with the 401 when the hook declines', async () => {
    const { clock, client, api } = setup([unauthorized], { onUnauthorized: () => false });
    expect(await clock.reject(client.get('/me'))).toMatchObject({ code: 'UNAUTHORIZED', attempts: 1 });
    expect(api.sent).toHaveLength(1);
  });

  it('replays a POST: a 401 was refused before it did anything', async () => {
    const { clock, client, api } = setup([unauthorized, { status: 201, body: ok({ order_id: 'o1' }) }], {
      onUnauthorized: () => true,
    });
    await expect(clock.run(client.post('/v1/orders', { json: { symbol: 'BTCUSDT' } }))).resolves.toEqual({
      order_id: 'o1',
    });
    expect(api.sent.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('shares one refresh between concurrent calls', async () => {
    let token = 'old';
    let refreshes = 0;
    const { clock, client, api } = setup(
      [unauthorized, unauthorized, { status: 200, body: ok(1) }, { status: 200, body: ok(2) }],
      {
        headers: () => ({ authorization: token }),
        onUnauthorized: async () => {
          refreshes += 1;
          await clock.sleep(100, new AbortController().signal);
          token = 'new';
          return true;
        },
      },
    );
    await expect(clock.run(Promise.all([client.get('/a'), client.get('/b')]))).resolves.toEqual([1, 2]);
    expect(refreshes).toBe(1);
    expect(api.sent.map((r) => r.headers.get('authorization'))).toEqual(['old', 'old', 'new', 'new']);
  });

  it('leaves a 401 alone without the hook', async () => {
    const { clock, client, api } = setup([unauthorized]);
    expect(await clock.reject(client.get('/me'))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(api.sent).toHaveLength(1);
  });
});

describe('requests', () => {
  it('joins the base URL and the path, keeping a base path, and encodes the query', async () => {
    const { clock, client, api } = setup([{ status: 200, body: ok(1) }], { baseUrl: 'http://api.test/api/' });
    await clock.run(
      client.get('/v1/candles', { query: { symbol: 'BTC USDT', limit: 5, pro: true, skip: undefined, s: ['a', 'b'] } }),
    );
    expect(api.sent[0]?.url).toBe('http://api.test/api/v1/candles?symbol=BTC+USDT&limit=5&pro=true&s=a&s=b');
  });

  it('sends json with its content type, and headers merged over the client headers', async () => {
    const { clock, client, api } = setup([{ status: 201, body: ok(1) }], { headers: { 'x-api-key': 'k', 'x-a': '1' } });
    await clock.run(client.post('/v1/orders', { json: { n: 1 }, headers: { 'x-a': '2' } }));
    const sent = api.sent[0];
    expect([
      sent?.headers.get('content-type'),
      sent?.headers.get('x-api-key'),
      sent?.headers.get('x-a'),
      sent?.body,
    ]).toEqual(['application/json', 'k', '2', '{"n":1}']);
  });

  it('refuses a path that is a full URL (the credentials would go to another origin)', async () => {
    const { client } = setup([]);
    await expect(client.get('https://evil.test/x')).rejects.toThrow(TypeError);
    await expect(client.get('v1/x')).rejects.toThrow(TypeError);
  });

  it('refuses json and body together, and options that make no sense', async () => {
    const { client } = setup([]);
    await expect(client.post('/x', { json: {}, body: 'x' })).rejects.toThrow(TypeError);
    await expect(client.get('/x', { retry: { attempts: 0 } })).rejects.toThrow(TypeError);
    await expect(client.get('/x', { timeout: 0 })).rejects.toThrow(TypeError);
    expect(() => createClient({ baseUrl: '/relative' })).toThrow(TypeError);
    expect(() => createClient({ baseUrl: BASE, timeout: -1 })).toThrow(TypeError);
  });

  it('leaves no timer behind after a call', async () => {
    const { clock, client } = setup([{ status: 200, body: ok(1) }], { timeout: 1000, totalTimeout: 5000 });
    await clock.run(client.get('/x'));
    expect(clock.pending).toBe(0);
  });
});

describe('hooks and errors', () => {
  it('hands onRetry a frozen event', async () => {
    let frozen = false;
    const { clock, client } = setup([unavailable(), { status: 200, body: ok(1) }], {
      onRetry: (event) => {
        frozen = Object.isFrozen(event);
      },
    });
    await clock.run(client.get('/x'));
    expect(frozen).toBe(true);
  });

  it('says a 503 is retryable even when this call does not retry', async () => {
    const { clock, client } = setup([unavailable()], { retry: false });
    expect(await clock.reject(client.get('/x'))).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
  });

  it('refuses nonsense retry options when the client is created', () => {
    expect(() => createClient({ baseUrl: BASE, retry: { attempts: 1.5 } })).toThrow(TypeError);
    expect(() => createClient({ baseUrl: BASE, retry: { maxWait: -1 } })).toThrow(TypeError);
  });

  it('tells errors apart by their brand, so an error from another installed copy still matches', () => {
    // What another copy's NetworkError looks like to this one: a different class, the same Symbol.for brand.
    const foreign: unknown = Object.create({ [Symbol.for('errata.client.error')]: 'network' });
    expect([
      foreign instanceof NetworkError,
      foreign instanceof ErrataResponseError,
      foreign instanceof ErrataClientError,
    ]).toEqual([true, false, true]);
    const plain: unknown = null;
    expect([{} instanceof ErrataClientError, plain instanceof NetworkError]).toEqual([false, false]);
  });
});
