import { type Detail, defineErrors } from '@errata/core';
import { type Static, Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import { validator as honoValidator } from 'hono/validator';
import { z } from 'zod';
import { type ErrataEnv, errata, notFound, onError, success, validate, validator } from './index';

const catalog = defineErrors({});
const Query = Type.Object({ limit: Type.Integer({ minimum: 1, default: 10 }), verbose: Type.Optional(Type.Boolean()) });
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });
const Headers = Type.Object({ 'x-api-key': Type.String({ minLength: 6 }) });
const Cookies = Type.Object({ session: Type.String({ minLength: 3 }) });
const Order = Type.Object({ side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]), quantity: Type.Number() });

function makeApp() {
  const app = new Hono<ErrataEnv>();
  app.use(errata({ catalog, onError: () => {} }));
  app.onError(onError);
  app.notFound(notFound({ app }));
  app.get('/query', validator('query', Query), (c) => success(c, c.req.valid('query')));
  app.get('/orders/:id', validator('param', Params), (c) => success(c, c.req.valid('param')));
  app.get('/headers', validator('header', Headers), (c) => success(c, c.req.valid('header')['x-api-key']));
  app.get('/cookies', validator('cookie', Cookies), (c) => success(c, c.req.valid('cookie').session));
  app.post('/orders', bodyLimit({ maxSize: 64 }), validator('json', Order), (c) => success(c, c.req.valid('json')));
  return app;
}

async function errorOf(res: Response): Promise<{ code: string; details?: Detail[] }> {
  return ((await res.json()) as { error: { code: string; details?: Detail[] } }).error;
}

const json = (body: string, type = 'application/json') => ({ method: 'POST', body, headers: { 'content-type': type } });

describe('validator', () => {
  it('coerces strings and applies defaults for query, params, headers and cookies', async () => {
    const app = makeApp();
    expect(await (await app.request('/query?limit=5&verbose=true')).json()).toMatchObject({
      data: { limit: 5, verbose: true },
    });
    expect(await (await app.request('/query')).json()).toMatchObject({ data: { limit: 10 } });
    expect(await (await app.request('/orders/42')).json()).toMatchObject({ data: { id: '42' } });
    expect(await (await app.request('/headers', { headers: { 'X-Api-Key': 'secret-key' } })).json()).toMatchObject({
      data: 'secret-key',
    });
    expect(await (await app.request('/cookies', { headers: { cookie: 'session=abcdef' } })).json()).toMatchObject({
      data: 'abcdef',
    });
  });

  it('reports every failing field with its location: query, params, headers, cookies, body', async () => {
    const app = makeApp();
    const cases: [string, RequestInit, string, string][] = [
      ['/query?limit=0&verbose=maybe', {}, 'query.limit', 'minimum'],
      ['/orders/abc', {}, 'params.id', 'pattern'],
      ['/headers', { headers: { 'x-api-key': 'abc' } }, 'headers.x-api-key', 'minLength'],
      ['/cookies', {}, 'cookies.session', 'required'],
      ['/orders', json('{"side":"hold","quantity":"1"}'), 'body.quantity', 'type'],
    ];
    for (const [path, init, field, rule] of cases) {
      const res = await app.request(path, init);
      expect([path, res.status]).toEqual([path, 400]);
      const error = await errorOf(res);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toContainEqual({ field, message: expect.any(String), rule });
    }
    const several = await errorOf(await app.request('/query?limit=0&verbose=maybe'));
    expect(several.details?.map((d) => d.field)).toEqual(['query.limit', 'query.verbose']);
  });

  it("answers the catalog's VALIDATION_ERROR, with its status when the user changed it", async () => {
    const strict = defineErrors({
      VALIDATION_ERROR: { status: 422, message: 'Check your input.' },
    });
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog: strict, onError: () => {} }));
    app.onError(onError);
    app.get('/', validator('query', Query), (c) => success(c, c.req.valid('query')));
    const res = await app.request('/?limit=x');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: 'Check your input.' } });
  });

  it('answers malformed JSON with INVALID_JSON, a non-JSON body with UNSUPPORTED_MEDIA_TYPE, a big one with PAYLOAD_TOO_LARGE', async () => {
    const app = makeApp();
    const answers: [RequestInit, number, string][] = [
      [json('{"side":'), 400, 'INVALID_JSON'],
      [json(''), 400, 'INVALID_JSON'],
      [json('side=buy', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [{ method: 'POST', body: '{"side":"buy"}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [json(JSON.stringify({ side: 'buy', quantity: 1, pad: 'x'.repeat(100) })), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [init, status, code] of answers) {
      const res = await app.request('/orders', init);
      expect([res.status, (await errorOf(res)).code]).toEqual([status, code]);
    }
  });

  it('accepts JSON media types with a suffix and a charset', async () => {
    const app = makeApp();
    for (const type of ['application/json; charset=utf-8', 'application/vnd.api+json']) {
      const res = await app.request('/orders', json('{"side":"buy","quantity":1}', type));
      expect([type, res.status]).toEqual([type, 200]);
    }
  });

  it('validates an absent body (no content type, no bytes) as no value, as Express 5 and Fastify do (hono/validator reads {})', async () => {
    const res = await makeApp().request('/orders', { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([{ field: 'body', message: 'must be an object', rule: 'type' }]);
  });

  it("maps hono/validator's own malformed-JSON HTTPException to INVALID_JSON (validators built on it too)", async () => {
    const app = makeApp();
    app.post(
      '/plain',
      honoValidator('json', (value) => value),
      (c) => success(c, c.req.valid('json')),
    );
    const res = await app.request('/plain', json('{"a":'));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('INVALID_JSON');
  });

  it('drops __proto__ keys before validating, polluting nothing', async () => {
    const app = makeApp();
    const res = await app.request('/orders', json('{"side":"buy","quantity":1,"__proto__":{"admin":true}}'));
    expect(await res.json()).toMatchObject({ data: { side: 'buy', quantity: 1 } });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('validate: several parts at once, TypeBox or Standard Schemas', () => {
  // an async refinement: the schema answers with a Promise
  const Sku = z.object({ sku: z.string().refine(async (sku) => sku.startsWith('A')) });
  function makeCombined() {
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog, onError: () => {} }));
    app.onError(onError);
    app.post('/orders/:id', validate({ param: Params, query: Query, header: Headers, json: Order }), (c) =>
      success(c, { id: c.req.valid('param').id, limit: c.req.valid('query').limit, body: c.req.valid('json') }),
    );
    app.post('/chain/:id', validator('param', Params), validator('json', Order), (c) => success(c, null));
    app.post('/sku', validate({ query: z.object({ symbol: z.string() }), json: Sku }), (c) =>
      success(c, c.req.valid('json')),
    );
    app.get('/zod', validator('query', z.object({ limit: z.coerce.number().int().default(10) })), (c) =>
      success(c, c.req.valid('query')),
    );
    app.post('/limited', validator('json', z.record(z.string(), z.string()), { maxDepth: 2, maxDetails: 1 }), (c) =>
      success(c, null),
    );
    return app;
  }

  it('reports every failing part in one VALIDATION_ERROR, ordered params, query, headers, body', async () => {
    const res = await makeCombined().request('/orders/abc?limit=0', json('{"side":"hold"}'));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details?.map((d) => d.field)).toEqual([
      'params.id',
      'query.limit',
      'headers.x-api-key',
      'body.quantity', // TypeBox's own order within a part: missing properties first
      'body.side',
    ]);
  });

  it('stops at the first failing part with a chain of per-part validators', async () => {
    const res = await makeCombined().request('/chain/abc', json('{"side":"hold"}'));
    expect((await errorOf(res)).details?.map((d) => d.field)).toEqual(['params.id']);
  });

  it('answers a malformed body as INVALID_JSON before validating the other parts', async () => {
    const res = await makeCombined().request('/orders/abc?limit=0', json('{"side":'));
    expect([res.status, (await errorOf(res)).code]).toEqual([400, 'INVALID_JSON']);
  });

  it('hands each part, validated, to c.req.valid', async () => {
    const init = { ...json('{"side":"buy","quantity":2}'), headers: { ...json('').headers, 'x-api-key': 'secret' } };
    const res = await makeCombined().request('/orders/42', init);
    expect(await res.json()).toMatchObject({ data: { id: '42', limit: 10, body: { side: 'buy', quantity: 2 } } });
  });

  it('awaits an async Standard Schema, and still reports the other parts that fail', async () => {
    const app = makeCombined();
    const failing = await app.request('/sku', json('{"sku":"B1"}'));
    expect((await errorOf(failing)).details).toEqual([
      { field: 'query.symbol', message: 'is required', rule: 'required' },
      { field: 'body.sku', message: 'is invalid', rule: 'invalid' },
    ]);
    const passing = await app.request('/sku?symbol=X', json('{"sku":"A1"}'));
    expect(await passing.json()).toMatchObject({ data: { sku: 'A1' } });
    expect(await (await app.request('/zod?limit=5')).json()).toMatchObject({ data: { limit: 5 } });
  });

  it('applies the options given to the validator: maxDepth, maxDetails', async () => {
    const app = makeCombined();
    expect((await errorOf(await app.request('/limited', json('{"a":{"b":{"c":1}}}')))).details).toEqual([
      { field: 'body', message: 'must be nested at most 2 levels deep', rule: 'maxDepth' },
    ]);
    expect((await errorOf(await app.request('/limited', json('{"a":1,"b":2}')))).details).toHaveLength(1);
  });
});

/** Checked by `tsc` (the workspace typecheck); jest only runs the `it` below. */
function typeChecks(): void {
  const app = new Hono<ErrataEnv>();
  app.get('/q/:id', validator('query', Query), validator('param', Params), (c) => {
    expectTypeOf(c.req.valid('query')).toEqualTypeOf<Static<typeof Query>>();
    expectTypeOf(c.req.valid('query')).toEqualTypeOf<{ limit: number; verbose?: boolean }>();
    expectTypeOf(c.req.valid('param')).toEqualTypeOf<{ id: string }>();
    expectTypeOf(c.var.requestId).toBeString();
    return success(c, c.req.valid('query'));
  });
  app.post('/o', validator('json', Order), validator('header', Headers), (c) => {
    expectTypeOf(c.req.valid('json')).toEqualTypeOf<{ side: 'buy' | 'sell'; quantity: number }>();
    expectTypeOf(c.req.valid('header')).toEqualTypeOf<{ 'x-api-key': string }>();
    const res = success(c, c.req.valid('json'), { status: 201 });
    expectTypeOf(res._status).toEqualTypeOf<201>();
    expectTypeOf(res._data.data).toEqualTypeOf<{ side: 'buy' | 'sell'; quantity: number }>();
    expectTypeOf(res._data.meta.request_id).toBeString();
    return res;
  });
  // @ts-expect-error: 'form' is not a target errata validates
  validator('form', Query);

  // Standard Schemas: the schema's output type, for one part or several
  const ZodQuery = z.object({ limit: z.coerce.number().default(10), tags: z.string().transform((t) => t.split(',')) });
  app.get('/z', validator('query', ZodQuery), (c) => {
    expectTypeOf(c.req.valid('query')).toEqualTypeOf<{ limit: number; tags: string[] }>();
    return success(c, null);
  });
  app.post('/all/:id', validate({ param: Params, query: ZodQuery, json: z.object({ n: z.number() }) }), (c) => {
    expectTypeOf(c.req.valid('param')).toEqualTypeOf<{ id: string }>();
    expectTypeOf(c.req.valid('query').tags).toEqualTypeOf<string[]>();
    expectTypeOf(c.req.valid('json')).toEqualTypeOf<{ n: number }>();
    return success(c, null);
  });

  // Hono's RPC client sees what the client sends (query strings) and the success envelope per status.
  const Side = Type.Object({ limit: Type.Integer(), side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]) });
  const route = new Hono<ErrataEnv>().get('/q', validator('query', Side), (c) =>
    success(c, { n: c.req.valid('query').limit }, { status: 201 }),
  );
  const client = hc<typeof route>('http://localhost');
  expectTypeOf<InferRequestType<typeof client.q.$get>>().toEqualTypeOf<{
    query: { limit: string | string[]; side: 'buy' | 'sell' };
  }>();
  expectTypeOf<InferResponseType<typeof client.q.$get, 201>>().toEqualTypeOf<{
    success: true;
    data: { n: number };
    meta: { request_id: string; timestamp: string };
  }>();
}

it('has type checks for the validator, c.var and success', () => {
  expect(typeChecks).toBeInstanceOf(Function);
});

describe('validators take their limits from the inputLimits of errata()', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 'x' : [nested(levels - 1)]);
  // one validator, two apps: it is compiled per instance's limits, not once for the first
  const body = validator('json', Type.Unknown());
  const own = validate({ json: Type.Unknown() }, { maxDepth: 3 });
  function appWith(inputLimits?: { maxDepth: number }) {
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog, onError: () => {}, ...(inputLimits === undefined ? {} : { inputLimits }) }));
    app.onError(onError);
    app.post('/any', body, (c) => success(c, null));
    app.post('/own', own, (c) => success(c, null));
    return app;
  }
  const send = (app: Hono<ErrataEnv>, path: string, value: unknown) => app.request(path, json(JSON.stringify(value)));

  it('accepts what inputLimits allows past the default 64 levels, while another app keeps the default', async () => {
    const wide = appWith({ maxDepth: 100 });
    expect((await send(wide, '/any', { a: nested(80) })).status).toBe(200);
    const deep = await send(wide, '/any', { a: nested(120) });
    expect([deep.status, (await errorOf(deep)).details?.[0]?.rule]).toEqual([400, 'maxDepth']);
    expect((await send(appWith(), '/any', { a: nested(80) })).status).toBe(400);
  });

  it('lets the validator’s own options win over inputLimits', async () => {
    const res = await send(appWith({ maxDepth: 100 }), '/own', { a: nested(4) });
    expect((await errorOf(res)).details).toEqual([
      { field: 'body', message: 'must be nested at most 3 levels deep', rule: 'maxDepth' },
    ]);
  });
});
