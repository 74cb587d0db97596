import { runPackageShape } from '@errata/conformance';

runPackageShape({
  name: '@errata/express',
  dir: __dirname,
  allowedImports: /^(@errata\/core(\/adapter)?|express|ws|type-is|@sinclair\/typebox|node:(http|stream))$/, // Express is Node-only; type-is matches types as express.json() does
});
