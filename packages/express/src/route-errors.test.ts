import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import express from 'express';
import request from 'supertest';
import { errata } from './errata';

const errors = defineErrors({
  SYMBOL_NOT_FOUND: { status: 404, message: 'Not listed.', params: Type.Object({ symbol: Type.String() }) },
});

function app() {
  const e = errata({ catalog: errors, onError: () => {} });
  const server = express();
  e.install(server);
  const v1 = express.Router();
  v1.get('/book/:symbol', e.routeErrors(['SYMBOL_NOT_FOUND']), (req) => {
    if (req.params.symbol === 'DOGE') throw errors.SYMBOL_NOT_FOUND({ symbol: 'DOGE' });
    if (req.params.symbol === 'TAKEN') throw errors.CONFLICT();
    throw new Error('crash');
  });
  server.use('/v1', v1);
  server.get('/plain', () => {
    throw errors.CONFLICT();
  });
  return { e, server };
}

describe('e.routeErrors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports once an answer with a code the route does not declare, naming the route', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { server } = app();
    for (let i = 0; i < 2; i++) expect((await request(server).get('/v1/book/TAKEN')).status).toBe(409);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('GET /v1/book/:symbol answered CONFLICT, which the route does not declare'),
    ]);
  });

  it('stays quiet for declared codes, INTERNAL_ERROR and routes that declare nothing', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { server } = app();
    expect((await request(server).get('/v1/book/DOGE')).status).toBe(404);
    expect((await request(server).get('/v1/book/CRASH')).status).toBe(500);
    expect((await request(server).get('/plain')).status).toBe(409);
    expect(warn).not.toHaveBeenCalled();
  });

  it('throws at once for a code the catalog does not have', () => {
    const e = errata({ catalog: errors });
    expect(() => e.routeErrors(['NOPE' as 'CONFLICT'])).toThrow(
      'errata: routeErrors lists NOPE, which the catalog does not have',
    );
  });

  it('lists the routes and their declared codes, mounted routers included', () => {
    const { e, server } = app();
    expect(e.routesOf(server)).toEqual([
      { method: 'GET', path: '/v1/book/:symbol', errors: ['SYMBOL_NOT_FOUND'] },
      { method: 'GET', path: '/plain', errors: [] },
    ]);
  });
});
