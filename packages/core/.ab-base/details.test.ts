import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { pointerParts, pointerToPath, pointerToSegments } from './details';
import { compileValidator, typeboxErrorsToDetails } from './validate';

/** The first versions, one regex per segment: the one-split versions must answer as they did, for every pointer. */
function referenceSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(segment) ? Number(segment) : segment;
    });
}
function referencePath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

describe('JSON Pointer → field path', () => {
  it.each([
    ['', [], ''],
    ['/limit', ['limit'], 'limit'],
    ['/items/0/quantity', ['items', 0, 'quantity'], 'items[0].quantity'],
    ['/0', [0], '[0]'],
    ['/a~1b/c~0d', ['a/b', 'c~d'], 'a/b.c~d'],
    ['/~01', ['~1'], '~1'],
    ['/x//y', ['x', '', 'y'], 'x..y'],
    ['/12a/007', ['12a', 7], '12a[007]'],
    ['/٣', ['٣'], '٣'],
  ])('%j', (pointer, segments, path) => {
    expect(pointerToSegments(pointer)).toEqual(segments);
    expect(pointerToPath(pointer)).toBe(path);
    expect(pointerParts(pointer)).toEqual({ path, segments });
  });

  it('answers as the regex versions did, for any pointer', () => {
    const segment = fc.oneof(fc.string(), fc.stringMatching(/^[0~1/]{0,4}$/), fc.nat().map(String));
    const pointer = fc.array(segment, { maxLength: 6 }).map((parts) => parts.map((p) => `/${p}`).join(''));
    fc.assert(
      fc.property(fc.oneof(pointer, fc.string()), (p) => {
        expect(pointerToSegments(p)).toEqual(referenceSegments(p));
        expect(pointerToPath(p)).toBe(referencePath(p));
      }),
    );
  });
});

describe('Value.Default, skipped where it cannot change a value', () => {
  // RUNS=20000 for a longer search. compileValidator skips it for schemas with no default and no Intersect, Tuple or reference (validate.ts)
  const skipped = [
    Type.Object({ a: Type.Optional(Type.Integer()), b: Type.Array(Type.Object({ c: Type.String() })) }),
    Type.Union([Type.Object({ kind: Type.Literal('x'), n: Type.Number() }), Type.Array(Type.Boolean())]),
    Type.Record(Type.String(), Type.Object({ d: Type.Optional(Type.Null()) })),
    Type.Array(Type.Union([Type.String(), Type.Object({ e: Type.Optional(Type.Array(Type.Integer())) })])),
  ];
  // Value.Default rebuilds values for these even without a default: `[]` becomes `{}`, `[]` becomes `[undefined, …]`
  const kept = [
    Type.Intersect([Type.Object({ e: Type.String() }), Type.Object({ f: Type.Optional(Type.Integer()) })]),
    Type.Tuple([Type.String(), Type.Object({ g: Type.Optional(Type.String()) })]),
    Type.Union([Type.Tuple([Type.Integer()]), Type.Object({ h: Type.Optional(Type.Boolean()) })]),
    Type.Object({ i: Type.Optional(Type.Integer({ default: 3 })) }),
  ];

  // Every copy of an input drops `__proto__` (and a `constructor` holding a `prototype`): input-limits.test.ts pins it
  const unpoisoned = fc.jsonValue().filter((v) => !/"(__proto__|prototype)"/.test(JSON.stringify(v)));

  it.each(skipped.map((schema, i) => [i, schema] as const))('returns any value as it is (schema %i)', (_, schema) => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Value.Default(schema, structuredClone(value))).toStrictEqual(value);
      }),
      { numRuns: Number(process.env.RUNS ?? 100) },
    );
  });

  it.each([...skipped, ...kept].map((schema, i) => [i, schema] as const))(
    'validation answers as it did with Value.Default always called (schema %i)',
    (_, schema) => {
      const validate = compileValidator(schema, 'body');
      fc.assert(
        fc.property(unpoisoned, (value) => {
          const defaulted = Value.Default(schema, structuredClone(value));
          const result = validate(value);
          expect(result.ok).toBe(Value.Check(schema, defaulted));
          if (result.ok) expect(result.value).toStrictEqual(defaulted);
          else expect(result.details).toStrictEqual(typeboxErrorsToDetails(Value.Errors(schema, defaulted), 'body'));
        }),
        { numRuns: Number(process.env.RUNS ?? 100) },
      );
    },
  );
});
