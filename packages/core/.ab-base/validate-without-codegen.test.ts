import { Kind, type TSchema, Type } from '@sinclair/typebox';
import fc from 'fast-check';
import * as compiled from './validate';

type ValidateModule = typeof compiled;

/** A fresh copy of validate.ts (and of TypeBox), as a runtime that has never compiled anything would load it. */
function freshValidateModule(): ValidateModule {
  let loaded: ValidateModule | undefined;
  jest.isolateModules(() => {
    loaded = require('./validate') as ValidateModule;
  });
  return loaded as ValidateModule;
}

/**
 * Runs `body` where `new Function` throws as on workerd and Vercel's edge runtime; counts the attempts.
 * TypeBox's compiler evaluates its generated code with `new globalThis.Function(...)`.
 */
function withoutCodeGeneration<T>(body: () => T): { result: T; attempts: number } {
  const original = globalThis.Function;
  let attempts = 0;
  globalThis.Function = function refused() {
    attempts++;
    throw new EvalError('Code generation from strings disallowed for this context');
  } as unknown as FunctionConstructor;
  try {
    return { result: body(), attempts };
  } finally {
    globalThis.Function = original;
  }
}

const Symbols = Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT')]);
const SCHEMAS: Record<string, TSchema> = {
  query: Type.Object({
    symbol: Symbols,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    live: Type.Optional(Type.Boolean()),
  }),
  body: Type.Object(
    {
      items: Type.Array(
        Type.Object({ quantity: Type.Number({ exclusiveMinimum: 0 }), sku: Type.String({ minLength: 2 }) }),
        { maxItems: 3 },
      ),
      email: Type.Optional(Type.String({ format: 'email' })),
      code: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
      tags: Type.Optional(Type.Record(Type.String(), Type.Integer({ multipleOf: 2 }))),
      either: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  intersect: Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })], {
    unevaluatedProperties: false,
  }),
  tree: Type.Recursive((This) => Type.Object({ name: Type.String(), children: Type.Array(This) })),
  tuple: Type.Tuple([Type.String(), Type.Integer({ maximum: 9 })]),
  'unique items': Type.Array(Type.Integer(), { uniqueItems: true, minItems: 1 }),
};

/** Trees for the recursive schema, at most `depth` levels, some nodes malformed. */
function tree(depth: number): fc.Arbitrary<unknown> {
  const name = fc.oneof(fc.string(), fc.integer());
  if (depth === 0) return fc.record({ name, children: fc.constant([]) });
  return fc.record({ name, children: fc.oneof(fc.array(tree(depth - 1), { maxLength: 2 }), fc.constant('none')) });
}

const input = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    symbol: fc.constantFrom('BTCUSDT', 'DOGE', 1, undefined),
    limit: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom('5', '1.5', 'x')),
    live: fc.constantFrom(true, 'true', 'maybe', undefined),
  }),
  fc.record({
    items: fc.array(fc.record({ quantity: fc.oneof(fc.integer(), fc.string()), sku: fc.string() }), { maxLength: 5 }),
    email: fc.constantFrom('a@b.co', 'nope', 3),
    code: fc.constantFrom('ABC', 'abcd'),
    tags: fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string())),
    either: fc.constantFrom(1, null, 'x'),
    extra: fc.boolean(),
  }),
  fc.record({ a: fc.oneof(fc.string(), fc.integer()), b: fc.oneof(fc.integer(), fc.string()), c: fc.boolean() }),
  tree(3),
  fc.tuple(fc.oneof(fc.string(), fc.integer()), fc.oneof(fc.integer(), fc.string())),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
);

describe('compileValidator where code generation is forbidden', () => {
  it('tries code generation once, then validates with TypeBox Value.Check', () => {
    const fallback = freshValidateModule();
    const { result, attempts } = withoutCodeGeneration(() =>
      Object.values(SCHEMAS).map((schema) => fallback.compileValidator(schema, 'body')),
    );
    expect(attempts).toBe(1);
    const [query] = result;
    expect(query?.({ symbol: 'BTCUSDT', limit: 5 })).toEqual({ ok: true, value: { symbol: 'BTCUSDT', limit: 5 } });
    expect(query?.({ symbol: 'DOGE', limit: 0 })).toEqual({
      ok: false,
      details: [
        {
          field: 'body.symbol',
          message: 'must be one of: BTCUSDT, ETHUSDT',
          rule: 'enum',
          path: ['body', 'symbol'],
          expected: ['BTCUSDT', 'ETHUSDT'],
        },
        { field: 'body.limit', message: 'must be >= 1', rule: 'minimum', path: ['body', 'limit'], expected: 1 },
      ],
    });
  });

  it('answers exactly as the compiled validator, byte for byte, for any input', () => {
    const fallback = freshValidateModule();
    const locations = ['body', 'query'] as const;
    const pairs = Object.entries(SCHEMAS).flatMap(([name, schema]) =>
      locations.map((location) => ({
        name: `${name} in ${location}`,
        compiled: compiled.compileValidator(schema, location),
        dynamic: withoutCodeGeneration(() => fallback.compileValidator(schema, location)).result,
      })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...pairs), input, ({ name, compiled, dynamic }, value) => {
        const expected = compiled(structuredClone(value));
        const actual = dynamic(structuredClone(value));
        expect([name, JSON.stringify(actual)]).toEqual([name, JSON.stringify(expected)]);
        expect(actual).toStrictEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('still throws for a schema TypeBox cannot compile, and keeps compiling where it may', () => {
    const fresh = freshValidateModule();
    expect(() => fresh.compileValidator({ [Kind]: 'NoSuchKind' } as unknown as TSchema, 'body')).toThrow();
    const { attempts } = withoutCodeGeneration(() => fresh.compileValidator(Type.Object({ a: Type.String() }), 'body'));
    expect(attempts).toBe(1); // an unknown kind did not count as a runtime without code generation
  });
});
