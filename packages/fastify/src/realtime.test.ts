import { runRealtimeConformance } from '@errata/conformance';
import { startFastifyRealtimeFixture } from '../test/realtime-fixture';

runRealtimeConformance({ name: 'fastify', start: startFastifyRealtimeFixture });
