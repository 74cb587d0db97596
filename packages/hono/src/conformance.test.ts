import { runConformance, runValidationConformance } from '@errata/conformance';
import { startHonoFixture } from './fixture-app';

runConformance({ name: 'hono', start: startHonoFixture });
runValidationConformance({ name: 'hono', start: startHonoFixture });
