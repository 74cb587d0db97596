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
  if (schema === undefined || schema === null) return toJsonSafe(params);
  let picked: unknown;
  try {
    picked = pick(schema, params, 0);
  } catch {
    return undefined; // a hostile value (throwing getters, revoked Proxy): send no params rather than guess
  }
  return toJsonSafe(picked);
}

const MAX_DEPTH = 16;

function pick(schema: unknown, value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  const variants = variantsOf(schema);
  if (Array.isArray(value)) return pickItems(variants, value, depth);
  const declared = new Map<string, unknown[]>();
  const patterns: [RegExp, unknown][] = [];
  const open: unknown[] = []; // schemas for keys no property names (additionalProperties); none: such keys dropped
  let shaped = false;
  for (const variant of variants) {
    const properties = read(variant, 'properties');
    if (typeof properties === 'object' && properties !== null) {
      shaped = true;
      for (const key of Object.keys(properties)) {
        const list = declared.get(key) ?? [];
        list.push((properties as Record<string, unknown>)[key]);
        declared.set(key, list);
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
  }
  if (!shaped) return value; // nothing declared about this object's keys: it is declared as a whole
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    const schemas = declared.get(key) ?? patterns.filter(([re]) => re.test(key)).map(([, child]) => child);
    const children = schemas.length > 0 ? schemas : open;
    if (children.length === 0) continue;
    out[key] = pick({ anyOf: children }, (value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

function pickItems(variants: unknown[], value: unknown[], depth: number): unknown {
  const itemSchemas: unknown[] = [];
  let tuple: unknown[] | undefined;
  for (const variant of variants) {
    const items = read(variant, 'items');
    if (Array.isArray(items)) tuple = items;
    else if (typeof items === 'object' && items !== null) itemSchemas.push(items);
  }
  if (tuple !== undefined && itemSchemas.length === 0) {
    return value.slice(0, tuple.length).map((item, i) => pick(tuple[i], item, depth + 1));
  }
  if (itemSchemas.length === 0) return value;
  const item = itemSchemas.length === 1 ? itemSchemas[0] : { anyOf: itemSchemas };
  return value.map((entry) => pick(item, entry, depth + 1));
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
