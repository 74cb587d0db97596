/**
 * The fixture's validation schemas (`schemas` in fixture.ts) written once more in each Standard Schema library, so
 * the validation suite runs every case once per library. Query, params and headers arrive as strings: TypeBox
 * coerces them, a Standard Schema coerces them itself (`z.coerce`, `v.transform`, ArkType's `.parse` keywords).
 */
import type { RequestSchema, StandardSchemaV1 } from '@errata/core';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { schemas } from './fixture';

/** The schema libraries the validation suite runs its cases with; `typebox` is the fixture's own `schemas`. */
export const SCHEMA_LIBRARIES = ['typebox', 'zod', 'zod3', 'valibot', 'arktype'] as const;

export type SchemaLibrary = (typeof SCHEMA_LIBRARIES)[number];

/** The libraries besides TypeBox: each fixture mounts their routes under `/validate/<library>/…`. */
export const STANDARD_LIBRARIES = ['zod', 'zod3', 'valibot', 'arktype'] as const satisfies readonly SchemaLibrary[];

export interface ValidationSchemas<S extends RequestSchema = RequestSchema> {
  query: S;
  params: S;
  headers: S;
  body: S;
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;
const PAIR = /^[A-Z]{2,10}USDT$/;

/** `'true'` / `'false'` as booleans, anything else left for the boolean check to refuse (Zod 3 has no stringbool). */
const queryBoolean = (value: unknown) => (value === 'true' ? true : value === 'false' ? false : value);

export const standardSchemas: { [L in (typeof STANDARD_LIBRARIES)[number]]: ValidationSchemas<StandardSchemaV1> } = {
  zod: {
    query: z.object({
      symbol: z.enum(SYMBOLS),
      limit: z.coerce.number().pipe(z.int().min(1).max(1000)).default(100),
      verbose: z.stringbool().optional(),
    }),
    params: z.object({ symbol: z.string().regex(PAIR) }),
    headers: z.object({ 'x-api-key': z.string().min(6) }),
    body: z.strictObject({
      symbol: z.enum(SYMBOLS),
      side: z.union([z.literal('buy'), z.literal('sell')]),
      quantity: z.number().gt(0),
      leverage: z.int().min(2).max(20).optional(),
      items: z
        .array(z.object({ quantity: z.int().min(1) }))
        .max(100)
        .optional(),
      note: z.string().max(20).optional(),
    }),
  },
  zod3: {
    query: z3.object({
      symbol: z3.enum(SYMBOLS),
      limit: z3.coerce.number().int().min(1).max(1000).default(100),
      verbose: z3.preprocess(queryBoolean, z3.boolean()).optional(),
    }),
    params: z3.object({ symbol: z3.string().regex(PAIR) }),
    headers: z3.object({ 'x-api-key': z3.string().min(6) }),
    body: z3
      .object({
        symbol: z3.enum(SYMBOLS),
        side: z3.union([z3.literal('buy'), z3.literal('sell')]),
        quantity: z3.number().gt(0),
        leverage: z3.number().int().min(2).max(20).optional(),
        items: z3
          .array(z3.object({ quantity: z3.number().int().min(1) }))
          .max(100)
          .optional(),
        note: z3.string().max(20).optional(),
      })
      .strict(),
  },
  valibot: {
    query: v.object({
      symbol: v.picklist(SYMBOLS),
      limit: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(1000)), '100'),
      verbose: v.optional(v.pipe(v.unknown(), v.transform(queryBoolean), v.boolean())),
    }),
    params: v.object({ symbol: v.pipe(v.string(), v.regex(PAIR)) }),
    headers: v.object({ 'x-api-key': v.pipe(v.string(), v.minLength(6)) }),
    body: v.strictObject({
      symbol: v.picklist(SYMBOLS),
      side: v.union([v.literal('buy'), v.literal('sell')]),
      quantity: v.pipe(v.number(), v.gtValue(0)),
      leverage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(20))),
      items: v.optional(
        v.pipe(v.array(v.object({ quantity: v.pipe(v.number(), v.integer(), v.minValue(1)) })), v.maxLength(100)),
      ),
      note: v.optional(v.pipe(v.string(), v.maxLength(20))),
    }),
  },
  arktype: {
    query: type({
      symbol: "'BTCUSDT'|'ETHUSDT'|'SOLUSDT'",
      limit: type('string.integer.parse').to('1<=number<=1000').default('100'),
      'verbose?': type('string').pipe(queryBoolean).to('boolean'),
    }),
    params: type({ symbol: PAIR }),
    headers: type({ 'x-api-key': 'string>=6' }),
    body: type({
      '+': 'reject',
      symbol: "'BTCUSDT'|'ETHUSDT'|'SOLUSDT'",
      side: "'buy'|'sell'",
      quantity: 'number>0',
      'leverage?': '2<=number.integer<=20',
      'items?': type({ quantity: 'number.integer>=1' }).array().atMostLength(100),
      'note?': 'string<=20',
    }),
  },
};

/**
 * The fixture's validation schemas in one library.
 * @example validationSchemas('zod').query
 */
export function validationSchemas(library: SchemaLibrary): ValidationSchemas {
  return library === 'typebox' ? schemas : standardSchemas[library];
}

/**
 * The path of a validation route for a library: TypeBox's routes are `/validate/…`, the others `/validate/<library>/…`.
 * @example validationPath('zod', '/validate/query?symbol=X') // '/validate/zod/query?symbol=X'
 */
export function validationPath(library: SchemaLibrary, path: string): string {
  return library === 'typebox' ? path : path.replace(/^\/validate\//, `/validate/${library}/`);
}

/** The schemas of `POST /validate/all/:symbol` (every part at once), by request part. */
export function allPartsSchemas(library: SchemaLibrary): ValidationSchemas {
  const { params, query, headers, body } = validationSchemas(library);
  return { params, query, headers, body };
}
