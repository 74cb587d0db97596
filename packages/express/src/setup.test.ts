import { catalog } from '@errata/conformance';
import express from 'express';
import express4 from 'express4';
import request from 'supertest';
import type { ExpressModule } from '../test/fixture-app';
import { errata } from './errata';

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

describe.each(versions)('%s setup', (_name, expressModule) => {
  it('install(app) places the middleware first and the 404 and error handlers after the last route', async () => {
    const e = errata({ catalog, onError: () => {} });
    const app = expressModule();
    e.install(app);
    app.get('/ok', (_req, res) => e.success(res, 'ok'));
    app.get('/null', () => {
      throw null;
    });
    app.get('/conflict', async () => {
      await Promise.resolve();
      throw catalog.CONFLICT();
    });
    const ok = await request(app).get('/ok').set('x-request-id', 'kept-1');
    expect([ok.status, ok.headers['x-request-id'], ok.body.data]).toEqual([200, 'kept-1', 'ok']);
    expect((await request(app).get('/null')).body.error.code).toBe('INTERNAL_ERROR');
    expect((await request(app).get('/conflict')).status).toBe(409);
    const missing = await request(app).get('/missing');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const wrong = await request(app).delete('/ok');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('install(app) on an app whose middleware already answered places the tail on the next request', async () => {
    // the middleware does its per-app work once: install must make it look again
    const e = errata({ catalog, onError: () => {} });
    const app = expressModule();
    app.use(e.middleware);
    app.get('/ok', (_req, res) => e.success(res, 'ok'));
    expect((await request(app).get('/ok')).status).toBe(200);
    e.install(app);
    app.get('/late', (_req, res) => e.success(res, 'late'));
    expect((await request(app).get('/late')).body.data).toBe('late');
    const missing = await request(app).get('/missing');
    expect([missing.status, missing.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('requestIdOf(req) follows the configured header, even when a middleware asks before errata runs', async () => {
    const e = errata({ catalog, requestId: { header: 'x-correlation-id' }, onError: () => {} });
    const app = expressModule();
    const logged: string[] = [];
    app.use((req, _res, next) => {
      logged.push(e.requestIdOf(req)); // a logging middleware mounted before errata
      next();
    });
    app.use(e.middleware);
    app.get('/id', (req, res) => e.success(res, { id: e.requestIdOf(req) }));
    const res = await request(app).get('/id').set('x-correlation-id', 'client-9');
    expect(res.headers['x-correlation-id']).toBe('client-9');
    expect(res.body.data.id).toBe('client-9');
    expect(logged).toEqual(['client-9']);
  });
});

it('warns once, with the fix, when the middleware is missing (a thrown null would be a 404)', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const e = errata({ catalog, onError: () => {} });
    const app = express();
    app.get('/null', () => {
      throw null;
    });
    app.use(e.notFound);
    app.use(e.errorHandler);
    await request(app).get('/null');
    await request(app).get('/null');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/e\.middleware did not run.*app\.use\(e\.middleware\)/);
  } finally {
    warn.mockRestore();
  }
});
