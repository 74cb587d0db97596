import { catalog } from '@errata/conformance';
import { createErrata } from '@errata/core';
import type { Context } from 'hono';
import { withLength } from './write-response';

/** The one thing withLength reads of the context. */
const contextFor = (method: string) => ({ req: { method } }) as unknown as Context;

describe('withLength', () => {
  const errata = createErrata({ catalog, onError: () => {}, requestId: { header: 'X-Trace' } });
  const request = { requestId: 'trace-1', method: 'GET', path: '/é' };
  const responses = [
    errata.success({ name: 'é😀' }, request),
    errata.respond(catalog.NOT_FOUND(), request),
    errata.notFound(request, ['POST']),
    errata.respond(catalog.RATE_LIMIT_EXCEEDED({ retry_after: 3 }), request),
  ];

  it('is core’s headers, in their order, then the body’s UTF-8 length on a HEAD answer', () => {
    for (const response of responses) {
      const expected = { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) };
      expect(Object.entries(withLength(contextFor('HEAD'), response))).toEqual(Object.entries(expected));
    }
  });

  it.each(['GET', 'POST', 'DELETE'])(
    'leaves the length of a %s answer to the runtime, which measures the body it sends',
    (method) => {
      for (const response of responses) {
        expect(Object.entries(withLength(contextFor(method), response))).toEqual(Object.entries(response.headers));
      }
    },
  );
});
