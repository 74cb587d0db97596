import { execFileSync } from 'node:child_process';

/**
 * A schema made by the real `typebox` 1.x package (ESM-only, which this Jest setup cannot load), rebuilt here with
 * its non-enumerable members (`~kind`, …): Node itself loads the package in a child process and describes the schema.
 * @example typebox1Schema('Type.Object({ limit: Type.Integer() })', require.resolve('typebox'))
 */
export function typebox1Schema(expression: string, from: string): object {
  const script = `
    const { Type } = require(${JSON.stringify(from)});
    const describe = (value) => {
      if (typeof value !== 'object' || value === null) return { value };
      const own = Object.getOwnPropertyNames(value).map((key) => [key, Object.keys(value).includes(key), describe(value[key])]);
      return { array: Array.isArray(value), own };
    };
    process.stdout.write(JSON.stringify(describe(${expression})));`;
  const described = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  return rebuild(described) as object;
}

interface Described {
  value?: unknown;
  array?: boolean;
  own?: [string, boolean, Described][];
}

function rebuild(described: Described): unknown {
  if (described.own === undefined) return described.value;
  const out: Record<string, unknown> = described.array ? ([] as never) : {};
  for (const [key, enumerable, child] of described.own) {
    if (described.array && key === 'length') continue;
    Object.defineProperty(out, key, { value: rebuild(child), enumerable, writable: true, configurable: true });
  }
  return out;
}
