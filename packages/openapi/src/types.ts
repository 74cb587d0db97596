import type { CatalogLike, Detail } from '@errata/core';
import type { TSchema } from '@sinclair/typebox';

/** A JSON Schema (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export type JsonSchema = { [key: string]: unknown };

/** An OpenAPI 3.1 document, or any part of one: plain JSON. */
export type OpenApiObject = { [key: string]: unknown };

/** One route of the API, as the docs see it. Paths use the frameworks' `:param` syntax (or OpenAPI's `{param}`). */
export interface RouteDescription {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  operationId?: string;
  tags?: readonly string[];
  /** Every code the route may answer besides INTERNAL_ERROR, which every route may (and every operation lists). */
  errors: readonly string[];
  /** The success answer: its status (default 200) and the schema of `data` in `{ success: true, data, meta }`. */
  success?: { status?: number; data?: TSchema | JsonSchema; description?: string };
  /** TypeBox (or JSON) schemas of the request parts; path params without a schema are documented as strings. */
  params?: TSchema | JsonSchema;
  query?: TSchema | JsonSchema;
  headers?: TSchema | JsonSchema;
  /** The JSON body; documented as `application/json`. */
  body?: TSchema | JsonSchema;
  /** Names from the `headers` option sent on this route's responses, success and error alike (e.g. rate limits). */
  responseHeaders?: readonly string[];
}

/** A response header the API sends, declared once in the options and listed per route by name. */
export interface HeaderDescription {
  description: string;
  schema?: JsonSchema;
  /** Whether every response that lists it carries it. Default false. */
  required?: boolean;
  /**
   * Also list it, optional, on the shared `components.responses`: they document the answers to paths and methods no
   * operation has (a 404, a 405), which carry it when a middleware before routing sets it (rate limits). Default false.
   */
  onSharedResponses?: boolean;
  /** Codes whose answers never carry it, e.g. `UNAUTHORIZED` when a rate limiter counts only authenticated requests. */
  absentFrom?: readonly string[];
}

/** What a code's example carries, for codes whose params schema has no `examples`. */
export interface CodeExample {
  params?: unknown;
  details?: readonly Detail[];
  message?: string;
}

export interface ComponentsOptions {
  /** The catalog made by `defineErrors`. */
  catalog: CatalogLike;
  /** Also document `application/problem+json` answers (when the errata instance has `problemDetails`). Default false. */
  problemDetails?: boolean;
  /** `type` of problem details, as configured on the errata instance (`problemDetails.typeBase`). */
  problemTypeBase?: string;
  /** The request id header. Default `X-Request-Id`. */
  requestIdHeader?: string;
  /** Response headers routes may list in `responseHeaders`, e.g. `X-RateLimit-Limit`. */
  headers?: Readonly<Record<string, HeaderDescription>>;
  /** Example params, details or message per code (default: from the params schema's `examples`, `default`, `const`). */
  examples?: Readonly<Record<string, CodeExample>>;
}
