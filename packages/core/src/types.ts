import type { Static, TSchema } from '@sinclair/typebox';

/** One failing field of a validation error, the same in every framework. */
export interface Detail {
  /** Request part and path, e.g. `query.symbol`, `body.items[0].quantity`, `headers.x-api-key`. */
  field: string;
  /** A sentence for humans, e.g. `must be one of: BTCUSDT, ETHUSDT`. Never echoes the rejected value. */
  message: string;
  /** The failed constraint: `required`, `type`, `enum`, `minimum`, `maximum`, `pattern`, … */
  rule: string;
}

/** The params a code carries: the static type of its TypeBox schema, or `undefined` when it declares none. */
export type ParamsOf<P> = [P] extends [TSchema] ? Static<P> : undefined;

/** How one code is declared in a catalog. */
export interface ErrorDefinition<P = unknown> {
  /** HTTP status, an integer in 400–599. */
  status: number;
  /** The public message: a string, or a function of the params. */
  message: string | ((params: ParamsOf<P>) => string);
  /** A longer explanation for docs and the catalog endpoint. */
  description?: string;
  /** Short static summary for listings when `message` is a function (defaults to the humanised code). */
  title?: string;
  /** TypeBox schema of the params this code carries; they reach the client as `params`. */
  params?: P;
  /** Whether the client may retry the same request later. */
  retryable?: boolean;
  /** Response headers derived from the params (e.g. `Retry-After`). Values are validated before they are sent. */
  headers?: (params: ParamsOf<P>) => Record<string, string>;
  /** Capture a stack trace when created. Default: only for 5xx (and per the catalog's `captureStack`). */
  stack?: boolean;
}

/** Options accepted by every error factory. */
export interface ErrataErrorOptions {
  /** Replaces the catalog message, for 4xx only: a 5xx always answers with its catalog message. */
  message?: string;
  /** Field-level details (validation). */
  details?: readonly Detail[];
  /** The underlying error, kept for logs; never sent to the client. */
  cause?: unknown;
}

/** A normalised problem: what errata knows about a failure, before it is formatted. Safe to log, not to send. */
export interface Problem {
  status: number;
  code: string;
  /** The public message (already masked for 5xx). */
  message: string;
  /** Whether the message came from the thrower (exposed) rather than the catalog. */
  expose: boolean;
  details: readonly Detail[] | undefined;
  params: Readonly<Record<string, unknown>> | undefined;
  /** Response headers, already filtered and validated. */
  headers: Readonly<Record<string, string>>;
  retryable: boolean;
  /** The original thrown value, for logging only. */
  cause: unknown;
}

/** The fields of a problem that may be sent to a client; what formatters receive. */
export interface PublicProblem {
  status: number;
  code: string;
  message: string;
  details: readonly Detail[] | undefined;
  params: Readonly<Record<string, unknown>> | undefined;
  retryable: boolean;
}

/** An HTTP response computed by core; adapters write it as is. `body` is already serialised. */
export interface ErrataResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
