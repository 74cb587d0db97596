/**
 * Page 003 (the status title in `error`, hints at the top level), pinned against the page over a real socket: each
 * "Common Error Scenario" sent as the page describes it, and the "Error Response Format" example.
 */
import { call, field } from '../test/http';
import { differences, jsonExamples, page } from '../test/page';
import { type StartedRecipe, startRecipe } from '../test/start-recipe';

const text = page('title-hints');
type Body = { error?: string; code?: string; type?: string; request_id?: string; retry_after?: number };
const examples = jsonExamples(text).map(({ value, before }) => ({ body: value as Body, before }));
const [format, ...scenarios] = examples;
const scenario = (code: string) => {
  const found = scenarios.filter((s) => s.body.code === code);
  if (found.length !== 1) throw new Error(`one ${code} scenario expected, found ${found.length}`);
  return found[0] as (typeof scenarios)[0];
};

/** The request a scenario names, e.g. `GET /api/v1/heatmap?symbol=BTCUSDT -H "X-API-Key: invalid"`. */
function requestOf(before: string): { path: string; headers: Record<string, string> } {
  const path = /GET (\/\S+)/.exec(before)?.[1];
  if (path === undefined) throw new Error(`no request in ${JSON.stringify(before)}`);
  const header = /-H "([^:]+): ([^"]+)"/.exec(before);
  return { path, headers: header ? { [header[1] as string]: header[2] as string } : {} };
}

const STREAM = { 'x-api-key': 'nxg_stream_demo' };
const PULSE = { 'x-api-key': 'nxg_pulse_demo' };
/** The rate-limit example says `retry_after: 12`: the clock stands 12 s before a minute ends. */
const retryAfter = scenario('RATE_LIMIT_EXCEEDED').body.retry_after as number;
const FROZEN_TIME = `2026-03-10T09:15:${String(60 - retryAfter).padStart(2, '0')}Z`;

let api: StartedRecipe;
let failing: StartedRecipe;
beforeAll(async () => {
  [api, failing] = await Promise.all([
    startRecipe('title-hints', { FROZEN_TIME }),
    startRecipe('title-hints', { FROZEN_TIME, TRANSIENT_FAILURE: '1' }),
  ]);
});
afterAll(() => Promise.all([api?.stop(), failing?.stop()]));

describe('page 003 — status title and top-level hints (Express)', () => {
  it('finds what it pins on the page', () => {
    expect(scenarios.map((s) => s.body.code ?? s.body.type)).toEqual([
      'MISSING_API_KEY',
      'INVALID_API_KEY',
      'TIER_INSUFFICIENT',
      'RATE_LIMIT_EXCEEDED',
      'INVALID_SYMBOL',
      'MISSING_PARAMETER',
      'ERROR', // the WebSocket frame
      'INTERNAL_ERROR',
    ]);
  });

  it.each(['MISSING_API_KEY', 'INVALID_API_KEY', 'MISSING_PARAMETER'])(
    'answers the %s scenario exactly',
    async (code) => {
      const { before, body } = scenario(code);
      const { path, headers } = requestOf(before);
      const res = await call(`${api.url}${path}`, {
        headers: { ...(code === 'MISSING_PARAMETER' ? PULSE : {}), ...headers },
      });
      expect(res.status).toBe(code === 'MISSING_PARAMETER' ? 400 : 401);
      expect(differences(res.body, body)).toEqual([]);
    },
  );

  it('answers the TIER_INSUFFICIENT scenario exactly (with a STREAM key)', async () => {
    const { before, body } = scenario('TIER_INSUFFICIENT');
    expect(before).toContain('(with STREAM key)');
    const res = await call(`${api.url}${requestOf(before).path}`, { headers: STREAM });
    expect(res.status).toBe(403);
    expect(differences(res.body, body)).toEqual([]);
    expect((await call(`${api.url}${requestOf(before).path}`, { headers: PULSE })).status).toBe(200);
  });

  it('answers the INVALID_SYMBOL scenario exactly, listing the 10 supported symbols', async () => {
    const { before, body } = scenario('INVALID_SYMBOL');
    const res = await call(`${api.url}${requestOf(before).path}`, { headers: PULSE });
    expect(res.status).toBe(400);
    expect(differences(res.body, body)).toEqual([]); // the page's list ends in "...": it shows the first two
    expect(field(res, 'supported')).toHaveLength(10);
  });

  it('answers the RATE_LIMIT_EXCEEDED scenario exactly after rapid sequential requests, Retry-After included', async () => {
    const { body } = scenario('RATE_LIMIT_EXCEEDED');
    const headers = { ...STREAM, 'x-request-id': body.request_id as string };
    let res = await call(`${api.url}/api/v1/heatmap?symbol=BTCUSDT`, { headers });
    for (let i = 0; i < 30 && res.status !== 429; i++)
      res = await call(`${api.url}/api/v1/heatmap?symbol=BTCUSDT`, { headers });
    expect(res.status).toBe(429);
    expect(differences(res.body, body)).toEqual([]);
    expect(res.headers.get('retry-after')).toBe(String(retryAfter));
  });

  it('answers the Server Error scenario exactly, on any endpoint, with no stack or internals', async () => {
    const { body } = scenario('INTERNAL_ERROR');
    for (const path of ['/api/v1/heatmap?symbol=BTCUSDT', '/api/v1/oi/ETHUSDT', '/api/v1/signals/BTCUSDT']) {
      const res = await call(`${failing.url}${path}`, {
        headers: { ...PULSE, 'x-request-id': body.request_id as string },
      });
      expect(res.status).toBe(500);
      expect(differences(res.body, body)).toEqual([]);
      expect(res.text).not.toMatch(/ECONNRESET|clickhouse|9000|pool|\bat \S+:\d+/);
    }
    expect(failing.output()).toContain('clickhouse-2.internal'); // the full error is in the server's log
  });

  it('answers the format example’s fields (the page lists them in another order than its own 429 scenario)', async () => {
    const { body } = format as (typeof examples)[0];
    const headers = { ...STREAM, 'x-request-id': body.request_id as string };
    const res = await call(`${api.url}/api/v1/heatmap?symbol=BTCUSDT`, { headers });
    expect(res.status).toBe(429);
    expect(res.body).toEqual(body); // every key and value; toEqual leaves their order aside
  });

  it('puts request_id only on 429 and 5xx answers', async () => {
    const answers = [
      await call(`${api.url}/api/v1/heatmap`, { headers: PULSE }),
      await call(`${api.url}/api/v1/oi/NOPE`, { headers: PULSE }),
      await call(`${api.url}/api/v1/nothing/here`, { headers: PULSE }),
      await call(`${api.url}/api/v1/heatmap?symbol=BTCUSDT`),
    ];
    expect(
      answers.map((res) => [res.status, field(res, 'error'), Object.hasOwn(res.body as object, 'request_id')]),
    ).toEqual([
      [400, 'Bad Request', false],
      [400, 'Bad Request', false],
      [404, 'Not Found', false],
      [401, 'Unauthorized', false],
    ]);
  });
});
