/**
 * Page 000 (nested envelope with meta.version), pinned against the page itself over a real socket: its example
 * envelope, its code list (served at /v2/meta), each code with each of its statuses, and the always-present headers.
 */
import { type Answer, call, field } from '../test/http';
import { differences, jsonExamples, page } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';

const text = page('nested-meta');
const [envelope] = jsonExamples(text).map(
  (example) => example.value as { meta: { timestamp: string; request_id: string } },
);
const documented = envelope as NonNullable<typeof envelope>;

/** "All error codes": `UPSTREAM_ERROR502 / 503 / 504Cache (Redis) …` rows, as the page's table reads as text. */
const table = text
  .slice(text.indexOf('CodeHTTP statusWhen it fires'), text.indexOf('The full list'))
  .split('\n')
  .flatMap((line) => {
    const row = /^([A-Z_]+)(\d{3}(?: \/ \d{3})*)(.+)$/.exec(line);
    return row ? [{ code: row[1], statuses: (row[2] as string).split(' / ').map(Number), description: row[3] }] : [];
  });

/** "Always-present headers": the bullet list. */
const alwaysPresent = [...text.matchAll(/^\s+• ([A-Za-z-]+) — (.+)$/gm)].map(([, name, meaning]) => ({
  name: (name as string).toLowerCase(),
  only429: /on 429 only/.test(meaning as string),
}));

const FREE = { 'x-api-key': 'bq_free_demo' };
const PRO = { 'x-api-key': 'bq_pro_demo' };

let api: StartedRecipe;
const answers: Answer[] = [];

async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await call(`${api.url}${path}`, { headers });
  answers.push(answer);
  return answer;
}

beforeAll(async () => {
  // The example's own timestamp is the clock: its envelope is then reproduced byte for byte.
  api = await startRecipe('nested-meta', { FROZEN_TIME: documented.meta.timestamp });
});
afterAll(() => api?.stop());

describe('page 000 — nested envelope with meta.version (Fastify)', () => {
  it('finds what it pins on the page', () => {
    expect(table.map((row) => row.code)).toEqual([
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'VALIDATION_ERROR',
      'RATE_LIMIT_EXCEEDED',
      'UPSTREAM_ERROR',
      'INTERNAL_ERROR',
    ]);
    expect(alwaysPresent.map((h) => h.name)).toEqual([
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'retry-after',
      'x-request-id',
    ]);
  });

  it('answers the page’s example envelope exactly: BTC instead of BTCUSDT', async () => {
    const res = await get('/v2/gex/levels?symbol=BTC', { ...FREE, 'x-request-id': documented.meta.request_id });
    expect(res.status).toBe(422);
    expect(differences(res.body, documented)).toEqual([]);
  });

  it('serves the page’s code list at /v2/meta, from the catalog, in the page’s order', async () => {
    const res = await get('/v2/meta');
    expect(res.status).toBe(200);
    const listing = field(res, 'data', 'errors') as {
      code: string;
      status: number;
      statuses?: number[];
      description: string;
    }[];
    const served = listing.map((entry) => ({
      code: entry.code,
      statuses: entry.statuses ?? [entry.status],
      description: entry.description,
    }));
    expect(served.slice(0, table.length)).toEqual(table);
    // The two standard codes the page leaves out but the API can answer say so.
    expect(
      served.slice(table.length).map((entry) => [entry.code, entry.description.startsWith('Not on the page')]),
    ).toEqual([
      ['METHOD_NOT_ALLOWED', true],
      ['BAD_REQUEST', true],
    ]);
    expect(field(res, 'success')).toBe(true);
    expect(Object.keys(field(res, 'meta') as object)).toEqual(['version', 'timestamp', 'request_id']);
  });

  describe('each code, with each status the page gives it, in the page’s envelope', () => {
    const cases: [string, number, string, Record<string, string>][] = [
      ['UNAUTHORIZED', 401, '/v2/gex/levels?symbol=BTCUSDT', {}],
      ['UNAUTHORIZED', 401, '/v2/gex/levels?symbol=BTCUSDT', { 'x-api-key': 'bq_revoked_demo' }],
      ['FORBIDDEN', 403, '/v2/options/chain?symbol=BTCUSDT', FREE],
      ['NOT_FOUND', 404, '/v2/gex/levels?symbol=SOLUSDT', FREE],
      ['NOT_FOUND', 404, '/v2/options/chain?symbol=BTCUSDT&expiry=2026-12-25', PRO],
      ['NOT_FOUND', 404, '/v2/no/such/path', PRO],
      ['VALIDATION_ERROR', 400, '/v2/options/chain?symbol=BTCUSDT&expiry=2026-01-30', PRO],
      ['VALIDATION_ERROR', 422, '/v2/options/chain?symbol=BTCUSDT&max_contracts=0&greek=rho', PRO],
      ['UPSTREAM_ERROR', 502, '/v2/options/chain?symbol=SOLUSDT', PRO],
      ['UPSTREAM_ERROR', 503, '/v2/gex/levels?symbol=HYPEUSDT', FREE],
      ['UPSTREAM_ERROR', 504, '/v2/options/chain?symbol=ETHUSDT', PRO],
      ['INTERNAL_ERROR', 500, '/v2/options/chain?symbol=HYPEUSDT', PRO],
    ];
    it.each(cases)('%s %i: GET %s', async (code, status, path, headers) => {
      const res = await get(path, headers);
      expect([res.status, field(res, 'error', 'code')]).toEqual([status, code]);
      expect(table.find((row) => row.code === code)?.statuses).toContain(status);
      expect(Object.keys(res.body as object)).toEqual(['success', 'error', 'meta']);
      expect(Object.keys(field(res, 'meta') as object)).toEqual(['version', 'timestamp', 'request_id']);
      expect(field(res, 'meta', 'version')).toBe('2.0');
      expect(field(res, 'meta', 'timestamp')).toBe(documented.meta.timestamp);
      // Nothing of a driver's error (addresses, ports, SQL states) or a stack reaches the client.
      expect(res.text).not.toMatch(/ECONN|10\.0\.|6379|6432|57014|statement|TypeError|strikes|\bat \S+:\d+/);
    });

    it('lists every failing parameter as { type, loc, msg } in Pydantic’s words', async () => {
      const res = await get('/v2/options/chain?symbol=BTCUSDT&max_contracts=0&greek=rho&expiry=soon', PRO);
      expect(field(res, 'error', 'details')).toEqual({
        errors: [
          {
            type: 'string_pattern_mismatch',
            loc: ['query', 'expiry'],
            msg: "String should match pattern '^\\d{4}-\\d{2}-\\d{2}$'",
          },
          {
            type: 'literal_error',
            loc: ['query', 'greek'],
            msg: "Input should be 'delta', 'gamma', 'theta' or 'vega'",
          },
          {
            type: 'greater_than_equal',
            loc: ['query', 'max_contracts'],
            msg: 'Input should be greater than or equal to 1',
          },
        ],
      });
      const missing = await get('/v2/gex/levels', FREE);
      expect(field(missing, 'error', 'details')).toEqual({
        errors: [{ type: 'missing', loc: ['query', 'symbol'], msg: 'Field required' }],
      });
    });
  });

  it('answers the two codes /v2/meta adds to the page’s list: a wrong method, a malformed URL', async () => {
    const wrongMethod = await call(`${api.url}/v2/meta`, { method: 'POST' });
    expect([wrongMethod.status, field(wrongMethod, 'error', 'code'), wrongMethod.headers.get('allow')]).toEqual([
      405,
      'METHOD_NOT_ALLOWED',
      'GET, HEAD',
    ]);
    const malformed = await call(`${api.url}/v2/%zz`);
    expect([malformed.status, field(malformed, 'error', 'code')]).toEqual([400, 'BAD_REQUEST']);
    expect(Object.keys(field(malformed, 'meta') as object)).toEqual(['version', 'timestamp', 'request_id']);
  });

  it('answers successes as { success, data, meta } too, so the page’s client code reads body["data"]', async () => {
    const res = await get('/v2/gex/levels?symbol=BTCUSDT', FREE);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body as object)).toEqual(['success', 'data', 'meta']);
    expect(field(res, 'data', 'symbol')).toBe('BTCUSDT');
    const chain = await get('/v2/options/chain?symbol=BTCUSDT&max_contracts=2', PRO);
    expect((field(chain, 'data', 'contracts') as unknown[]).length).toBe(2);
  });

  it('answers RATE_LIMIT_EXCEEDED past the tier’s cap, with Retry-After and meta.rate_limit.reset', async () => {
    const key = { 'x-api-key': 'bq_free_demo' };
    let res = await get('/v2/health', key);
    for (let i = 0; i < 40 && res.status !== 429; i++) res = await get('/v2/health', key);
    expect([res.status, field(res, 'error', 'code')]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(res.headers.get('x-ratelimit-limit')).toBe('30');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    const now = Date.parse(documented.meta.timestamp) / 1000;
    expect(Number(res.headers.get('retry-after'))).toBe(reset - now);
    expect(field(res, 'meta', 'rate_limit')).toEqual({ reset });
  });

  it('carries the always-present headers on every response above, errors included', () => {
    expect(answers.length).toBeGreaterThan(40);
    for (const res of answers) {
      for (const header of alwaysPresent) {
        const expected = header.only429 ? res.status === 429 : true;
        expect([res.status, header.name, res.headers.has(header.name)]).toEqual([res.status, header.name, expected]);
      }
      expect(res.headers.get('x-request-id')).toBe(field(res, 'meta', 'request_id'));
    }
  });
});
