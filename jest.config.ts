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
  },
  moduleNameMapper: {
    '^@errata/(core|express|hono|fastify|conformance)$': '<rootDir>/packages/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.scratch/'],
  testTimeout: 30_000,
};

export default config;
