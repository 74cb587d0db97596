// Type-checked by test/pack/packed.test.ts with `tsc --noEmit` (module nodenext) inside the scratch app, against the
// declarations in the installed tarballs: an ES module importing every package and entry.
import { createErrata, defineErrors, type ErrataRequest } from '@errata/core';
import { allowedMethods } from '@errata/core/adapter';
import { errata as expressErrata } from '@errata/express';
import { errataServerOptions, errata as fastifyErrata } from '@errata/fastify';
import { type ErrataEnv, install, success } from '@errata/hono';
import { Type } from '@sinclair/typebox';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

const errors = defineErrors({
  ORDER_NOT_FOUND: { status: 404, message: 'No such order.', params: Type.Object({ id: Type.Integer() }) },
});
errors.ORDER_NOT_FOUND({ id: 42 });
// @ts-expect-error params are typed from the schema (this line would compile if the types had resolved to `any`)
errors.ORDER_NOT_FOUND({ id: 'forty-two' });

const request: ErrataRequest = { requestId: 'r-1', method: 'GET', path: '/orders/42' };
const answer: { status: number; body: string } = createErrata({ catalog: errors }).respond(new Error('x'), request);
const allow: string[] = allowedMethods('GET', ['POST']);

const e = expressErrata({ catalog: errors });
const api = express();
e.install(api);
api.get('/orders/:id', (_req, res) => e.success(res, { id: 42 }));
// @ts-expect-error the Express instance is typed with the catalog
e.errata.catalog.ORDER_NOT_FOUND({ id: 'forty-two' });

const hono = new Hono<ErrataEnv<typeof errors>>();
install(hono, { catalog: errors });
hono.get('/orders/:id', (c) => success(c, { id: 42, requestId: c.var.requestId }));

const fastify = Fastify({ ...errataServerOptions() });
await fastify.register(fastifyErrata, { catalog: errors });
fastify.get('/orders/:id', async (_request, reply) => reply.success({ id: 42 }));

export { allow, answer };
