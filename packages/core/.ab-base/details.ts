import { read, readString } from './safe';
import { toJsonSafe } from './to-json-safe';
import type { Detail, DetailValue } from './types';

/** Most details kept in one response. */
export const MAX_DETAILS = 50;

/** Where a value came from (`message`: a WebSocket message); the first segment of `field`. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers' | 'cookies' | 'message';

/** `/items/0/quantity` (JSON Pointer) → `items[0].quantity`. */
export function pointerToPath(pointer: string): string {
  return pointerParts(pointer).path;
}

/** `/items/0/quantity` (JSON Pointer) → `['items', 0, 'quantity']`: the segments `pointerToPath` joins. */
export function pointerToSegments(pointer: string): (string | number)[] {
  return pointerParts(pointer).segments;
}

/** A segment of digits only: an array index (`0`, `12`), a number in `segments`. */
function isIndex(segment: string): boolean {
  if (segment === '') return false;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Both readings of a JSON Pointer in one walk: `path` keeps an index as written (`/a/007` → `a[007]`), `segments`
 * reads it as a number. Every failing field of every 400 passes here: one split, escapes undone only where there are.
 */
export function pointerParts(pointer: string): { path: string; segments: (string | number)[] } {
  const raw = pointer.split('/');
  const segments: (string | number)[] = [];
  const escaped = pointer.includes('~');
  let path = '';
  for (let i = 1; i < raw.length; i++) {
    let segment = raw[i] as string;
    if (escaped) segment = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isIndex(segment)) {
      segments.push(Number(segment));
      path += `[${segment}]`;
    } else {
      segments.push(segment);
      path += path === '' ? segment : `.${segment}`;
    }
  }
  return { path, segments };
}

/** `body` + `items[0].quantity` → `body.items[0].quantity`. */
export function joinField(location: string, path: string): string {
  if (path === '') return location;
  return path.startsWith('[') ? `${location}${path}` : `${location}.${path}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** What a human reads for a failed rule; never includes the rejected value. */
export function ruleMessage(rule: string, schema: unknown): string {
  const limit = (key: string) => String(read(schema, key));
  switch (rule) {
    case 'required':
      return 'is required';
    case 'type': {
      const type = read(schema, 'type');
      const names = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
      return names.length > 0
        ? `must be ${names.map((t) => (Object.hasOwn(TYPE_WORDS, t) ? TYPE_WORDS[t] : t)).join(' or ')}`
        : 'has the wrong type';
    }
    case 'enum': {
      const values = enumValues(schema);
      return values.length > 0 ? `must be one of: ${values.join(', ')}` : 'is not an allowed value';
    }
    case 'const':
      return `must be ${JSON.stringify(toJsonSafe(read(schema, 'const')))}`;
    case 'minimum':
      return `must be >= ${limit('minimum')}`;
    case 'maximum':
      return `must be <= ${limit('maximum')}`;
    case 'exclusiveMinimum':
      return `must be > ${limit('exclusiveMinimum')}`;
    case 'exclusiveMaximum':
      return `must be < ${limit('exclusiveMaximum')}`;
    case 'multipleOf':
      return `must be a multiple of ${limit('multipleOf')}`;
    case 'minLength':
      return `must be at least ${limit('minLength')} characters`;
    case 'maxLength':
      return `must be at most ${limit('maxLength')} characters`;
    case 'pattern':
      return `must match the pattern ${limit('pattern')}`;
    case 'format':
      return `must be a valid ${limit('format')}`;
    case 'minItems':
      return `must have at least ${limit('minItems')} items`;
    case 'maxItems':
      return `must have at most ${limit('maxItems')} items`;
    case 'uniqueItems':
      return 'must not contain duplicate items';
    case 'minProperties':
      return `must have at least ${limit('minProperties')} properties`;
    case 'maxProperties':
      return `must have at most ${limit('maxProperties')} properties`;
    case 'additionalProperties':
      return 'is not allowed';
    case 'maxDepth':
      return `must be nested at most ${limit('maxDepth')} levels deep`;
    case 'maxValues':
      return `must hold at most ${limit('maxValues')} values`;
    default:
      return 'is invalid';
  }
}

const BOUND_RULES = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'pattern',
  'format',
]);

const isDetailValue = (value: unknown): value is DetailValue =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);

/**
 * The value of the failed constraint, for a detail's `expected`: the allowed values of an `enum` (or union of
 * literals), a primitive `const`, the bound, pattern or format, the type name(s). Undefined when the rule has none.
 * @example expectedOf('maximum', { maximum: 100 }) // 100
 */
export function expectedOf(rule: string, schema: unknown): DetailValue | readonly DetailValue[] | undefined {
  let value: unknown;
  if (rule === 'enum') {
    const direct = read(schema, 'enum');
    const anyOf = read(schema, 'anyOf');
    value = Array.isArray(direct) ? direct : Array.isArray(anyOf) ? anyOf.map((s) => read(s, 'const')) : undefined;
  } else if (rule === 'const' || rule === 'type' || BOUND_RULES.has(rule)) {
    value = read(schema, rule);
  }
  if (Array.isArray(value)) return value.length > 0 && value.every(isDetailValue) ? value.slice(0, 100) : undefined;
  return isDetailValue(value) ? value : undefined;
}

/** Sets a detail's `expected` only when there is one (exactOptionalPropertyTypes: no `expected: undefined`). */
export function withExpected(detail: Detail, rule: string, schema: unknown): Detail {
  const expected = expectedOf(rule, schema);
  if (expected !== undefined) detail.expected = expected;
  return detail;
}

/** The allowed values of an `enum`, or of a union of literals (`anyOf` of `const`). */
export function enumValues(schema: unknown): string[] {
  const direct = read(schema, 'enum');
  if (Array.isArray(direct)) return direct.map((v) => String(v));
  const anyOf = read(schema, 'anyOf');
  if (Array.isArray(anyOf) && anyOf.length > 0 && anyOf.every((s) => read(s, 'const') !== undefined)) {
    return anyOf.map((s) => String(read(s, 'const')));
  }
  return [];
}

/** Whether a schema is an enum or a union of literals. */
export function isEnumSchema(schema: unknown): boolean {
  return enumValues(schema).length > 0;
}

/** Sorts by field (stable), drops repeats of one field, caps the count. */
export function finishDetails(details: Detail[], max = MAX_DETAILS): Detail[] {
  const seen = new Set<string>();
  const out: Detail[] = [];
  for (const detail of details) {
    if (seen.has(detail.field)) continue;
    seen.add(detail.field);
    out.push(detail);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Maps AJV errors (Fastify's default validator, `err.validation`) to errata details.
 * Fields and rules match what TypeBox validation produces; messages may differ where AJV knows less.
 */
export function ajvErrorsToDetails(errors: readonly unknown[], location: string): Detail[] {
  const list = errors.slice(0, 500);
  // A union of literals fails as one `const` error per branch plus an `anyOf`: report it once, as an enum.
  const enumAt = new Map<string, unknown>();
  for (const error of list) {
    if (readString(error, 'keyword') !== 'anyOf') continue;
    const schema = read(error, 'parentSchema') ?? literalUnion(list, readString(error, 'schemaPath') ?? '');
    if (isEnumSchema(schema)) {
      enumAt.set(readString(error, 'instancePath') ?? '', schema);
    }
  }
  const details: Detail[] = [];
  for (const error of list) {
    const pointer = readString(error, 'instancePath') ?? '';
    let keyword = readString(error, 'keyword') ?? 'invalid';
    let path = pointerToPath(pointer);
    const segments: (string | number)[] = [location, ...pointerToSegments(pointer)];
    const params = read(error, 'params');
    let schema = read(error, 'parentSchema');
    if (keyword === 'required') {
      const key = readString(params, 'missingProperty') ?? '';
      path = joinPath(path, key);
      if (key !== '') segments.push(key);
    } else if (keyword === 'additionalProperties') {
      const key = readString(params, 'additionalProperty') ?? '';
      path = joinPath(path, key);
      if (key !== '') segments.push(key);
    } else if ((keyword === 'const' || keyword === 'anyOf') && enumAt.has(pointer)) {
      keyword = 'enum';
      schema = enumAt.get(pointer);
    } else if (keyword === 'enum' && !isEnumSchema(schema)) {
      schema = { enum: read(params, 'allowedValues') };
    }
    const known = schema ?? schemaFromParams(keyword, params);
    const detail = { field: joinField(location, path), message: ruleMessage(keyword, known), rule: keyword };
    details.push(withExpected({ ...detail, path: segments }, keyword, known));
  }
  return details;
}

/** AJV without `verbose` (Fastify's default) sends no parentSchema: rebuild what ruleMessage reads from `params`. */
function schemaFromParams(keyword: string, params: unknown): unknown {
  const limit = read(params, 'limit');
  if (limit !== undefined) return { [keyword]: limit }; // minimum, maxLength, minItems, …
  if (keyword === 'const') return { const: read(params, 'allowedValue') };
  return params; // type, pattern, format, multipleOf: params already name them
}

/** Without parentSchema, an `anyOf` whose every branch failed on `const` is a union of literals: rebuild it. */
function literalUnion(errors: readonly unknown[], anyOfPath: string): unknown {
  const prefix = `${anyOfPath}/`;
  const branches = errors.filter((e) => readString(e, 'schemaPath')?.startsWith(prefix) === true);
  const literal = (e: unknown) => /^\d+\/const$/.test((readString(e, 'schemaPath') ?? '').slice(prefix.length));
  if (anyOfPath === '' || branches.length === 0 || !branches.every(literal)) return undefined;
  return { anyOf: branches.map((e) => ({ const: read(read(e, 'params'), 'allowedValue') })) };
}

function joinPath(path: string, key: string): string {
  if (key === '') return path;
  return path === '' ? key : `${path}.${key}`;
}
