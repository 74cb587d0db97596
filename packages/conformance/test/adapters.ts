/**
 * Every adapter's fixture app as an AdapterUnderTest, for suites that run against all of them from this package.
 * The fixture apps are each adapter's test support; this is the one place that knows where they live.
 */
import express from 'express';
import express4 from 'express4';
import { type ExpressModule, startExpressFixture } from '../../express/test/fixture-app';
import { startFastifyFixture } from '../../fastify/test/fixture-app';
import { startHonoFixture } from '../../hono/test/fixture-app';
import type { AdapterUnderTest } from '../src/adapter';

export const ADAPTERS: readonly AdapterUnderTest[] = [
  { name: 'express 5', start: (options) => startExpressFixture(express, options) },
  { name: 'express 4', start: (options) => startExpressFixture(express4 as unknown as ExpressModule, options) },
  { name: 'fastify 5', start: startFastifyFixture },
  { name: 'hono', start: startHonoFixture },
];
