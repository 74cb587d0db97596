/**
 * Validation conformance: every adapter's validator must produce the same VALIDATION_ERROR, byte for byte, with
 * every schema library (TypeBox, Zod 4, Zod 3, Valibot, ArkType). The expected details come from @errata/core's
 * validators run on the same input; a few are pinned literally so a change in core shows up here too, and every
 * place a library answers otherwise than TypeBox is pinned as such (`differs`).
 */
import {
  compileRequestValidator,
  compileSchemaValidator,
  createErrata,
  type Detail,
  type ValidationResult,
} from '@errata/core';
import request from 'supertest';
import type { AdapterUnderTest } from './adapter';
import { FIXTURE_CONFIGS } from './fixture';
import {
  allPartsSchemas,
  SCHEMA_LIBRARIES,
  type SchemaLibrary,
  type ValidationSchemas,
  validationPath,
  validationSchemas,
} from './schema-libraries';
import { startedFixture } from './started-fixture';
import { normalizeBody } from './suite';

interface Case {
  name: string;
  method: 'get' | 'post';
  /** The TypeBox route; other libraries' routes are `/validate/<library>/…` (validationPath). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The input the validator sees, to compute the expected details. */
  input: { part: keyof ValidationSchemas; value: unknown };
  /** Details pinned literally (a subset check of the computed ones). */
  pinned?: Detail[];
  /** Where a library's details differ from TypeBox's: that library's details, pinned literally and in full. */
  differs?: Partial<Record<SchemaLibrary, Detail[]>>;
}

const json = { 'content-type': 'application/json' };
const order = { symbol: 'BTCUSDT', side: 'buy', quantity: 1 };
const required = (name: string): Detail => ({ field: `body.${name}`, message: 'is required', rule: 'required' });
const extra = (field: string): Detail => ({ field, message: 'is not allowed', rule: 'additionalProperties' });

const CASES: Case[] = [
  {
    name: 'a missing query field',
    method: 'get',
    path: '/validate/query',
    input: { part: 'query', value: {} },
    pinned: [{ field: 'query.symbol', message: 'is required', rule: 'required' }],
  },
  {
    name: 'a wrong type in the query',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=abc',
    input: { part: 'query', value: { symbol: 'BTCUSDT', limit: 'abc' } },
    pinned: [{ field: 'query.limit', message: 'must be an integer', rule: 'type' }],
    // z.coerce.number() reads 'abc' as NaN, and Zod names the number type before the integer check
    differs: {
      zod: [{ field: 'query.limit', message: 'must be a number', rule: 'type' }],
      zod3: [{ field: 'query.limit', message: 'must be a number', rule: 'type' }],
    },
  },
  {
    name: 'a value outside an enum',
    method: 'get',
    path: '/validate/query?symbol=DOGEUSDT',
    input: { part: 'query', value: { symbol: 'DOGEUSDT' } },
    pinned: [{ field: 'query.symbol', message: 'must be one of: BTCUSDT, ETHUSDT, SOLUSDT', rule: 'enum' }],
  },
  {
    name: 'a number below the minimum',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=0',
    input: { part: 'query', value: { symbol: 'BTCUSDT', limit: '0' } },
    pinned: [{ field: 'query.limit', message: 'must be >= 1', rule: 'minimum' }],
  },
  {
    name: 'a number above the maximum',
    method: 'get',
    path: '/validate/query?symbol=BTCUSDT&limit=5000',
    input: { part: 'query', value: { symbol: 'BTCUSDT', limit: '5000' } },
    pinned: [{ field: 'query.limit', message: 'must be <= 1000', rule: 'maximum' }],
  },
  {
    name: 'several query fields at once',
    method: 'get',
    path: '/validate/query?symbol=X&limit=0&verbose=maybe',
    input: { part: 'query', value: { symbol: 'X', limit: '0', verbose: 'maybe' } },
  },
  {
    name: 'a path parameter that breaks its pattern',
    method: 'get',
    path: '/validate/params/doge',
    input: { part: 'params', value: { symbol: 'doge' } },
    pinned: [{ field: 'params.symbol', message: 'must match the pattern ^[A-Z]{2,10}USDT$', rule: 'pattern' }],
    // Zod 3's issue does not carry the pattern
    differs: { zod3: [{ field: 'params.symbol', message: 'must match the pattern', rule: 'pattern' }] },
  },
  {
    name: 'a missing header',
    method: 'get',
    path: '/validate/headers',
    input: { part: 'headers', value: {} },
    pinned: [{ field: 'headers.x-api-key', message: 'is required', rule: 'required' }],
  },
  {
    name: 'a header that is too short',
    method: 'get',
    path: '/validate/headers',
    headers: { 'x-api-key': 'abc' },
    input: { part: 'headers', value: { 'x-api-key': 'abc' } },
    pinned: [{ field: 'headers.x-api-key', message: 'must be at least 6 characters', rule: 'minLength' }],
  },
  {
    name: 'an empty body object',
    method: 'post',
    path: '/validate/body',
    body: '{}',
    input: { part: 'body', value: {} },
    // ArkType lists missing keys sorted by name
    differs: { arktype: ['quantity', 'side', 'symbol'].map(required) },
  },
  {
    name: 'a nested array item',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, items: [{ quantity: 2 }, { quantity: 0 }] }),
    input: { part: 'body', value: { ...order, items: [{ quantity: 2 }, { quantity: 0 }] } },
    pinned: [{ field: 'body.items[1].quantity', message: 'must be >= 1', rule: 'minimum' }],
  },
  {
    name: 'an extra property where none is allowed',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, admin: true }),
    input: { part: 'body', value: { ...order, admin: true } },
    pinned: [{ field: 'body.admin', message: 'is not allowed', rule: 'additionalProperties' }],
  },
  {
    name: 'a string where the body wants a number (bodies are not coerced)',
    method: 'post',
    path: '/validate/body',
    body: JSON.stringify({ ...order, quantity: '5', leverage: 50, note: 'n'.repeat(30) }),
    input: {
      part: 'body',
      value: { ...order, quantity: '5', leverage: 50, note: 'n'.repeat(30) },
    },
  },
  {
    name: 'a body that is not an object',
    method: 'post',
    path: '/validate/body',
    body: '[1,2]',
    input: { part: 'body', value: [1, 2] },
    // Valibot and ArkType check an array's keys against the object schema instead of refusing its type
    differs: {
      valibot: [...['symbol', 'side', 'quantity'].map(required), extra('body[0]')],
      arktype: [...['quantity', 'side', 'symbol'].map(required), extra('body[0]'), extra('body[1]')],
    },
  },
];

/** The details as errata's wire carries them (`path` and `expected` are for formatters and hooks only). */
const wire = (details: Detail[]) => details.map(({ field, message, rule }) => ({ field, message, rule }));

async function detailsOf(result: ValidationResult<unknown> | Promise<ValidationResult<unknown>>, name: string) {
  const settled = await result;
  if (settled.ok) throw new Error(`case "${name}" is valid input; fix the case`);
  return settled.details;
}

/** Several parts failing at once: `POST /validate/all/:symbol`, every part's details in one answer. */
const ALL_PARTS = {
  path: '/validate/all/doge?symbol=X&limit=0',
  headers: { 'x-api-key': 'abc' },
  body: '{}',
  input: { params: { symbol: 'doge' }, query: { symbol: 'X', limit: '0' }, headers: { 'x-api-key': 'abc' }, body: {} },
};

/**
 * Registers the validation conformance tests for one adapter.
 * @example runValidationConformance({ name: 'hono', start })
 */
export function runValidationConformance(adapter: AdapterUnderTest): void {
  describe(`validation conformance: ${adapter.name}`, () => {
    const options = FIXTURE_CONFIGS.default(() => {});
    const errata = createErrata(options);
    const app = startedFixture(adapter, options);

    const expectedBody = (details: Detail[], method: string, path: string) =>
      errata.respond(options.catalog.VALIDATION_ERROR({ details }), {
        requestId: 'expected-id',
        method: method.toUpperCase(),
        path: path.split('?')[0] as string,
      }).body;

    async function send(method: 'get' | 'post', path: string, headers: Record<string, string>, body?: string) {
      let req = request(app.url)[method](path);
      for (const [name, value] of Object.entries({ ...(body === undefined ? {} : json), ...headers }))
        req = req.set(name, value);
      return (body === undefined ? req : req.send(body)).buffer(true);
    }

    for (const library of SCHEMA_LIBRARIES) {
      describe(`with ${library}`, () => {
        const schemas = validationSchemas(library);
        for (const c of CASES) {
          it(`reports ${c.name} as VALIDATION_ERROR with every failing field`, async () => {
            const { part, value } = c.input;
            const details = await detailsOf(
              compileSchemaValidator(schemas[part], part)(structuredClone(value)),
              c.name,
            );
            const typebox = wire(
              await detailsOf(
                compileSchemaValidator(validationSchemas('typebox')[part], part)(structuredClone(value)),
                c.name,
              ),
            );
            if (c.pinned && library === 'typebox')
              expect(details).toEqual(expect.arrayContaining(c.pinned.map((d) => expect.objectContaining(d))));
            const differs = c.differs?.[library];
            if (differs === undefined) {
              expect(wire(details)).toEqual(typebox);
            } else {
              expect(wire(details)).toEqual(differs);
              expect(differs).not.toEqual(typebox); // a pin that matches TypeBox again is stale: remove it
            }

            const path = validationPath(library, c.path);
            const res = await send(c.method, path, c.headers ?? {}, c.body);
            const id = res.headers['x-request-id'] as string;
            expect(res.status).toBe(400);
            expect(normalizeBody(res.text, id)).toBe(
              normalizeBody(expectedBody(details, c.method, path), 'expected-id'),
            );
            expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          });
        }

        it('reports every failing part of one request in one VALIDATION_ERROR, ordered params, query, headers, body', async () => {
          const result = await compileRequestValidator(allPartsSchemas(library))(structuredClone(ALL_PARTS.input));
          if (result.ok) throw new Error('the several-parts case is valid input; fix the case');
          const fields = result.details.map((d) => d.field);
          const body = library === 'arktype' ? ['quantity', 'side', 'symbol'] : ['symbol', 'side', 'quantity'];
          expect(fields).toEqual([
            'params.symbol',
            'query.symbol',
            'query.limit',
            'headers.x-api-key',
            ...body.map((name) => `body.${name}`),
          ]);
          const path = validationPath(library, ALL_PARTS.path);
          const res = await send('post', path, ALL_PARTS.headers, ALL_PARTS.body);
          expect(res.status).toBe(400);
          expect(normalizeBody(res.text, res.headers['x-request-id'] as string)).toBe(
            normalizeBody(expectedBody(result.details, 'post', path), 'expected-id'),
          );
        });

        it('passes every part of a valid request through one validator', async () => {
          const res = await send(
            'post',
            validationPath(library, '/validate/all/BTCUSDT?symbol=ETHUSDT&verbose=false'),
            { 'x-api-key': 'secret-key' },
            JSON.stringify(order),
          );
          expect(res.status).toBe(200);
          expect(res.body.data).toEqual({
            params: { symbol: 'BTCUSDT' },
            query: { symbol: 'ETHUSDT', limit: 100, verbose: false },
            key: 'secret-key',
            body: order,
          });
        });

        it('answers 422 when the catalog makes VALIDATION_ERROR a 422', async () => {
          const app422 = await adapter.start(
            FIXTURE_CONFIGS['validation-422'](() => {}),
            'validation-422',
          );
          try {
            const res = await request(app422.url).get(validationPath(library, '/validate/query?symbol=DOGEUSDT'));
            expect(res.status).toBe(422);
            expect(res.body.error).toMatchObject({
              code: 'VALIDATION_ERROR',
              details: [{ field: 'query.symbol', rule: 'enum' }],
            });
            const body = await request(app422.url).post(validationPath(library, '/validate/body')).set(json).send('{}');
            expect(body.status).toBe(422);
            const all = await request(app422.url)
              .post(validationPath(library, ALL_PARTS.path))
              .set(ALL_PARTS.headers)
              .set(json)
              .send(ALL_PARTS.body);
            expect([all.status, all.body.error.details.length]).toEqual([422, 7]);
          } finally {
            await app422.close();
          }
        });

        it('coerces query strings to numbers and booleans and applies defaults', async () => {
          const res = await request(app.url).get(
            validationPath(library, '/validate/query?symbol=BTCUSDT&limit=5&verbose=true'),
          );
          expect(res.status).toBe(200);
          expect(res.body.data).toEqual({ symbol: 'BTCUSDT', limit: 5, verbose: true });
          const defaults = await request(app.url).get(validationPath(library, '/validate/query?symbol=ETHUSDT'));
          expect(defaults.body.data).toEqual({ symbol: 'ETHUSDT', limit: 100 });
        });

        it('drops a query parameter without a name (?=x) before validating, as Hono’s parser does', async () => {
          const res = await request(app.url).get(validationPath(library, '/validate/query?symbol=BTCUSDT&=x&limit=5'));
          expect([res.status, res.body.data]).toEqual([200, { symbol: 'BTCUSDT', limit: 5 }]);
        });

        it('passes a valid body and path parameter through', async () => {
          const res = await request(app.url)
            .post(validationPath(library, '/validate/body'))
            .set(json)
            .send(JSON.stringify({ ...order, leverage: 5 }));
          expect(res.status).toBe(200);
          expect(res.body.data).toEqual({ ...order, leverage: 5 });
          const params = await request(app.url).get(validationPath(library, '/validate/params/BTCUSDT'));
          expect(params.body.data).toEqual({ symbol: 'BTCUSDT' });
        });

        it('keeps body parsing failures distinct from validation errors, even when other parts fail too', async () => {
          const res = await request(app.url)
            .post(validationPath(library, '/validate/body'))
            .set(json)
            .send('{"symbol":');
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('INVALID_JSON');
          const all = await request(app.url)
            .post(validationPath(library, ALL_PARTS.path))
            .set(ALL_PARTS.headers)
            .set(json)
            .send('{"symbol":');
          expect([all.status, all.body.error.code]).toEqual([400, 'INVALID_JSON']);
        });

        it('rejects __proto__ and constructor.prototype payloads without polluting anything', async () => {
          for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
            const res = await request(app.url).post(validationPath(library, '/validate/body')).set(json).send(body);
            expect(res.status).toBe(400);
            expect(res.body.error.code).toBe('VALIDATION_ERROR');
            expect(({} as Record<string, unknown>).admin).toBeUndefined();
          }
        });
      });
    }
  });
}
