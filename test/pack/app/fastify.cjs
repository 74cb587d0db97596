// The same Fastify app in CommonJS.
const { defineErrors } = require('@errata/core');
const { errata, errataServerOptions } = require('@errata/fastify');
const { Type } = require('@sinclair/typebox');
const Fastify = require('fastify');

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

exports.adapterEntry = require.resolve('@errata/fastify');

exports.start = async function start() {
  const app = Fastify({ ...errataServerOptions() });
  await app.register(errata, { catalog: errors });
  app.get('/orders/:id', async (request) => {
    throw errors.ORDER_NOT_FOUND({ id: Number(request.params.id) });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: app.server.address().port, close: () => app.close() };
};
