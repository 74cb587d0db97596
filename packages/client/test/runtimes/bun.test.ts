import { clientSuiteOn } from './client-suite';

clientSuiteOn('bun');
