/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// The conformance suites against fixtures served by other runtimes' binaries (packages/*/test/runtimes).
const config: Config = {
  ...base,
  testMatch: ['<rootDir>/packages/*/test/runtimes/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60_000,
};

export default config;
