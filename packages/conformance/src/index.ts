export { type AdapterUnderTest, ROUTES, type RunningApp } from './adapter';
export {
  BODY_LIMIT,
  catalog,
  fixtureOptions,
  OK_DATA,
  SECRET,
  Symbols,
  schemas,
  THROWN,
  upstreamMapper,
} from './fixture';
export { type ObservedResponse, openApiResponseChecker } from './openapi-responses';
export { type PackageShape, runPackageShape } from './package-shape';
export { normalizeBody, readText, runConformance } from './suite';
export { runValidationConformance } from './validation-suite';
