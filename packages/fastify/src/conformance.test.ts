import {
  runBodyConformance,
  runConformance,
  runTargetConformance,
  runValidationConformance,
} from '@errata/conformance';
import { startFastifyFixture } from '../test/fixture-app';

const adapter = { name: 'fastify 5', start: startFastifyFixture };

runConformance(adapter);
runValidationConformance(adapter);
runTargetConformance(adapter);
runBodyConformance(adapter);
