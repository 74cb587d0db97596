import { type TSchema, Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { compileValidator } from './validate';

const Query = Type.Object({
  symbol: Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT')]),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  live: Type.Optional(Type.Boolean()),
});
const Body = Type.Object(
  {
    items: Type.Array(
      Type.Object({ quantity: Type.Number({ exclusiveMinimum: 0 }), sku: Type.String({ minLength: 2 }) }),
    ),
    email: Type.Optional(Type.String({ format: 'email' })),
  },
  { additionalProperties: false },
);

describe('compileValidator', () => {
  it('coerces query strings and applies defaults', () => {
    const validate = compileValidator(Query, 'query');
    expect(validate({ symbol: 'BTCUSDT', limit: '5', live: 'true' })).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', limit: 5, live: true },
    });
    expect(validate({ symbol: 'ETHUSDT' })).toEqual({ ok: true, value: { symbol: 'ETHUSDT', limit: 100 } });
  });

  it('never coerces a query string into a number it does not say', () => {
    const validate = compileValidator(Query, 'query');
    for (const limit of ['1.5', '1e3', '0x10', '12abc']) {
      expect([limit, validate({ symbol: 'BTCUSDT', limit })]).toEqual([
        limit,
        {
          ok: false,
          details: [
            {
              field: 'query.limit',
              message: 'must be an integer',
              rule: 'type',
              path: ['query', 'limit'],
              expected: 'integer',
            },
          ],
        },
      ]);
    }
  });

  it('does not coerce bodies', () => {
    const validate = compileValidator(Body, 'body');
    const result = validate({ items: [{ quantity: '5', sku: 'ab' }] });
    expect(result).toEqual({
      ok: false,
      details: [
        {
          field: 'body.items[0].quantity',
          message: 'must be a number',
          rule: 'type',
          path: ['body', 'items', 0, 'quantity'],
          expected: 'number',
        },
      ],
    });
  });

  it('lists every failing field once, in a stable order, with readable messages and no values', () => {
    const validate = compileValidator(Query, 'query');
    const result = validate({ symbol: 'DOGE<script>', limit: '0', live: 'maybe' });
    expect(result).toEqual({
      ok: false,
      details: [
        {
          field: 'query.symbol',
          message: 'must be one of: BTCUSDT, ETHUSDT',
          rule: 'enum',
          path: ['query', 'symbol'],
          expected: ['BTCUSDT', 'ETHUSDT'],
        },
        { field: 'query.limit', message: 'must be >= 1', rule: 'minimum', path: ['query', 'limit'], expected: 1 },
        {
          field: 'query.live',
          message: 'must be a boolean',
          rule: 'type',
          path: ['query', 'live'],
          expected: 'boolean',
        },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('script');
    expect(validate({})).toEqual({
      ok: false,
      details: [{ field: 'query.symbol', message: 'is required', rule: 'required', path: ['query', 'symbol'] }],
    });
  });

  it('names nested paths, extra properties and formats', () => {
    const validate = compileValidator(Body, 'body');
    const result = validate({
      items: [
        { quantity: 1, sku: 'ok' },
        { quantity: 0, sku: 'x' },
      ],
      email: 'nope',
      admin: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.details.map((d) => [d.field, d.rule])).toEqual(
      expect.arrayContaining([
        ['body.items[1].quantity', 'exclusiveMinimum'],
        ['body.items[1].sku', 'minLength'],
        ['body.admin', 'additionalProperties'],
      ]),
    );
  });

  it('caps the details at 50 by default', () => {
    const Wide = Type.Object(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, Type.String()])));
    const result = compileValidator(Wide, 'body')({});
    expect(result.ok === false && result.details.length).toBe(50);
    const capped = compileValidator(Wide, 'body', { maxDetails: 3 })({});
    expect(capped.ok === false && capped.details.length).toBe(3);
  });

  it('reports what a recursive schema cannot convert instead of overflowing the stack', () => {
    const Tree = Type.Recursive((This) => Type.Array(This));
    const validate = compileValidator(Type.Object({ tree: Tree }), 'query');
    expect(validate({ tree: 'leaf' })).toEqual({
      ok: false,
      details: [
        { field: 'query.tree', message: 'must be an array', rule: 'type', path: ['query', 'tree'], expected: 'array' },
      ],
    });
    expect(validate({ tree: [[], [[]]] })).toEqual({ ok: true, value: { tree: [[], [[]]] } });
  });

  it('compiles once per schema and location', () => {
    expect(compileValidator(Query, 'query')).toBe(compileValidator(Query, 'query'));
    expect(compileValidator(Query, 'query')).not.toBe(compileValidator(Query, 'params'));
  });

  it('neither pollutes prototypes nor lets __proto__ through', () => {
    const Open = Type.Object({ a: Type.Optional(Type.Number()) });
    const validate = compileValidator(Open, 'body');
    const result = validate(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}'));
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.value as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers exactly as the full convert, default and check pipeline, for any input', () => {
    // `default: undefined` and an unused Ref under an annotation change nothing TypeBox does, but send every input
    // through the whole pipeline.
    const full = (schema: TSchema) => ({ ...schema, default: undefined, 'x-unused': Type.Ref('Unused') });
    const number = fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.constantFrom(-0, '1', '-0', '1.5', 'x', true));
    const text = fc.oneof(fc.string(), fc.integer(), fc.boolean());
    const cases = [
      {
        schema: Type.Object({
          n: Type.Number(),
          i: Type.Optional(Type.Integer()),
          u: Type.Optional(Type.Union([Type.Number(), Type.String()])),
          z: Type.Optional(Type.Literal(0)),
          b: Type.Optional(Type.Boolean()),
          list: Type.Optional(Type.Array(Type.Integer())),
          tags: Type.Optional(Type.Record(Type.String(), Type.String())),
        }),
        input: fc.record(
          {
            n: number,
            i: number,
            u: fc.oneof(number, text),
            z: number,
            b: fc.oneof(fc.boolean(), fc.constantFrom('true', 0)),
            list: fc.array(number),
            tags: fc.dictionary(fc.string(), text),
            extra: text,
          },
          { requiredKeys: ['n'] },
        ),
      },
      { schema: Type.Record(Type.Number(), Type.String()), input: fc.dictionary(fc.constantFrom('1', '2', 'x'), text) },
      {
        schema: Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })]),
        input: fc.record({ a: text, b: number }),
      },
      {
        schema: Type.Array(Type.Union([Type.Literal('x'), Type.Literal(1), Type.Null()])),
        input: fc.array(fc.constantFrom('x', 1, null, -0, '1', true)),
      },
      {
        schema: Type.Object({
          limit: Type.Integer({ default: 10 }),
          mode: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' })),
          opts: Type.Optional(Type.Object({ x: Type.Number() }, { default: { x: 1, y: 2 } })),
        }),
        input: fc.record({ limit: number, mode: fc.constantFrom('a', 'b', 'c', 1), opts: fc.record({ x: number }) }),
      },
      {
        schema: Type.Object({ any: Type.Unknown() }),
        input: fc.record({ any: fc.anything({ withNullPrototype: true, withBoxedValues: true, withDate: true }) }),
      },
    ];
    const pick = fc.oneof(...cases.map(({ schema, input }) => input.map((value) => ({ schema, value }))));
    const location = fc.constantFrom('query', 'body') as fc.Arbitrary<'query' | 'body'>;
    const compiled = new Map(cases.map(({ schema }) => [schema, full(schema)]));
    fc.assert(
      fc.property(pick, location, ({ schema, value }, at) => {
        const reference = compileValidator(compiled.get(schema) as TSchema, at)(value);
        expect(compileValidator(schema, at)(value)).toStrictEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });
});
