import { read } from './safe';
import { toJsonSafe } from './to-json-safe';

/**
 * A JSON-safe copy of params holding only what their schema declares. TypeScript rejects extra keys only in object
 * literals, so `errors.BOOK_NOT_FOUND(row)` with a database row would otherwise send every column (a password hash
 * included) to the client. Objects keep their declared `properties` (and keys an `additionalProperties` or
 * `patternProperties` schema allows), arrays and tuples their items' declared shape; unions keep a key any variant
 * declares. A schema that says nothing about a value's shape (`Type.Unknown()`, `Type.Any()`) keeps it whole.
 * @example declaredParams(Type.Object({ id: Type.String() }), { id: '1', password_hash: 'x' }) // { id: '1' }
 */
export function declaredParams(schema: unknown, params: unknown): unknown {
  let picked: unknown;
  try {
    picked = pick(shapeOf(schema), params, 0);
  } catch {
    return undefined; // a hostile value (throwing getters, revoked Proxy): send no params rather than guess
  }
  return toJsonSafe(picked);
}

/** What a schema declares about a value's shape, worked out once per schema (it is on every error response). */
type Shape =
  | { kind: 'whole' }
  | {
      kind: 'object';
      properties: ReadonlyMap<string, Shape>;
      patterns: readonly [RegExp, Shape][];
      /** The shape of keys no property or pattern names; undefined: such keys are dropped. */
      open: Shape | undefined;
      /** Only named keys can be kept: walk those, not the value's. */
      closed: boolean;
      items: Shape | undefined;
      tuple: readonly Shape[] | undefined;
    };

const WHOLE: Shape = { kind: 'whole' };
const MAX_DEPTH = 16;
const shapes = new WeakMap<object, Shape>();

function shapeOf(schema: unknown, depth = 0): Shape {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return WHOLE;
  const known = shapes.get(schema);
  if (known !== undefined) return known;
  const shape = compile(variantsOf(schema), depth);
  shapes.set(schema, shape);
  return shape;
}

function compile(variants: unknown[], depth: number): Shape {
  const named = new Map<string, unknown[]>();
  const patterns: [RegExp, unknown][] = [];
  const open: unknown[] = [];
  const items: unknown[] = [];
  let tuple: unknown[] | undefined;
  let shaped = false;
  for (const variant of variants) {
    const properties = read(variant, 'properties');
    if (typeof properties === 'object' && properties !== null) {
      shaped = true;
      for (const key of Object.keys(properties)) {
        named.set(key, [...(named.get(key) ?? []), (properties as Record<string, unknown>)[key]]);
      }
    }
    const patternProperties = read(variant, 'patternProperties');
    if (typeof patternProperties === 'object' && patternProperties !== null) {
      shaped = true;
      for (const [pattern, child] of Object.entries(patternProperties)) patterns.push([new RegExp(pattern), child]);
    }
    const additional = read(variant, 'additionalProperties');
    if (additional !== undefined) shaped = true;
    if (additional === true || (typeof additional === 'object' && additional !== null)) {
      open.push(additional === true ? {} : additional);
    }
    const itemSchema = read(variant, 'items');
    if (Array.isArray(itemSchema)) tuple = itemSchema;
    else if (typeof itemSchema === 'object' && itemSchema !== null) items.push(itemSchema);
  }
  if (!shaped && items.length === 0 && tuple === undefined) return WHOLE; // declared as a whole
  const merge = (schemas: unknown[]) =>
    schemas.length === 1
      ? shapeOf(schemas[0], depth + 1)
      : compile(
          schemas.flatMap((s) => variantsOf(s)),
          depth + 1,
        );
  return {
    kind: 'object',
    properties: new Map([...named].map(([key, schemas]) => [key, merge(schemas)])),
    patterns: patterns.map(([re, child]) => [re, shapeOf(child, depth + 1)]),
    open: open.length > 0 ? merge(open) : shaped ? undefined : WHOLE,
    closed: patterns.length === 0 && open.length === 0 && shaped,
    items: items.length > 0 ? merge(items) : undefined,
    tuple: tuple?.map((child) => shapeOf(child, depth + 1)),
  };
}

function pick(shape: Shape, value: unknown, depth: number): unknown {
  if (shape.kind === 'whole' || typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    if (shape.items !== undefined) return value.map((item) => pick(shape.items as Shape, item, depth + 1));
    const tuple = shape.tuple;
    if (tuple !== undefined)
      return value.slice(0, tuple.length).map((item, i) => pick(tuple[i] as Shape, item, depth + 1));
    return value;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (shape.closed) {
    for (const [key, child] of shape.properties) {
      if (Object.hasOwn(source, key)) out[key] = pick(child, source[key], depth + 1);
    }
    return out;
  }
  for (const key of Object.keys(source)) {
    if (key === '__proto__') continue;
    const child = shape.properties.get(key) ?? shape.patterns.find(([re]) => re.test(key))?.[1] ?? shape.open;
    if (child !== undefined) out[key] = pick(child, source[key], depth + 1);
  }
  return out;
}

/** The schema and its union/intersection members, flattened: a key declared by any of them is declared. */
function variantsOf(schema: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return out;
  out.push(schema);
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const members = read(schema, keyword);
    if (Array.isArray(members)) for (const member of members) variantsOf(member, out, depth + 1);
  }
  return out;
}
