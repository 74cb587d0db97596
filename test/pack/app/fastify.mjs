// A Fastify app (ESM), on the installed tarballs.
import { defineErrors } from '@errata/core';
import { errata, errataServerOptions } from '@errata/fastify';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: (p) => `No order ${p.id}.`, params: Type.Object({ id: Type.Integer() }) },
});

export const adapterEntry = import.meta.resolve('@errata/fastify');

export async function start() {
  const app = Fastify({ ...errataServerOptions() });
  await app.register(errata, { catalog: errors });
  app.get('/orders/:id', async (request) => {
    throw errors.ORDER_NOT_FOUND({ id: Number(request.params.id) });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: app.server.address().port, close: () => app.close() };
}
