import { type TSchema, Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { createErrata } from './create-errata';
import { defineErrors } from './define-errors';
import { checkInputLimits } from './input-limits';
import type { Detail } from './types';
import { compileValidator } from './validate';

/** `levels` arrays inside each other, as JSON.parse makes them from `[[[…]]]`. */
const nestedArrays = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
/** `levels` objects inside each other: `{"a":{"a":…1…}}`. */
const nestedObjects = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

const tooDeep = (field: string, limit = 64): Detail => ({
  field,
  message: `must be nested at most ${limit} levels deep`,
  rule: 'maxDepth',
});

const Recursive = Type.Recursive((This) => Type.Array(This));
const SCHEMAS: Record<string, TSchema> = {
  unknown: Type.Unknown(),
  object: Type.Object({ a: Type.Number() }),
  'open object': Type.Object({}, { additionalProperties: true }),
  array: Type.Array(Type.Unknown()),
  record: Type.Record(Type.String(), Type.Unknown()),
  recursive: Recursive,
  'with a default': Type.Object({ a: Type.Optional(Type.Unknown({ default: 1 })) }),
};

describe('compileValidator input limits', () => {
  it('refuses a 16 KB body of nested arrays with one maxDepth detail, whatever the schema', () => {
    const body = nestedArrays(8 * 1024); // 16 KB of `[[[…]]]`, under the fixtures' body limit
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      expect([name, compileValidator(schema, 'body')(body)]).toEqual([name, { ok: false, details: [tooDeep('body')] }]);
    }
  });

  it('refuses deep objects in bodies and in coerced query strings, params and headers', () => {
    const deep = nestedObjects(5000);
    for (const location of ['body', 'query', 'params', 'headers'] as const) {
      for (const schema of Object.values(SCHEMAS)) {
        expect(compileValidator(schema, location)(deep)).toEqual({ ok: false, details: [tooDeep(location)] });
      }
    }
  });

  it('accepts exactly maxDepth levels and refuses one more', () => {
    const validate = compileValidator(Type.Unknown(), 'body', { maxDepth: 3 });
    expect(validate(nestedArrays(3))).toEqual({ ok: true, value: [[[]]] });
    expect(validate(nestedObjects(3))).toEqual({ ok: true, value: { a: { a: { a: 1 } } } });
    expect(validate(nestedArrays(4))).toEqual({ ok: false, details: [tooDeep('body', 3)] });
    expect(validate(nestedObjects(4))).toEqual({ ok: false, details: [tooDeep('body', 3)] });
    expect(validate({ list: [1, 2], deep: { x: [] } })).toEqual({ ok: true, value: { list: [1, 2], deep: { x: [] } } });
    expect(validate({ list: [1, 2], deep: { x: [[]] } })).toEqual({ ok: false, details: [tooDeep('body', 3)] });
  });

  it('allows 64 levels by default and takes a configured limit per validator', () => {
    expect(compileValidator(Recursive, 'body')(nestedArrays(64)).ok).toBe(true);
    expect(compileValidator(Recursive, 'body')(nestedArrays(65))).toEqual({ ok: false, details: [tooDeep('body')] });
    const deeper = compileValidator(Recursive, 'body', { maxDepth: 200 });
    expect(deeper).not.toBe(compileValidator(Recursive, 'body'));
    expect(deeper(nestedArrays(200)).ok).toBe(true);
    expect(deeper(nestedArrays(201))).toEqual({ ok: false, details: [tooDeep('body', 200)] });
  });

  it('refuses a part holding more than maxValues values, the part itself counted', () => {
    const validate = compileValidator(Type.Array(Type.Number()), 'body', { maxValues: 10 });
    expect(validate(Array.from({ length: 9 }, (_, i) => i)).ok).toBe(true);
    expect(validate(Array.from({ length: 10 }, (_, i) => i))).toEqual({
      ok: false,
      details: [{ field: 'body', message: 'must hold at most 10 values', rule: 'maxValues' }],
    });
    const byDefault = compileValidator(Type.Array(Type.Number()), 'body');
    expect(byDefault(new Array(99_999).fill(0)).ok).toBe(true);
    expect(byDefault(new Array(100_000).fill(0))).toEqual({
      ok: false,
      details: [{ field: 'body', message: 'must hold at most 100000 values', rule: 'maxValues' }],
    });
  });

  it('measures values it does not copy: deep or cyclic instances and Maps are refused, not cloned', () => {
    class Holder {
      constructor(readonly inner: unknown) {}
    }
    const cyclic = new Holder(null) as { inner: unknown };
    cyclic.inner = { back: cyclic };
    const map = new Map<string, unknown>([['k', nestedArrays(100)]]);
    const validate = compileValidator(Type.Unknown(), 'body');
    for (const value of [new Holder(nestedArrays(5000)), cyclic, map, { wrapped: new Holder(nestedObjects(100)) }]) {
      expect(validate(value)).toEqual({ ok: false, details: [tooDeep('body')] });
    }
    const shallow = new Holder({ a: [1] });
    const result = validate({ at: new Date(0), holder: shallow });
    expect(result).toEqual({ ok: true, value: { at: new Date(0), holder: { inner: { a: [1] } } } });
  });

  it('never throws and refuses exactly the parts deeper than the limit, for any nesting', () => {
    const validators = Object.values(SCHEMAS).flatMap((schema) => [
      compileValidator(schema, 'body'),
      compileValidator(schema, 'query'),
    ]);
    const shape = fc.array(fc.constantFrom('array', 'object', 'wide'), { minLength: 1, maxLength: 3000 });
    fc.assert(
      fc.property(shape, fc.nat(validators.length - 1), (levels, which) => {
        let value: unknown = 'leaf';
        for (const level of levels) {
          if (level === 'array') value = [value];
          else if (level === 'object') value = { a: value };
          else value = { a: 1, b: [2], c: value };
        }
        const result = (validators[which] as (v: unknown) => { ok: boolean; details?: Detail[] })(value);
        if (levels.length > 64) expect(result.details).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
        else expect(result.details?.some((d) => d.rule === 'maxDepth') ?? false).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('takes only positive integers or Infinity as limits', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => compileValidator(Type.Unknown(), 'body', { maxDepth: bad })).toThrow(TypeError);
      expect(() => compileValidator(Type.Unknown(), 'body', { maxValues: bad })).toThrow(TypeError);
    }
    expect(compileValidator(Type.Unknown(), 'body', { maxValues: Number.POSITIVE_INFINITY })([1]).ok).toBe(true);
  });
});

describe('a query parameter without a name', () => {
  const query = Type.Object({ symbol: Type.String() });

  it('is dropped from the validated copy of a query, and kept in the request’s own', () => {
    const input = { symbol: 'BTCUSDT', '': 'x' };
    expect(compileValidator(query, 'query')(input)).toEqual({ ok: true, value: { symbol: 'BTCUSDT' } });
    expect(input).toEqual({ symbol: 'BTCUSDT', '': 'x' });
  });

  it('is a key like any other in a body', () => {
    const body = Type.Object({ symbol: Type.String() });
    expect(compileValidator(body, 'body')({ symbol: 'BTCUSDT', '': 'x' })).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', '': 'x' },
    });
  });
});

describe('checkInputLimits', () => {
  it('names the part that breaks a limit, and nothing for a part within them', () => {
    expect(checkInputLimits(nestedArrays(8 * 1024), 'body')).toEqual(tooDeep('body'));
    expect(checkInputLimits(nestedObjects(65), 'query')).toEqual(tooDeep('query'));
    expect(checkInputLimits(nestedObjects(64), 'query')).toBeUndefined();
    expect(checkInputLimits([1, 2, 3], 'body', { maxValues: 3 })).toEqual({
      field: 'body',
      message: 'must hold at most 3 values',
      rule: 'maxValues',
    });
    expect(checkInputLimits('text', 'body', { maxDepth: 1 })).toBeUndefined();
  });
});

describe('a part over the limits, answered', () => {
  it('is a VALIDATION_ERROR with the status the catalog gives it, and nothing is logged', () => {
    const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn() };
    const request = { requestId: 'req-1', method: 'POST', path: '/orders', log: logger };
    const result = compileValidator(Type.Unknown(), 'body')(nestedArrays(8 * 1024));
    if (result.ok) throw new Error('the deep body passed');
    for (const [catalog, status] of [
      [defineErrors({}), 400],
      [defineErrors({ VALIDATION_ERROR: { status: 422, message: 'The request is invalid.' } }), 422],
    ] as const) {
      const errata = createErrata({ catalog });
      const response = errata.respond(catalog.VALIDATION_ERROR({ details: result.details }), request);
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body).error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'The request is invalid.',
        details: [tooDeep('body')],
      });
    }
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('errata.inputLimits', () => {
  it('is the inputLimits option resolved over the defaults, frozen', () => {
    const catalog = defineErrors({});
    expect(createErrata({ catalog }).inputLimits).toEqual({ maxDepth: 64, maxValues: 100_000 });
    const limits = createErrata({ catalog, inputLimits: { maxDepth: 100 } }).inputLimits;
    expect(limits).toEqual({ maxDepth: 100, maxValues: 100_000 });
    expect(Object.isFrozen(limits)).toBe(true);
  });
});

describe('errata.checkInput', () => {
  const catalog = defineErrors({});

  it('answers a part beyond the configured limits with the catalog VALIDATION_ERROR, and passes the rest as is', () => {
    const errata = createErrata({ catalog, onError: () => {} });
    const deep = errata.checkInput(nestedArrays(65), 'body');
    if (deep.ok) throw new Error('a 65-level body passed');
    const response = errata.respond(deep.error, { requestId: 'r', method: 'POST', path: '/' });
    expect([response.status, JSON.parse(response.body).error.details]).toEqual([400, [tooDeep('body')]]);
    const body = { a: [1, { b: 2 }] };
    expect(errata.checkInput(body, 'body')).toEqual({ ok: true, value: body });
    expect((errata.checkInput(body, 'body') as { value: unknown }).value).toBe(body); // no copy without a reason

    const strict = createErrata({ catalog, inputLimits: { maxDepth: 2 } });
    expect(strict.checkInput({ a: { b: 1 } }, 'query').ok).toBe(true);
    const broken = strict.checkInput({ a: { b: {} } }, 'query');
    expect(broken.ok ? undefined : strict.problem(broken.error).details).toEqual([tooDeep('query', 2)]);
    expect(() => createErrata({ catalog, inputLimits: { maxValues: 0 } })).toThrow(/maxValues/);
  });

  it('drops "__proto__" keys and "constructor" keys holding a prototype, at any depth, as Fastify does', () => {
    const errata = createErrata({ catalog });
    const parsed = JSON.parse(
      '{"a":1,"__proto__":{"admin":true},"b":[{"constructor":{"prototype":{"x":1}},"c":2}],"constructor":1}',
    );
    const checked = errata.checkInput(parsed, 'body');
    expect(checked).toEqual({ ok: true, value: { a: 1, b: [{ c: 2 }], constructor: 1 } });
    expect(Object.hasOwn((checked as { value: object }).value, '__proto__')).toBe(false);
  });

  it('passes what is not plain data as it is: a stream or a class a parser made is not walked', () => {
    const errata = createErrata({ catalog, inputLimits: { maxDepth: 1, maxValues: 2 } });
    const stream = { constructor: { prototype: {} } };
    Object.setPrototypeOf(stream, class Stream {}.prototype);
    for (const value of [stream, new Map([[1, [[[]]]]]), Buffer.from('[[[[]]]]'), 'text', 1]) {
      expect(errata.checkInput(value, 'body')).toEqual({ ok: true, value });
    }
  });
});
