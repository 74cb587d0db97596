import { jsonString } from './json-string';
import { cap, read } from './safe';
import { DEFAULT_JSON_LIMITS, toJsonSafe } from './to-json-safe';

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
      /** A closed shape's keys as declaredParamsJson writes them; undefined if it cannot write them in order. */
      entries: readonly Entry[] | undefined;
    };

type ObjectShape = Extract<Shape, { kind: 'object' }>;

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
  const properties = new Map([...named].map(([key, schemas]) => [key, merge(schemas)]));
  return {
    kind: 'object',
    properties,
    patterns: patterns.map(([re, child]) => [re, shapeOf(child, depth + 1)]),
    open: open.length > 0 ? merge(open) : shaped ? undefined : WHOLE,
    closed: patterns.length === 0 && open.length === 0 && shaped,
    items: items.length > 0 ? merge(items) : undefined,
    tuple: tuple?.map((child) => shapeOf(child, depth + 1)),
    entries: entriesFor(properties),
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

/** Where `declaredParamsJson` leaves the JSON of the copy it returns. */
export interface ParamsJson {
  json: string | undefined;
}

const BAIL: unique symbol = Symbol('bail');
/** The first pass found the copy would differ from the value: the walk starts again, copying. */
const DIVERGED: unique symbol = Symbol('diverged');
/** toJsonSafe's limits (DEFAULT_JSON_LIMITS): a value that reaches one takes the general path, which applies it. */
const LIMITS = DEFAULT_JSON_LIMITS;
/** Property names an object would not keep in declaration order (array indices), or would not keep (`__proto__`). */
const REORDERED = /^(?:0|[1-9]\d*)$|^__proto__$/;

/** A closed shape's keys, as the walk writes them: worked out once per shape. */
interface Entry {
  key: string;
  /** `"key":` */
  name: string;
  child: Shape;
}

// The walk's output, kept in module state rather than passed around: it is on every error response with params.
let json = '';
let nodes = 0;
let walking = false;
/**
 * False in the first pass, which makes no copy: it returns each value itself while the copy would be that value to
 * the letter (plain objects and arrays holding exactly the declared data, in the same order), and DIVERGED as soon as
 * it would not. Params made by a catalog factory nearly always are their own copy, and building one (an object, an
 * array) was a tenth of answering with them (bench/RESULTS.md).
 */
let copying = false;

/**
 * `declaredParams` and `JSON.stringify` of its result in one walk, for the plain data params nearly always are: the
 * same copy, and its JSON in `out.json`. Undefined (and `out.json` untouched) for anything the walk is not sure to
 * write as the general path does — a `toJSON`, a cap of toJsonSafe's reached, a getter that throws, an object that is
 * not an object at the top: the caller then takes `declaredParams` and `JSON.stringify`, which decide.
 * When the params are already exactly what the copy would be (plain data, only declared keys, in declaration order,
 * nothing capped or dropped), they are returned themselves rather than copied.
 * @example declaredParamsJson(schema, { id: '1', extra: 2 }, out) // { id: '1' }, out.json === '{"id":"1"}'
 */
export function declaredParamsJson(schema: unknown, params: unknown, out: ParamsJson): unknown {
  // a getter that answers an error itself would write into this walk's output: it takes the general path instead
  if (typeof params !== 'object' || params === null || walking) return undefined;
  walking = true;
  let copy: unknown;
  try {
    const shape = shapeOf(schema);
    json = '';
    nodes = 0;
    copying = false;
    copy = walk(shape, params, 0);
    if (copy === DIVERGED) {
      json = '';
      nodes = 0;
      copying = true;
      copy = walk(shape, params, 0);
    }
  } catch {
    copy = BAIL;
  } finally {
    walking = false;
  }
  const written = json;
  json = '';
  if (copy === BAIL || copy === DIVERGED) return undefined;
  out.json = written;
  return copy;
}

/**
 * pick, then toJsonSafe's plain copy, then JSON.stringify, of one value: the copy is returned and its JSON appended to
 * `json`. Mirrors `pick` and `plainCopy` step for step (node count, depth, breadth, string cap); BAIL wherever they
 * could part from this walk. Before `copying`, a value whose copy would be itself is returned as it is, and DIVERGED
 * ends the pass where it would not.
 */
function walk(shape: Shape, value: unknown, depth: number): unknown {
  if (++nodes > LIMITS.nodes) return BAIL;
  switch (typeof value) {
    case 'string': {
      const text = value.length > LIMITS.string ? cap(value, LIMITS.string) : value;
      json += jsonString(text);
      return text;
    }
    case 'number':
      if (Number.isFinite(value)) {
        json += String(value); // what JSON.stringify writes for a finite number (-0 as 0, 1e21 as 1e+21)
        return value;
      }
      json += 'null';
      return null;
    case 'boolean':
      json += value ? 'true' : 'false';
      return value;
    case 'bigint': {
      const text = value.toString();
      json += jsonString(text);
      return text;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) {
    json += 'null';
    return null;
  }
  if (depth >= LIMITS.depth) return BAIL;
  const object = value as Record<string, unknown>;
  if (typeof object.toJSON === 'function') return BAIL;
  if (Array.isArray(object)) return walkArray(shape, object, depth);
  if (shape.kind === 'object' && shape.closed) return walkClosed(shape, object, depth);
  return walkOpen(shape, object, depth);
}

/**
 * The JSON of a leaf that is its own copy (a string under the cap, a finite number, a boolean, null), counted as walk
 * counts it; undefined for anything else, which then goes through walk. Params are mostly such leaves: written here,
 * they skip walk's dispatch (bench/RESULTS.md).
 */
function plainLeaf(value: unknown): string | undefined {
  if (nodes >= LIMITS.nodes) return undefined; // walk bails
  switch (typeof value) {
    case 'string':
      if (value.length > LIMITS.string) return undefined;
      nodes++;
      return jsonString(value);
    case 'number':
      if (!Number.isFinite(value)) return undefined;
      nodes++;
      return String(value);
    case 'boolean':
      nodes++;
      return value ? 'true' : 'false';
    case 'object':
      if (value !== null) return undefined;
      nodes++;
      return 'null';
    default:
      return undefined;
  }
}

/** Whether a value copies to undefined (left out of an object, null in an array), as toJsonSafe's copy makes it. */
function isDropped(value: unknown): boolean {
  const type = typeof value;
  return type === 'undefined' || type === 'function' || type === 'symbol';
}

/** What a container's walk does with a child's result: stop (BAIL, DIVERGED), or go on. */
function stops(item: unknown, value: unknown): boolean {
  return item === BAIL || item === DIVERGED || (!copying && item !== value);
}

function walkArray(shape: Shape, array: unknown[], depth: number): unknown {
  // map and slice (pick) make an array of the species: only a plain array's is a plain array
  if (Object.getPrototypeOf(array) !== Array.prototype) return BAIL;
  let n = array.length;
  if (n > LIMITS.breadth) return BAIL;
  let items: Shape = WHOLE;
  let tuple: readonly Shape[] | undefined;
  if (shape.kind === 'object') {
    if (shape.items !== undefined) items = shape.items;
    else if (shape.tuple !== undefined) {
      tuple = shape.tuple;
      n = Math.min(n, tuple.length);
    }
  }
  if (!copying && n < array.length) return DIVERGED; // a tuple's extra items are cut
  const out: unknown[] | undefined = copying ? [] : undefined;
  json += '[';
  for (let i = 0; i < n; i++) {
    const value = array[i];
    const leaf = plainLeaf(value);
    if (leaf !== undefined) {
      json += i > 0 ? `,${leaf}` : leaf;
      out?.push(value);
      continue;
    }
    if (i > 0) json += ',';
    const item = walk(tuple === undefined ? items : (tuple[i] as Shape), value, depth + 1);
    if (stops(item, value)) return item === BAIL ? BAIL : DIVERGED;
    if (item === undefined) {
      // a hole, undefined, a function or a Symbol: null in the copy, which is then not the array
      if (out === undefined) return DIVERGED;
      json += 'null';
      out.push(null);
    } else out?.push(item);
  }
  json += ']';
  return out ?? array;
}

/** A closed shape's declared keys, in declaration order, that the value has as its own. */
function walkClosed(shape: ObjectShape, source: Record<string, unknown>, depth: number): unknown {
  const entries = shape.entries;
  if (entries === undefined) return BAIL;
  const out: Record<string, unknown> | undefined = copying ? {} : undefined;
  let first = true;
  let present = 0;
  json += '{';
  for (let i = 0; i < entries.length; i++) {
    const { key, name, child } = entries[i] as Entry;
    if (!Object.hasOwn(source, key)) continue;
    present++;
    const value = source[key];
    const leaf = plainLeaf(value);
    if (leaf !== undefined) {
      json += first ? `${name}${leaf}` : `,${name}${leaf}`;
      if (out !== undefined) out[key] = value;
      first = false;
      continue;
    }
    if (isDropped(value)) {
      if (++nodes > LIMITS.nodes || key === 'toJSON') return BAIL; // a kept toJSON: the general path calls it
      if (out === undefined) return DIVERGED; // left out of the copy
      continue;
    }
    json += first ? name : `,${name}`;
    const item = walk(child, value, depth + 1);
    if (stops(item, value)) return item === BAIL ? BAIL : DIVERGED;
    if (out !== undefined) out[key] = item;
    first = false;
  }
  json += '}';
  if (out !== undefined) return out;
  return isPlainObject(source) && hasOnly(source, entries, present) ? source : DIVERGED;
}

/**
 * Whether a value's enumerable keys (for…in: its own, and any an altered prototype lends it) are exactly the declared
 * keys it has (`present` of them), in declaration order, as its copy's would be.
 */
function hasOnly(source: Record<string, unknown>, entries: readonly Entry[], present: number): boolean {
  let i = 0;
  let seen = 0;
  for (const key in source) {
    if (present < entries.length) while (i < entries.length && !Object.hasOwn(source, (entries[i] as Entry).key)) i++;
    if (i === entries.length || (entries[i] as Entry).key !== key) return false;
    i++;
    seen++;
  }
  return seen === present; // a declared key it holds as non-enumerable is enumerable in the copy
}

function isPlainObject(value: object): boolean {
  return Object.getPrototypeOf(value) === Object.prototype;
}

function entriesFor(properties: ReadonlyMap<string, Shape>): readonly Entry[] | undefined {
  if (properties.size > LIMITS.breadth) return undefined;
  const entries: Entry[] = [];
  for (const [key, child] of properties) {
    if (REORDERED.test(key)) return undefined;
    entries.push({ key, name: `${jsonString(key)}:`, child });
  }
  return entries;
}

/** An open shape (or a value declared whole): the value's own keys, as pick and the plain copy take them. */
function walkOpen(shape: Shape, source: Record<string, unknown>, depth: number): unknown {
  const keys = Object.keys(source);
  if (keys.length > LIMITS.breadth) return BAIL;
  const out: Record<string, unknown> | undefined = copying ? {} : undefined;
  let first = true;
  json += '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '__proto__') {
      if (out === undefined) return DIVERGED; // left out of the copy
      continue;
    }
    // a key that may be an index: an object keeps those first whatever order they came in (a Proxy's may be any)
    const c = key.charCodeAt(0);
    if (c >= 48 && c <= 57) return BAIL;
    const child =
      shape.kind === 'whole'
        ? WHOLE
        : (shape.properties.get(key) ?? shape.patterns.find(([re]) => re.test(key))?.[1] ?? shape.open);
    if (child === undefined) {
      if (out === undefined) return DIVERGED; // undeclared: left out of the copy
      continue;
    }
    const value = source[key];
    if (isDropped(value)) {
      if (++nodes > LIMITS.nodes || (key === 'toJSON' && shape.kind === 'object')) return BAIL;
      if (out === undefined) return DIVERGED;
      continue;
    }
    json += first ? `${jsonString(key)}:` : `,${jsonString(key)}:`;
    const item = walk(child, value, depth + 1);
    if (stops(item, value)) return item === BAIL ? BAIL : DIVERGED;
    if (out !== undefined) out[key] = item;
    first = false;
  }
  json += '}';
  return out ?? (isPlainObject(source) ? source : DIVERGED);
}
