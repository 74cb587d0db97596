export { type AdapterUnderTest, ROUTES, type RunningApp } from './adapter';
export { runBodyConformance } from './body-suite';
export {
  BODY_LIMIT,
  catalog,
  catalog422,
  FIXTURE_CONFIGS,
  type FixtureConfig,
  fixtureOptions,
  OK_DATA,
  SECRET,
  Symbols,
  schemas,
  THROWN,
  upstreamMapper,
} from './fixture';
export { runInputLimitsConformance } from './input-limits-suite';
export { type ObservedResponse, openApiResponseChecker } from './openapi-responses';
export { type PackageShape, runPackageShape } from './package-shape';
export {
  API_KEY,
  Command,
  eventProducer,
  liveSockets,
  MESSAGE_LIMIT,
  REALTIME_ROUTES,
  socketHandlers,
} from './realtime-fixture';
export { runRealtimeConformance } from './realtime-suite';
export {
  allPartsSchemas,
  SCHEMA_LIBRARIES,
  type SchemaLibrary,
  STANDARD_LIBRARIES,
  standardSchemas,
  type ValidationSchemas,
  validationPath,
  validationSchemas,
} from './schema-libraries';
export { normalizeBody, readText, runConformance } from './suite';
export { exchange, runTargetConformance } from './target-suite';
export { typebox1Schema } from './typebox1';
export { runValidationConformance } from './validation-suite';
