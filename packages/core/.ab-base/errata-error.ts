import type { Detail, ErrataErrorOptions } from './types';

/** Brand shared by every copy of errata, so two installed versions still recognise each other's errors. */
export const ERRATA_BRAND: unique symbol = Symbol.for('errata.error') as never;

/** Where an error keeps the TypeBox schema of its params, so only declared params ever reach a client. */
export const PARAMS_SCHEMA: unique symbol = Symbol.for('errata.paramsSchema') as never;

export interface ErrataErrorInit<C extends string, P> extends ErrataErrorOptions {
  code: C;
  status: number;
  /** The catalog's message for these params. */
  catalogMessage: string;
  params: P;
  /** The schema the params were declared with; undeclared keys are dropped from every response. */
  paramsSchema?: unknown;
  headers?: Readonly<Record<string, string>> | undefined;
  retryable?: boolean | undefined;
  captureStack: boolean;
}

/**
 * A typed, throwable error made by a catalog factory. Carries everything errata needs to answer with it.
 * @example throw errors.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] })
 */
export class ErrataError<C extends string = string, P = unknown> extends Error {
  declare readonly [ERRATA_BRAND]: true;
  declare readonly [PARAMS_SCHEMA]?: unknown;
  readonly code: C;
  readonly status: number;
  readonly params: P;
  readonly details: readonly Detail[] | undefined;
  /** The message a client sees: the catalog's, or a 4xx override. */
  readonly publicMessage: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly retryable: boolean;

  constructor(init: ErrataErrorInit<C, P>) {
    const message = init.message ?? init.catalogMessage;
    if (init.captureStack) {
      super(message, init.cause === undefined ? undefined : { cause: init.cause });
    } else {
      // Expected errors are control flow: skipping the stack capture makes them many times cheaper.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      super(message, init.cause === undefined ? undefined : { cause: init.cause });
      Error.stackTraceLimit = limit;
    }
    this.code = init.code;
    this.status = init.status;
    this.params = init.params;
    this.details = init.details;
    this.publicMessage = init.status < 500 && init.message !== undefined ? init.message : init.catalogMessage;
    this.headers = init.headers;
    this.retryable = init.retryable ?? false;
    if (init.paramsSchema !== undefined) {
      Object.defineProperty(this, PARAMS_SCHEMA, { value: init.paramsSchema, enumerable: false });
    }
  }
}
Object.defineProperty(ErrataError.prototype, ERRATA_BRAND, { value: true });
Object.defineProperty(ErrataError.prototype, 'name', { value: 'ErrataError', writable: true, configurable: true });

/**
 * Whether a value is an errata error, from this copy of errata or any other.
 * @example if (isErrataError(err)) log(err.code)
 */
export function isErrataError(value: unknown): value is ErrataError {
  try {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERRATA_BRAND] === true;
  } catch {
    return false; // a revoked Proxy throws on any access
  }
}
