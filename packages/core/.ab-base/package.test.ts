import { runPackageShape } from '@errata/conformance';

// Runtime-free: no `node:` built-ins in anything Hono on Workers, Bun or Deno would load.
runPackageShape({
  name: '@errata/core',
  dir: __dirname,
  allowedImports: /^(@sinclair\/typebox(\/(compiler|errors|value))?|@standard-schema\/spec|statuses|negotiator)$/,
});
