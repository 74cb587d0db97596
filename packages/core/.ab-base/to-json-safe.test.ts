import fc from 'fast-check';
import { DEFAULT_JSON_LIMITS, type JsonSafeLimits, toJsonSafe } from './to-json-safe';

describe('toJsonSafe', () => {
  it('copies cycles, BigInt, Symbols and functions into plain JSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(
      toJsonSafe({ cyclic, n: 10n, s: Symbol('x'), f: () => 1, u: undefined, nan: Number.NaN, list: [undefined, 1] }),
    ).toEqual({
      cyclic: { a: 1, self: '[Circular]' },
      n: '10',
      nan: null,
      list: [null, 1],
    });
  });

  it('survives throwing getters and toJSON, and revoked proxies', () => {
    const getter = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('x');
      },
    });
    expect(toJsonSafe(getter)).toEqual({ ok: 1 });
    expect(
      toJsonSafe({
        toJSON: () => {
          throw new Error('x');
        },
      }),
    ).toBe('[Unserializable]');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toJsonSafe(proxy)).toBe('[Unserializable]');
  });

  it('caps strings, depth, breadth and total size', () => {
    expect((toJsonSafe('x'.repeat(10_000)) as string).length).toBeLessThanOrEqual(2048);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(JSON.stringify(toJsonSafe(deep))).toContain('[Truncated]');
    expect((toJsonSafe(Array.from({ length: 10_000 }, (_, i) => i)) as unknown[]).length).toBe(100);
    const shared = Array.from({ length: 100 }, (_, i) => i);
    const wide = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => shared));
    expect(JSON.stringify(toJsonSafe(wide)).length).toBeLessThan(100_000);
  });

  it('never copies a __proto__ key onto the result', () => {
    const parsed = JSON.parse('{"__proto__":{"admin":true},"a":1}');
    const copy = toJsonSafe(parsed) as Record<string, unknown>;
    expect(copy).toEqual({ a: 1 });
    expect(copy.admin).toBeUndefined();
  });

  it('copies any value exactly as its guarded path does, caps included', () => {
    // A toJSON wrapper sends the value down the guarded path, one level and one node further in.
    const guarded = (value: unknown, limits: JsonSafeLimits) =>
      toJsonSafe({ toJSON: () => value }, { ...limits, depth: limits.depth + 1, nodes: limits.nodes + 1 });
    const tight: JsonSafeLimits = { depth: 3, breadth: 3, string: 5, nodes: 12 };
    const value = fc.anything({
      withBigInt: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(value, fc.constantFrom(DEFAULT_JSON_LIMITS, tight), (v, limits) => {
        expect(toJsonSafe(v, limits)).toStrictEqual(guarded(v, limits));
      }),
      { numRuns: 1000 },
    );
    const cyclic: Record<string, unknown> = { list: [1, 'x'] };
    cyclic.self = { back: cyclic };
    const proto = JSON.parse('{"__proto__":{"admin":true},"a":[1,{"__proto__":1}]}');
    for (const v of [cyclic, proto, Array.from({ length: 300 }, (_, i) => ({ i })), { s: 'x'.repeat(3000) }]) {
      expect(toJsonSafe(v)).toStrictEqual(guarded(v, DEFAULT_JSON_LIMITS));
    }
  });
});
