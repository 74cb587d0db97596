import { defineErrors } from '@errata/core';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import Fastify, { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { inject } from '../test/inject';
import { type ErrataTypeProvider, errata } from './index';

const Query = Type.Object({ limit: Type.Integer({ default: 10 }), symbol: Type.Optional(Type.String()) });
const Params = Type.Object({ id: Type.String() });
const Body = Type.Object({ quantity: Type.Number() });

describe('types', () => {
  it('flows TypeBox types into request.query, params and body with TypeBoxTypeProvider', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await app.register(errata, { catalog: defineErrors({}) });
    app.post('/orders/:id', { schema: { querystring: Query, params: Params, body: Body } }, (request, reply) => {
      expectTypeOf(request.query).toEqualTypeOf<Static<typeof Query>>();
      expectTypeOf(request.query.limit).toEqualTypeOf<number>();
      expectTypeOf(request.params).toEqualTypeOf<{ id: string }>();
      expectTypeOf(request.body).toEqualTypeOf<{ quantity: number }>();
      expectTypeOf(reply.success).parameters.toEqualTypeOf<[data: unknown, options?: { status?: number }]>();
      expectTypeOf(reply.success).returns.toExtend<FastifyReply>();
      expectTypeOf(app.errata.requestId).returns.toEqualTypeOf<string>();
      return reply.success({ id: request.params.id, limit: request.query.limit, quantity: request.body.quantity });
    });
    const res = await inject(app, {
      method: 'POST',
      url: '/orders/7',
      headers: { 'content-type': 'application/json' },
      payload: '{"quantity":2}',
    });
    expect(JSON.parse(res.body).data).toEqual({ id: '7', limit: 10, quantity: 2 });
  });

  it('flows TypeBox and Standard Schema output types into the request with ErrataTypeProvider', async () => {
    const app = Fastify().withTypeProvider<ErrataTypeProvider>();
    await app.register(errata, { catalog: defineErrors({}) });
    const ZodQuery = z.object({ tags: z.string().transform((t) => t.split(',')), limit: z.coerce.number().default(5) });
    app.post('/orders/:id', { schema: { querystring: ZodQuery, params: Params, body: Body } }, (request, reply) => {
      expectTypeOf(request.query).toEqualTypeOf<{ tags: string[]; limit: number }>();
      expectTypeOf(request.params).toEqualTypeOf<{ id: string }>();
      expectTypeOf(request.body).toEqualTypeOf<{ quantity: number }>();
      return reply.success({ tags: request.query.tags, limit: request.query.limit, id: request.params.id });
    });
    const res = await inject(app, {
      method: 'POST',
      url: '/orders/7?tags=a,b',
      headers: { 'content-type': 'application/json' },
      payload: '{"quantity":2}',
    });
    expect(JSON.parse(res.body).data).toEqual({ tags: ['a', 'b'], limit: 5, id: '7' });
  });
});
