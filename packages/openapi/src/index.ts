export { buildComponents } from './build-components';
export { buildDocument, type DocumentOptions } from './build-document';
export { clientAdvice } from './client-advice';
export { type MergeOptions, mergeDocument } from './merge-document';
export { openApiPath } from './open-api-path';
export { type ErrorReferenceOptions, renderErrorReference } from './render-error-reference';
export { type SwaggerRouteArgs, swaggerTransforms } from './swagger-transforms';
export type {
  CodeExample,
  ComponentsOptions,
  HeaderDescription,
  JsonSchema,
  OpenApiObject,
  RouteDescription,
} from './types';
