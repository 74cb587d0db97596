import { runRealtimeConformance } from '@errata/conformance';
import { startHonoRealtimeFixture } from '../test/realtime-fixture';

runRealtimeConformance({ name: 'hono', start: startHonoRealtimeFixture });
