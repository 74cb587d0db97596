/**
 * The client reads each contract documented by the real APIs in shared/seeds/ (the pages' own example bodies), given a
 * `parse` for it: the inverse of the formatter core's seeds.test.ts writes for the same shapes. Each page ends with a
 * hand-written retry loop; the last test of each block is that loop's behaviour, from the client.
 */
import { envelope, fakeApi, type Reply } from '../test/fake-api';
import { FakeClock } from '../test/fake-clock';
import { type ClientOptions, createClient } from './create-client';
import { errataParser, isRecord, type ParsedError, type ResponseParser } from './errata-parser';

function setup<M extends object = Record<string, unknown>>(replies: readonly Reply[], options: Partial<ClientOptions>) {
  const clock = new FakeClock(Date.UTC(2026, 3, 30, 12, 0, 0));
  const api = fakeApi(clock, replies);
  const waits: number[] = [];
  const client = createClient<M>({
    baseUrl: 'https://api.example.com',
    fetch: api.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    onRetry: (event) => waits.push(event.delay),
    ...options,
  });
  return { clock, api, client, waits };
}

/** The members of `body` other than `taken`, or undefined when there are none. */
function rest(body: Record<string, unknown>, taken: readonly string[]): Record<string, unknown> | undefined {
  const extras = Object.fromEntries(Object.entries(body).filter(([key]) => !taken.includes(key)));
  return Object.keys(extras).length > 0 ? extras : undefined;
}

describe('000: { success, error: { code, message, details: { errors: [{ type, loc, msg }] } }, meta }', () => {
  const parse: Partial<ResponseParser> = {
    error(body, response) {
      const parsed = errataParser.error(body, response);
      if (parsed === undefined || !isRecord(body) || !isRecord(body.error) || !isRecord(body.error.details))
        return parsed;
      const errors = Array.isArray(body.error.details.errors) ? body.error.details.errors : [];
      return {
        ...parsed,
        details: errors.filter(isRecord).map((e) => ({
          field: Array.isArray(e.loc) ? e.loc.join('.') : '',
          message: String(e.msg),
          rule: String(e.type),
        })),
      };
    },
  };
  const validation = {
    success: false,
    error: {
      code: 'VALIDATION_ERROR',
      message: 'Invalid request parameters',
      details: {
        errors: [
          {
            type: 'literal_error',
            loc: ['query', 'symbol'],
            msg: "Input should be 'BTCUSDT', 'ETHUSDT', 'SOLUSDT' or 'HYPEUSDT'",
          },
        ],
      },
    },
    meta: { version: '2.0', timestamp: '2026-04-30T12:00:00Z', request_id: 'req_a1b2c3...' },
  };

  it('reads the validation error, its details and meta.request_id', async () => {
    const { clock, client } = setup([{ status: 400, body: validation }], { parse });
    expect(await clock.reject(client.get('/v2/gex/levels'))).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'Invalid request parameters',
      requestId: 'req_a1b2c3...',
      details: [
        {
          field: 'query.symbol',
          message: "Input should be 'BTCUSDT', 'ETHUSDT', 'SOLUSDT' or 'HYPEUSDT'",
          rule: 'literal_error',
        },
      ],
    });
  });

  it('does their loop: sleeps Retry-After on 429, backs off on UPSTREAM_ERROR, never retries VALIDATION_ERROR', async () => {
    const { clock, client, api, waits } = setup(
      [
        {
          status: 429,
          headers: { 'retry-after': '60', 'x-ratelimit-remaining': '0' },
          body: envelope('RATE_LIMIT_EXCEEDED', 'Rate limit'),
        },
        { status: 503, body: envelope('UPSTREAM_ERROR', 'Redis blip') },
        { status: 200, body: { success: true, data: { levels: [] }, meta: {} } },
        { status: 400, body: validation },
      ],
      { parse },
    );
    await expect(clock.run(client.get('/v2/gex/levels', { query: { symbol: 'BTCUSDT' } }))).resolves.toEqual({
      levels: [],
    });
    expect(waits).toEqual([60_000, 500]); // Retry-After, then the second retry's backoff (0.5 × 1000)
    await clock.reject(client.get('/v2/gex/levels', { query: { symbol: 'BTC' } }));
    expect(api.sent).toHaveLength(4);
  });
});

describe('001: flat { error: CODE, message, request_id, ...extras }', () => {
  type Codes = {
    TIER_LIMIT_EXCEEDED: { upgrade_url: string };
    RATE_LIMIT_EXCEEDED: { retry_after_secs: number };
    DATABASE_ERROR: undefined;
  };
  const parse: Partial<ResponseParser> = {
    data: (body) => body,
    error(body): ParsedError | undefined {
      if (!isRecord(body) || typeof body.error !== 'string' || typeof body.message !== 'string') return undefined;
      return {
        code: body.error,
        message: body.message,
        requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
        params: rest(body, ['error', 'message', 'request_id']),
      };
    },
  };

  it('reads the tier-limit error with a typed upgrade_url', async () => {
    const { clock, client } = setup<Codes>(
      [
        {
          status: 403,
          body: {
            error: 'TIER_LIMIT_EXCEEDED',
            message: '1m timeframe requires Pro plan. Current plan: free. Upgrade at https://hypquant.com/pricing',
            upgrade_url: 'https://hypquant.com/pricing',
            request_id: '...',
          },
        },
      ],
      { parse },
    );
    const error = await clock.reject(client.get('/v1/features', { query: { timeframe: '1m' } }));
    expect(client.isError(error, 'TIER_LIMIT_EXCEEDED') && error.params.upgrade_url).toBe(
      'https://hypquant.com/pricing',
    );
    expect(error).toMatchObject({ status: 403, requestId: '...' });
  });

  it('does their loop: Retry-After on 429; 500 DATABASE_ERROR retried with backoff because they say so', async () => {
    const { clock, client, api, waits } = setup<Codes>(
      [
        {
          status: 429,
          headers: {
            'retry-after': '42',
            'x-ratelimit-limit': '1000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': '1704067260',
          },
          body: {
            error: 'RATE_LIMIT_EXCEEDED',
            message: 'Rate limit exceeded for free plan. Resets in 42s.',
            retry_after_secs: 42,
            request_id: '...',
          },
        },
        { status: 500, body: { error: 'DATABASE_ERROR', message: 'Unexpected internal error', request_id: 'r' } },
        { status: 200, body: { candles: [] } },
      ],
      { parse, errors: [{ code: 'DATABASE_ERROR', retryable: true }] },
    );
    await expect(clock.run(client.get('/v1/candles'))).resolves.toEqual({ candles: [] });
    expect(waits).toEqual([42_000, 500]);
    expect(api.sent).toHaveLength(3);
  });
});

describe('002: { success, error: { message, code, details: [{ field, message }] }, statusCode, timestamp }', () => {
  it("is read by errata's own parser: details without a rule get an empty one, the request id comes from the header", async () => {
    const { clock, client } = setup(
      [
        {
          status: 400,
          headers: { 'x-request-id': 'from-header' },
          body: {
            success: false,
            error: {
              message: 'Validation failed',
              code: 'BAD_REQUEST',
              details: [
                { field: 'limit', message: 'Expected number to be less than or equal to 100' },
                { field: 'cursor', message: 'Expected string' },
              ],
            },
            statusCode: 400,
            timestamp: '2026-06-05T12:00:00.000Z',
          },
        },
      ],
      {},
    );
    expect(await clock.reject(client.get('/v1/signals'))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Validation failed',
      requestId: 'from-header',
      details: [
        { field: 'limit', message: 'Expected number to be less than or equal to 100', rule: '' },
        { field: 'cursor', message: 'Expected string', rule: '' },
      ],
    });
  });

  it('does not retry a 402 INSUFFICIENT_CREDITS, and honours Retry-After on a 429', async () => {
    const { clock, client, api, waits } = setup(
      [
        {
          status: 402,
          body: { success: false, error: { message: 'Insufficient credits', code: 'INSUFFICIENT_CREDITS' } },
        },
        {
          status: 429,
          headers: { 'retry-after': '5' },
          body: { success: false, error: { message: 'Rate limit exceeded.', code: 'RATE_LIMIT_EXCEEDED' } },
        },
        { status: 200, body: { success: true, data: [1, 2, 3] } },
      ],
      {},
    );
    expect(await clock.reject(client.get('/v1/sec'))).toMatchObject({ code: 'INSUFFICIENT_CREDITS', attempts: 1 });
    await expect(clock.run(client.get('/v1/signals'))).resolves.toEqual([1, 2, 3]);
    expect(waits).toEqual([5000]);
    expect(api.sent).toHaveLength(3);
  });
});

describe('003: { error: "Rate limit exceeded", code, message?, request_id?, retry_after?, ...extras }', () => {
  const parse: Partial<ResponseParser> = {
    data: (body) => body,
    error(body): ParsedError | undefined {
      if (!isRecord(body) || typeof body.code !== 'string' || typeof body.error !== 'string') return undefined;
      return {
        code: body.code,
        message: typeof body.message === 'string' ? body.message : body.error,
        requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
        retryAfter: typeof body.retry_after === 'number' ? body.retry_after : undefined,
        params: rest(body, ['error', 'code', 'message', 'request_id', 'retry_after']),
      };
    },
  };

  it('reads the tier error with its extras as params', async () => {
    const { clock, client } = setup(
      [
        {
          status: 403,
          body: {
            error: 'Forbidden',
            code: 'TIER_INSUFFICIENT',
            message: 'This endpoint requires PULSE tier.',
            required_tier: 'PULSE',
            current_tier: 'STREAM',
          },
        },
      ],
      { parse },
    );
    expect(await clock.reject(client.get('/api/v1/signals/BTCUSDT'))).toMatchObject({
      code: 'TIER_INSUFFICIENT',
      message: 'This endpoint requires PULSE tier.',
      params: { required_tier: 'PULSE', current_tier: 'STREAM' },
    });
  });

  it("does their loop: waits the body's retry_after when no header says, then gives the request id of a 500", async () => {
    const { clock, client, waits } = setup(
      [
        {
          status: 429,
          body: { error: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retry_after: 12, request_id: 'req_7f3a' },
        },
        {
          status: 500,
          body: { error: 'Internal Server Error', code: 'INTERNAL_ERROR', request_id: 'req_7f3a2b1c-4e5d' },
        },
      ],
      { parse },
    );
    expect(await clock.reject(client.get('/api/v1/heatmap', { query: { symbol: 'BTCUSDT' } }))).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'Internal Server Error',
      requestId: 'req_7f3a2b1c-4e5d',
      attempts: 2,
    });
    expect(waits).toEqual([12_000]);
  });
});

describe('004: { error: { type, code, message, params? } }, snake_case codes', () => {
  type Codes = {
    quote_leverage_below_minimum: { current_leverage_bps: number; min_leverage_bps: number };
    request_already_in_progress: undefined;
    customer_market_not_found: undefined;
  };
  const parse: Partial<ResponseParser> = {
    data: (body) => body,
    error(body): ParsedError | undefined {
      if (!isRecord(body) || !isRecord(body.error)) return undefined;
      const { code, message, params } = body.error;
      if (typeof code !== 'string' || typeof message !== 'string') return undefined;
      return { code, message, params: isRecord(params) ? params : undefined };
    },
  };

  it('reads a code with structured hints as typed params', async () => {
    const { clock, client } = setup<Codes>(
      [
        {
          status: 400,
          body: {
            error: {
              type: 'INVALID_REQUEST_ERROR',
              code: 'quote_leverage_below_minimum',
              message: 'Leverage is below the minimum allowed for this market.',
              params: { current_leverage_bps: 15_000, min_leverage_bps: 20_000 },
            },
          },
        },
      ],
      { parse },
    );
    const error = await clock.reject(client.post('/quotes', { json: { leverage_bps: 15_000 } }));
    expect(client.isError(error, 'quote_leverage_below_minimum') && error.params.min_leverage_bps).toBe(20_000);
  });

  it('does what their SDK does: refreshes the token on 401 once, retries their retryable codes, honours Retry-After', async () => {
    let token = 'expired';
    const { clock, client, api, waits } = setup<Codes>(
      [
        { status: 401, body: { error: { type: 'AUTHENTICATION_ERROR', code: 'jwt_expired', message: 'Expired' } } },
        {
          status: 409,
          body: { error: { type: 'INVALID_REQUEST_ERROR', code: 'request_already_in_progress', message: 'Busy' } },
        },
        {
          status: 429,
          headers: { 'retry-after': '3' },
          body: { error: { type: 'RATE_LIMIT_ERROR', code: 'too_many_requests', message: 'Slow down' } },
        },
        { status: 200, body: { position_id: 'p1' } },
      ],
      {
        parse,
        headers: () => ({ authorization: `Bearer ${token}` }),
        onUnauthorized: () => {
          token = 'fresh';
          return true;
        },
        errors: [
          { code: 'internal_server_error', retryable: true },
          { code: 'too_many_requests', retryable: true },
          { code: 'request_already_in_progress', retryable: true },
          { code: 'quote_market_not_eligible', retryable: false },
        ],
      },
    );
    await expect(clock.run(client.get('/positions/p1'))).resolves.toEqual({ position_id: 'p1' });
    expect(api.sent.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer expired',
      'Bearer fresh',
      'Bearer fresh',
      'Bearer fresh',
    ]);
    expect(waits).toEqual([250, 3000]);
  });
});
