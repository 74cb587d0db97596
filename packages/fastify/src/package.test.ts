import { runPackageShape } from '@errata/conformance';

runPackageShape({
  name: '@errata/fastify',
  dir: __dirname,
  allowedImports: /^(@errata\/core|fastify|fastify-plugin|@sinclair\/typebox)$/,
  testSupport: ['fixture-app.ts', 'test-inject.ts'],
});
