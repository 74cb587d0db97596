import { Kind, type Static, type TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import {
  finishDetails,
  isEnumSchema,
  joinField,
  MAX_DETAILS,
  pointerToPath,
  pointerToSegments,
  type RequestPart,
  ruleMessage,
  withExpected,
} from './details';
import type { Detail } from './types';

/** The outcome of validating one part of a request. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; details: Detail[] };

/** A compiled validator for one request part; reuse it, never compile per request. */
export type Validator<T> = (value: unknown) => ValidationResult<T>;

export interface ValidatorOptions {
  /** Convert strings to the schema's numbers and booleans. Default: on for query, params, headers; off for body. */
  coerce?: boolean;
  /** Most details reported. Default 50. */
  maxDetails?: number;
}

const RULES: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.ObjectRequiredProperty]: 'required',
  [ValueErrorType.ObjectAdditionalProperties]: 'additionalProperties',
  [ValueErrorType.IntersectUnevaluatedProperties]: 'additionalProperties',
  [ValueErrorType.Literal]: 'const',
  [ValueErrorType.NumberMinimum]: 'minimum',
  [ValueErrorType.IntegerMinimum]: 'minimum',
  [ValueErrorType.NumberMaximum]: 'maximum',
  [ValueErrorType.IntegerMaximum]: 'maximum',
  [ValueErrorType.NumberExclusiveMinimum]: 'exclusiveMinimum',
  [ValueErrorType.IntegerExclusiveMinimum]: 'exclusiveMinimum',
  [ValueErrorType.NumberExclusiveMaximum]: 'exclusiveMaximum',
  [ValueErrorType.IntegerExclusiveMaximum]: 'exclusiveMaximum',
  [ValueErrorType.NumberMultipleOf]: 'multipleOf',
  [ValueErrorType.IntegerMultipleOf]: 'multipleOf',
  [ValueErrorType.StringMinLength]: 'minLength',
  [ValueErrorType.StringMaxLength]: 'maxLength',
  [ValueErrorType.StringPattern]: 'pattern',
  [ValueErrorType.StringFormat]: 'format',
  [ValueErrorType.StringFormatUnknown]: 'format',
  [ValueErrorType.ArrayMinItems]: 'minItems',
  [ValueErrorType.ArrayMaxItems]: 'maxItems',
  [ValueErrorType.ArrayUniqueItems]: 'uniqueItems',
  [ValueErrorType.ObjectMinProperties]: 'minProperties',
  [ValueErrorType.ObjectMaxProperties]: 'maxProperties',
  [ValueErrorType.String]: 'type',
  [ValueErrorType.Number]: 'type',
  [ValueErrorType.Integer]: 'type',
  [ValueErrorType.Boolean]: 'type',
  [ValueErrorType.Object]: 'type',
  [ValueErrorType.Array]: 'type',
  [ValueErrorType.Null]: 'type',
  [ValueErrorType.BigInt]: 'type',
  [ValueErrorType.Date]: 'type',
  [ValueErrorType.Tuple]: 'type',
};

/** The rule a TypeBox error stands for. */
function ruleOf(error: ValueError): string {
  if (error.type === ValueErrorType.Union) return isEnumSchema(error.schema) ? 'enum' : 'anyOf';
  return RULES[error.type] ?? 'invalid';
}

/**
 * Maps TypeBox value errors to errata details: `field` is location + path, `rule` the failed constraint.
 * @example typeboxErrorsToDetails(check.Errors(value), 'query')
 */
export function typeboxErrorsToDetails(
  errors: Iterable<ValueError>,
  location: RequestPart,
  max = MAX_DETAILS,
): Detail[] {
  const details: Detail[] = [];
  let seen = 0;
  for (const error of errors) {
    if (++seen > max * 4) break; // TypeBox may yield several errors per field; enough to fill the cap
    const rule = ruleOf(error);
    const detail: Detail = {
      field: joinField(location, pointerToPath(error.path)),
      message: ruleMessage(rule, error.schema),
      rule,
      path: [location, ...pointerToSegments(error.path)],
    };
    details.push(withExpected(detail, rule, error.schema));
  }
  return finishDetails(details, max);
}

const cache = new WeakMap<TSchema, Map<string, Validator<unknown>>>();

/**
 * Compiles (once per schema, location and options) a validator that coerces, applies defaults and checks.
 * @example const query = compileValidator(Type.Object({ limit: Type.Integer() }), 'query'); query({ limit: '5' })
 */
export function compileValidator<S extends TSchema>(
  schema: S,
  location: RequestPart,
  options: ValidatorOptions = {},
): Validator<Static<S>> {
  assertTypeBox(schema);
  const coerce = options.coerce ?? location !== 'body';
  const max = options.maxDetails ?? MAX_DETAILS;
  const key = `${location}|${coerce}|${max}`;
  let bySchema = cache.get(schema);
  const cached = bySchema?.get(key);
  if (cached) return cached as Validator<Static<S>>;
  const check: TypeCheck<S> = TypeCompiler.Compile(schema);
  // Convert leaves a value that already passes the check as it is (a union keeps the variant it matches), and so does
  // Default when the schema has none: then the check alone decides, on a copy of the input.
  const convertKeeps = !convertMayChange(schema);
  const defaultKeeps = convertKeeps && !hasDefault(schema);
  const validator: Validator<Static<S>> = (input) => {
    const copied: CopyState = { exotic: false };
    let value = withoutProtoKeys(input, 0, copied);
    if (copied.exotic) {
      value = Value.Clone(value); // the walk copied plain data only; Value.Clone copies the rest (Dates, instances…)
      if (coerce) value = keepLossy(value, Value.Convert(schema, Value.Clone(value))); // Convert mutates its input
    } else if (!(convertKeeps && check.Check(value))) {
      if (coerce) value = keepLossy(value, Value.Convert(schema, withoutProtoKeys(value, 0, copied)));
    } else if (defaultKeeps) {
      return { ok: true, value };
    }
    value = Value.Default(schema, value);
    if (check.Check(value)) return { ok: true, value };
    return { ok: false, details: typeboxErrorsToDetails(check.Errors(value), location, max) };
  };
  if (!bySchema) {
    bySchema = new Map();
    cache.set(schema, bySchema);
  }
  bySchema.set(key, validator as Validator<unknown>);
  return validator;
}

/**
 * Fails at registration, with the fix, for a schema TypeBox 0.34 cannot compile: one made by the `typebox` 1.x package
 * (`@fastify/type-provider-typebox` 6 re-exports it) carries `~kind` instead of the `Kind` symbol.
 */
function assertTypeBox(schema: unknown): void {
  if (typeof schema === 'object' && schema !== null && Kind in schema) return;
  if (typeof schema === 'object' && schema !== null && '~kind' in schema) {
    throw new TypeError(
      'errata: this schema was made by the `typebox` 1.x package, but errata validates with `@sinclair/typebox` 0.34. Import `Type` from "@sinclair/typebox" (and use @fastify/type-provider-typebox 5.x, which re-exports it).',
    );
  }
  throw new TypeError('errata: compileValidator takes a TypeBox schema (made with `Type` from "@sinclair/typebox").');
}

const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * TypeBox's Convert is lossy ('1.5' → 1 for an integer, '0x10' → 16): a string becomes a number only when it is a
 * plain decimal that says exactly that number; otherwise the string stays, and the check reports the type.
 */
function keepLossy(input: unknown, converted: unknown): unknown {
  if (typeof input === 'string') {
    return typeof converted === 'number' && !(DECIMAL.test(input) && Number(input) === converted) ? input : converted;
  }
  if (Array.isArray(input) && Array.isArray(converted)) return converted.map((item, i) => keepLossy(input[i], item));
  if (typeof input !== 'object' || input === null || typeof converted !== 'object' || converted === null)
    return converted;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(converted))
    out[key] = keepLossy((input as Record<string, unknown>)[key], item);
  return out;
}

interface CopyState {
  /** Met a value the walk does not copy as Value.Clone would (or Convert would change though it checks): see below. */
  exotic: boolean;
}

/**
 * Drops own `__proto__` keys (JSON.parse makes them) so no copy of the input can end up with a poisoned prototype.
 * Plain objects and arrays are copied; anything else that is not a primitive, anything deeper than 64 levels, and -0
 * (Convert turns it into 0) mark the copy exotic.
 */
function withoutProtoKeys(value: unknown, depth: number, state: CopyState): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || (value === 0 && 1 / value < 0)) state.exotic = true;
    return value;
  }
  if (depth > 64) {
    state.exotic = true;
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) state.exotic = true;
    return value.map((item) => withoutProtoKeys(item, depth + 1, state));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    state.exotic = true;
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    out[key] = withoutProtoKeys((value as Record<string, unknown>)[key], depth + 1, state);
  }
  return out;
}

/**
 * Whether Convert could change a value that already passes the check: through a reference (Ref, This, Import), or
 * a Record not keyed by every string (Convert turns the values under its other keys into its value type).
 */
function convertMayChange(schema: unknown, seen = new Set<unknown>()): boolean {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
  seen.add(schema);
  const kind = (schema as { [Kind]?: unknown })[Kind];
  if (kind === 'Ref' || kind === 'This' || kind === 'Import') return true;
  const patterns = (schema as { patternProperties?: object }).patternProperties;
  if (kind === 'Record' && Object.keys(patterns ?? {}).join() !== '^(.*)$') return true;
  return Object.values(schema).some((child) => convertMayChange(child, seen));
}

/** Whether a schema has a `default` anywhere (a property named "default" counts too: merely slower, never wrong). */
function hasDefault(schema: unknown, seen = new Set<unknown>()): boolean {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
  seen.add(schema);
  return Object.hasOwn(schema, 'default') || Object.values(schema).some((child) => hasDefault(child, seen));
}
