import { clientSuiteOn } from './client-suite';

clientSuiteOn('workerd');
