import { catalog, normalizeBody } from '@errata/conformance';
import { createErrata } from '@errata/core';
import express from 'express';
import express4 from 'express4';
import fc from 'fast-check';
import request from 'supertest';
import type { ExpressModule } from '../test/fixture-app';
import { errata } from './errata';

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

/** Values Express would misread (as "no error" or a routing signal) and everything else fast-check can make. */
const thrownValues = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, -0, Number.NaN, 0n, '', false, 'route', 'router'),
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.string().map((message) => new Error(message)),
);

describe.each(versions)('%s', (_name, expressModule) => {
  const options = { catalog, onError: () => {} };
  const core = createErrata(options);
  const e = errata(options);
  const app = expressModule();
  let next: unknown;
  app.use(e.middleware);
  app.get('/sync', () => {
    throw next;
  });
  app.get('/async', async () => {
    await null;
    throw next;
  });
  app.get('/sync', (_req, res) => e.success(res, 'a thrown value skipped the route'));
  app.get('/async', (_req, res) => e.success(res, 'a rejection skipped the route'));
  app.use(e.notFound);
  app.use(e.errorHandler);

  it('answers any thrown or rejected value exactly as core decides', async () => {
    await fc.assert(
      fc.asyncProperty(thrownValues, fc.constantFrom('/sync', '/async'), async (value, path) => {
        next = value;
        const res = await request(app).get(path);
        const expected = core.respond(value, { requestId: 'expected-id', method: 'GET', path });
        expect(res.status).toBe(expected.status);
        expect(normalizeBody(res.text, res.headers['x-request-id'] as string)).toBe(
          normalizeBody(expected.body, 'expected-id'),
        );
      }),
      { numRuns: 150 },
    );
  });
});
