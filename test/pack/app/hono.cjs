// The same Hono app in CommonJS.
const { defineErrors } = require('@errata/core');
const { install } = require('@errata/hono');
const { serve } = require('@hono/node-server');
const { Type } = require('@sinclair/typebox');
const { Hono } = require('hono');

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

exports.adapterEntry = require.resolve('@errata/hono');

exports.start = function start() {
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
};
