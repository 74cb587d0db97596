/**
 * @errata/client against the market API (shared/market-api.md), each framework started as `pnpm demo` starts it.
 *
 * Waiting is virtual: the client's `sleep` moves the apps' wall clock forward (shifted-clock.mjs, preloaded into each
 * app process) by exactly what the client asked to wait, instead of sleeping. The apps and their rate limiters are
 * unchanged and decide for themselves whether the wait was long enough, so `demo_limited`'s one-minute window is
 * waited out in no real time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClientOptions,
  createClient,
  ErrataResponseError,
  type ErrorDescription,
  type RetryEvent,
} from '@errata/client';
import type { errors } from '../src/errors';
import { FRAMEWORKS, type Framework, type StartedApp, startApp } from './start-app';

const clockDir = mkdtempSync(join(tmpdir(), 'market-api-clock-'));
const clockFile = join(clockDir, 'offset-ms');
let offset = 0;
writeFileSync(clockFile, '0');

/** The client's `sleep`: the apps' clock moves forward by `ms`; no real time passes. */
const travel = async (ms: number) => {
  offset += ms;
  writeFileSync(clockFile, String(offset));
};
const now = () => Date.now() + offset;

const apps = new Map<Framework, StartedApp>();

beforeAll(async () => {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, MARKET_API_CLOCK_FILE: process.env.MARKET_API_CLOCK_FILE };
  const preload = pathToFileURL(join(__dirname, 'shifted-clock.mjs')).href;
  // startApp passes this process's environment to the app it spawns.
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --import=${preload}`.trim();
  process.env.MARKET_API_CLOCK_FILE = clockFile;
  try {
    const started = await Promise.all(FRAMEWORKS.map(startApp));
    for (const [i, framework] of FRAMEWORKS.entries()) apps.set(framework, started[i] as StartedApp);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([...apps.values()].map((app) => app.stop()));
  rmSync(clockDir, { recursive: true, force: true });
});

describe.each(FRAMEWORKS)('@errata/client against market-api: %s', (framework) => {
  const url = () => (apps.get(framework) as StartedApp).url;

  /** A client for this app on the shifted clock; `sent` counts the requests that reached the network. */
  function connect(options: Partial<ClientOptions> = {}) {
    const retries: RetryEvent[] = [];
    let sent = 0;
    const client = createClient<typeof errors>({
      baseUrl: url(),
      headers: { 'x-api-key': 'demo_free' },
      fetch: (input, init) => {
        sent += 1;
        return fetch(input, init);
      },
      sleep: travel,
      now,
      // A timeout is a `sleep` too, and this one returns at once: timeouts are left to the unit tests' fake clock.
      timeout: Number.POSITIVE_INFINITY,
      onRetry: (event) => retries.push(event),
      ...options,
    });
    return { client, retries, sent: () => sent };
  }

  it('runs the app on the shifted clock', async () => {
    await travel(10 * 60_000);
    const res = await fetch(`${url()}/health`);
    const { meta } = (await res.json()) as { meta: { timestamp: string } };
    // Within a minute of real time, the app's clock is `offset` (10 minutes or more) ahead.
    expect(Math.abs(Date.parse(meta.timestamp) - (Date.now() + offset))).toBeLessThan(60_000);
  });

  it("refuses to wait demo_limited's 429 longer than maxWait, then waits it out and succeeds", async () => {
    const { client, retries, sent } = connect({ headers: { 'x-api-key': 'demo_limited' } });
    for (let i = 0; i < 3; i++) {
      await expect(client.get('/v1/ticker', { query: { symbol: 'BTCUSDT' } })).resolves.toEqual({
        symbol: 'BTCUSDT',
        price: 97_000,
      });
    }

    // The window is a minute: its Retry-After exceeds a 5 s maxWait, so the client rejects at once, without waiting.
    const before = offset;
    const error = await client
      .get('/v1/ticker', { query: { symbol: 'BTCUSDT' }, retry: { maxWait: 5000 } })
      .catch((e) => e);
    if (!client.isError(error, 'RATE_LIMIT_EXCEEDED')) throw error;
    const retryAfter = Number(error.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(5);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.params.retry_after).toBe(retryAfter);
    expect([error.status, error.retryAfter, error.attempts, offset - before]).toEqual([429, retryAfter * 1000, 1, 0]);
    expect(retries).toEqual([]);

    // With the default maxWait (60 s) it waits what Retry-After says (no more), and the retry is let through.
    await expect(client.get('/v1/ticker', { query: { symbol: 'ETHUSDT' } })).resolves.toEqual({
      symbol: 'ETHUSDT',
      price: 3_400,
    });
    expect(retries).toHaveLength(1);
    const [retry] = retries as [RetryEvent];
    expect(retry.error).toBeInstanceOf(ErrataResponseError);
    const waitedFor = retry.error as ErrataResponseError;
    expect([waitedFor.code, waitedFor.status]).toEqual(['RATE_LIMIT_EXCEEDED', 429]);
    expect(retry.delay).toBe(Number(waitedFor.headers.get('retry-after')) * 1000);
    expect(offset - before).toBe(retry.delay);
    expect(sent()).toBe(6);
  });

  it('retries UPSTREAM_ERROR (retryable in /meta/errors) as its Retry-After: 2 says, then rejects with it', async () => {
    const listing = await createClient({ baseUrl: url() }).get<ErrorDescription[]>('/meta/errors');
    expect(listing.find((entry) => entry.code === 'UPSTREAM_ERROR')?.retryable).toBe(true);
    const { client, retries, sent } = connect({ errors: listing });

    const error = await client.get('/v1/ticker', { query: { symbol: 'HYPEUSDT' } }).catch((e) => e);
    if (!client.isError(error, 'UPSTREAM_ERROR')) throw error;
    expect([error.status, error.retryable, error.attempts, error.retryAfter]).toEqual([503, true, 3, 2000]);
    expect(error.message).toBe('The price service is temporarily unavailable. Retry shortly.');
    expect(error.requestId).toBe(error.headers.get('x-request-id'));
    expect(retries.map((r) => r.delay)).toEqual([2000, 2000]);
    expect(sent()).toBe(3);
  });

  it('does not retry VALIDATION_ERROR, and lists the failing field', async () => {
    const { client, retries, sent } = connect();
    const error = await client.get('/v1/ticker', { query: { symbol: 'DOGE' } }).catch((e) => e);
    if (!client.isError(error, 'VALIDATION_ERROR')) throw error;
    expect([error.status, error.retryable, error.attempts]).toEqual([400, false, 1]);
    expect(error.details?.map((d) => d.field)).toEqual(['query.symbol']);
    expect(retries).toEqual([]);
    expect(sent()).toBe(1);
  });

  it('narrows TIER_LIMIT_EXCEEDED to its typed params, upgrade_url included', async () => {
    const { client } = connect();
    const error = await client.get('/v1/candles', { query: { symbol: 'BTCUSDT', timeframe: '1m' } }).catch((e) => e);
    if (!client.isError(error, 'TIER_LIMIT_EXCEEDED')) throw error;
    const upgradeUrl: string = error.params.upgrade_url;
    expect(upgradeUrl).toBe('https://example.com/pricing');
    expect(error.params).toEqual({ required_tier: 'pro', current_tier: 'free', upgrade_url: upgradeUrl });
    expect([error.status, error.attempts]).toEqual([403, 1]);
  });

  it('reads the same error from problem+json', async () => {
    const { client } = connect({ headers: { 'x-api-key': 'demo_free', accept: 'application/problem+json' } });
    const error = await client.get('/v1/orderbook/DOGEUSDT').catch((e) => e);
    if (!client.isError(error, 'SYMBOL_NOT_FOUND')) throw error;
    expect(error.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error.params).toEqual({ symbol: 'DOGEUSDT', supported: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT'] });
    expect(error.requestId).toBe(error.headers.get('x-request-id'));
  });

  it('refreshes a missing key on UNAUTHORIZED once and replays the request', async () => {
    let key = '';
    const { client, sent } = connect({
      headers: () => (key === '' ? {} : { 'x-api-key': key }),
      onUnauthorized: ({ error }) => {
        expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
        key = 'demo_pro';
        return true;
      },
    });
    await expect(
      client.get('/v1/candles', { query: { symbol: 'BTCUSDT', timeframe: '1m', limit: 1 } }),
    ).resolves.toHaveLength(1);
    expect(sent()).toBe(2);
  });

  it('does not retry the crash route: INTERNAL_ERROR is not retryable, its message generic', async () => {
    const { client, sent } = connect();
    const error = await client.get('/v1/debug/crash').catch((e) => e);
    if (!client.isError(error, 'INTERNAL_ERROR')) throw error;
    expect([error.status, error.message, error.retryable]).toEqual([500, 'An unexpected error occurred.', false]);
    expect(sent()).toBe(1);
  });
});
