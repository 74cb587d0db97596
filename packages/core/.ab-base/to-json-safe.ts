import { cap } from './safe';

export interface JsonSafeLimits {
  /** Deepest nesting kept; deeper values become `"[Truncated]"`. */
  depth: number;
  /** Most keys kept per object and items per array. */
  breadth: number;
  /** Longest string kept. */
  string: number;
  /** Most values copied in all; the rest become `"[Truncated]"` (guards against wide, shared graphs). */
  nodes: number;
}

export const DEFAULT_JSON_LIMITS: JsonSafeLimits = { depth: 8, breadth: 100, string: 2048, nodes: 2000 };

/**
 * Copies any value into plain JSON data that `JSON.stringify` cannot choke on: cycles, BigInt, Symbols,
 * functions, throwing getters and `toJSON`, revoked Proxies, huge strings and deep or wide structures are all capped.
 * @example JSON.stringify(toJsonSafe({ n: 1n })) // '{"n":"1"}'
 */
export function toJsonSafe(value: unknown, limits: JsonSafeLimits = DEFAULT_JSON_LIMITS): unknown {
  // Params and details are nearly always small plain data: copy them without the cycle set and the guards, and
  // start over on the guarded path at the first thing that needs one (a cap, toJSON, a throw, a possible cycle).
  try {
    const fast = plainCopy(value, limits, 0, { nodes: 0 });
    if (fast !== BAIL) return fast;
  } catch {
    // a getter or a Proxy trap threw: the guarded copy decides what that becomes
  }
  return copy(value, limits, 0, { seen: new Set(), nodes: 0 });
}

interface State {
  seen: Set<object>;
  nodes: number;
}

const BAIL: unique symbol = Symbol('bail');
const OBJECT: unique symbol = Symbol('object');

/** The JSON form of a primitive (both copies share it), or OBJECT for a non-null object. */
function copyPrimitive(value: unknown, limits: JsonSafeLimits): unknown {
  switch (typeof value) {
    case 'string':
      return cap(value, limits.string);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  return value === null ? null : OBJECT;
}

/**
 * The same copy as `copy` for values that need none of its guards; BAIL as soon as one would matter. With no `seen`
 * set a cycle simply runs into the depth cap, where it bails too.
 */
function plainCopy(value: unknown, limits: JsonSafeLimits, depth: number, state: { nodes: number }): unknown {
  if (++state.nodes > limits.nodes) return BAIL;
  const primitive = copyPrimitive(value, limits);
  if (primitive !== OBJECT) return primitive;
  if (depth >= limits.depth) return BAIL;
  const object = value as Record<string, unknown>;
  if (typeof object.toJSON === 'function') return BAIL;
  if (Array.isArray(object)) {
    const out: unknown[] = [];
    const n = Math.min(object.length, limits.breadth);
    for (let i = 0; i < n; i++) {
      const item = plainCopy(object[i], limits, depth + 1, state);
      if (item === BAIL) return BAIL;
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(object);
  let kept = 0;
  for (let i = 0; i < keys.length && kept < limits.breadth; i++) {
    const key = keys[i] as string;
    if (key === '__proto__') continue;
    const item = plainCopy(object[key], limits, depth + 1, state);
    if (item === BAIL) return BAIL;
    if (item !== undefined) {
      out[key] = item;
      kept++;
    }
  }
  return out;
}

function copy(value: unknown, limits: JsonSafeLimits, depth: number, state: State): unknown {
  if (++state.nodes > limits.nodes) return '[Truncated]';
  const primitive = copyPrimitive(value, limits);
  if (primitive !== OBJECT) return primitive;
  const object = value as object;
  const seen = state.seen;
  if (seen.has(object)) return '[Circular]';
  if (depth >= limits.depth) return '[Truncated]';
  seen.add(object);
  try {
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(object), limits, depth + 1, state);
    if (Array.isArray(object)) {
      const out: unknown[] = [];
      const n = Math.min(object.length, limits.breadth);
      for (let i = 0; i < n; i++) {
        const item = copy(object[i], limits, depth + 1, state);
        out.push(item === undefined ? null : item);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    let kept = 0;
    for (const key of Object.keys(object)) {
      if (kept >= limits.breadth) break;
      if (key === '__proto__') continue;
      let item: unknown;
      try {
        item = copy((object as Record<string, unknown>)[key], limits, depth + 1, state);
      } catch {
        continue; // a throwing getter: leave the key out
      }
      if (item !== undefined) {
        out[key] = item;
        kept++;
      }
    }
    return out;
  } catch {
    return '[Unserializable]';
  } finally {
    seen.delete(object);
  }
}
