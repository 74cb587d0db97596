/**
 * The fixture app of every adapter, as the fuzzer starts them: the one place that knows where they live.
 */
import express from 'express';
import express4 from 'express4';
import { type ExpressModule, startExpressFixture } from '../../../express/test/fixture-app';
import { startFastifyFixture } from '../../../fastify/test/fixture-app';
import { startHonoFixture } from '../../../hono/test/fixture-app';
import type { AdapterUnderTest } from '../adapter';

export const FIXTURE_ADAPTERS: readonly AdapterUnderTest[] = [
  { name: 'express 5', start: (options) => startExpressFixture(express, options) },
  { name: 'express 4', start: (options) => startExpressFixture(express4 as unknown as ExpressModule, options) },
  { name: 'hono', start: startHonoFixture },
  { name: 'fastify 5', start: startFastifyFixture },
];
