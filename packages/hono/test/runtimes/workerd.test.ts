import { runConformance, runInputLimitsConformance, runValidationConformance } from '@errata/conformance';
import { honoOn } from './runtimes';

const adapter = honoOn('workerd');
runConformance(adapter);
runValidationConformance(adapter);
runInputLimitsConformance(adapter);
