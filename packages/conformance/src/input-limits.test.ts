import { ADAPTERS } from '../test/adapters';
import { runInputLimitsConformance } from './input-limits-suite';

for (const adapter of ADAPTERS) runInputLimitsConformance(adapter);
