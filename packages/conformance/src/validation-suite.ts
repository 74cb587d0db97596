/**
 * Validation conformance: every adapter's validator must produce the same VALIDATION_ERROR, byte for byte.
 * The expected details come from @errata/core's compileValidator run on the same input, and a few are pinned
 * literally so a change in core shows up here too.
 */
import { compileValidator, createErrata, type Detail, defineErrors, type RequestPart } from '@errata/core';
import type { TSchema } from '@sinclair/typebox';
import request from 'supertest';
import type { AdapterUnderTest, RunningApp } from './adapter';
import { FIXTURE_CONFIGS, schemas } from './fixture';
import { normalizeBody } from './suite';

interface Case {
  name: string;
  method: 'get' | 'post';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The input the validator sees, to compute the expected details. */
  input: { location: RequestPart; schema: TSchema; value: unknown };
  /** Details pinned literally (a subset check of the computed ones). */
  pinned?: Detail[];
}

const json = { 'content-type': 'application/json' };
const order = { symbol: 'BTCUSDT', side: 'buy', quantity: 1 };

const CASES: Case[] = [
  {
    name: 'a missing query field',
    method: 'get',
    path: '/validate/query',
    input: { location: 'query', schema: schemas.query, value: {} },
    pinned: [{ field: 'query.symbol', message: 'is required', rule: 'required' }],
  },
  {
    name: 'a wrong type in the query',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=abc',
    input: { location: 'query', schema: schemas.query, value: { symbol: 'BTCUSDT', limit: 'abc' } },
    pinned: [{ field: 'query.limit', message: 'must be an integer', rule: 'type' }],
  },
  {
    name: 'a value outside an enum',
    method: 'get',
    path: '/validate/query?symbol=DOGEUSDT',
    input: { location: 'query', schema: schemas.query, value: { symbol: 'DOGEUSDT' } },
    pinned: [{ field: 'query.symbol', message: 'must be one of: BTCUSDT, ETHUSDT, SOLUSDT', rule: 'enum' }],
  },
  {
    name: 'a number below the minimum',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=0',
    input: { location: 'query', schema: schemas.query, value: { symbol: 'BTCUSDT', limit: '0' } },
    pinned: [{ field: 'query.limit', message: 'must be >= 1', rule: 'minimum' }],
  },
  {
    name: 'a number above the maximum',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=5000',
    input: { location: 'query', schema: schemas.query, value: { symbol: 'BTCUSDT', limit: '5000' } },
    pinned: [{ field: 'query.limit', message: 'must be <= 1000', rule: 'maximum' }],
  },
  {
    name: 'several query fields at once',
    method: 'get',
    path: '/validate/query?symbol=X&limit=0&verbose=maybe',
    input: { location: 'query', schema: schemas.query, value: { symbol: 'X', limit: '0', verbose: 'maybe' } },
  },
  {
    name: 'a path parameter that breaks its pattern',
    method: 'get',
    path: '/validate/params/doge',
    input: { location: 'params', schema: schemas.params, value: { symbol: 'doge' } },
    pinned: [{ field: 'params.symbol', message: 'must match the pattern ^[A-Z]{2,10}USDT$', rule: 'pattern' }],
  },
  {
    name: 'a missing header',
    method: 'get',
    path: '/validate/headers',
    input: { location: 'headers', schema: schemas.headers, value: {} },
    pinned: [{ field: 'headers.x-api-key', message: 'is required', rule: 'required' }],
  },
  {
    name: 'a header that is too short',
    method: 'get',
    path: '/validate/headers',
    headers: { 'x-api-key': 'abc' },
    input: { location: 'headers', schema: schemas.headers, value: { 'x-api-key': 'abc' } },
    pinned: [{ field: 'headers.x-api-key', message: 'must be at least 6 characters', rule: 'minLength' }],
  },
  {
    name: 'an empty body object',
    method: 'post',
    path: '/validate/body',
    body: '{}',
    input: { location: 'body', schema: schemas.body, value: {} },
  },
  {
    name: 'a nested array item',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, items: [{ quantity: 2 }, { quantity: 0 }] }),
    input: { location: 'body', schema: schemas.body, value: { ...order, items: [{ quantity: 2 }, { quantity: 0 }] } },
    pinned: [{ field: 'body.items[1].quantity', message: 'must be >= 1', rule: 'minimum' }],
  },
  {
    name: 'an extra property where none is allowed',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, admin: true }),
    input: { location: 'body', schema: schemas.body, value: { ...order, admin: true } },
    pinned: [{ field: 'body.admin', message: 'is not allowed', rule: 'additionalProperties' }],
  },
  {
    name: 'a string where the body wants a number (bodies are not coerced)',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, quantity: '5', leverage: 50, note: 'n'.repeat(30) }),
    input: {
      location: 'body',
      schema: schemas.body,
      value: { ...order, quantity: '5', leverage: 50, note: 'n'.repeat(30) },
    },
  },
  {
    name: 'a body that is not an object',
    method: 'post',
    path: '/validate/body',
    body: '[1,2]',
    input: { location: 'body', schema: schemas.body, value: [1, 2] },
  },
];

/**
 * Registers the validation conformance tests for one adapter.
 * @example runValidationConformance({ name: 'hono', start })
 */
export function runValidationConformance(adapter: AdapterUnderTest): void {
  describe(`validation conformance: ${adapter.name}`, () => {
    const options = FIXTURE_CONFIGS.default(() => {});
    const errata = createErrata(options);
    let app: RunningApp;
    beforeAll(async () => {
      app = await adapter.start(options, 'default');
    });
    afterAll(async () => {
      await app?.close();
    });

    for (const c of CASES) {
      it(`reports ${c.name} as VALIDATION_ERROR with every failing field`, async () => {
        const validate = compileValidator(c.input.schema, c.input.location);
        const result = validate(c.input.value);
        if (result.ok) throw new Error(`case "${c.name}" is valid input; fix the case`);
        if (c.pinned)
          expect(result.details).toEqual(expect.arrayContaining(c.pinned.map((d) => expect.objectContaining(d))));
        const expected = errata.respond(options.catalog.VALIDATION_ERROR({ details: result.details }), {
          requestId: 'expected-id',
          method: c.method.toUpperCase(),
          path: c.path.split('?')[0] as string,
        });

        let req = request(app.url)[c.method](c.path);
        for (const [name, value] of Object.entries({ ...(c.body === undefined ? {} : json), ...c.headers }))
          req = req.set(name, value);
        const res = await (c.body === undefined ? req : req.send(c.body)).buffer(true);
        const id = res.headers['x-request-id'] as string;
        expect(res.status).toBe(400);
        expect(normalizeBody(res.text, id)).toBe(normalizeBody(expected.body, 'expected-id'));
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      });
    }

    it('answers 422 when the catalog makes VALIDATION_ERROR a 422', async () => {
      const app422 = await adapter.start(
        FIXTURE_CONFIGS['validation-422'](() => {}),
        'validation-422',
      );
      try {
        const res = await request(app422.url).get('/validate/query?symbol=DOGEUSDT');
        expect(res.status).toBe(422);
        expect(res.body.error).toMatchObject({
          code: 'VALIDATION_ERROR',
          details: [{ field: 'query.symbol', rule: 'enum' }],
        });
        const body = await request(app422.url).post('/validate/body').set(json).send('{}');
        expect(body.status).toBe(422);
      } finally {
        await app422.close();
      }
    });

    it('coerces query strings to numbers and booleans and applies defaults', async () => {
      const res = await request(app.url).get('/validate/query?symbol=BTCUSDT&limit=5&verbose=true');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ symbol: 'BTCUSDT', limit: 5, verbose: true });
      const defaults = await request(app.url).get('/validate/query?symbol=ETHUSDT');
      expect(defaults.body.data).toEqual({ symbol: 'ETHUSDT', limit: 100 });
    });

    it('passes a valid body and path parameter through', async () => {
      const res = await request(app.url)
        .post('/validate/body')
        .set(json)
        .send(JSON.stringify({ ...order, leverage: 5 }));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ ...order, leverage: 5 });
      const params = await request(app.url).get('/validate/params/BTCUSDT');
      expect(params.body.data).toEqual({ symbol: 'BTCUSDT' });
    });

    it('keeps body parsing failures distinct from validation errors', async () => {
      const res = await request(app.url).post('/validate/body').set(json).send('{"symbol":');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
    });

    it('rejects __proto__ and constructor.prototype payloads without polluting anything', async () => {
      for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
        const res = await request(app.url).post('/validate/body').set(json).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(({} as Record<string, unknown>).admin).toBeUndefined();
      }
    });
  });
}
