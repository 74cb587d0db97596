/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// The packed-package test (test/pack): apart from `pnpm test:unit` because it needs a build and the npm registry.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test'],
  moduleNameMapper: {},
  testTimeout: 120_000,
};

export default config;
