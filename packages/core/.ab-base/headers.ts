import { read } from './safe';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e]{0,4096}$/;
const DELTA_SECONDS = /^\d{1,10}$/;

/** Headers errata keeps from errors it did not create (http-errors `headers`, Boom, HTTPException). */
export const DEFAULT_ALLOWED_HEADERS: readonly string[] = ['retry-after', 'www-authenticate', 'allow'];

/**
 * Validates one header: a token name and a value with no control characters (so no header injection).
 * `Retry-After` must be delta-seconds or an HTTP date.
 */
export function isSafeHeader(name: string, value: string): boolean {
  if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return false;
  if (name.toLowerCase() === 'retry-after') return DELTA_SECONDS.test(value) || !Number.isNaN(Date.parse(value));
  return true;
}

/**
 * Copies the headers worth keeping from an untrusted source (a plain object or a `Headers`), lower-cased,
 * keeping only `allowed` names (all names when `allowed` is undefined) with safe values.
 */
export function pickHeaders(source: unknown, allowed: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return out;
  const get = read(source, 'get');
  if (typeof get === 'function') {
    // A web `Headers` (Hono's HTTPException response): ask only for the allowed names.
    for (const name of allowed ?? []) {
      try {
        const value: unknown = get.call(source, name);
        if (typeof value === 'string' && isSafeHeader(name, value)) out[name] = value;
      } catch {
        // a broken Headers object: skip
      }
    }
    return out;
  }
  let keys: string[];
  try {
    keys = Object.keys(source);
  } catch {
    return out;
  }
  for (const key of keys.slice(0, 64)) {
    const name = key.toLowerCase();
    if (allowed !== undefined && !allowed.includes(name)) continue;
    let value = read(source, key);
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (typeof value === 'string' && isSafeHeader(name, value)) out[name] = value;
  }
  return out;
}
