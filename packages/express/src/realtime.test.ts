import { runRealtimeConformance } from '@errata/conformance';
import express from 'express';
import express4 from 'express4';
import type { ExpressModule } from '../test/fixture-app';
import { startExpressRealtimeFixture } from '../test/realtime-fixture';

for (const [name, expressModule] of [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
] as const) {
  runRealtimeConformance({ name, start: (options) => startExpressRealtimeFixture(expressModule, options) });
}
