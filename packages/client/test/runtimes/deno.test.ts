import { clientSuiteOn } from './client-suite';

clientSuiteOn('deno');
