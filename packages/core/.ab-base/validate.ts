import { Kind, type Static, type TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import {
  finishDetails,
  isEnumSchema,
  joinField,
  MAX_DETAILS,
  pointerParts,
  type RequestPart,
  ruleMessage,
  withExpected,
} from './details';
import {
  copyInput,
  type InputLimits,
  inputLimitDetail,
  inputState,
  resolveInputLimits,
  withoutNamelessParam,
} from './input-limits';
import type { Detail } from './types';

/** The outcome of validating one part of a request. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; details: Detail[] };

/** A compiled validator for one request part; reuse it, never compile per request. */
export type Validator<T> = (value: unknown) => ValidationResult<T>;

export interface ValidatorOptions extends Partial<InputLimits> {
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
    const { path, segments } = pointerParts(error.path);
    const detail: Detail = {
      field: joinField(location, path),
      message: ruleMessage(rule, error.schema),
      rule,
      path: [location, ...segments],
    };
    details.push(withExpected(detail, rule, error.schema));
  }
  return finishDetails(details, max);
}

/** Whether this runtime lets TypeBox generate code; learnt from the first compile. */
let codeGeneration: boolean | undefined;

/**
 * TypeBox's compiled check, or, where generating code from strings is forbidden (workerd, Vercel's edge runtime:
 * `new Function` throws EvalError), its dynamic Value.Check. Errors are listed by the same dynamic iterator either
 * way (TypeCheck.Errors is Value.Errors), so details are the same byte for byte.
 */
function compileCheck<S extends TSchema>(schema: S): Pick<TypeCheck<S>, 'Check' | 'Errors'> {
  if (codeGeneration !== false) {
    try {
      const compiled = TypeCompiler.Compile(schema);
      codeGeneration = true;
      return compiled;
    } catch (error) {
      if (!isCodeGenerationRefused(error)) throw error;
      codeGeneration = false;
    }
  }
  return {
    Check: (value): value is Static<S> => {
      try {
        return Value.Check(schema, value);
      } catch {
        return false; // Value.Check of an Intersect with unevaluatedProperties throws on null; the compiled check says false
      }
    },
    Errors: (value) => Value.Errors(schema, value),
  };
}

function isCodeGenerationRefused(error: unknown): boolean {
  return error instanceof EvalError || (error instanceof Error && error.name === 'EvalError');
}

const cache = new WeakMap<TSchema, Map<string, Validator<unknown>>>();

/**
 * Compiles (once per schema, location and options) a validator that coerces, applies defaults and checks. A part
 * nested deeper than `maxDepth` or holding more than `maxValues` values is refused before any schema work, with one
 * detail `{ field: location, rule: 'maxDepth' | 'maxValues' }`.
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
  const limits = resolveInputLimits(options);
  const key = `${location}|${coerce}|${max}|${limits.maxDepth}|${limits.maxValues}`;
  let bySchema = cache.get(schema);
  const cached = bySchema?.get(key);
  if (cached) return cached as Validator<Static<S>>;
  const check = compileCheck(schema);
  // Convert leaves a value that already passes the check as it is (a union keeps the variant it matches), and so does
  // Default when the schema has none: then the check alone decides, on a copy of the input.
  const convertKeeps = !convertMayChange(schema);
  const defaultKeeps = convertKeeps && !hasDefault(schema);
  const defaults = defaultMayChange(schema);
  const validator: Validator<Static<S>> = (input) => {
    const copied = inputState(limits);
    let value = copyInput(location === 'query' ? withoutNamelessParam(input) : input, 0, copied);
    // TypeBox walks values recursively: a deeper or bigger part never reaches it.
    if (copied.broken !== undefined) return { ok: false, details: [inputLimitDetail(copied.broken, location, limits)] };
    if (copied.exotic) {
      value = Value.Clone(value); // the walk copied plain data only; Value.Clone copies the rest (Dates, instances…)
      if (coerce) value = keepLossy(value, convert(schema, value, Value.Clone(value))); // Convert mutates its input
    } else if (!(convertKeeps && check.Check(value))) {
      if (coerce) value = keepLossy(value, convert(schema, value, copyInput(value, 0, inputState(limits))));
    } else if (defaultKeeps) {
      return { ok: true, value };
    }
    if (defaults) value = Value.Default(schema, value);
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

/**
 * Value.Convert on `copy` (which it mutates), or `value` unconverted when Convert cannot finish: on a recursive array
 * schema it wraps a non-array in an array without end (`Type.Recursive((This) => Type.Array(This))` and `'x'`
 * overflow the stack). The check then reports the unconverted value.
 */
function convert(schema: TSchema, value: unknown, copy: unknown): unknown {
  try {
    return Value.Convert(schema, copy);
  } catch (error) {
    if (error instanceof RangeError) return value;
    throw error;
  }
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

/**
 * Whether Value.Default could return anything but its input: a `default` anywhere, or a kind it rebuilds values for
 * even without one (an Intersect spreads its parts into a new object, an array included; a Tuple fills missing items
 * with `undefined`; a reference is resolved). Otherwise the call is skipped: one walk less on every validation.
 */
function defaultMayChange(schema: unknown, seen = new Set<unknown>()): boolean {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
  seen.add(schema);
  const kind = (schema as { [Kind]?: unknown })[Kind];
  if (kind === 'Intersect' || kind === 'Tuple' || kind === 'Ref' || kind === 'This' || kind === 'Import') return true;
  return Object.hasOwn(schema, 'default') || Object.values(schema).some((child) => defaultMayChange(child, seen));
}

/** Whether a schema has a `default` anywhere (a property named "default" counts too: merely slower, never wrong). */
function hasDefault(schema: unknown, seen = new Set<unknown>()): boolean {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return false;
  seen.add(schema);
  return Object.hasOwn(schema, 'default') || Object.values(schema).some((child) => hasDefault(child, seen));
}
