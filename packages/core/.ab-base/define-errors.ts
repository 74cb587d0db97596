import type { Static, TOptional, TSchema } from '@sinclair/typebox';
import { ErrataError, isErrataError, PARAMS_SCHEMA } from './errata-error';
import { STANDARD_CODES, type StandardCode } from './standard-codes';
import type { ErrataErrorOptions, ErrorDefinition, ParamsOf } from './types';

type StandardSchemas = {
  [K in StandardCode]: (typeof STANDARD_CODES)[K] extends { params: infer P extends TSchema } ? P : undefined;
};

/** The factories of errata's standard codes, which every catalog has: adapters and core raise them without casts. */
export type StandardFactories = { readonly [C in StandardCode]: ErrorFactory<C, StandardSchemas[C]> };

/** The factory for one code: params required exactly when the code declares them (and not as `Type.Optional`). */
export type ErrorFactory<C extends string, P> = [P] extends [TOptional<TSchema>]
  ? (params?: Static<P>, options?: ErrataErrorOptions) => ErrataError<C, Static<P> | undefined>
  : [P] extends [TSchema]
    ? (params: Static<P>, options?: ErrataErrorOptions) => ErrataError<C, Static<P>>
    : (options?: ErrataErrorOptions) => ErrataError<C, undefined>;

/** One row of the catalog listing (`GET /meta/errors`, docs, OpenAPI). */
export interface CatalogEntry {
  code: string;
  /** The default status. */
  status: number;
  /** Every status the code may be answered with; only for a code that declares `statuses`. */
  statuses?: number[];
  message: string;
  description: string;
  retryable: boolean;
  /** The params' JSON Schema, or null when the code has none. */
  params: TSchema | null;
}

/** What errata needs of a catalog; every catalog made by `defineErrors` is one, standard codes included. */
export interface CatalogLike extends CatalogBase, StandardFactories {}

interface CatalogBase {
  readonly codes: readonly string[];
  definition(code: string): ErrorDefinition | undefined;
  describe(): CatalogEntry[];
}

export interface CatalogMethods<S extends Record<string, unknown>> extends CatalogBase {
  /** Every code, in declaration order (standard codes first). */
  readonly codes: readonly (keyof S & string)[];
  /** The definition of a code, or undefined. */
  definition(code: string): ErrorDefinition | undefined;
  /** Whether a value is an errata error, optionally of one code; narrows its params. */
  is<C extends keyof S & string>(value: unknown, code: C): value is ErrataError<C, ParamsOf<S[C]>>;
  is(value: unknown): value is ErrataError<keyof S & string, unknown>;
  /** The listing of every code, for a catalog endpoint or generated docs. */
  describe(): CatalogEntry[];
  /** Creates an error by code name (for mappers that pick a code at run time). */
  create<C extends keyof S & string>(
    code: C,
    params: ParamsOf<S[C]>,
    options?: ErrataErrorOptions,
  ): ErrataError<C, ParamsOf<S[C]>>;
}

/** A catalog: a typed factory per code, plus the methods above. */
export type Catalog<S extends Record<string, unknown> = Record<string, unknown>> = {
  readonly [C in keyof S & string]: ErrorFactory<C, S[C]>;
} & CatalogMethods<S>;

/** The user's codes after errata's standard ones; a standard code keeps its params whatever its override says. */
// A standard code's override that leaves out its params must restate them (`params: STANDARD_CODES.X.params`) for the
// catalog to type-check as a CatalogLike; at run time they are kept either way.
type Merged<S> = Flat<Omit<StandardSchemas, keyof S> & S>;
type Flat<T> = { [K in keyof T]: T[K] };

export interface DefineErrorsOptions {
  /** Capture a stack trace for 4xx errors. Default false: expected errors are cheap; 5xx always keep theirs. */
  captureStack?: boolean;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * Declares error codes once and returns a typed factory for each, plus errata's standard codes.
 * @example
 * const errors = defineErrors({
 *   SYMBOL_NOT_FOUND: {
 *     status: 404,
 *     params: Type.Object({ symbol: Type.String() }),
 *     message: (p) => `Symbol ${p.symbol} is not listed.`,
 *   },
 * });
 * throw errors.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT' });
 */
export function defineErrors<S>(
  definitions: { [C in keyof S]: ErrorDefinition<S[C]> },
  options: DefineErrorsOptions = {},
): Catalog<Merged<S>> {
  if ((options as { standard?: unknown }).standard !== undefined) {
    throw new TypeError(
      'errata: the `standard` option is gone: every catalog has the standard codes (override any of them instead)',
    );
  }
  const table = new Map<string, ErrorDefinition>();
  for (const [code, definition] of Object.entries(STANDARD_CODES)) table.set(code, definition as ErrorDefinition);
  for (const [code, own] of Object.entries(definitions as Record<string, ErrorDefinition>)) {
    if (!CODE_PATTERN.test(code)) throw new TypeError(`errata: code "${code}" must be UPPER_SNAKE_CASE`);
    const status = own.status;
    if (!isErrorStatus(status)) {
      throw new TypeError(`errata: code ${code} has status ${String(status)}; it must be an integer in 400–599`);
    }
    if (own.statuses !== undefined && (!own.statuses.every(isErrorStatus) || !own.statuses.includes(status))) {
      throw new TypeError(
        `errata: code ${code} has statuses ${JSON.stringify(own.statuses)}; they must be integers in 400–599 and include its status ${status}`,
      );
    }
    const standard = table.get(code);
    if (standard !== undefined && own.params !== undefined && own.params !== standard.params) {
      throw new TypeError(
        `errata: ${code} is a standard code whose params errata fills in; override its status, message, description, retryable or headers, not its params`,
      );
    }
    // An override keeps what it does not restate (a standard code's params and headers).
    table.set(code, standard === undefined ? own : { ...standard, ...own, params: standard.params });
  }

  const catalog: Record<string, unknown> = {};
  for (const [code, definition] of table) {
    const hasParams = definition.params !== undefined;
    const ErrorClass = hasParams ? declaredErrorClass(definition.params) : ErrataError;
    const create = (params: unknown, errorOptions: ErrataErrorOptions | undefined) => {
      const status = statusOf(code, definition, errorOptions?.status);
      return new ErrorClass({
        code,
        catalogMessage:
          typeof definition.message === 'function' ? definition.message(params as never) : definition.message,
        params,
        headers: definition.headers?.(params as never),
        retryable: definition.retryable,
        captureStack: definition.stack ?? (status >= 500 || options.captureStack === true),
        ...errorOptions,
        status,
      });
    };
    catalog[code] = hasParams
      ? (params: unknown, errorOptions?: ErrataErrorOptions) => create(params, errorOptions)
      : (errorOptions?: ErrataErrorOptions) => create(undefined, errorOptions);
  }

  const methods: CatalogMethods<Record<string, unknown>> = {
    codes: [...table.keys()],
    definition: (code) => table.get(code),
    is: ((value: unknown, code?: string) =>
      isErrataError(value) && (code === undefined ? table.has(value.code) : value.code === code)) as never,
    describe: () =>
      [...table].map(([code, d]) => ({
        code,
        status: d.status,
        ...(d.statuses === undefined ? {} : { statuses: [...d.statuses] }),
        message: typeof d.message === 'string' ? d.message : (d.title ?? humanise(code)),
        description: d.description ?? '',
        retryable: d.retryable ?? false,
        params: (d.params as TSchema | undefined) ?? null,
      })),
    create: (code, params, errorOptions) => {
      const factory = catalog[code] as ((...args: unknown[]) => ErrataError) | undefined;
      if (factory === undefined) throw new TypeError(`errata: unknown code ${code}`);
      return (table.get(code)?.params !== undefined ? factory(params, errorOptions) : factory(errorOptions)) as never;
    },
  };
  return Object.assign(catalog, methods) as never;
}

/**
 * ErrataError with a code's params schema on its prototype, where errata looks for it (PARAMS_SCHEMA): defining it on
 * every error instead costs ~170 ns per error, a third of making one (bench/RESULTS.md). Named ErrataError too, so
 * stacks and `util.inspect` read as before.
 */
function declaredErrorClass(schema: unknown): typeof ErrataError {
  const { ErrataError: Declared } = { ErrataError: class extends ErrataError {} };
  Object.defineProperty(Declared.prototype, PARAMS_SCHEMA, { value: schema });
  return Declared as typeof ErrataError;
}

function isErrorStatus(status: unknown): status is number {
  return Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599;
}

/** The status a throw asked for, which must be one its code declares: a typo must not answer another status. */
function statusOf(code: string, definition: ErrorDefinition, status: number | undefined): number {
  if (status === undefined || status === definition.status) return definition.status;
  if (definition.statuses?.includes(status)) return status;
  throw new TypeError(
    `errata: ${code} cannot be answered with status ${String(status)}; it declares ${JSON.stringify(definition.statuses ?? [definition.status])} (add it to the code's \`statuses\`)`,
  );
}

/** `SYMBOL_NOT_FOUND` → `Symbol not found`. */
function humanise(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
