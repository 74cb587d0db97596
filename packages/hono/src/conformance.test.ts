import {
  runBodyConformance,
  runConformance,
  runTargetConformance,
  runValidationConformance,
} from '@errata/conformance';
import { startHonoFixture } from '../test/fixture-app';

runConformance({ name: 'hono', start: startHonoFixture });
runValidationConformance({ name: 'hono', start: startHonoFixture });
runTargetConformance({ name: 'hono', start: startHonoFixture });
runBodyConformance({ name: 'hono', start: startHonoFixture });
