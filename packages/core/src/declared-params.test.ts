/** The one-walk copy and JSON of declared params against the general path (declaredParams, then JSON.stringify). */
import { type TSchema, Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { createErrata } from './create-errata';
import { declaredParams, declaredParamsJson, type ParamsJson } from './declared-params';
import { defineErrors } from './define-errors';
import { formatEnvelope } from './formats';

/** Keys schemas and values share, so declared, undeclared and odd keys (indices, `__proto__`, escapes) all meet. */
const key = fc.constantFrom('a', 'b', 'c', 'symbol', 'toJSON', '__proto__', '0', '1', '10', 'é', '"q"', 'x\ud800', '');

const leaf: fc.Arbitrary<TSchema> = fc.constantFrom(
  Type.String(),
  Type.Number(),
  Type.Integer(),
  Type.Boolean(),
  Type.Null(),
  Type.Unknown(),
  Type.Any(),
  Type.Literal('x'),
  Type.Date(),
);

const schema: fc.Arbitrary<TSchema> = fc.letrec<{ s: TSchema }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('s').map((s) => Type.Array(s)),
    fc.array(tie('s'), { maxLength: 3 }).map((items) => Type.Tuple(items)),
    fc
      .tuple(
        fc.dictionary(key, fc.tuple(tie('s'), fc.boolean()), { maxKeys: 4 }),
        fc.constantFrom<'closed' | 'open' | 'typed' | 'default'>('closed', 'open', 'typed', 'default'),
      )
      .map(([props, mode]) => {
        const properties: Record<string, TSchema> = {};
        for (const [k, [s, optional]] of Object.entries(props)) properties[k] = optional ? Type.Optional(s) : s;
        if (mode === 'closed') return Type.Object(properties, { additionalProperties: false });
        if (mode === 'open') return Type.Object(properties, { additionalProperties: true });
        if (mode === 'typed') return Type.Object(properties, { additionalProperties: Type.String() });
        return Type.Object(properties);
      }),
    tie('s').map((s) => Type.Record(Type.String(), s)),
    fc.array(tie('s'), { minLength: 1, maxLength: 3 }).map((members) => Type.Union(members)),
    fc.array(tie('s'), { minLength: 1, maxLength: 2 }).map((members) => Type.Intersect(members)),
  ),
})).s;

const oddLeaf = fc.constantFrom<unknown>(
  -0,
  1e21,
  -1e-7,
  5e-324,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  10n ** 30n,
  'x'.repeat(2049),
  'y'.repeat(2048),
  '\ud800',
  'a\udc00b',
  '😀',
  '\u2028\u2029',
  '"\\\n\t\u0000\u001f\u007f',
  undefined,
  null,
  Symbol('s'),
  () => 1,
  new Date(0),
  { toJSON: () => 'made' },
  Object.create(null),
  Object.assign(Object.create(null), { a: 1, b: 'x' }),
  new (class Point {
    x = 1;
  })(),
  sparse(),
  new (class List extends Array {})(),
  new Map([['a', 1]]),
  new Set([1]),
  new Uint8Array([1, 2]),
  Object.defineProperty({}, 'a', { enumerable: true, get: () => 'from a getter' }),
  Object.defineProperty({}, 'a', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  }),
  JSON.parse('{"__proto__":{"a":1},"b":2}'),
  Array.from({ length: 101 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
);

/** Values shaped like params (keys the schemas use), odd leaves, and anything fast-check makes. */
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), oddLeaf),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true }),
  ),
})).v;

/** `[1, <hole>, 3]`: a hole reads as undefined and is written as null. */
function sparse(): unknown[] {
  const array = [1];
  array[2] = 3;
  return array;
}

/** Nesting past toJsonSafe's depth cap (8) and a cycle, declared whole or by an array schema. */
function deep(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

function general(schemaValue: unknown, params: unknown): { copy: unknown; json: string | undefined } {
  const copy = declaredParams(schemaValue, params);
  return { copy, json: JSON.stringify(copy) };
}

describe('declaredParamsJson', () => {
  it('gives the copy declaredParams gives and the JSON JSON.stringify writes of it, or leaves it to them', () => {
    let written = 0;
    let shared = 0;
    fc.assert(
      fc.property(schema, fc.oneof(value, fc.dictionary(key, value)), (s, params) => {
        const out: ParamsJson = { json: undefined };
        const copy = declaredParamsJson(s, params, out);
        if (copy === undefined) {
          expect(out.json).toBeUndefined();
          return;
        }
        written++;
        const expected = general(s, params);
        expect(copy).toStrictEqual(expected.copy);
        expect(out.json).toBe(expected.json);
        // the keys in the copy's order too (toStrictEqual ignores order), whether it is a copy or the params themselves
        expect(JSON.stringify(copy)).toBe(expected.json);
        if (copy === params) shared++;
      }),
      { numRuns: 3_000 },
    );
    expect(written).toBeGreaterThan(500); // the walk does not leave everything to the general path
    expect(shared).toBeGreaterThan(50); // nor copies what is already its own copy
  });

  it('gives the params themselves only when their copy would be them to the letter', () => {
    const s = Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) });
    const open = Type.Object({ symbol: Type.String() }, { additionalProperties: Type.Number() });
    const exact = { symbol: 'X', supported: ['A', 'B'] };
    const nested = { symbol: 'X', supported: exact.supported };
    for (const [schemaValue, params] of [
      [s, exact],
      [s, { symbol: 'X' }], // an absent declared key is absent from the copy too
      [s, nested],
      [open, { symbol: 'X', extra: 1 }],
      [Type.Unknown(), { a: [1, 'b', null, true, { c: -0 }] }],
    ] as const) {
      const out: ParamsJson = { json: undefined };
      expect(declaredParamsJson(schemaValue, params, out)).toBe(params);
      expect(out.json).toBe(JSON.stringify(params));
    }
    const inherited = Object.assign(Object.create({ extra: 'inherited' }), { symbol: 'X', supported: [] });
    const protoEnumerable = Object.create(Object.assign(Object.create(Object.prototype), { extra: 1 }));
    Object.assign(protoEnumerable, { symbol: 'X', supported: [] });
    const hidden = Object.defineProperty({ symbol: 'X' }, 'supported', { value: [], enumerable: false });
    for (const [schemaValue, params] of [
      [s, { symbol: 'X', supported: ['A'], internalNote: 'db shard 7' }], // undeclared key
      [s, { supported: ['A'], symbol: 'X' }], // another order than the declaration's
      [s, { symbol: 'x'.repeat(2049), supported: [] }], // capped
      [s, { symbol: 'X', supported: ['A', undefined] }], // undefined in an array: null
      [s, { symbol: 'X', supported: [], note: undefined }], // undeclared, and dropped
      [s, { symbol: undefined, supported: [] }], // a declared key dropped
      [s, inherited],
      [s, protoEnumerable],
      [s, hidden], // non-enumerable here, enumerable in the copy
      [s, Object.assign(Object.create(null), { symbol: 'X', supported: [] })],
      [Type.Object({ n: Type.Number() }), { n: Number.NaN }],
      [Type.Object({ n: Type.Unknown() }), { n: 10n }],
      [Type.Tuple([Type.String()]), ['a', 'b']], // a tuple's extra item is cut
      [open, JSON.parse('{"symbol":"X","__proto__":2}')], // an own __proto__ key: left out
      [Type.Object({ a: Type.Unknown() }), JSON.parse('{"a":{"__proto__":1}}')],
    ] as const) {
      const out: ParamsJson = { json: undefined };
      const copy = declaredParamsJson(schemaValue, params, out);
      expect(copy).not.toBe(params);
      if (copy !== undefined) {
        expect(copy).toStrictEqual(general(schemaValue, params).copy);
        expect(JSON.stringify(copy)).toBe(general(schemaValue, params).json);
        expect(out.json).toBe(general(schemaValue, params).json);
      }
    }
  });

  it('writes the values JSON.stringify writes specially as it does, under any schema', () => {
    const schemas = [Type.Object({ a: Type.Unknown() }), Type.Object({ a: Type.Array(Type.Any()) }), Type.Unknown()];
    const odd = [-0, 1e21, Number.NaN, Number.NEGATIVE_INFINITY, 1n, '\ud800', '😀', '\u2028', '"\\\u0007', sparse()];
    for (const s of schemas) {
      for (const a of odd) {
        for (const params of [{ a }, { a: [a, undefined, () => 1] }, { a: { b: a, c: undefined } }]) {
          const out: ParamsJson = { json: undefined };
          const copy = declaredParamsJson(s, params, out);
          expect(copy).toStrictEqual(general(s, params).copy);
          expect(out.json).toBe(general(s, params).json);
        }
      }
    }
  });

  it('leaves to the general path what only it may write: caps reached, toJSON, cycles, throwing getters', () => {
    const s = Type.Object({ a: Type.Unknown() });
    const throwing = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    for (const params of [
      { a: deep(8) },
      { a: 'x'.repeat(2049) }, // capped by the walk itself: written, not left
      { a: Array.from({ length: 101 }, () => 1) },
      { a: new Date(0) },
      { a: { toJSON: () => 1 } },
      cyclic,
      throwing,
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
    ]) {
      const out: ParamsJson = { json: undefined };
      const copy = declaredParamsJson(Type.Unknown(), params, out);
      if (copy !== undefined) {
        expect(copy).toStrictEqual(general(Type.Unknown(), params).copy);
        expect(out.json).toBe(general(Type.Unknown(), params).json);
      }
      const declared = declaredParamsJson(s, params, out);
      if (declared !== undefined) expect(out.json).toBe(general(s, params).json);
    }
    const capped: ParamsJson = { json: undefined };
    declaredParamsJson(s, { a: 'x'.repeat(2049) }, capped);
    expect(capped.json).toBe(JSON.stringify({ a: `${'x'.repeat(2047)}…` }));
    for (const params of [{ a: deep(8) }, { a: new Date(0) }, cyclic, throwing]) {
      expect(declaredParamsJson(Type.Unknown(), params, { json: undefined })).toBeUndefined();
    }
  });

  it('writes what the general path writes for inherited keys and a Proxy listing keys in any order', () => {
    const reordered = new Proxy({ a: 1, 1: 'one', 0: 'zero', b: 2 }, { ownKeys: () => ['b', '1', 'a', '0'] });
    const inherited = Object.assign(Object.create({ a: 'inherited', b: 'inherited' }), { b: 'own' });
    const schemas = [
      Type.Object({ a: Type.Unknown(), b: Type.Unknown() }, { additionalProperties: false }),
      Type.Object({ a: Type.Unknown(), b: Type.Unknown() }),
      Type.Record(Type.String(), Type.Unknown()),
      Type.Unknown(),
    ];
    for (const s of schemas) {
      for (const params of [reordered, inherited, { nested: reordered }, { a: inherited }]) {
        const out: ParamsJson = { json: undefined };
        const copy = declaredParamsJson(s, params, out);
        if (copy === undefined) continue;
        expect(copy).toStrictEqual(general(s, params).copy);
        expect(out.json).toBe(general(s, params).json);
      }
    }
  });

  it('counts leaves as the general path does, up to its cap on values and one past it', () => {
    // 2,000 values in all (toJsonSafe's cap): the object, 20 arrays, and their leaves, of every plain kind
    const leaves = ['s', 1.5, true, null, -0];
    for (const extra of [-1, 0, 1]) {
      const params: Record<string, unknown[]> = {};
      let left = 2_000 - 1 - 20 + extra;
      for (let k = 0; k < 20; k++) {
        const n = Math.min(99, left);
        params[`k${k}`] = Array.from({ length: n }, (_, i) => leaves[i % leaves.length]);
        left -= n;
      }
      for (const s of [Type.Unknown(), Type.Record(Type.String(), Type.Array(Type.Unknown()))]) {
        const out: ParamsJson = { json: undefined };
        const copy = declaredParamsJson(s, params, out);
        if (extra > 0) {
          expect(copy).toBeUndefined(); // past the cap: the general path caps it
        } else {
          expect(copy).toStrictEqual(general(s, params).copy);
          expect(out.json).toBe(general(s, params).json);
        }
      }
    }
  });

  it('drops undeclared keys, keeps declared ones in declaration order', () => {
    const s = Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) });
    const out: ParamsJson = { json: undefined };
    const copy = declaredParamsJson(s, { internalNote: 'db shard 7', supported: ['A'], symbol: 'X' }, out);
    expect(copy).toStrictEqual({ symbol: 'X', supported: ['A'] });
    expect(out.json).toBe('{"symbol":"X","supported":["A"]}');
  });
});

describe('respond, with params written in one walk', () => {
  const now = () => new Date('2026-11-22T12:00:00.000Z');
  const request = { requestId: 'walk-1', method: 'GET', path: '/x' };

  it('answers the bytes the general path answers, for any params schema and params', () => {
    fc.assert(
      fc.property(schema, value, (s, params) => {
        const catalog = defineErrors({ ANY: { status: 409, message: 'Conflict.', params: s } });
        const fast = createErrata({ catalog, onError: () => {}, now });
        const slow = createErrata({ catalog, onError: () => {}, now, format: (p, c) => formatEnvelope(p, c) });
        const thrown = catalog.ANY(params as never);
        expect(fast.respond(thrown, request)).toEqual(slow.respond(thrown, request));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps each answer’s params its own when a mapper or a getter answers another error meanwhile', () => {
    const catalog = defineErrors({
      WITH: { status: 409, message: 'With.', params: Type.Object({ secret: Type.String() }) },
      LEFT: { status: 409, message: 'Left.', params: Type.Object({ at: Type.Unknown() }) },
    });
    let errata: ReturnType<typeof createErrata>;
    let inner = false;
    const answerAnother = () => {
      if (inner) return { body: '' };
      inner = true;
      try {
        return errata.respond(catalog.WITH({ secret: 'inner' }), request);
      } finally {
        inner = false;
      }
    };
    errata = createErrata({
      catalog,
      now,
      onError: () => {},
      mappers: [
        (error) => {
          answerAnother();
          return error;
        },
      ],
    });
    const general = createErrata({ catalog, now, onError: () => {}, format: (p, c) => formatEnvelope(p, c) });
    const noParams = catalog.NOT_FOUND();
    const bailing = catalog.LEFT({ at: new Date(0) }); // toJSON: the walk leaves it to the general path
    const getter = catalog.LEFT({
      at: {
        get inner() {
          return answerAnother().body;
        },
      },
    });
    const error = jest.spyOn(console, 'error');
    for (const thrown of [noParams, bailing, getter]) {
      const body = errata.respond(thrown, request).body;
      expect(body).toBe(general.respond(thrown, request).body);
      if (thrown !== getter) expect(body).not.toContain('inner');
    }
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('gives the hook the same trimmed params copy as before', () => {
    const catalog = defineErrors({
      ANY: { status: 409, message: 'Conflict.', params: Type.Object({ symbol: Type.String() }) },
    });
    const seen: unknown[] = [];
    const errata = createErrata({ catalog, onError: (event) => seen.push(event.problem.params), now });
    const thrown = catalog.ANY({ symbol: 'X', internalNote: 'db shard 7' } as never);
    expect(errata.respond(thrown, request).body).toContain('"params":{"symbol":"X"}');
    expect(seen).toStrictEqual([{ symbol: 'X' }]);
    expect(errata.problem(thrown).params).toStrictEqual({ symbol: 'X' });
  });

  it('gives the hook the params themselves when they hold exactly the declared data, as sent', () => {
    const catalog = defineErrors({
      ANY: { status: 409, message: 'Conflict.', params: Type.Object({ symbol: Type.String(), at: Type.Number() }) },
    });
    const seen: unknown[] = [];
    const errata = createErrata({ catalog, onError: (event) => seen.push(event.problem.params), now });
    const params = { symbol: 'X', at: 1 };
    const thrown = catalog.ANY(params);
    expect(errata.respond(thrown, request).body).toContain('"params":{"symbol":"X","at":1}');
    expect(seen[0]).toBe(params);
  });
});
