import type { StandardSchemaV1 } from '@standard-schema/spec';
import { finishDetails, joinField, MAX_DETAILS, type RequestPart, ruleMessage } from './details';
import {
  copyInput,
  type InputLimits,
  inputLimitDetail,
  inputState,
  resolveInputLimits,
  withoutNamelessParam,
} from './input-limits';
import { read, readString } from './safe';
import type { Detail } from './types';
import type { ValidationResult } from './validate';

/**
 * A validator for one request part built on a Standard Schema: sync where the schema validates synchronously (Zod
 * and Valibot without async refinements, ArkType), a Promise where it does not.
 */
export type StandardValidator<T> = (value: unknown) => ValidationResult<T> | Promise<ValidationResult<T>>;

export interface StandardValidatorOptions extends Partial<InputLimits> {
  /** Most details reported. Default 50. */
  maxDetails?: number;
}

/**
 * Whether a value is a Standard Schema (Zod ≥ 3.24, Valibot ≥ 1, ArkType ≥ 2, …): it has a `~standard` object with
 * version 1 and a `validate` function.
 * @example isStandardSchema(z.string()) // true
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = read(value, '~standard');
  return read(props, 'version') === 1 && typeof read(props, 'validate') === 'function';
}

/**
 * Builds a validator for one request part from any Standard Schema. Failures come out as errata details: `field` is
 * location + path (`body.items[0].quantity`), `rule` the failed constraint mapped from the library's issue, and the
 * message errata's own (the libraries' messages may quote the rejected value). The part is guarded by the same depth
 * and size limits as `compileValidator`, and own `__proto__` keys are dropped before the schema sees it. Coercion,
 * defaults and transforms are the schema's (`z.coerce.number()`, `v.pipe(v.string(), v.transform(Number))`).
 * @example const body = compileStandardValidator(z.object({ quantity: z.number().positive() }), 'body'); body(input)
 */
export function compileStandardValidator<S extends StandardSchemaV1>(
  schema: S,
  location: RequestPart,
  options: StandardValidatorOptions = {},
): StandardValidator<StandardSchemaV1.InferOutput<S>> {
  if (!isStandardSchema(schema)) throw new TypeError('errata: compileStandardValidator needs a Standard Schema');
  const props = schema['~standard'];
  const vendor = props.vendor;
  const max = options.maxDetails ?? MAX_DETAILS;
  const limits = resolveInputLimits(options);
  type Output = StandardSchemaV1.InferOutput<S>;
  const settle = (result: StandardSchemaV1.Result<Output>, value: unknown): ValidationResult<Output> =>
    result.issues === undefined
      ? { ok: true, value: result.value }
      : { ok: false, details: standardIssuesToDetails(result.issues, location, { vendor, input: value, max }) };
  return function validateStandard(input) {
    const state = inputState(limits);
    const value = copyInput(location === 'query' ? withoutNamelessParam(input) : input, 0, state);
    if (state.broken !== undefined) return { ok: false, details: [inputLimitDetail(state.broken, location, limits)] };
    const result = props.validate(value);
    return isPromise(result) ? result.then((settled) => settle(settled, value)) : settle(result, value);
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof read(value, 'then') === 'function';
}

export interface StandardIssuesOptions {
  /** `~standard.vendor` of the schema that reported the issues: its issue objects say more than the spec requires. */
  vendor: string;
  /** The value the schema validated, to tell a missing property (`required`) from a wrong one. */
  input: unknown;
  /** Most details kept. Default 50. */
  max?: number;
}

/**
 * Maps Standard Schema issues to errata details (see compileStandardValidator).
 * @example standardIssuesToDetails(result.issues, 'body', { vendor: 'zod', input })
 */
export function standardIssuesToDetails(
  issues: readonly StandardSchemaV1.Issue[],
  location: RequestPart,
  options: StandardIssuesOptions,
): Detail[] {
  const max = options.max ?? MAX_DETAILS;
  const details: Detail[] = [];
  let seen = 0;
  for (const issue of issues) {
    if (++seen > max * 4) break; // a library may report several issues per field; enough to fill the cap
    const path = pathOf(issue);
    for (const { key, rule, facts } of classify(issue, options.vendor, path, options.input)) {
      const at = key === undefined ? path : [...path, key];
      details.push({ field: joinField(location, formatPath(at)), message: messageOf(rule, facts), rule });
    }
  }
  return finishDetails(details, max);
}

/** What an issue stands for; `key` names a property below the issue's path (unrecognized keys). */
interface Classified {
  key?: PropertyKey;
  rule: string;
  /** The constraint in JSON Schema words, as ruleMessage reads it: `{ minimum: 1 }`, `{ enum: [...] }`, … */
  facts: Record<string, unknown>;
}

const INVALID: Classified = { rule: 'invalid', facts: {} };
const one = (rule: string, facts: Record<string, unknown> = {}): Classified[] => [{ rule, facts }];

function classify(issue: unknown, vendor: string, path: PropertyKey[], input: unknown): Classified[] {
  if (isMissing(input, path)) return one('required');
  switch (vendor) {
    case 'zod':
      return zodIssue(issue, valueAt(input, path));
    case 'valibot':
      return valibotIssue(issue, valueAt(input, path));
    case 'arktype':
      return arktypeIssue(issue, valueAt(input, path));
    default:
      return [INVALID];
  }
}

// ---- Zod (4, and 3.24+ whose issues differ in a few names) ----

function zodIssue(issue: unknown, value: unknown): Classified[] {
  const code = readString(issue, 'code');
  switch (code) {
    case 'invalid_type': {
      const expected = readString(issue, 'expected') ?? '';
      // Zod 3 reports a wrong type for an enum as `'a' | 'b'`
      const values = parseLiterals(expected.replace(/'((?:[^'\\]|\\.)*)'/g, '"$1"'), ' | ');
      if (values !== undefined && expected.startsWith("'")) return literals(values);
      return one('type', { type: ZOD_TYPES[expected] ?? expected });
    }
    case 'too_small':
    case 'too_big': {
      const small = code === 'too_small';
      const limit = read(issue, small ? 'minimum' : 'maximum');
      const origin = readString(issue, 'origin') ?? readString(issue, 'type'); // `type` in Zod 3
      return one(...bound(small, read(issue, 'inclusive') !== false, sizeKind(origin, value), limit));
    }
    case 'not_multiple_of':
      return one('multipleOf', { multipleOf: read(issue, 'divisor') ?? read(issue, 'multipleOf') });
    case 'unrecognized_keys': {
      const keys = read(issue, 'keys');
      if (!Array.isArray(keys)) return [INVALID];
      return keys.slice(0, 200).map((key) => ({ key, rule: 'additionalProperties', facts: {} }));
    }
    case 'invalid_value': {
      // z.stringbool() lists the words it accepts: it stands for a boolean
      if (read(issue, 'expected') === 'stringbool') return one('type', { type: 'boolean' });
      return literals(read(issue, 'values'));
    }
    case 'invalid_enum_value': // Zod 3
      return literals(read(issue, 'options'));
    case 'invalid_literal': // Zod 3
      return one('const', { const: read(issue, 'expected') });
    case 'invalid_union': {
      const values = unionLiterals(read(issue, 'errors') ?? zod3UnionIssues(read(issue, 'unionErrors')));
      return values === undefined ? one('anyOf') : literals(values);
    }
    case 'invalid_format':
      return zodFormat(readString(issue, 'format'), readString(issue, 'pattern'));
    case 'invalid_string': {
      // Zod 3: `validation` is a format name, or an object ({ startsWith }, { includes }) for substring checks
      const validation = read(issue, 'validation');
      return typeof validation === 'string' ? zodFormat(validation, undefined) : one('pattern');
    }
    case 'invalid_date': // Zod 3
      return one('type', { type: 'Date' });
    case 'not_finite': // Zod 3
      return one('type', { type: 'number' });
    default:
      return [INVALID];
  }
}

const ZOD_TYPES: Record<string, string> = { int: 'integer', record: 'object', tuple: 'array', date: 'Date' };

/** Zod 3's union issue: `unionErrors` are ZodErrors; their `issues` are the branch's issues. */
function zod3UnionIssues(unionErrors: unknown): unknown {
  return Array.isArray(unionErrors) ? unionErrors.map((error) => read(error, 'issues')) : undefined;
}

/** A union whose every branch failed as one literal (`z.union([z.literal('a'), z.literal('b')])`) is an enum. */
function unionLiterals(branches: unknown): unknown[] | undefined {
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const values: unknown[] = [];
  for (const branch of branches) {
    if (!Array.isArray(branch) || branch.length !== 1) return undefined;
    const issue: unknown = branch[0];
    const code = read(issue, 'code');
    const path = read(issue, 'path');
    // Zod 4 reports a branch's issues relative to the union; Zod 3 with the full path
    if (code === 'invalid_value' && Array.isArray(path) && path.length === 0) {
      const own = read(issue, 'values');
      if (!Array.isArray(own) || own.length === 0) return undefined;
      values.push(...own);
    } else if (code === 'invalid_literal') {
      values.push(read(issue, 'expected'));
    } else {
      return undefined;
    }
  }
  return values;
}

function zodFormat(format: string | undefined, pattern: string | undefined): Classified[] {
  if (format === 'regex')
    return pattern === undefined ? one('pattern') : one('pattern', { pattern: regexSource(pattern) });
  if (format === undefined || SUBSTRING_FORMATS.has(format)) return one('pattern');
  return one('format', { format: FORMATS[format] ?? format });
}

const SUBSTRING_FORMATS = new Set(['starts_with', 'ends_with', 'includes', 'lowercase', 'uppercase', 'startsWith']);

// ---- Valibot ----

function valibotIssue(issue: unknown, value: unknown): Classified[] {
  const type = readString(issue, 'type') ?? '';
  const requirement = read(issue, 'requirement');
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'null':
    case 'symbol':
    case 'undefined':
      return one('type', { type });
    case 'date':
      return one('type', { type: 'Date' });
    case 'array':
    case 'tuple':
    case 'loose_tuple':
    case 'strict_tuple':
    case 'tuple_with_rest':
      return one('type', { type: 'array' });
    case 'object':
    case 'loose_object':
    case 'strict_object':
    case 'object_with_rest':
    case 'record':
      // a strict object reports each unknown key at that key, expecting `never`
      return read(issue, 'expected') === 'never' ? one('additionalProperties') : one('type', { type: 'object' });
    case 'integer':
    case 'safe_integer':
      return one('type', { type: 'integer' });
    case 'finite':
      return one('type', { type: 'number' });
    case 'picklist':
    case 'enum':
      return literals(parseLiterals(readString(issue, 'expected'), ' | '));
    case 'literal':
      return literals(parseLiterals(readString(issue, 'expected'), ' | '));
    case 'union':
    case 'variant': {
      const branches = read(issue, 'issues');
      const all = Array.isArray(branches) && branches.every((b) => read(b, 'type') === 'literal');
      return all ? literals(parseLiterals(readString(issue, 'expected'), ' | ')) : one('anyOf');
    }
    case 'non_optional':
      return one('required');
    case 'min_value':
      return one('minimum', { minimum: requirement });
    case 'max_value':
      return one('maximum', { maximum: requirement });
    case 'gt_value':
      return one('exclusiveMinimum', { exclusiveMinimum: requirement });
    case 'lt_value':
      return one('exclusiveMaximum', { exclusiveMaximum: requirement });
    case 'min_length':
    case 'non_empty':
      return one(...bound(true, true, sizeKind(undefined, value), type === 'non_empty' ? 1 : requirement));
    case 'max_length':
      return one(...bound(false, true, sizeKind(undefined, value), requirement));
    case 'length': {
      const shorter = lengthOf(value) < Number(requirement);
      return one(...bound(shorter, true, sizeKind(undefined, value), requirement));
    }
    case 'multiple_of':
      return one('multipleOf', { multipleOf: requirement });
    case 'regex':
      return one('pattern', { pattern: requirement instanceof RegExp ? requirement.source : requirement });
    case 'value':
      return one('const', { const: requirement });
    case 'values':
      return literals(requirement);
    case 'starts_with':
    case 'ends_with':
    case 'includes':
      return one('pattern');
    case 'check':
    case 'partial_check':
    case 'raw_check':
    case 'custom':
      return [INVALID];
    default:
      return read(issue, 'kind') === 'validation' ? one('format', { format: FORMATS[type] ?? type }) : [INVALID];
  }
}

// ---- ArkType ----

function arktypeIssue(issue: unknown, value: unknown): Classified[] {
  const code = readString(issue, 'code');
  const rule = read(issue, 'rule');
  switch (code) {
    case 'required':
      return one('required');
    case 'domain':
      return one('type', { type: readString(issue, 'domain') });
    case 'proto': {
      const proto = readString(issue, 'proto') ?? read(read(issue, 'proto'), 'name');
      return one('type', { type: proto === 'Array' ? 'array' : proto });
    }
    case 'unit':
      return one('const', { const: read(issue, 'unit') });
    case 'divisor':
      return rule === 1 ? one('type', { type: 'integer' }) : one('multipleOf', { multipleOf: rule });
    case 'min':
    case 'max':
      return one(...bound(code === 'min', read(issue, 'exclusive') !== true, 'number', rule));
    case 'minLength':
    case 'maxLength':
      return one(...bound(code === 'minLength', true, sizeKind(undefined, value), rule));
    case 'exactLength':
      return one(...bound(lengthOf(value) < Number(rule), true, sizeKind(undefined, value), rule));
    case 'pattern': {
      const meaning = ARKTYPE_PATTERNS[readString(issue, 'description') ?? ''];
      return meaning === undefined ? one('pattern', { pattern: rule }) : [meaning];
    }
    case 'union': {
      const units = unitsOf(read(issue, 'errors'));
      if (units === undefined) return one('anyOf');
      // ArkType's `boolean` is the union `false | true`
      if (units.length === 2 && units.includes(true) && units.includes(false)) return one('type', { type: 'boolean' });
      return literals(units);
    }
    case 'predicate': {
      const expected = readString(issue, 'expected');
      if (expected === 'removed') return one('additionalProperties'); // an undeclared key with `'+': 'reject'`
      // a union of many literals is checked as one predicate: its expectation lists them
      const values = parseLiterals(expected, /, | or /);
      if (values !== undefined) return literals(values);
      return expected?.includes(' or ') ? one('anyOf') : [INVALID];
    }
    default:
      return [INVALID];
  }
}

/** ArkType's string keywords report as patterns; these descriptions name what they stand for. */
const ARKTYPE_PATTERNS: Record<string, Classified> = {
  'a well-formed integer string': { rule: 'type', facts: { type: 'integer' } },
  'a well-formed numeric string': { rule: 'type', facts: { type: 'number' } },
  'an email address': { rule: 'format', facts: { format: 'email' } },
  'a UUID': { rule: 'format', facts: { format: 'uuid' } },
  'a URL string': { rule: 'format', facts: { format: 'uri' } },
};

function unitsOf(errors: unknown): unknown[] | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  if (!errors.every((error) => read(error, 'code') === 'unit')) return undefined;
  return errors.map((error) => read(error, 'unit'));
}

// ---- shared ----

/** Format names in JSON Schema's words where a library names them otherwise. */
const FORMATS: Record<string, string> = {
  url: 'uri',
  datetime: 'date-time',
  iso_date_time: 'date-time',
  iso_timestamp: 'date-time',
  iso_date: 'date',
  iso_time: 'time',
  rfc_email: 'email',
  guid: 'uuid',
};

/** The rule and facts of a lower or upper bound, for numbers, strings (length) or arrays (items). */
function bound(
  lower: boolean,
  inclusive: boolean,
  kind: 'number' | 'string' | 'array',
  limit: unknown,
): [string, Record<string, unknown>] {
  let rule: string;
  if (kind === 'string') rule = lower ? 'minLength' : 'maxLength';
  else if (kind === 'array') rule = lower ? 'minItems' : 'maxItems';
  else if (inclusive) rule = lower ? 'minimum' : 'maximum';
  else rule = lower ? 'exclusiveMinimum' : 'exclusiveMaximum';
  const value = limit instanceof Date ? limit.toISOString() : typeof limit === 'bigint' ? String(limit) : limit;
  return [rule, { [rule]: value }];
}

/** Whether a size limit is about characters, items, or a number's value (the library's origin, else the value). */
function sizeKind(origin: string | undefined, value: unknown): 'number' | 'string' | 'array' {
  if (origin === 'string') return 'string';
  if (origin === 'array' || origin === 'set') return 'array';
  if (origin !== undefined) return 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) || value instanceof Set ? 'array' : 'number';
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' || Array.isArray(value) ? value.length : Number.NaN;
}

/** One allowed value is a `const`; several an `enum`; none known, an enum without a list. */
function literals(values: unknown): Classified[] {
  if (!Array.isArray(values) || values.length === 0) return one('enum');
  if (values.length === 1) return one('const', { const: values[0] });
  return one('enum', { enum: values.slice(0, 100) });
}

const LITERAL = /^(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** `("a" | "b")` (Valibot) or `"a", "b" or "c"` (ArkType): the JSON literals a library printed from the schema. */
function parseLiterals(expected: string | undefined, separator: string | RegExp): unknown[] | undefined {
  if (expected === undefined) return undefined;
  const list = expected.startsWith('(') && expected.endsWith(')') ? expected.slice(1, -1) : expected;
  const parts = list.split(separator);
  if (!parts.every((part) => LITERAL.test(part))) return undefined;
  return parts.map((part) => JSON.parse(part) as unknown);
}

/** `/^[A-Z]+$/u` → `^[A-Z]+$`: TypeBox reports the pattern as written in the schema. */
function regexSource(pattern: string): string {
  const match = /^\/(.*)\/[a-z]*$/s.exec(pattern);
  return match ? (match[1] as string) : pattern;
}

/** The message for a rule; when the library did not say the limit, one that names none. */
function messageOf(rule: string, facts: Record<string, unknown>): string {
  const needs = NEEDS[rule];
  if (needs !== undefined && facts[needs] === undefined)
    return rule === 'pattern' ? 'must match the pattern' : 'is invalid';
  return ruleMessage(rule, facts);
}

const NEEDS: Record<string, string> = {
  const: 'const',
  minimum: 'minimum',
  maximum: 'maximum',
  exclusiveMinimum: 'exclusiveMinimum',
  exclusiveMaximum: 'exclusiveMaximum',
  multipleOf: 'multipleOf',
  minLength: 'minLength',
  maxLength: 'maxLength',
  pattern: 'pattern',
  format: 'format',
  minItems: 'minItems',
  maxItems: 'maxItems',
};

function pathOf(issue: StandardSchemaV1.Issue): PropertyKey[] {
  const path = read(issue, 'path');
  if (!Array.isArray(path)) return [];
  // Copied by index: `slice` would build a copy through the array's own class (ArkType's ReadonlyPath takes its
  // items as constructor arguments, so `slice` turns `[]` into `[0]`).
  const out: PropertyKey[] = [];
  for (let i = 0; i < path.length && i < 256; i++) {
    const segment: unknown = path[i];
    const key = typeof segment === 'object' && segment !== null ? read(segment, 'key') : segment;
    out.push(typeof key === 'string' || typeof key === 'number' || typeof key === 'symbol' ? key : String(key));
  }
  return out;
}

/** `['items', 0, 'quantity']` → `items[0].quantity`, as TypeBox paths read (a numeric key is an index). */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    const text = typeof segment === 'symbol' ? segment.toString() : String(segment);
    if (typeof segment === 'number' || /^\d+$/.test(text)) out += `[${text}]`;
    else out += out === '' ? text : `.${text}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = read(value, key);
  return value;
}

/** Whether the path names a property its object lacks (or holds undefined, which JSON cannot send). */
function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(input, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return false;
  return read(parent, path[path.length - 1] as PropertyKey) === undefined;
}
