/**
 * `validate` at run time on both Express versions, and its types: the `typeChecks` function is never called, it is
 * checked by `pnpm typecheck` (tsc), and each @ts-expect-error fails the typecheck if the line it guards compiles.
 */
import { catalog } from '@errata/conformance';
import { type Static, Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import express from 'express';
import express4 from 'express4';
import request from 'supertest';
import { z } from 'zod';
import type { ExpressModule } from '../test/fixture-app';
import { errata } from './errata';

const Query = Type.Object({ symbol: Type.String(), limit: Type.Integer({ default: 10 }) });
const Params = Type.Object({ id: Type.Integer() });
const Headers = Type.Object({ 'x-api-key': Type.String({ minLength: 6 }) });
const Body = Type.Object({ quantity: Type.Number(), side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]) });

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

describe.each(versions)('validate on %s', (_name, expressModule) => {
  const e = errata({ catalog, onError: () => {} });
  const app = expressModule();
  app.use(e.middleware);
  app.post(
    '/orders/:id',
    e.requireJson(),
    expressModule.json(),
    e.validate({ params: Params, query: Query, headers: Headers, body: Body }),
    (req, res) =>
      e.success(res, { params: req.params, query: req.query, key: res.locals.headers['x-api-key'], body: req.body }),
  );
  app.use(e.errorHandler);

  it('reports every failing field of every part in one VALIDATION_ERROR', async () => {
    const res = await request(app).post('/orders/x?limit=many').set('x-api-key', 'abc').send({ quantity: '1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    const fields = (res.body.error.details as { field: string }[]).map((detail) => detail.field);
    expect(new Set(fields)).toEqual(
      new Set(['params.id', 'query.symbol', 'query.limit', 'headers.x-api-key', 'body.quantity', 'body.side']),
    );
  });

  it('hands the coerced values, defaults applied, to the handlers after it', async () => {
    const res = await request(app)
      .post('/orders/7?symbol=BTC')
      .set('x-api-key', 'secret-key')
      .send({ quantity: 2, side: 'buy' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      params: { id: 7 },
      query: { symbol: 'BTC', limit: 10 },
      key: 'secret-key',
      body: { quantity: 2, side: 'buy' },
    });
  });
});

describe.each(versions)('validate with Standard Schemas on %s', (_name, expressModule) => {
  const e = errata({ catalog, onError: () => {} });
  const app = expressModule();
  app.use(e.middleware);
  const ZodQuery = z.object({ symbol: z.string(), limit: z.coerce.number().int().default(10) });
  // an async refinement: the schema answers with a Promise
  const Sku = z.object({ sku: z.string().refine(async (sku) => sku.startsWith('A')) });
  app.get('/zod/:id', e.validate({ params: z.object({ id: z.coerce.number() }), query: ZodQuery }), (req, res) =>
    e.success(res, { params: req.params, query: req.query }),
  );
  app.post('/sku', expressModule.json(), e.validate({ query: ZodQuery, body: Sku }), (req, res) =>
    e.success(res, req.body),
  );
  const Wide = z.object(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, z.string()])));
  app.post('/limited', expressModule.json(), e.validate({ body: Wide }, { maxDetails: 3, maxDepth: 4 }), (_req, res) =>
    e.success(res, null),
  );
  app.use(e.errorHandler);

  it('hands handlers what the schemas output: coerced, defaults applied', async () => {
    const res = await request(app).get('/zod/7?symbol=BTC');
    expect([res.status, res.body.data]).toEqual([200, { params: { id: 7 }, query: { symbol: 'BTC', limit: 10 } }]);
  });

  it('awaits an async schema, and still reports the other parts that fail', async () => {
    const failing = await request(app).post('/sku').send({ sku: 'B1' });
    expect([failing.status, failing.body.error.details]).toEqual([
      400,
      [
        { field: 'query.symbol', message: 'is required', rule: 'required' },
        { field: 'body.sku', message: 'is invalid', rule: 'invalid' },
      ],
    ]);
    const passing = await request(app).post('/sku?symbol=X').send({ sku: 'A1' });
    expect([passing.status, passing.body.data]).toEqual([200, { sku: 'A1' }]);
  });

  it('applies the options given to validate: maxDetails, maxDepth', async () => {
    const few = await request(app).post('/limited').send({});
    expect(few.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.f0', 'body.f1', 'body.f2']);
    const deep = await request(app)
      .post('/limited')
      .send({ f0: [[[[['x']]]]] });
    expect(deep.body.error.details).toEqual([
      { field: 'body', message: 'must be nested at most 4 levels deep', rule: 'maxDepth' },
    ]);
  });
});

describe.each(versions)('validate on %s takes its limits from the inputLimits option', (_name, expressModule) => {
  const nested = (levels: number): unknown => (levels === 0 ? 'x' : [nested(levels - 1)]);
  const appWith = (inputLimits: { maxDepth: number }) => {
    const e = errata({ catalog, inputLimits, onError: () => {} });
    const app = expressModule();
    app.use(e.middleware);
    app.post('/any', expressModule.json(), e.validate({ body: z.unknown() }), (_req, res) => e.success(res, null));
    app.post('/own', expressModule.json(), e.validate({ body: z.unknown() }, { maxDepth: 3 }), (_req, res) =>
      e.success(res, null),
    );
    app.use(e.errorHandler);
    return app;
  };

  it('accepts what inputLimits allows past the default 64 levels, and refuses past it', async () => {
    const app = appWith({ maxDepth: 100 });
    expect(
      (
        await request(app)
          .post('/any')
          .send({ a: nested(80) })
      ).status,
    ).toBe(200);
    const deep = await request(app)
      .post('/any')
      .send({ a: nested(120) });
    expect([deep.status, deep.body.error.details[0].rule]).toEqual([400, 'maxDepth']);
  });

  it('lets validate’s own options win over inputLimits', async () => {
    const deep = await request(appWith({ maxDepth: 100 }))
      .post('/own')
      .send({ a: nested(4) });
    expect(deep.body.error.details).toEqual([
      { field: 'body', message: 'must be nested at most 3 levels deep', rule: 'maxDepth' },
    ]);
  });
});

export function typeChecks(): void {
  const e = errata({ catalog });
  const app = express();
  app.get('/q/:symbol', e.validate({ query: Query }), (req, res) => {
    expectTypeOf(req.query).toEqualTypeOf<Static<typeof Query>>();
    expectTypeOf(req.query.limit).toEqualTypeOf<number>();
    // parts without a schema keep Express's own types
    expectTypeOf(req.params).toEqualTypeOf<express.Request['params']>();
    expectTypeOf(req.body).toEqualTypeOf<express.Request['body']>();
    // @ts-expect-error not in the schema
    req.query.other;
    e.success(res, req.query);
  });
  app.post('/orders/:id', e.validate({ params: Params, headers: Headers, body: Body }), async (req, res) => {
    expectTypeOf(req.params).toEqualTypeOf<{ id: number }>();
    expectTypeOf(req.body).toEqualTypeOf<{ quantity: number; side: 'buy' | 'sell' }>();
    expectTypeOf(res.locals.headers).toEqualTypeOf<{ 'x-api-key': string }>();
    // @ts-expect-error side is a union of literals
    req.body.side = 'hold';
  });
  // requireJson and express.json() in the chain leave the validated types alone
  app.post('/json/:id', e.requireJson(), express.json(), e.validate({ params: Params, body: Body }), (req) => {
    expectTypeOf(req.params.id).toEqualTypeOf<number>();
    expectTypeOf(req.body.quantity).toEqualTypeOf<number>();
  });
  const router = express.Router();
  router.get('/', e.validate({ query: Query }), (req) => {
    expectTypeOf(req.query.symbol).toEqualTypeOf<string>();
  });
  expectTypeOf(e.success).parameter(2).toEqualTypeOf<{ status?: number } | undefined>();
  // a Standard Schema types the part as the schema's output, not its input
  const ZodQuery = z.object({ limit: z.coerce.number().default(10), tags: z.string().transform((t) => t.split(',')) });
  app.get('/zod/:id', e.validate({ params: z.object({ id: z.coerce.number() }), query: ZodQuery }), (req) => {
    expectTypeOf(req.params).toEqualTypeOf<{ id: number }>();
    expectTypeOf(req.query).toEqualTypeOf<{ limit: number; tags: string[] }>();
  });
  // TypeBox and Standard Schemas mix in one validate
  app.post('/mixed', e.validate({ query: Query, body: z.object({ n: z.number() }) }), (req) => {
    expectTypeOf(req.query.limit).toEqualTypeOf<number>();
    expectTypeOf(req.body).toEqualTypeOf<{ n: number }>();
  });
}
