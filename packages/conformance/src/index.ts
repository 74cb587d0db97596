export { type AdapterUnderTest, ROUTES, type RunningApp } from './adapter';
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
export { type PackageShape, runPackageShape } from './package-shape';
export { normalizeBody, runConformance } from './suite';
export { runValidationConformance } from './validation-suite';
