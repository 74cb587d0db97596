import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { inject } from '../test/inject';
import { errata } from './errata';
import { routeErrors } from './route-errors';
import { errataServerOptions } from './server-options';

const errors = defineErrors({
  SYMBOL_NOT_FOUND: { status: 404, message: 'Not listed.', params: Type.Object({ symbol: Type.String() }) },
});

async function app() {
  const server = Fastify(errataServerOptions());
  await server.register(errata, { catalog: errors, onError: () => {} });
  server.get(
    '/v1/book/:symbol',
    {
      config: routeErrors(errors, ['SYMBOL_NOT_FOUND']),
      schema: { params: Type.Object({ symbol: Type.String({ minLength: 3 }) }) },
    },
    async (request) => {
      const { symbol } = request.params as { symbol: string };
      if (symbol === 'DOGE') throw errors.SYMBOL_NOT_FOUND({ symbol });
      if (symbol === 'TAKEN') throw errors.CONFLICT();
      throw new Error('crash');
    },
  );
  server.get('/plain', async () => {
    throw errors.CONFLICT();
  });
  return server;
}

describe('config: routeErrors(…)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports once an answer with a code the route does not declare, its validation included', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const server = await app();
    for (let i = 0; i < 2; i++) expect((await inject(server, '/v1/book/TAKEN')).statusCode).toBe(409);
    expect((await inject(server, '/v1/book/X')).statusCode).toBe(400);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('GET /v1/book/:symbol answered CONFLICT, which the route does not declare'),
      expect.stringContaining('GET /v1/book/:symbol answered VALIDATION_ERROR, which the route does not declare'),
    ]);
    await server.close();
  });

  it('stays quiet for declared codes, INTERNAL_ERROR and routes that declare nothing', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const server = await app();
    expect((await inject(server, '/v1/book/DOGE')).statusCode).toBe(404);
    expect((await inject(server, '/v1/book/CRASH')).statusCode).toBe(500);
    expect((await inject(server, '/plain')).statusCode).toBe(409);
    expect(warn).not.toHaveBeenCalled();
    await server.close();
  });

  it('throws when a route declares a code the catalog does not have', async () => {
    const server = Fastify(errataServerOptions());
    await server.register(errata, { catalog: errors });
    expect(() => server.get('/x', { config: { errata: { errors: ['NOPE'] } } }, async () => ({}))).toThrow(
      'errata: /x declares NOPE, which the catalog does not have',
    );
  });
});
