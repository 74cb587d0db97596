import { compileValidator, type Detail, defineErrors, type ErrataErrorEvent } from '@errata/core';
import { type Static, Type } from '@sinclair/typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { inject } from '../test/inject';
import { type ErrataPluginOptions, errata } from './index';
import { errataServerOptions } from './server-options';

const catalog = defineErrors({});

/** One order schema, written in TypeBox and as the plain JSON Schema a user would write by hand. */
const Order = Type.Object(
  {
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
    quantity: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ maxLength: 5 })),
  },
  { additionalProperties: false },
);
const orderJson = {
  type: 'object',
  properties: {
    side: { type: 'string', enum: ['buy', 'sell'] },
    quantity: { type: 'integer', minimum: 1 },
    note: { type: 'string', maxLength: 5 },
  },
  required: ['side', 'quantity'],
  additionalProperties: false,
};

async function build(options: Partial<ErrataPluginOptions> = {}, server: FastifyServerOptions = {}) {
  const app = Fastify({ ...errataServerOptions(), ...server });
  await app.register(errata, { catalog, onError: () => {}, ...options });
  app.post('/typebox', { schema: { body: Order } }, (request, reply) => reply.success(request.body));
  app.post('/json', { schema: { body: orderJson } }, (request, reply) => reply.success(request.body));
  app.get(
    '/json-query',
    { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } },
    (request, reply) => reply.success(request.query),
  );
  return app;
}

async function post(app: Awaited<ReturnType<typeof build>>, url: string, body: unknown) {
  const res = await inject(app, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** What core's TypeBox validator reports, `path` and `expected` included (what formatters and the hook see). */
const typeboxFacts = (value: unknown): Detail[] => {
  const result = compileValidator(Order, 'body')(value);
  if (result.ok) throw new Error('valid input');
  return result.details;
};

/** The same details as errata's envelope sends them. */
const typeboxDetails = (value: unknown) =>
  typeboxFacts(value).map(({ field, message, rule }) => ({ field, message, rule }));

/** One failing rule each: Fastify's AJV stops at the first error (allErrors: false). */
const CASES: [string, Record<string, unknown>][] = [
  ['a missing field', { quantity: 1 }],
  ['a wrong type', { side: 'buy', quantity: 'many' }],
  ['a value outside the enum', { side: 'hold', quantity: 1 }],
  ['a number below the minimum', { side: 'buy', quantity: 0 }],
  ['a string too long', { side: 'buy', quantity: 1, note: 'too long' }],
];

describe('validation', () => {
  describe('plain JSON Schema routes (Fastify’s AJV, errors mapped by core)', () => {
    it.each(CASES)('reports %s with the field, rule and message TypeBox reports', async (_name, body) => {
      const app = await build();
      const res = await post(app, '/json', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual(typeboxDetails(body));
    });

    it.each(CASES)('gives formatters the path and expected value TypeBox gives for %s', async (_name, body) => {
      const events: ErrataErrorEvent[] = [];
      const app = await build({ onError: (event) => events.push(event) });
      await post(app, '/json', body);
      expect(events[0]?.problem.details).toEqual(typeboxFacts(body));
    });

    it('reports an extra property as additionalProperties once AJV is told not to remove it', async () => {
      const app = await build({}, { ajv: { customOptions: { removeAdditional: false } } });
      const body = { side: 'buy', quantity: 1, admin: true };
      const res = await post(app, '/json', body);
      expect(res.body.error.details).toEqual([
        { field: 'body.admin', message: 'is not allowed', rule: 'additionalProperties' },
      ]);
      expect(res.body.error.details).toEqual(typeboxDetails(body));
    });

    it('silently drops an extra property with Fastify’s default AJV (removeAdditional: true)', async () => {
      const app = await build();
      const res = await post(app, '/json', { side: 'buy', quantity: 1, admin: true });
      expect([res.status, res.body.data]).toEqual([200, { side: 'buy', quantity: 1 }]);
    });

    it('reports only the first failing field with Fastify’s default AJV (allErrors: false); TypeBox reports all', async () => {
      const app = await build();
      const body = { side: 'hold', quantity: 0 };
      expect((await post(app, '/json', body)).body.error.details).toEqual([
        { field: 'body.side', message: 'must be one of: buy, sell', rule: 'enum' },
      ]);
      expect((await post(app, '/typebox', body)).body.error.details).toEqual([
        { field: 'body.side', message: 'must be one of: buy, sell', rule: 'enum' },
        { field: 'body.quantity', message: 'must be >= 1', rule: 'minimum' },
      ]);
    });

    it('names query fields query.*, as TypeBox does, though Fastify calls the part "querystring"', async () => {
      const app = await build();
      const res = await inject(app, '/json-query?limit=abc');
      expect(JSON.parse(res.body).error.details).toEqual([
        { field: 'query.limit', message: 'must be an integer', rule: 'type' },
      ]);
    });
  });

  describe('TypeBox routes', () => {
    it.each(CASES)('reports %s exactly as core’s TypeBox validator does', async (_name, body) => {
      const app = await build();
      const res = await post(app, '/typebox', body);
      expect([res.status, res.body.error.details]).toEqual([400, typeboxDetails(body)]);
    });

    it('rejects an extra property instead of dropping it', async () => {
      const app = await build();
      const res = await post(app, '/typebox', { side: 'buy', quantity: 1, admin: true });
      expect(res.body.error.details).toEqual([
        { field: 'body.admin', message: 'is not allowed', rule: 'additionalProperties' },
      ]);
    });

    it('leaves TypeBox schemas to AJV with typeboxValidation: false, mapping a literal union to enum', async () => {
      const app = await build({ typeboxValidation: false });
      const res = await post(app, '/typebox', { side: 'hold', quantity: 1 });
      expect(res.body.error.details).toEqual([
        { field: 'body.side', message: 'must be one of: buy, sell', rule: 'enum' },
      ]);
    });

    it('leaves a route that mixes TypeBox and plain schemas to AJV', async () => {
      const app = await build();
      const querystring = { type: 'object', properties: { dry: { type: 'boolean' } } };
      app.post('/mixed', { schema: { body: Order, querystring } }, (request, reply) => reply.success(request.body));
      const res = await post(app, '/mixed', { side: 'buy', quantity: 1, admin: true });
      expect([res.status, res.body.data]).toEqual([200, { side: 'buy', quantity: 1 }]); // AJV removed `admin`
    });

    it('keeps a validatorCompiler the route sets itself', async () => {
      const app = await build();
      app.post('/own', { schema: { body: Order }, validatorCompiler: () => () => true }, (request, reply) =>
        reply.success(request.body),
      );
      const res = await post(app, '/own', { anything: true });
      expect([res.status, res.body.data]).toEqual([200, { anything: true }]);
    });

    it('gives handlers the coerced and defaulted values', async () => {
      const app = await build();
      const Query = Type.Object({ limit: Type.Integer({ default: 10 }), dry: Type.Boolean() });
      app.get('/coerced', { schema: { querystring: Query } }, (request, reply) => {
        const query = request.query as Static<typeof Query>;
        return reply.success({ limit: query.limit, dry: query.dry, types: [typeof query.limit, typeof query.dry] });
      });
      const res = await inject(app, '/coerced?dry=true');
      expect(JSON.parse(res.body).data).toEqual({ limit: 10, dry: true, types: ['number', 'boolean'] });
    });
  });
});

describe('errata validation of TypeBox and Standard Schema routes', () => {
  const Params = Type.Object({ id: Type.Integer() });
  const Query = z.object({ symbol: z.string(), limit: z.coerce.number().int().default(10) });
  const Headers = Type.Object({ 'x-api-key': Type.String({ minLength: 6 }) });
  const send = (app: Awaited<ReturnType<typeof build>>, url: string, body: unknown, key = 'abc') =>
    inject(app, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      payload: JSON.stringify(body),
    }).then((res) => ({ status: res.statusCode, body: JSON.parse(res.body) }));

  it('reports every failing part in one VALIDATION_ERROR, where Fastify would stop at the first', async () => {
    const app = await build();
    const schema = { params: Params, querystring: Query, headers: Headers, body: Order };
    app.post('/orders/:id', { schema }, (request, reply) => reply.success(request.body));
    const res = await send(app, '/orders/x', { side: 'buy' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: Detail) => d.field)).toEqual([
      'params.id',
      'query.symbol',
      'headers.x-api-key',
      'body.quantity',
    ]);
  });

  it('hands the schemas’ output to preHandler hooks and the handler; preValidation hooks see the raw parts', async () => {
    const app = await build();
    const seen: unknown[] = [];
    app.post(
      '/orders/:id',
      {
        schema: { params: Params, querystring: Query },
        preValidation: (request, _reply, done) => {
          seen.push(['preValidation', request.params, request.query]);
          done();
        },
        preHandler: (request, _reply, done) => {
          seen.push(['preHandler', request.params, request.query]);
          done();
        },
      },
      (request, reply) => reply.success({ params: request.params, query: request.query }),
    );
    const res = await send(app, '/orders/7?symbol=BTC', {});
    expect(res.body.data).toEqual({ params: { id: 7 }, query: { symbol: 'BTC', limit: 10 } });
    expect(seen).toEqual([
      ['preValidation', { id: '7' }, { symbol: 'BTC' }],
      ['preHandler', { id: 7 }, { symbol: 'BTC', limit: 10 }],
    ]);
  });

  it('awaits an async Standard Schema and keeps the value it outputs', async () => {
    const app = await build();
    const Sku = z.object({
      sku: z
        .string()
        .refine(async (sku) => sku.startsWith('A'))
        .transform((s) => s.toLowerCase()),
    });
    app.post('/sku', { schema: { querystring: Query, body: Sku } }, (request, reply) => reply.success(request.body));
    const failing = await send(app, '/sku', { sku: 'B1' });
    expect([failing.status, failing.body.error.details]).toEqual([
      400,
      [
        { field: 'query.symbol', message: 'is required', rule: 'required' },
        { field: 'body.sku', message: 'is invalid', rule: 'invalid' },
      ],
    ]);
    const passing = await send(app, '/sku?symbol=X', { sku: 'A1' });
    expect([passing.status, passing.body.data]).toEqual([200, { sku: 'a1' }]);
  });

  it('gives the handler the VALIDATION_ERROR with attachValidation, as Fastify does its own', async () => {
    const app = await build();
    app.post('/attached', { schema: { body: z.object({ n: z.number() }) }, attachValidation: true }, (request, reply) =>
      reply.success({ code: (request.validationError as { code?: string } | undefined)?.code ?? null }),
    );
    expect((await send(app, '/attached', {})).body.data).toEqual({ code: 'VALIDATION_ERROR' });
    expect((await send(app, '/attached', { n: 1 })).body.data).toEqual({ code: null });
  });

  it('applies the validation option (maxDepth, maxDetails) and the catalog’s status', async () => {
    const strict = defineErrors({ VALIDATION_ERROR: { status: 422, message: 'Check your input.' } });
    const app = await build({ catalog: strict, validation: { maxDepth: 3, maxDetails: 1 } });
    app.post('/deep', { schema: { body: z.record(z.string(), z.unknown()) } }, (_request, reply) => reply.success(1));
    const deep = await send(app, '/deep', { a: { b: { c: {} } } });
    expect([deep.status, deep.body.error.details]).toEqual([
      422,
      [{ field: 'body', message: 'must be nested at most 3 levels deep', rule: 'maxDepth' }],
    ]);
    const several = await send(app, '/typebox', {});
    expect([several.status, several.body.error.details.length]).toEqual([422, 1]);
  });

  it('takes its limits from the inputLimits option unless the validation option says otherwise', async () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'x' : [nested(levels - 1)]);
    const wide = await build({ inputLimits: { maxDepth: 100 } });
    wide.post('/deep', { schema: { body: z.unknown() } }, (_request, reply) => reply.success(1));
    expect((await send(wide, '/deep', { a: nested(80) })).status).toBe(200);
    const deep = await send(wide, '/deep', { a: nested(120) });
    expect([deep.status, deep.body.error.details[0].rule]).toEqual([400, 'maxDepth']);
    const own = await build({ inputLimits: { maxDepth: 100 }, validation: { maxDepth: 3 } });
    own.post('/deep', { schema: { body: z.unknown() } }, (_request, reply) => reply.success(1));
    expect((await send(own, '/deep', { a: nested(4) })).body.error.details).toEqual([
      { field: 'body', message: 'must be nested at most 3 levels deep', rule: 'maxDepth' },
    ]);
  });

  it('refuses at registration a route that mixes a Standard Schema with a part only AJV can read', async () => {
    const app = await build();
    const querystring = { type: 'object', properties: { dry: { type: 'boolean' } } };
    expect(() =>
      app.post('/mixed-zod', { schema: { body: z.object({ n: z.number() }), querystring } }, (_request, reply) =>
        reply.success(null),
      ),
    ).toThrow(/mixes a Standard Schema .* with a plain JSON Schema part/);
  });

  it('validates Standard Schema routes even with typeboxValidation: false (AJV cannot read them)', async () => {
    const app = await build({ typeboxValidation: false });
    app.post('/zod', { schema: { body: z.object({ n: z.number() }) } }, (request, reply) =>
      reply.success(request.body),
    );
    const res = await send(app, '/zod', { n: 'x' });
    expect(res.body.error.details).toEqual([{ field: 'body.n', message: 'must be a number', rule: 'type' }]);
  });
});
