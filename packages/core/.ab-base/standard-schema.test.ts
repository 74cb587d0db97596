import { type TSchema, Type } from '@sinclair/typebox';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type } from 'arktype';
import fc from 'fast-check';
import * as v from 'valibot';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import type { RequestPart } from './details';
import { compileStandardValidator, isStandardSchema, standardIssuesToDetails } from './standard-schema';
import type { Detail } from './types';
import { compileValidator, type ValidationResult } from './validate';

/** One request part's schema, written in TypeBox and in each Standard Schema library. */
interface Equivalent {
  location: RequestPart;
  typebox: TSchema;
  libraries: Record<string, StandardSchemaV1>;
  inputs: unknown[];
}

const order = { symbol: 'BTCUSDT', side: 'buy', quantity: 1 };

const BODY: Equivalent = {
  location: 'body',
  typebox: Type.Object(
    {
      symbol: Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT'), Type.Literal('SOLUSDT')]),
      side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
      quantity: Type.Number({ exclusiveMinimum: 0 }),
      leverage: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
      items: Type.Optional(Type.Array(Type.Object({ quantity: Type.Integer({ minimum: 1 }) }), { maxItems: 100 })),
      note: Type.Optional(Type.String({ maxLength: 20 })),
      kind: Type.Optional(Type.Literal('limit')),
      lot: Type.Optional(Type.Number({ multipleOf: 5 })),
    },
    { additionalProperties: false },
  ),
  libraries: {
    zod: z.strictObject({
      symbol: z.enum(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']),
      side: z.union([z.literal('buy'), z.literal('sell')]),
      quantity: z.number().gt(0),
      leverage: z.int().min(2).max(20).optional(),
      items: z
        .array(z.object({ quantity: z.int().min(1) }))
        .max(100)
        .optional(),
      note: z.string().max(20).optional(),
      kind: z.literal('limit').optional(),
      lot: z.number().multipleOf(5).optional(),
    }),
    'zod 3': z3
      .object({
        symbol: z3.enum(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']),
        side: z3.union([z3.literal('buy'), z3.literal('sell')]),
        quantity: z3.number().gt(0),
        leverage: z3.number().int().min(2).max(20).optional(),
        items: z3
          .array(z3.object({ quantity: z3.number().int().min(1) }))
          .max(100)
          .optional(),
        note: z3.string().max(20).optional(),
        kind: z3.literal('limit').optional(),
        lot: z3.number().multipleOf(5).optional(),
      })
      .strict(),
    valibot: v.strictObject({
      symbol: v.picklist(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']),
      side: v.union([v.literal('buy'), v.literal('sell')]),
      quantity: v.pipe(v.number(), v.gtValue(0)),
      leverage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(20))),
      items: v.optional(
        v.pipe(v.array(v.object({ quantity: v.pipe(v.number(), v.integer(), v.minValue(1)) })), v.maxLength(100)),
      ),
      note: v.optional(v.pipe(v.string(), v.maxLength(20))),
      kind: v.optional(v.literal('limit')),
      lot: v.optional(v.pipe(v.number(), v.multipleOf(5))),
    }),
    arktype: type({
      '+': 'reject',
      symbol: "'BTCUSDT'|'ETHUSDT'|'SOLUSDT'",
      side: "'buy'|'sell'",
      quantity: 'number>0',
      'leverage?': '2<=number.integer<=20',
      'items?': type({ quantity: 'number.integer>=1' }).array().atMostLength(100),
      'note?': 'string<=20',
      'kind?': "'limit'",
      'lot?': 'number%5',
    }),
  },
  inputs: [
    order,
    {},
    { ...order, items: [{ quantity: 2 }, { quantity: 0 }] },
    { ...order, admin: true },
    { ...order, quantity: '5', leverage: 50, note: 'n'.repeat(30) },
    { symbol: 'DOGE', side: 'x', quantity: 0, leverage: 2.5, items: 'x', note: 5, kind: 'market', lot: 7 },
    { ...order, items: Array.from({ length: 101 }, () => ({ quantity: 1 })) },
    { symbol: 5, side: null, quantity: true, items: [1, { quantity: 1.5 }, {}] },
  ],
};

const QUERY: Equivalent = {
  location: 'query',
  typebox: Type.Object({
    symbol: Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT')]),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    verbose: Type.Optional(Type.Boolean()),
  }),
  libraries: {
    zod: z.object({
      symbol: z.enum(['BTCUSDT', 'ETHUSDT']),
      limit: z.coerce.number().pipe(z.int().min(1).max(1000)).default(100),
      verbose: z.stringbool().optional(),
    }),
    arktype: type({
      symbol: "'BTCUSDT'|'ETHUSDT'",
      limit: type('string.integer.parse').to('1<=number<=1000').default('100'),
      'verbose?': type('boolean').or(type("'true'|'false'").pipe((s) => s === 'true')),
    }),
    valibot: v.object({
      symbol: v.picklist(['BTCUSDT', 'ETHUSDT']),
      limit: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(1000)), '100'),
    }),
  },
  inputs: [
    { symbol: 'BTCUSDT', limit: '5' },
    { symbol: 'ETHUSDT' },
    {},
    { symbol: 'DOGE' },
    { symbol: 'BTCUSDT', limit: '0' },
    { symbol: 'BTCUSDT', limit: '5000' },
    { symbol: 'BTCUSDT', limit: '1.5' },
  ],
};

const PARAMS: Equivalent = {
  location: 'params',
  typebox: Type.Object({ symbol: Type.String({ pattern: '^[A-Z]{2,10}USDT$' }) }),
  libraries: {
    zod: z.object({ symbol: z.string().regex(/^[A-Z]{2,10}USDT$/) }),
    valibot: v.object({ symbol: v.pipe(v.string(), v.regex(/^[A-Z]{2,10}USDT$/)) }),
    arktype: type({ symbol: /^[A-Z]{2,10}USDT$/ }),
  },
  inputs: [{ symbol: 'BTCUSDT' }, { symbol: 'doge' }, {}],
};

const HEADERS: Equivalent = {
  location: 'headers',
  typebox: Type.Object({ 'x-api-key': Type.String({ minLength: 6 }), accept: Type.Optional(Type.String()) }),
  libraries: {
    zod: z.object({ 'x-api-key': z.string().min(6), accept: z.string().optional() }),
    'zod 3': z3.object({ 'x-api-key': z3.string().min(6), accept: z3.string().optional() }),
    valibot: v.object({ 'x-api-key': v.pipe(v.string(), v.minLength(6)), accept: v.optional(v.string()) }),
    arktype: type({ 'x-api-key': 'string>=6', 'accept?': 'string' }),
  },
  inputs: [{ 'x-api-key': 'secret-key' }, {}, { 'x-api-key': 'abc' }, { 'x-api-key': 'abcdefg', accept: 'text/html' }],
};

/** ArkType lists issues in its own order (required keys first, each group sorted), not the schema's. */
const byField = (details: Detail[]) =>
  [...details].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));

function sync<T>(result: ValidationResult<T> | Promise<ValidationResult<T>>): ValidationResult<T> {
  if (result instanceof Promise) throw new Error('expected a synchronous result');
  return result;
}

// `path` and `expected` (for formatters such as the recipes') are TypeBox's and AJV's only: the wire has neither.
const withoutExpected = <R extends { ok: boolean; details?: Detail[] }>(result: R): R =>
  result.details === undefined
    ? result
    : { ...result, details: result.details.map(({ expected: _, path: __, ...rest }) => rest) };

describe('compileStandardValidator', () => {
  for (const part of [BODY, QUERY, PARAMS, HEADERS]) {
    for (const [library, schema] of Object.entries(part.libraries)) {
      it(`reports ${part.location} failures in ${library} with the same details as TypeBox`, () => {
        const typebox = compileValidator(part.typebox, part.location);
        const standard = compileStandardValidator(schema, part.location);
        let failures = 0;
        for (const input of part.inputs) {
          const expected = withoutExpected(typebox(structuredClone(input)));
          const actual = sync(standard(structuredClone(input)));
          expect([input, actual.ok]).toEqual([input, expected.ok]);
          if (expected.ok || actual.ok) continue;
          failures++;
          if (library === 'arktype')
            expect([input, byField(actual.details)]).toEqual([input, byField(expected.details)]);
          else expect([input, actual.details]).toEqual([input, expected.details]);
        }
        expect(failures).toBeGreaterThan(0);
      });
    }
  }

  it('answers with the value the schema outputs: defaults, coercions and stripped keys', () => {
    const query = compileStandardValidator(QUERY.libraries.zod as StandardSchemaV1, 'query');
    expect(query({ symbol: 'BTCUSDT', limit: '5', verbose: 'true', extra: 'x' })).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', limit: 5, verbose: true },
    });
    expect(
      compileStandardValidator(QUERY.libraries.arktype as StandardSchemaV1, 'query')({ symbol: 'ETHUSDT' }),
    ).toEqual({ ok: true, value: { symbol: 'ETHUSDT', limit: 100 } });
  });

  it("follows the schema's own coercion: z.coerce.number() reads 'abc' as NaN, not a number", () => {
    const query = compileStandardValidator(z.object({ limit: z.coerce.number().int() }), 'query');
    expect(query({ limit: 'abc' })).toEqual({
      ok: false,
      details: [{ field: 'query.limit', message: 'must be a number', rule: 'type' }],
    });
  });

  it('follows Valibot and ArkType where they read an array as an object', () => {
    // TypeBox and Zod answer `body: must be an object`; these two check the keys of the array instead
    const body = [1, 2];
    expect(sync(compileStandardValidator(BODY.libraries.valibot as StandardSchemaV1, 'body')(body))).toEqual({
      ok: false,
      details: [
        { field: 'body.symbol', message: 'is required', rule: 'required' },
        { field: 'body.side', message: 'is required', rule: 'required' },
        { field: 'body.quantity', message: 'is required', rule: 'required' },
        { field: 'body[0]', message: 'is not allowed', rule: 'additionalProperties' },
      ],
    });
    const ark = sync(compileStandardValidator(BODY.libraries.arktype as StandardSchemaV1, 'body')(body));
    expect(ark.ok === false && ark.details.map((d) => d.rule)).toEqual([
      'required',
      'required',
      'required',
      'additionalProperties',
      'additionalProperties',
    ]);
  });

  it('follows the libraries where they report less than TypeBox', () => {
    // a string where an integer belongs: TypeBox names the integer, the libraries check the number type first
    const text = { ...order, leverage: '5' };
    expect(compileValidator(BODY.typebox, 'body')(text)).toEqual({
      ok: false,
      details: [
        {
          field: 'body.leverage',
          message: 'must be an integer',
          rule: 'type',
          path: ['body', 'leverage'],
          expected: 'integer',
        },
      ],
    });
    for (const schema of Object.values(BODY.libraries)) {
      expect(compileStandardValidator(schema, 'body')(text)).toEqual({
        ok: false,
        details: [{ field: 'body.leverage', message: 'must be a number', rule: 'type' }],
      });
    }
    // Valibot's strict object stops at the first unknown key
    const extra = { ...order, admin: true, debug: 1 };
    expect(compileStandardValidator(BODY.libraries.valibot as StandardSchemaV1, 'body')(extra)).toEqual({
      ok: false,
      details: [{ field: 'body.admin', message: 'is not allowed', rule: 'additionalProperties' }],
    });
    expect(compileStandardValidator(BODY.libraries.zod as StandardSchemaV1, 'body')(extra)).toEqual(
      withoutExpected(compileValidator(BODY.typebox, 'body')(extra)),
    );
  });

  it('says a pattern failed without naming it when the library does not (Zod 3)', () => {
    const body = compileStandardValidator(z3.object({ code: z3.string().regex(/^[A-Z]{3}$/) }), 'body');
    expect(body({ code: 'abcd' })).toEqual({
      ok: false,
      details: [{ field: 'body.code', message: 'must match the pattern', rule: 'pattern' }],
    });
  });

  it('never echoes the rejected value, whatever the library says', () => {
    const secret = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `hunter2-${s}`);
    const libraries = Object.values(BODY.libraries);
    fc.assert(
      fc.property(
        fc.nat(libraries.length - 1),
        secret,
        fc.constantFrom('symbol', 'side', 'note', 'leverage', 'kind', 'code', 'extra', 'items'),
        (which, value, key) => {
          const input: Record<string, unknown> = { ...order, note: 'n'.repeat(30) };
          input[key] = key === 'items' ? [{ quantity: value }] : key === 'note' ? value.repeat(5) : value;
          const result = sync(compileStandardValidator(libraries[which] as StandardSchemaV1, 'body')(input));
          expect(result.ok).toBe(false);
          expect(JSON.stringify(result)).not.toContain('hunter2');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('caps the details at 50 by default, or at maxDetails', () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, z.string()])));
    const all = sync(compileStandardValidator(wide, 'body')({}));
    expect(all.ok === false && all.details.length).toBe(50);
    const few = sync(compileStandardValidator(wide, 'body', { maxDetails: 3 })({}));
    expect(few.ok === false && few.details.map((d) => d.field)).toEqual(['body.f0', 'body.f1', 'body.f2']);
  });

  it('refuses deep input before the schema sees it, and drops __proto__ keys', () => {
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    for (const schema of [z.unknown(), v.unknown(), type('unknown')] as StandardSchemaV1[]) {
      expect(compileStandardValidator(schema, 'body')(deep)).toEqual({
        ok: false,
        details: [{ field: 'body', message: 'must be nested at most 64 levels deep', rule: 'maxDepth' }],
      });
    }
    const loose = compileStandardValidator(z.looseObject({}), 'body');
    const result = sync(loose(JSON.parse('{"__proto__":{"admin":true},"a":1}')));
    expect(result).toEqual({ ok: true, value: { a: 1 } });
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });

  it('answers synchronously for a sync schema and with a Promise for an async one', async () => {
    const sku = z.object({ sku: z.string().refine(async (s) => s.startsWith('A')) });
    const pending = compileStandardValidator(sku, 'body')({ sku: 'B1' });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toEqual({
      ok: false,
      details: [{ field: 'body.sku', message: 'is invalid', rule: 'invalid' }],
    });
    await expect(compileStandardValidator(sku, 'body')({ sku: 'A1' })).resolves.toEqual({
      ok: true,
      value: { sku: 'A1' },
    });
    expect(compileStandardValidator(z.string(), 'body')('x')).toEqual({ ok: true, value: 'x' });
  });

  it('maps any other library by path alone, with a message of its own', () => {
    const echoing: StandardSchemaV1<unknown, unknown> = {
      '~standard': {
        version: 1,
        vendor: 'custom',
        validate: (value) => ({
          issues: [{ message: `bad ${JSON.stringify(value)}`, path: ['items', { key: 0 }, 'name'] }],
        }),
      },
    };
    expect(compileStandardValidator(echoing, 'body')({ items: [{ name: 'hunter2' }] })).toEqual({
      ok: false,
      details: [{ field: 'body.items[0].name', message: 'is invalid', rule: 'invalid' }],
    });
    expect(standardIssuesToDetails([{ message: 'x', path: ['a'] }], 'query', { vendor: 'custom', input: {} })).toEqual([
      { field: 'query.a', message: 'is required', rule: 'required' },
    ]);
  });

  it('tells a Standard Schema from anything else', () => {
    for (const schema of [z.string(), z3.string(), v.string(), type('string')])
      expect(isStandardSchema(schema)).toBe(true);
    for (const other of [Type.String(), {}, null, 'x', { '~standard': { version: 2, validate: () => ({}) } }]) {
      expect(isStandardSchema(other)).toBe(false);
    }
    expect(() => compileStandardValidator(Type.String() as unknown as StandardSchemaV1, 'body')).toThrow(TypeError);
  });
});
