import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { Hono } from 'hono';
import { install } from './errata';
import { routeErrors, routesOf } from './route-errors';

const errors = defineErrors({
  SYMBOL_NOT_FOUND: { status: 404, message: 'Not listed.', params: Type.Object({ symbol: Type.String() }) },
});

function app() {
  const server = new Hono();
  install(server, { catalog: errors, onError: () => {} });
  server.get('/v1/book/:symbol', routeErrors(errors, ['SYMBOL_NOT_FOUND']), (c) => {
    if (c.req.param('symbol') === 'DOGE') throw errors.SYMBOL_NOT_FOUND({ symbol: 'DOGE' });
    if (c.req.param('symbol') === 'TAKEN') throw errors.CONFLICT();
    if (c.req.param('symbol') === 'NULL') throw null;
    throw new Error('crash');
  });
  server.get('/plain', () => {
    throw errors.CONFLICT();
  });
  return server;
}

describe('routeErrors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports once an answer with a code the route does not declare, naming the route', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const server = app();
    for (let i = 0; i < 2; i++) expect((await server.request('/v1/book/TAKEN')).status).toBe(409);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('GET /v1/book/:symbol answered CONFLICT, which the route does not declare'),
    ]);
  });

  it('stays quiet for declared codes, INTERNAL_ERROR (thrown Errors and non-Errors) and undeclaring routes', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const server = app();
    expect((await server.request('/v1/book/DOGE')).status).toBe(404);
    expect((await server.request('/v1/book/CRASH')).status).toBe(500);
    expect((await server.request('/v1/book/NULL')).status).toBe(500);
    expect((await server.request('/plain')).status).toBe(409);
    expect(warn).not.toHaveBeenCalled();
  });

  it('throws at once for a code the catalog does not have', () => {
    expect(() => routeErrors(errors, ['NOPE' as 'CONFLICT'])).toThrow(
      'errata: routeErrors lists NOPE, which the catalog does not have',
    );
  });

  it('lists the routes (not middleware) and their declared codes', () => {
    expect(routesOf(app())).toEqual([
      { method: 'GET', path: '/v1/book/:symbol', errors: ['SYMBOL_NOT_FOUND'] },
      { method: 'GET', path: '/plain', errors: [] },
    ]);
  });
});
