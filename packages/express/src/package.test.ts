import { runPackageShape } from '@errata/conformance';

runPackageShape({
  name: '@errata/express',
  dir: __dirname,
  allowedImports: /^(@errata\/core(\/adapter)?|express|@sinclair\/typebox|node:http)$/, // Express is Node-only
});
