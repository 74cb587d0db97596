import { typebox1Schema } from '@errata/conformance';
import { defineErrors } from '@errata/core';
import Fastify from 'fastify';
import { inject } from '../test/inject';
import { errata, errataServerOptions } from './index';

const catalog = defineErrors({});

describe('a missing setup step', () => {
  it('logs a 500 as one JSON line on stderr when the app has no logger (logger: false drops everything)', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const app = Fastify({ ...errataServerOptions(), logger: false });
      await app.register(errata, { catalog });
      app.get('/crash', () => {
        throw new Error('db down');
      });
      const res = await inject(app, '/crash');
      expect(res.statusCode).toBe(500);
      const lines = error.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('db down'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        level: 50,
        code: 'INTERNAL_ERROR',
        request_id: res.headers['x-request-id'],
        err: { message: 'db down' },
      });
      await app.close();
    } finally {
      error.mockRestore();
    }
  });

  it('warns once, with the fix, when the server was created without errataServerOptions()', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      for (let i = 0; i < 2; i++) {
        const app = Fastify();
        await app.register(errata, { catalog, onError: () => {} });
        await app.close();
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatch(/errataServerOptions\(\).*Fastify\(\{ \.\.\.errataServerOptions\(\)/);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses, at registration and with the fix, a route schema made by the typebox 1.x package', async () => {
    const app = Fastify({ ...errataServerOptions() });
    await app.register(errata, { catalog, onError: () => {} });
    expect(() =>
      app.get(
        '/q',
        {
          schema: { querystring: typebox1Schema('Type.Object({ limit: Type.Integer() })', require.resolve('typebox')) },
        },
        () => 'ok',
      ),
    ).toThrow(/typebox` 1\.x.*@sinclair\/typebox/);
    await app.close();
  });
});
