/**
 * Page 002 (`statusCode` mirrors the HTTP status), pinned against the page over a real socket: every example body,
 * the envelope template, the success shape, the status table, and "nothing charged" on 402 and 429.
 */
import { call, field } from '../test/http';
import { differences, jsonExamples, page } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';
import { errors } from './errors';

const text = page('status-mirror');
type Envelope = { error: { message: string; code: string; details?: unknown }; statusCode: number; timestamp: string };
const examples = jsonExamples(text).map(({ value, before }) => ({
  body: value as Envelope,
  /** The label the page puts above it, e.g. `401 — missing or invalid key`. */
  label: /(\d{3} — [^\n]+)\s*$/.exec(before)?.[1] ?? '',
}));
const [template, validation, ...labelled] = examples;

/** The status table: `| \n200 | — | Success. …` rows flattened by the page's text dump, one per status. */
const table = [...text.matchAll(/^(\d{3}) \| ([A-Z_]+|—) \| ([^|]+) \|/gm)].map(([, status, code, cause]) => ({
  status: Number(status),
  code,
  cause: (cause as string).trim(),
}));

const STARTER = { authorization: 'Bearer mtk_starter_demo' };
const DEMO = { authorization: 'Bearer mtk_demo' };

let api: StartedRecipe;
beforeAll(async () => {
  api = await startRecipe('status-mirror', { FROZEN_TIME: (template as (typeof examples)[0]).body.timestamp });
});
afterAll(() => api?.stop());

const get = (path: string, headers: Record<string, string> = {}) => call(`${api.url}${path}`, { headers });
const credits = async (headers: Record<string, string>) => field(await get('/v1/credits', headers), 'data', 'credits');

/** The request that produces each labelled example. */
const REQUESTS: Record<string, [string, Record<string, string>]> = {
  '401 — missing or invalid key': ['/v1/signals', {}],
  '402 — out of credits': ['/v1/signals', { authorization: 'Bearer mtk_empty_demo' }],
  '400 — demo result cap exceeded (the demo key is limited to 3 results and cannot paginate)': [
    '/v1/signals?limit=10',
    DEMO,
  ],
  '403 — plan does not include SEC data': ['/v1/sec/filings', { authorization: 'Bearer mtk_free_demo' }],
  '404 — unknown resource': ['/v1/packages/pkg_gold', STARTER],
};

describe('page 002 — status mirrored in the body (Hono)', () => {
  it('finds what it pins on the page', () => {
    expect(examples).toHaveLength(9);
    expect(labelled.map((e) => e.label.slice(0, 3))).toEqual(['401', '402', '402', '400', '403', '404', '429']);
    expect(table.map((row) => row.status)).toEqual([200, 400, 401, 402, 403, 404, 429, 500]);
  });

  it('declares every code of the status table with its status and cause', () => {
    const listing = errors.describe();
    for (const row of table.filter((r) => r.code !== '—')) {
      expect(listing.find((entry) => entry.code === row.code)).toMatchObject({
        status: row.status,
        description: row.cause,
      });
    }
  });

  it('answers the envelope template’s shape, with its one detail exactly', async () => {
    const res = await get('/v1/signals?limit=abc', STARTER);
    expect(res.status).toBe(400);
    const { body } = template as (typeof examples)[0];
    const filled = { ...body, error: { ...body.error, message: 'Validation failed', code: 'BAD_REQUEST' } };
    expect(differences(res.body, filled)).toEqual([]);
  });

  it('answers the validation example exactly: every offending field in details[]', async () => {
    const res = await get('/v1/signals?limit=500&cursor=a&cursor=b', STARTER);
    expect(res.status).toBe(400);
    expect(differences(res.body, (validation as (typeof examples)[0]).body)).toEqual([]);
  });

  it.each(Object.keys(REQUESTS))('answers the example “%s” exactly', async (label) => {
    const [path, headers] = REQUESTS[label] as [string, Record<string, string>];
    const documented = labelled.find((e) => e.label === label)?.body as Envelope;
    const res = await get(path, headers);
    expect(res.status).toBe(documented.statusCode);
    expect(differences(res.body, documented)).toEqual([]);
  });

  it('answers successes as { success: true, data }', async () => {
    for (const [path, headers] of [
      ['/', {}],
      ['/health', {}],
      ['/v1/signals?limit=2', STARTER],
      ['/v1/sec/filings?limit=1&cursor=sec_3', STARTER],
      ['/v1/packages/pkg_pro', STARTER],
    ] as const) {
      const res = await get(path, headers);
      expect([path, res.status, Object.keys(res.body as object)]).toEqual([path, 200, ['success', 'data']]);
    }
  });

  it('answers 402 before anything runs: a request it refuses charges nothing', async () => {
    const empty = { authorization: 'Bearer mtk_empty_demo' };
    expect(await credits(empty)).toBe(0);
    expect((await get('/v1/sec/filings', empty)).status).toBe(402);
    expect(await credits(empty)).toBe(0);
    expect(await credits(STARTER)).toBeGreaterThan(0);
  });

  it('answers the demo-budget example once the shared hourly budget is spent', async () => {
    const documented = labelled.find((e) => e.label.startsWith('402 — demo budget exhausted'))?.body as Envelope;
    let res = await get('/v1/signals', DEMO);
    for (let i = 0; i < 110 && res.status === 200; i++) res = await get('/v1/signals', DEMO);
    expect(res.status).toBe(402);
    expect(differences(res.body, documented)).toEqual([]);
    expect(await credits(DEMO)).toBe(0);
  });

  it('answers the 429 example past the plan’s rate, with Retry-After', async () => {
    const documented = labelled.find((e) => e.label.startsWith('429'))?.body as Envelope;
    const free = { authorization: 'Bearer mtk_free_demo' };
    let res = await get('/v1/signals?limit=1', free);
    for (let i = 0; i < 20 && res.status !== 429; i++) res = await get('/v1/signals?limit=1', free);
    expect(res.status).toBe(429);
    expect(differences(res.body, documented)).toEqual([]);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
