import { Type } from '@sinclair/typebox';
import * as v from 'valibot';
import { z } from 'zod';
import { compileRequestValidator, compileSchemaValidator, type RequestValidation } from './request-validator';
import { compileStandardValidator } from './standard-schema';
import { compileValidator } from './validate';

describe('compileSchemaValidator', () => {
  it('validates a TypeBox schema as compileValidator does, and a Standard Schema as compileStandardValidator does', () => {
    const typebox = Type.Object({ limit: Type.Integer({ default: 10 }) });
    for (const input of [{}, { limit: '5' }, { limit: 'x' }]) {
      expect(compileSchemaValidator(typebox, 'query')(input)).toEqual(compileValidator(typebox, 'query')(input));
    }
    const zod = z.object({ limit: z.coerce.number().int() });
    for (const input of [{}, { limit: '5' }, { limit: 'x' }]) {
      expect(compileSchemaValidator(zod, 'query')(input)).toEqual(compileStandardValidator(zod, 'query')(input));
    }
  });

  it('refuses what is neither, with the fix', () => {
    expect(() => compileSchemaValidator({ type: 'object' } as never, 'body')).toThrow(
      /TypeBox schema .* or a Standard Schema/,
    );
  });
});

describe('compileRequestValidator', () => {
  const schemas = {
    body: z.object({ quantity: z.number() }),
    headers: Type.Object({ 'x-api-key': Type.String({ minLength: 6 }) }),
    query: v.object({ symbol: v.string() }),
    params: Type.Object({ id: Type.Integer() }),
  };

  it('reports every failing part, ordered params, query, headers, body whatever order the schemas were given in', () => {
    const result = compileRequestValidator(schemas)({ params: { id: 'x' }, query: {}, headers: {}, body: {} });
    expect(result).toEqual({
      ok: false,
      details: [
        expect.objectContaining({ field: 'params.id', rule: 'type' }),
        { field: 'query.symbol', message: 'is required', rule: 'required' },
        expect.objectContaining({ field: 'headers.x-api-key', rule: 'required' }),
        { field: 'body.quantity', message: 'is required', rule: 'required' },
      ],
    });
  });

  it('answers every part’s validated value, synchronously when every schema is synchronous', () => {
    const result = compileRequestValidator(schemas)({
      params: { id: '7' },
      query: { symbol: 'BTC' },
      headers: { 'x-api-key': 'secret-key', host: 'x' },
      body: { quantity: 1 },
    });
    expect(result).toEqual({
      ok: true,
      values: {
        params: { id: 7 },
        query: { symbol: 'BTC' },
        headers: { 'x-api-key': 'secret-key', host: 'x' },
        body: { quantity: 1 },
      },
    });
  });

  it('answers a Promise when one schema is async, with the sync parts’ details still in order', async () => {
    const validate = compileRequestValidator({
      params: schemas.params,
      body: z.object({ sku: z.string().refine(async (sku) => sku.startsWith('A')) }),
    });
    const pending = validate({ params: { id: 'x' }, body: { sku: 'B' } });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toEqual({
      ok: false,
      details: [
        expect.objectContaining({ field: 'params.id' }),
        { field: 'body.sku', message: 'is invalid', rule: 'invalid' },
      ],
    });
  });

  it('caps the details of all parts together at maxDetails, and applies the input limits to each part', () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, z.string()])));
    const validate = compileRequestValidator({ query: wide, body: wide }, { maxDetails: 7, maxDepth: 2 });
    const all = validate({ query: {}, body: {} }) as RequestValidation;
    expect(all.ok === false && all.details.map((d) => d.field)).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `query.f${i}`),
      'body.f0',
      'body.f1',
    ]);
    expect(validate({ query: {}, body: { a: { b: {} } } })).toEqual({
      ok: false,
      details: [
        ...[0, 1, 2, 3, 4].map((i) => ({ field: `query.f${i}`, message: 'is required', rule: 'required' })),
        { field: 'body', message: 'must be nested at most 2 levels deep', rule: 'maxDepth' },
      ],
    });
  });

  it('with one part, answers what that part’s validator answers: details as it ordered, deduplicated and capped them', async () => {
    const wide = Type.Object(
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, Type.Integer({ maximum: 3 })])),
    );
    const async = z.object({ n: z.number().refine(async (n) => n > 0, 'must be positive') });
    const cases: [Record<string, unknown>, 'query' | 'body', unknown[]][] = [
      [{ schema: wide, options: { maxDetails: 4 } }, 'query', [{}, { f0: '9', f1: 'x' }, { f0: '1' }, [], 'x']],
      [
        { schema: wide, options: { maxDepth: 1 } },
        'body',
        [{ f0: { a: 1 } }, Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 1]))],
      ],
      [{ schema: async, options: {} }, 'body', [{ n: 1 }, { n: -1 }, {}, undefined]],
    ];
    for (const [{ schema, options }, part, inputs] of cases) {
      const one = compileRequestValidator({ [part]: schema as never }, options as never);
      const own = compileSchemaValidator(schema as never, part, options as never);
      for (const input of inputs) {
        const expected = await own(input);
        const got = await one({ [part]: input });
        expect(got).toEqual(
          expected.ok ? { ok: true, values: { [part]: expected.value } } : { ok: false, details: expected.details },
        );
      }
    }
  });
});
