/**
 * The page's SDK note over a real socket, on the recipe as `pnpm recipe typed-hints` starts it (real clock, the
 * default 10 requests per second): a 429 is waited out for its `Retry-After`, a refused token is replaced with a new
 * one from `POST /tokens` and the request sent again, and a business error reaches the caller at once.
 */
import type { RetryEvent } from '@errata/client';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';
import { findMarket, marketView } from './quotes';
import { createSdk } from './sdk';

const WALLET = '0x52908400098527886E0F7030069857D2E4169EE7';
const market = marketView(findMarket('KXNBA-26-LAL'));

let recipe: StartedRecipe;
beforeAll(async () => {
  recipe = await startRecipe('typed-hints');
});
afterAll(() => recipe?.stop());

/** Every request the client sends, with the answer's status and Retry-After. */
function recorded() {
  const sent: {
    method: string;
    path: string;
    authorization: string | null;
    status: number;
    retryAfter: string | null;
  }[] = [];
  const fetchAndRecord = async (url: string, init: RequestInit) => {
    const res = await fetch(url, init);
    sent.push({
      method: init.method ?? 'GET',
      path: new URL(url).pathname,
      authorization: new Headers(init.headers).get('authorization'),
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
    });
    return res;
  };
  return { sent, fetch: fetchAndRecord };
}

describe('typed-hints SDK (@errata/client)', () => {
  it('waits out a 429 for its Retry-After and then succeeds', async () => {
    const log = recorded();
    const retries: RetryEvent[] = [];
    // Its own token: the recipe counts requests per bearer token, so no other test shares this window.
    const { api } = createSdk({
      baseUrl: recipe.url,
      walletAddress: WALLET,
      client: { fetch: log.fetch, onRetry: (event) => retries.push(event) },
    });
    // Eleven quick requests overrun the 10 per second; a window may turn over during the burst, so keep going (at
    // most 30) until the limit is hit once. The one wait is about a second.
    const results: unknown[] = [];
    for (let i = 0; i < 30 && (i < 11 || retries.length === 0); i++) {
      results.push(await api.get('/markets/KXNBA-26-LAL'));
    }

    expect(results.every((result) => JSON.stringify(result) === JSON.stringify(market))).toBe(true);
    expect(retries).toHaveLength(1);
    const [retry] = retries;
    expect(retry?.delay).toBe(1000);
    expect(retry?.error.kind).toBe('response');
    expect(api.isError(retry?.error, 'too_many_requests')).toBe(true);
    // The client keeps the server's Retry-After in milliseconds.
    expect(api.isError(retry?.error, 'too_many_requests') && retry.error.retryAfter).toBe(1000);

    const markets = log.sent.filter((r) => r.path === '/markets/KXNBA-26-LAL');
    const throttled = markets.filter((r) => r.status === 429);
    expect(throttled).toEqual([expect.objectContaining({ retryAfter: '1' })]);
    // The throttled request was sent again and answered; every other one was sent once.
    expect(markets.at(markets.indexOf(throttled[0] as (typeof markets)[number]) + 1)?.status).toBe(200);
    expect(markets).toHaveLength(results.length + 1);
    // One token for all of them, fetched once before the first.
    expect(log.sent.filter((r) => r.path === '/tokens')).toHaveLength(1);
    expect(new Set(markets.map((r) => r.authorization)).size).toBe(1);
  });

  it('replaces a refused token with a new one and sends the request again', async () => {
    const log = recorded();
    const sdk = createSdk({
      baseUrl: recipe.url,
      walletAddress: WALLET,
      token: 'tok_forged',
      client: { fetch: log.fetch },
    });

    const position = await sdk.api.get('/positions/pos_demo_1');

    expect(position).toEqual({ position_id: 'pos_demo_1', ticker: 'KXNBA-26-LAL', side: 'long', leverage_bps: 30_000 });
    expect(log.sent.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'GET /positions/pos_demo_1 401',
      'POST /tokens 201',
      'GET /positions/pos_demo_1 200',
    ]);
    expect(log.sent[0]?.authorization).toBe('Bearer tok_forged');
    expect(log.sent[1]?.authorization).toBeNull();
    expect(sdk.token()).toMatch(/^tok_/);
    expect(sdk.token()).not.toBe('tok_forged');
    expect(log.sent[2]?.authorization).toBe(`Bearer ${sdk.token()}`);
  });

  it('hands a business error to the caller at once, typed by its wire code', async () => {
    const log = recorded();
    const { api } = createSdk({ baseUrl: recipe.url, walletAddress: WALLET, client: { fetch: log.fetch } });

    const error = await api.get('/positions/pos_other').catch((e: unknown) => e);

    expect(api.isError(error, 'customer_position_not_found')).toBe(true);
    expect(
      api.isError(error, 'customer_position_not_found') && {
        status: error.status,
        message: error.message,
        retryable: error.retryable,
      },
    ).toEqual({
      status: 404,
      message: 'No position with that ID for this user.',
      retryable: false,
    });
    expect(log.sent.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /tokens 201',
      'GET /positions/pos_other 404',
    ]);
  });
});
