/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// Tests are transpiled only (ts-jest, isolatedModules); `pnpm typecheck` type-checks the whole workspace once.
// Workspace packages resolve to their sources so tests never need a build first.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/bench'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', target: 'es2022', esModuleInterop: true, isolatedModules: true } },
    ],
    '/node_modules/.+\\.js$': '<rootDir>/jest.esm-transform.cjs',
  },
  // ArkType and its own packages ship ES modules only: they are transformed, the rest of node_modules is not.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/(arktype|arkregex|@ark\\+[^/]+)@|arktype/|arkregex/|@ark/)'],
  moduleNameMapper: {
    '^@errata/core/adapter$': '<rootDir>/packages/core/src/adapter.ts',
    '^@errata/(core|express|hono|fastify|conformance|client|openapi)$': '<rootDir>/packages/$1/src/index.ts',
  },
  // The runtime suites start Bun, Deno and workerd: `pnpm test:runtimes` (jest.runtimes.config.ts) runs them.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/runtimes/', '/\\.scratch/'],
  testTimeout: 30_000,
};

export default config;
