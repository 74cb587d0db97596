import type { StandardCode } from './standard-codes';
import type { Detail } from './types';

/**
 * What a recogniser of one ecosystem's errors found: a standard code (body parsing, validation…) or a status with
 * what of the error may be public. `toProblem` turns it into a problem with the catalog's definitions.
 */
export type Recognised =
  | { kind: 'standard'; code: StandardCode; details?: Detail[]; validation?: true }
  | { kind: 'status'; status: number; message?: string | undefined; headers?: Record<string, string> };

/** Recognises one ecosystem's errors; `allowed` is the header names foreign errors may pass on. */
export type Recogniser = (error: object, allowed: readonly string[]) => Recognised | undefined;

/** A Map, not an object: a thrown `code` of `constructor` or `__proto__` must find nothing. */
export function codeTable(table: Record<string, StandardCode>): ReadonlyMap<string, StandardCode> {
  return new Map(Object.entries(table));
}
