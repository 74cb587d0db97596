/**
 * The docs, proven by traffic: each app serves the same OpenAPI 3.1 document, a standard validator accepts it, and
 * every response of every app — success and error, envelope and problem+json — validates against it: its status, its
 * content type, its body, and the headers a client acts on. The apps run in development mode, so a route answering
 * a code it does not declare would also be reported in their output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ObservedResponse, openApiResponseChecker } from '@errata/conformance';
import { routesOf } from '@errata/hono';
import { renderErrorReference } from '@errata/openapi';
import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { docsOptions, OPENAPI_JSON, ROUTES } from '../src/docs';
import { errors } from '../src/errors';
import { createHonoApp } from '../src/hono';
import { FRAMEWORKS, type Framework, type StartedApp, startAllApps } from './start-app';

const FREE = { 'x-api-key': 'demo_free' };
const PRO = { 'x-api-key': 'demo_pro' };
const JSON_BODY = { ...FREE, 'content-type': 'application/json' };
const PROBLEM = { ...FREE, accept: 'application/problem+json' };

type Sent = [method: string, path: string, headers?: Record<string, string>, body?: string];

/** Every route, each with its successes and the errors it can be driven to, plus paths and methods no route has. */
const TRAFFIC: Sent[] = [
  ['GET', '/health'],
  ['HEAD', '/health'],
  ['GET', '/meta/errors'],
  ['GET', '/nope'],
  ['HEAD', '/nope'],
  ['PUT', '/health'],
  ['GET', '/%zz'],
  ['GET', '/v1/ticker?symbol=BTCUSDT'],
  ['GET', '/v1/ticker?symbol=BTCUSDT', { 'x-api-key': 'nope' }],
  ['GET', '/v1/ticker?symbol=BTCUSDT', FREE],
  ['HEAD', '/v1/ticker?symbol=BTCUSDT', FREE],
  ['GET', '/v1/ticker', FREE],
  ['GET', '/v1/ticker?symbol=HYPEUSDT', FREE],
  ['GET', '/v1/ticker?symbol=HYPEUSDT', PROBLEM],
  ['DELETE', '/v1/ticker', FREE],
  ['GET', '/v1/nothing', FREE],
  ['GET', '/v1/candles?symbol=SOLUSDT&timeframe=15m&limit=3', FREE],
  ['GET', '/v1/candles?symbol=X&timeframe=Y&limit=Z', FREE],
  ['GET', '/v1/candles?symbol=X&timeframe=Y&limit=Z', PROBLEM],
  ['GET', '/v1/candles?symbol=BTCUSDT&timeframe=1m', FREE],
  ['GET', '/v1/candles?symbol=BTCUSDT&timeframe=1m', PROBLEM],
  ['GET', '/v1/candles?symbol=BTCUSDT&timeframe=1m&limit=2', PRO],
  ['GET', '/v1/orderbook/ETHUSDT', FREE],
  ['GET', '/v1/orderbook/DOGEUSDT', FREE],
  ['GET', '/v1/orderbook/DOGEUSDT', PROBLEM],
  ['GET', '/v1/orderbook/x!', FREE],
  ['GET', '/v1/orderbook/%zz', FREE],
  ['POST', '/v1/orders', JSON_BODY, '{"symbol":"ETHUSDT","side":"buy","quantity":1.5}'],
  ['POST', '/v1/orders', JSON_BODY, '{"symbol":"SOLUSDT","side":"sell","quantity":1,"leverage":10}'],
  ['POST', '/v1/orders', JSON_BODY, '{"symbol":"SOLUSDT","side":"buy","quantity":1,"leverage":11}'],
  ['POST', '/v1/orders', JSON_BODY, '{"side":"up","quantity":"1","extra":true}'],
  ['POST', '/v1/orders', JSON_BODY, '{"symbol":'],
  ['POST', '/v1/orders', { ...FREE, 'content-type': 'text/plain' }, 'hello'],
  ['POST', '/v1/orders', { ...FREE, 'content-type': 'application/x-www-form-urlencoded' }, 'symbol=BTCUSDT'],
  ['POST', '/v1/orders', JSON_BODY, JSON.stringify({ pad: 'x'.repeat(20_000) })],
  ['POST', '/v1/orders', { ...JSON_BODY, accept: 'application/problem+json' }, '{"symbol":"NOPE"}'],
  ['GET', '/v1/debug/crash', FREE],
  ['GET', '/v1/debug/crash', PROBLEM],
  // the limited key's fourth request in a minute: 429 with Retry-After
  ['GET', '/v1/ticker?symbol=BTCUSDT', { 'x-api-key': 'demo_limited' }],
  ['GET', '/v1/ticker?symbol=BTCUSDT', { 'x-api-key': 'demo_limited' }],
  ['GET', '/v1/ticker?symbol=BTCUSDT', { 'x-api-key': 'demo_limited' }],
  ['GET', '/v1/ticker?symbol=BTCUSDT', { 'x-api-key': 'demo_limited' }],
];

const apps = startAllApps();

async function send(framework: Framework, [method, path, headers = {}, body]: Sent): Promise<ObservedResponse> {
  let req = request((apps.get(framework) as StartedApp).url)[method.toLowerCase() as 'get'](path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  // the raw text, whatever the content type (supertest parses only some)
  const res = await (body === undefined ? req : req.send(body)).buffer(true).parse((response, done) => {
    let text = '';
    response.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    response.on('end', () => done(null, text));
  });
  return { method, path, status: res.status, headers: res.headers, text: res.body as string };
}

describe('GET /openapi.json', () => {
  it('is one document, the same bytes from the three apps, that a standard OpenAPI 3.1 validator accepts', async () => {
    const served = await Promise.all(FRAMEWORKS.map((f) => send(f, ['GET', '/openapi.json'])));
    for (const res of served) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.text).toBe(OPENAPI_JSON);
    }
    const document = JSON.parse(OPENAPI_JSON);
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(document);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.warnings).toEqual([]);
  });

  it('lists every route the apps declare, with the codes they declare (Hono’s, read from its routes)', () => {
    // The real-time routes are left out of the document: a WebSocket has no OpenAPI 3.1 description, and an event
    // stream's success is no envelope (their frames are pinned by test/realtime.test.ts instead).
    const realtime = ['/v1/stream', '/v1/events'];
    const declared = routesOf(createHonoApp()).filter(
      (r) => r.path !== '/openapi.json' && !r.path.startsWith('/docs') && !realtime.includes(r.path),
    );
    expect(declared).toEqual(
      Object.values(ROUTES).map(({ method, path, errors }) => ({ method, path, errors: [...errors] })),
    );
  });
});

describe.each(FRAMEWORKS)('every response of %s', (framework) => {
  it('validates against the served document: status, content type, body and headers', async () => {
    const check = openApiResponseChecker(JSON.parse(OPENAPI_JSON));
    const problems: string[] = [];
    const statuses = new Set<number>();
    for (const sent of TRAFFIC) {
      const observed = await send(framework, sent);
      statuses.add(observed.status);
      problems.push(...check(observed));
    }
    expect(problems).toEqual([]);
    // the traffic reached every kind of answer the document describes
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 403, 404, 405, 413, 415, 429, 500, 503]);
  });

  it('answered no code its route does not declare', () => {
    expect((apps.get(framework) as StartedApp).output()).not.toMatch(/which the route does not declare/);
  });
});

describe('ERRORS.md', () => {
  it('is the error reference generated from the catalog and the routes (regenerate: pnpm --filter market-api docs:errors)', () => {
    const file = readFileSync(join(__dirname, '../ERRORS.md'), 'utf8');
    expect(file).toBe(renderErrorReference({ catalog: errors, ...docsOptions, title: 'Market API: error reference' }));
  });
});
