import { errors } from '../test/fixture';
import { buildComponents } from './build-components';
import { buildDocument } from './build-document';

describe('buildComponents', () => {
  it('gives the same components a whole document has, for documents made elsewhere', () => {
    const components = buildComponents({ catalog: errors, problemDetails: true });
    expect(components).toEqual(buildDocument({ catalog: errors, routes: [], problemDetails: true }).components);
    expect(Object.keys(components.responses)).toEqual([
      'Error400',
      'Error401',
      'Error403',
      'Error404',
      'Error405',
      'Error409',
      'Error413',
      'Error415',
      'Error429',
      'Error500',
      'Error503',
      'Error504',
    ]);
    expect(Object.keys(components.headers)).toEqual(['X-Request-Id', 'Allow', 'Retry-After']);
    expect(components.schemas.ErrorEnvelope).not.toHaveProperty('$id');
  });
});
