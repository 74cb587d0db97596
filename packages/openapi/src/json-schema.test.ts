import { Type } from '@sinclair/typebox';
import { exampleOf, toJsonSchema, typeLabel } from './json-schema';

describe('toJsonSchema', () => {
  it('drops TypeBox symbols and the root $id', () => {
    const schema = toJsonSchema(Type.Object({ a: Type.Optional(Type.String()) }, { $id: 'X' }));
    expect(schema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(Object.getOwnPropertySymbols(schema)).toEqual([]);
  });

  it('rewrites draft-07 tuples as 2020-12 prefixItems, nested ones included', () => {
    expect(toJsonSchema(Type.Array(Type.Tuple([Type.Number(), Type.String()])))).toEqual({
      type: 'array',
      items: {
        type: 'array',
        prefixItems: [{ type: 'number' }, { type: 'string' }],
        items: false,
        minItems: 2,
        maxItems: 2,
      },
    });
  });
});

describe('exampleOf', () => {
  it('prefers examples, default, const and enum, then builds from the type', () => {
    expect(exampleOf({ type: 'string', examples: ['a'], default: 'b' })).toBe('a');
    expect(exampleOf({ type: 'integer', default: 3 })).toBe(3);
    expect(exampleOf(toJsonSchema(Type.Literal('x')))).toBe('x');
    expect(exampleOf({ enum: ['p', 'q'] })).toBe('p');
    expect(
      exampleOf(toJsonSchema(Type.Object({ n: Type.Integer({ minimum: 2 }), s: Type.Array(Type.Boolean()) }))),
    ).toEqual({
      n: 2,
      s: [true],
    });
    expect(exampleOf({ type: 'number', exclusiveMinimum: 0 })).toBe(1);
  });
});

describe('typeLabel', () => {
  it('names types for people', () => {
    expect(typeLabel(toJsonSchema(Type.Integer({ minimum: 0 })))).toBe('integer ≥ 0');
    expect(typeLabel(toJsonSchema(Type.Array(Type.String())))).toBe('string[]');
    expect(typeLabel(toJsonSchema(Type.Union([Type.Literal('buy'), Type.Literal('sell')])))).toBe('"buy" | "sell"');
    expect(typeLabel(toJsonSchema(Type.String({ format: 'uri' })))).toBe('string (uri)');
  });
});
