import { docsModel } from './docs-model';
import type { ComponentsOptions, OpenApiObject } from './types';

/**
 * errata's OpenAPI 3.1 components for a catalog: `schemas` (the envelope, problem details, one `Error_<CODE>` per
 * code with its params, `ErrorObject` — their union, discriminated on `code`), `responses` (one `Error<status>` per
 * status, an example per code) and `headers` (`X-Request-Id`, and what the codes send: `Retry-After`, `Allow`, …).
 * @example const components = buildComponents({ catalog: errors, problemDetails: true })
 */
export function buildComponents(options: ComponentsOptions): {
  schemas: OpenApiObject;
  responses: OpenApiObject;
  headers: OpenApiObject;
} {
  return docsModel(options).components;
}
