import { catalog } from '@errata/conformance';
import { createErrata } from '@errata/core';
import { withLength } from './write-response';

describe('withLength', () => {
  it('is core’s headers, in their order, then the body’s UTF-8 length', () => {
    const errata = createErrata({ catalog, onError: () => {}, requestId: { header: 'X-Trace' } });
    const request = { requestId: 'trace-1', method: 'GET', path: '/é' };
    const responses = [
      errata.success({ name: 'é😀' }, request),
      errata.respond(catalog.NOT_FOUND(), request),
      errata.notFound(request, ['POST']),
      errata.respond(catalog.RATE_LIMIT_EXCEEDED({ retry_after: 3 }), request),
    ];
    for (const response of responses) {
      const expected = { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) };
      expect(Object.entries(withLength(response))).toEqual(Object.entries(expected));
    }
  });
});
