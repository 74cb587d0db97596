import { type RequestPart, ruleMessage } from './details';
import type { Detail } from './types';

/** How deep and how big one request part may be before validation refuses it without looking further. */
export interface InputLimits {
  /** Most nested objects and arrays (`{}` and `[1]` are 1 level, `[[1]]` is 2). Default 64. */
  maxDepth: number;
  /** Most values in all: every object, array, key's value and item counts, the part itself too. Default 100 000. */
  maxValues: number;
}

/**
 * 64 levels is far beyond any real API payload (Ruby's JSON parser stops at 100) and far below what TypeBox's
 * recursive walks survive (its error iterator exhausts Node's default stack near 900 levels of arrays). 100 000
 * values is more than a 100 KiB body (express.json's default limit) can hold, and bounds the work of a part whose
 * framework set no body limit (Hono sets none).
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 64, maxValues: 100_000 };

/** Which limit a value broke, if any. */
export type InputLimitRule = keyof InputLimits;

/** The walk's running state: what it met, and the first limit broken. */
export interface InputState {
  readonly limits: InputLimits;
  /** Values met so far. */
  values: number;
  /** Met a value the copy does not copy as Value.Clone would (or Convert would change though it checks). */
  exotic: boolean;
  /** Met a key a copy drops (see `isPoisonKey`). */
  poisoned: boolean;
  broken: InputLimitRule | undefined;
}

export function inputState(limits: InputLimits): InputState {
  return { limits, values: 0, exotic: false, poisoned: false, broken: undefined };
}

/**
 * A key no copy of the input keeps, as Fastify's JSON parser (secure-json-parse with `onProtoPoisoning` and
 * `onConstructorPoisoning: 'remove'`) drops it: an own `__proto__` (JSON.parse makes them), and a `constructor` holding
 * a `prototype`. Dropping them everywhere makes every adapter see the same body.
 */
function isPoisonKey(object: Record<string, unknown>, key: string): boolean {
  if (key === '__proto__') return true;
  if (key !== 'constructor') return false;
  const value = object[key];
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype');
}

/**
 * Copies plain objects and arrays, dropping the keys `isPoisonKey` names so no copy of the input can end up with a
 * poisoned prototype, and stops at the first broken limit (then `state.broken` says which, and the
 * returned value is not to be used). Anything else that is not a primitive, and -0 (Convert turns it into 0), mark
 * the copy exotic; exotic objects are measured, not copied. Recursion is bounded by `maxDepth`.
 */
export function copyInput(value: unknown, depth: number, state: InputState): unknown {
  if (state.broken !== undefined) return value;
  if (++state.values > state.limits.maxValues) {
    state.broken = 'maxValues';
    return value;
  }
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || (value === 0 && 1 / value < 0)) state.exotic = true;
    return value;
  }
  if (depth >= state.limits.maxDepth) {
    state.broken = 'maxDepth';
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) state.exotic = true;
    return value.map((item) => copyInput(item, depth + 1, state));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    state.exotic = true;
    measureChildren(value, depth, state);
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (isPoisonKey(value as Record<string, unknown>, key)) continue;
    out[key] = copyInput((value as Record<string, unknown>)[key], depth + 1, state);
  }
  return out;
}

/**
 * A query parameter without a name (`?=x`) is no parameter: Hono's parser drops it, Express's and Fastify's keep it
 * under `""`. Validators see the query without it (a shallow copy; the request keeps its own), so every adapter
 * validates and hands on the same query.
 */
export function withoutNamelessParam(query: unknown): unknown {
  if (typeof query !== 'object' || query === null || !Object.hasOwn(query, '')) return query;
  const { '': _nameless, ...named } = query as Record<string, unknown>;
  return named;
}

/** Counts a value and what it holds against the limits, the way Value.Clone walks it. */
function measure(value: unknown, depth: number, state: InputState): void {
  if (state.broken !== undefined) return;
  if (++state.values > state.limits.maxValues) {
    state.broken = 'maxValues';
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= state.limits.maxDepth) {
    state.broken = 'maxDepth';
    return;
  }
  measureChildren(value, depth, state);
}

function measureChildren(value: object, depth: number, state: InputState): void {
  if (value instanceof Date || ArrayBuffer.isView(value)) return; // copied whole, never walked
  if (value instanceof Map || value instanceof Set) {
    for (const entry of value.entries()) measure(entry, depth + 1, state);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) measure(item, depth + 1, state);
    return;
  }
  const plain = Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (plain && !state.poisoned && isPoisonKey(value as Record<string, unknown>, key)) state.poisoned = true;
    measure((value as Record<string, unknown>)[key], depth + 1, state);
  }
  for (const key of Object.getOwnPropertySymbols(value))
    measure((value as Record<symbol, unknown>)[key], depth + 1, state);
}

/** The detail for a broken limit: the whole part is refused, so `field` is the part itself. */
export function inputLimitDetail(rule: InputLimitRule, location: RequestPart, limits: InputLimits): Detail {
  return { field: location, message: ruleMessage(rule, { [rule]: limits[rule] }), rule };
}

/** Fills in and checks the limits of validator options. */
export function resolveInputLimits(options: Partial<InputLimits>): InputLimits {
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULT_INPUT_LIMITS.maxDepth,
    maxValues: options.maxValues ?? DEFAULT_INPUT_LIMITS.maxValues,
  };
  for (const [name, limit] of Object.entries(limits)) {
    if (!(Number.isInteger(limit) && limit >= 1) && limit !== Number.POSITIVE_INFINITY) {
      throw new TypeError(`errata: ${name} must be a positive integer or Infinity, got ${String(limit)}`);
    }
  }
  return limits;
}

/**
 * Whether a value (a parsed body, a query object) stays within the depth and size limits validation applies; for
 * request parts an app reads without a validator. Walks the value once, never deeper than `maxDepth`.
 * @example const detail = checkInputLimits(JSON.parse(text), 'body'); if (detail) throw errors.VALIDATION_ERROR({ details: [detail] })
 */
export function checkInputLimits(
  value: unknown,
  location: RequestPart,
  options: Partial<InputLimits> = {},
): Detail | undefined {
  const limits = resolveInputLimits(options);
  const state = inputState(limits);
  measure(value, 0, state);
  return state.broken === undefined ? undefined : inputLimitDetail(state.broken, location, limits);
}

/** A request part within the limits (without the keys `isPoisonKey` names), or the detail of the limit it broke. */
export type ScreenedInput = { ok: true; value: unknown } | { ok: false; detail: Detail };

/**
 * Checks a request part no validator reads (a parsed body, a query object) against the limits, and drops the keys a
 * validator's copy drops (`__proto__`, a `constructor` holding a `prototype`), so a route without a validator sees
 * the same value in every adapter. The value comes back as it was, unless it held such a key (then a copy).
 */
export function screenInput(value: unknown, location: RequestPart, limits: InputLimits): ScreenedInput {
  const state = inputState(limits);
  measure(value, 0, state);
  if (state.broken !== undefined) return { ok: false, detail: inputLimitDetail(state.broken, location, limits) };
  return { ok: true, value: state.poisoned ? copyInput(value, 0, inputState(limits)) : value };
}
