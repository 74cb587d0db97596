import type { Static, TOptional, TSchema } from '@sinclair/typebox';

/** A JSON primitive, as a detail's `expected` holds it. */
export type DetailValue = string | number | boolean | null;

/** One failing field of a validation error, the same in every framework. */
export interface Detail {
  /** Request part and path, e.g. `query.symbol`, `body.items[0].quantity`, `headers.x-api-key`. */
  field: string;
  /** A sentence for humans, e.g. `must be one of: BTCUSDT, ETHUSDT`. Never echoes the rejected value. */
  message: string;
  /** The failed constraint: `required`, `type`, `enum`, `minimum`, `maximum`, `pattern`, … */
  rule: string;
  /**
   * `field` as segments, request part first, array indexes as numbers: `['body', 'items', 0, 'quantity']`. For
   * formatters that render another shape (a `loc` array, a field without its part); errata's own formats leave it out.
   */
  path?: readonly (string | number)[];
  /**
   * The value of the failed constraint in the schema: the allowed values (`enum`, `const`), the bound (`minimum`,
   * `maxLength`, …), the type name(s) (`type`), the `pattern` or `format`. Absent for `required` and other rules that
   * have none. For formatters that write their own messages; errata's own formats leave it out.
   */
  expected?: DetailValue | readonly DetailValue[];
}

/**
 * The params a code carries: the static type of its TypeBox schema, or `undefined` when it declares none; a schema
 * wrapped in `Type.Optional(…)` may also be left out (`undefined`).
 */
export type ParamsOf<P> = [P] extends [TOptional<TSchema>]
  ? Static<P> | undefined
  : [P] extends [TSchema]
    ? Static<P>
    : undefined;

/** How one code is declared in a catalog. */
export interface ErrorDefinition<P = unknown> {
  /** HTTP status, an integer in 400–599; the default when the code has several `statuses`. */
  status: number;
  /**
   * Every status this code may be answered with, when it has more than one (`UPSTREAM_ERROR` as 502, 503 or 504); it
   * must include `status`. A throw picks one with the factory's `status` option.
   */
  statuses?: readonly number[];
  /** The public message: a string, or a function of the params. */
  message: string | ((params: ParamsOf<P>) => string);
  /** A longer explanation for docs and the catalog endpoint. */
  description?: string;
  /**
   * A short summary of the code. Formatters receive it as `problem.title` (default: the status's reason phrase, e.g.
   * `Bad Request`); listings use it as the message of a code whose message is a function (default: the humanised code).
   */
  title?: string;
  /**
   * TypeBox schema of the params this code carries; they reach the client as `params`. Wrap it in `Type.Optional(…)`
   * when some throws have none to give (the factory's params may then be left out, and no `params` are sent).
   */
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
  /** One of the code's declared `statuses` (default: its `status`); any other throws a TypeError. */
  status?: number;
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
  /** The code's `title`, or the status's reason phrase (`Bad Request`, `Too Many Requests`). */
  title: string;
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
