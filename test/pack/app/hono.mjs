// A Hono app on @hono/node-server (ESM), on the installed tarballs.
import { defineErrors } from '@errata/core';
import { install } from '@errata/hono';
import { serve } from '@hono/node-server';
import { Type } from '@sinclair/typebox';
import { Hono } from 'hono';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

export const adapterEntry = import.meta.resolve('@errata/hono');

export function start() {
  const app = new Hono();
  install(app, { catalog: errors });
  app.get('/orders/:id', (c) => {
    throw errors.ORDER_NOT_FOUND({ id: Number(c.req.param('id')) });
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ port: info.port, close: () => new Promise((done) => server.close(done)) }),
    );
  });
}
