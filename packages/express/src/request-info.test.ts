import { catalog } from '@errata/conformance';
import { createErrata, type ErrataErrorEvent, type ErrataOptions, type ErrataResponse } from '@errata/core';
import express from 'express';
import express4 from 'express4';
import fc from 'fast-check';
import request from 'supertest';
import type { ExpressModule } from '../test/fixture-app';
import { requestInfo, successInfo } from './request-info';
import { routeErrorsMiddleware } from './route-errors';

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

/** Data that serialises, and data that does not (BigInt, a cycle, a throwing toJSON): a success or a 500. */
const data = fc.oneof(
  fc.jsonValue(),
  fc.anything({ withBigInt: true, withDate: true, withNullPrototype: true }),
  fc.constant({ toJSON: () => ({ fine: true }) }),
  fc.constant({
    toJSON() {
      throw new Error('no JSON');
    },
  }),
  fc.constant(
    (() => {
      const cycle: { self?: unknown } = {};
      cycle.self = cycle;
      return cycle;
    })(),
  ),
);

const settings: [string, Partial<ErrataOptions>][] = [
  ['the envelope', {}],
  ['problem details', { problemDetails: true }],
  ['a success formatter', { successFormat: (value, meta) => ({ value, path: meta.path, method: meta.method }) }],
];

describe.each(versions)('%s', (_name, expressModule) => {
  describe.each(settings)('with %s', (_setting, extra) => {
    it('answers a success read through successInfo exactly as through requestInfo, and reports the same', async () => {
      const events: ErrataErrorEvent[] = [];
      const core = createErrata({
        catalog,
        now: () => new Date(Date.UTC(2026, 11, 2)),
        onError: (event) => events.push(event),
        ...extra,
      });
      const logger = { error: () => {}, warn: () => {}, info: () => {} };
      let value: unknown;
      const answers: { eager: ErrataResponse; lazy: ErrataResponse }[] = [];
      const statuses = new Set<number>();
      const app = expressModule();
      app.use((req, _res, next) => {
        if (req.headers['x-log'] === 'yes') (req as { log?: unknown }).log = logger;
        next();
      });
      const answer: express.RequestHandler = (req, res) => {
        const eager = core.success(value, requestInfo(req, core));
        const lazy = core.success(value, successInfo(req, core));
        answers.push({ eager, lazy });
        res.end();
      };
      app.get('/ok', answer);
      // a declared route: read for undeclared codes, which a success's only failure (INTERNAL_ERROR) never is
      app.get('/orders/:id', routeErrorsMiddleware(catalog, ['NOT_FOUND']), answer);
      const api = expressModule.Router();
      api.get('/ok', answer);
      app.use('/api', api); // req.url is /ok there, req.originalUrl /api/ok
      await fc.assert(
        fc.asyncProperty(
          data,
          fc.constantFrom('/ok', '/ok?x=1', '/orders/42', '/orders/%41', '/api/ok?y=2'),
          fc.constantFrom(undefined, 'application/problem+json', 'application/json'),
          fc.boolean(),
          async (made, target, accept, withLog) => {
            value = made;
            answers.length = 0;
            events.length = 0;
            const call = request(app).get(target).set('x-request-id', 'id-1');
            if (accept !== undefined) call.set('accept', accept);
            if (withLog) call.set('x-log', 'yes');
            await call;
            const [both] = answers;
            expect(both?.lazy).toEqual(both?.eager);
            statuses.add(both?.eager.status ?? 0);
            // each failing success reported once per call, the same way
            expect(events.length % 2).toBe(0);
            const half = events.length / 2;
            for (let i = 0; i < half; i++) {
              const [eager, lazy] = [events[i], events[i + half]];
              expect(lazy?.problem).toEqual(eager?.problem);
              expect([lazy?.requestId, lazy?.method, lazy?.path, lazy?.log]).toEqual([
                eager?.requestId,
                eager?.method,
                eager?.path,
                eager?.log,
              ]);
            }
          },
        ),
        { numRuns: 60 },
      );
      expect([...statuses].sort()).toEqual([200, 500]); // both sides were compared: successes and failing data
    });
  });
});
