import type { JsonSchema } from './types';

/**
 * A TypeBox schema as plain JSON Schema 2020-12 (what OpenAPI 3.1 speaks): its symbol keys (TypeBox's Kind,
 * Optional) dropped by the JSON round trip, its root `$id` removed (a component's name is its identity in OpenAPI; a
 * relative `$id` would re-base its `$ref`s), and TypeBox's draft-07 tuples (`items: [...]`, `additionalItems`)
 * rewritten as `prefixItems`, which 2020-12 validators require.
 * @example toJsonSchema(Type.Object({ symbol: Type.String() })) // { type: 'object', properties: …, required: […] }
 */
export function toJsonSchema(schema: unknown): JsonSchema {
  const plain = JSON.parse(JSON.stringify(schema ?? {}), (_key, value: unknown) => to202012(value)) as JsonSchema;
  delete plain.$id;
  return plain;
}

function to202012(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const node = value as Record<string, unknown>;
  if (!Array.isArray(node.items)) return node;
  const { items, additionalItems, ...rest } = node;
  return { ...rest, prefixItems: items, ...(additionalItems === undefined ? {} : { items: additionalItems }) };
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * A deterministic example of a schema: its first `examples`, `default`, `const` or `enum` value, else one built from
 * its type (every property of an object, one item of an array). Depth-capped for recursive schemas.
 * @example exampleOf({ type: 'object', properties: { n: { type: 'integer', minimum: 1 } } }) // { n: 1 }
 */
export function exampleOf(schema: unknown, depth = 0): unknown {
  const s = record(schema);
  const examples = list(s.examples);
  if (examples.length > 0) return examples[0];
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  if (list(s.enum).length > 0) return list(s.enum)[0];
  if (depth > 8) return null;
  const alternative = list(s.anyOf)[0] ?? list(s.oneOf)[0];
  if (alternative !== undefined) return exampleOf(alternative, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(record(s.properties))) out[key] = exampleOf(property, depth + 1);
      return out;
    }
    case 'array':
      return Array.isArray(s.prefixItems)
        ? s.prefixItems.map((item) => exampleOf(item, depth + 1))
        : [exampleOf(s.items, depth + 1)];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number'
        ? s.minimum
        : typeof s.exclusiveMinimum === 'number'
          ? s.exclusiveMinimum + 1
          : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return s.format === 'uri'
        ? 'https://example.com'
        : s.format === 'date-time'
          ? '2026-01-01T00:00:00.000Z'
          : 'string';
    default:
      return null;
  }
}

/**
 * A short type for a human: `string`, `integer ≥ 0`, `string[]`, `"buy" | "sell"`, `object`.
 * @example typeLabel({ type: 'array', items: { type: 'string' } }) // 'string[]'
 */
export function typeLabel(schema: unknown, depth = 0): string {
  const s = record(schema);
  if ('const' in s) return JSON.stringify(s.const);
  if (list(s.enum).length > 0)
    return list(s.enum)
      .map((v) => JSON.stringify(v))
      .join(' | ');
  const alternatives = list(s.anyOf).length > 0 ? list(s.anyOf) : list(s.oneOf);
  if (alternatives.length > 0 && depth < 4) return alternatives.map((a) => typeLabel(a, depth + 1)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : 'any';
  if (type === 'array') return `${depth < 4 ? typeLabel(s.items, depth + 1) : 'any'}[]`;
  const bounds: string[] = [];
  if (typeof s.minimum === 'number') bounds.push(`≥ ${s.minimum}`);
  if (typeof s.exclusiveMinimum === 'number') bounds.push(`> ${s.exclusiveMinimum}`);
  if (typeof s.maximum === 'number') bounds.push(`≤ ${s.maximum}`);
  if (typeof s.exclusiveMaximum === 'number') bounds.push(`< ${s.exclusiveMaximum}`);
  if (typeof s.format === 'string') bounds.push(`(${s.format})`);
  return [type, ...bounds].join(' ');
}

/** The properties of an object schema with their required flags, in declaration order. */
export function propertiesOf(schema: unknown): { name: string; schema: JsonSchema; required: boolean }[] {
  const s = record(schema);
  const required = new Set(list(s.required));
  return Object.entries(record(s.properties)).map(([name, property]) => ({
    name,
    schema: record(property),
    required: required.has(name),
  }));
}
