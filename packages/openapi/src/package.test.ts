import { runPackageShape } from '@errata/conformance';

// The CLI (run-cli.ts, cli.ts) uses node: built-ins; the generators themselves are runtime-free.
runPackageShape({
  name: '@errata/openapi',
  dir: __dirname,
  allowedImports: /^(@errata\/core|@sinclair\/typebox|statuses|node:(fs|fs\/promises|path|url|util))$/,
});
