/**
 * Page 001 (flat `{ error, message, request_id }` with per-code extras), pinned against the page over a real socket:
 * its three example bodies, the 429's header block, the code reference, the rate-limit headers on successes, and
 * `GET /health` both ways.
 */
import { type Answer, call, field } from '../test/http';
import { differences, httpBlock, jsonExamples, page, theExample } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';
import { errors } from './errors';

const text = page('flat-code');
const examples = jsonExamples(text);
type Flat = { error: string; message: string; request_id: string; [extra: string]: unknown };
const example = (code: string) => theExample(examples, (e) => (e.value as Flat).error === code).value as Flat;
const envelope = example('ERROR_CODE');
const rateLimited = example('RATE_LIMIT_EXCEEDED');
const tierLimited = example('TIER_LIMIT_EXCEEDED');
const headerBlock = httpBlock(text, 'HTTP/1.1 429');

/** "Error code reference": `| 400 | INVALID_TIMEFRAME | Timeframe is not one of … |`. */
const table = [...text.matchAll(/^\| (\d{3}) \| ([A-Z_]+) \| (.+) \|$/gm)].map(([, status, code, description]) => ({
  code,
  status: Number(status),
  description,
}));

/** The instant the 429 example was taken: its reset time minus its Retry-After. */
const exampleTime = new Date(
  (Number(headerBlock.headers['x-ratelimit-reset']) - Number(headerBlock.headers['retry-after'])) * 1000,
).toISOString();

const PRO = { 'x-api-key': 'hq_pro_demo' };
const RATE_HEADERS = Object.keys(headerBlock.headers).filter((name) => name.startsWith('x-ratelimit-'));

let api: StartedRecipe;
let broken: StartedRecipe;
beforeAll(async () => {
  [api, broken] = await Promise.all([
    startRecipe('flat-code', { FROZEN_TIME: exampleTime }),
    startRecipe('flat-code', { FROZEN_TIME: exampleTime, FAIL_DEPENDENCY: 'database', ADMIN_TOKEN: 'admin-secret' }),
  ]);
});
afterAll(() => Promise.all([api?.stop(), broken?.stop()]));

const get = (base: StartedRecipe, path: string, headers: Record<string, string> = {}) =>
  call(`${base.url}${path}`, { headers });

describe('page 001 — flat error code with per-code extras (Express)', () => {
  it('finds what it pins on the page', () => {
    expect(table).toHaveLength(15);
    expect(headerBlock.status).toBe(429);
    expect(RATE_HEADERS).toHaveLength(5);
    expect(exampleTime).toBe('2024-01-01T00:00:18.000Z');
  });

  it('declares the page’s code reference: every code, status and description', () => {
    const listing = errors.describe();
    for (const row of table) {
      expect(listing.find((entry) => entry.code === row.code)).toMatchObject({
        status: row.status,
        description: row.description,
      });
    }
  });

  it('answers the 429 example exactly: body and header block (10 requests in the minute, 1000 in the day)', async () => {
    const key = { 'x-api-key': 'hq_free_busy' }; // the free plan, 990 requests already made today
    for (let i = 0; i < 10; i++) expect((await get(api, '/v1/candles?symbol=BTC', key)).status).toBe(200);
    const res = await get(api, '/v1/candles?symbol=BTC', { ...key, 'x-request-id': rateLimited.request_id });
    expect(res.status).toBe(headerBlock.status);
    expect(differences(res.body, rateLimited)).toEqual([]);
    for (const [name, value] of Object.entries(headerBlock.headers))
      expect([name, res.headers.get(name)]).toEqual([name, value]);
  });

  it('answers the tier-limit example exactly', async () => {
    const res = await get(api, '/v1/candles?symbol=BTC&timeframe=1m', {
      'x-api-key': 'hq_free_demo',
      'x-request-id': tierLimited.request_id,
    });
    expect(res.status).toBe(403);
    expect(differences(res.body, tierLimited)).toEqual([]);
  });

  it('answers every other error in the envelope’s shape, its request id kept', async () => {
    const res = await get(api, '/v1/candles?symbol=BTC', { 'x-request-id': envelope.request_id });
    expect(res.status).toBe(401);
    expect(
      differences(res.body, { ...envelope, error: 'UNAUTHORIZED', message: 'API key missing, invalid, or revoked.' }),
    ).toEqual([]);
  });

  it('puts the rate-limit headers on successful responses too', async () => {
    const res = await get(api, '/v1/quality?symbol=BTC&timeframe=1h', PRO);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ symbol: 'BTC', timeframe: '1h', completeness: 0.998, gaps: 2 });
    for (const name of RATE_HEADERS) expect([name, res.headers.has(name)]).toEqual([name, true]);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(res.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2024-01-02T00:00:00Z') / 1000)); // midnight UTC
    expect(res.headers.has('retry-after')).toBe(false);
  });

  describe('every code on the page, over HTTP', () => {
    const admin = { 'x-admin-token': 'admin-secret', 'content-type': 'application/json' };
    const cases: [string, () => Promise<Answer>][] = [
      ['INVALID_TIMEFRAME', () => get(api, '/v1/candles?symbol=BTC&timeframe=2h', PRO)],
      ['INVALID_TIMEFRAME', () => get(api, '/v1/candles?symbol=BTC&timeframe=funding', PRO)],
      ['INVALID_TIMESTAMP', () => get(api, '/v1/candles?symbol=BTC&start=yesterday', PRO)],
      ['INVALID_TIME_RANGE', () => get(api, '/v1/candles?symbol=BTC&start=1704067200000&end=2023-12-31', PRO)],
      ['MISSING_FEATURES', () => get(api, '/v1/features?symbol=BTC&features=', PRO)],
      ['UNKNOWN_FEATURES', () => get(api, '/v1/features?symbol=BTC&features=basis,vibes', PRO)],
      ['MISSING_SYMBOLS', () => get(api, '/v1/multi/candles?symbols=', PRO)],
      [
        'KEY_CREATION_DISABLED',
        () => call(`${api.url}/v1/keys`, { method: 'POST', headers: admin, body: '{"tier":"pro"}' }),
      ],
      [
        'INVALID_TIER',
        () => call(`${broken.url}/v1/keys`, { method: 'POST', headers: admin, body: '{"tier":"gold"}' }),
      ],
      ['UNAUTHORIZED', () => get(api, '/v1/candles?symbol=BTC', { 'x-api-key': 'hq_revoked' })],
      [
        'UNAUTHORIZED',
        () => call(`${broken.url}/v1/keys/abc`, { method: 'DELETE', headers: { 'x-admin-token': 'guess' } }),
      ],
      [
        'TIER_LIMIT_EXCEEDED',
        () => get(api, '/v1/multi/candles?symbols=BTC,ETH,SOL,HYPE', { 'x-api-key': 'hq_free_demo' }),
      ],
      ['QUALITY_NOT_FOUND', () => get(api, '/v1/quality?symbol=DOGE', PRO)],
      ['KEY_NOT_FOUND', () => call(`${broken.url}/v1/keys/abc`, { method: 'DELETE', headers: admin })],
      ['DATABASE_ERROR', () => get(broken, '/v1/candles?symbol=BTC', PRO)],
      ['SERVICE_UNAVAILABLE', () => get(broken, '/health')],
    ];
    it.each(cases)('%s', async (code, send) => {
      const res = await send();
      const row = table.find((r) => r.code === code);
      expect([res.status, field(res, 'error')]).toEqual([row?.status, code]);
      const extras = code === 'TIER_LIMIT_EXCEEDED' ? ['upgrade_url'] : [];
      expect(Object.keys(res.body as object)).toEqual(['error', 'message', ...extras, 'request_id']);
      expect(field(res, 'request_id')).toBe(res.headers.get('x-request-id'));
      for (const name of RATE_HEADERS) expect([name, res.headers.has(name)]).toEqual([name, true]);
      expect(res.text).not.toMatch(/base\/16384|XX001|block 7|\bat \S+:\d+/);
    });

    it('covers the whole reference', () => {
      expect(new Set(cases.map(([code]) => code))).toEqual(
        new Set(table.map((row) => row.code).filter((code) => code !== 'RATE_LIMIT_EXCEEDED')),
      );
    });
  });

  describe('GET /health (no authentication)', () => {
    it('answers 200 when every dependency is healthy', async () => {
      const res = await get(api, '/health');
      expect([res.status, res.body]).toEqual([200, { status: 'ok', dependencies: { database: 'ok' } }]);
    });

    it('answers 503 SERVICE_UNAVAILABLE when one is not, and is never throttled', async () => {
      const first = await get(broken, '/health');
      expect([first.status, field(first, 'error')]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      for (let i = 0; i < 12; i++) expect((await get(broken, '/health')).status).toBe(503);
      const last = await get(broken, '/health');
      // Reported on, not counted: twelve checks in a minute whose limit is 10 leave the count where it was.
      expect(last.headers.get('x-ratelimit-remaining-minute')).toBe(first.headers.get('x-ratelimit-remaining-minute'));
      expect(last.headers.get('x-ratelimit-limit-minute')).toBe('10');
    });
  });
});
