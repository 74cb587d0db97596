import { runPackageShape } from '@errata/conformance';

runPackageShape({
  name: '@errata/express',
  dir: __dirname,
  allowedImports: /^(@errata\/core(\/adapter)?|express|ws|@sinclair\/typebox|node:(http|stream))$/, // Express is Node-only
});
