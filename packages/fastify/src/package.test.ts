import { runPackageShape } from '@errata/conformance';

runPackageShape({
  name: '@errata/fastify',
  dir: __dirname,
  allowedImports: /^(@errata\/core(\/adapter)?|fastify|fastify-plugin|@sinclair\/typebox|node:stream)$/,
});
