import { errata, errataServerOptions, routeErrors } from '@errata/fastify';
import swagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { errors } from '../test/fixture';
import { expectValidOpenApi } from '../test/validate-document';
import { swaggerTransforms } from './swagger-transforms';

type Json = ReturnType<typeof JSON.parse>;

async function app() {
  const fastify = Fastify(errataServerOptions());
  await fastify.register(errata, { catalog: errors, onError: () => {} });
  await fastify.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 'Market', version: '1.0.0' } },
    ...swaggerTransforms({ catalog: errors }),
  });
  fastify.get(
    '/v1/orderbook/:symbol',
    {
      schema: {
        params: Type.Object({ symbol: Type.String() }),
        response: { 200: Type.Object({ success: Type.Literal(true) }) },
      },
      config: routeErrors(errors, ['SYMBOL_NOT_FOUND', 'VALIDATION_ERROR']),
    },
    async (_request, reply) => reply.success({ ok: true }),
  );
  fastify.post('/v1/orders', { config: { errata: { errors: ['INVALID_JSON'] } } }, async () => ({}));
  fastify.get('/undeclared', async () => ({}));
  await fastify.ready();
  return fastify;
}

describe('swaggerTransforms (@fastify/swagger)', () => {
  it("merges each route's declared codes into the document @fastify/swagger generates", async () => {
    const fastify = await app();
    const document: Json = JSON.parse(JSON.stringify(fastify.swagger()));
    await expectValidOpenApi(document);
    const book = document.paths['/v1/orderbook/{symbol}'].get;
    expect(Object.keys(book.responses)).toEqual(['200', '400', '404', '500']);
    expect(book.responses['200'].headers['X-Request-Id']).toEqual({ $ref: '#/components/headers/X-Request-Id' });
    expect(Object.keys(book.responses['404'].content['application/json'].examples)).toEqual(['SYMBOL_NOT_FOUND']);
    expect(book.parameters).toEqual([expect.objectContaining({ name: 'symbol', in: 'path' })]); // swagger's own
    expect(Object.keys(document.paths['/v1/orders'].post.responses)).toEqual(['200', '400', '500']);
    // a route that declares nothing is left as @fastify/swagger made it
    expect(Object.keys(document.paths['/undeclared'].get.responses)).toEqual(['200']);
    expect(document.components.schemas.Error_SYMBOL_NOT_FOUND).toBeDefined();
    await fastify.close();
  });

  it('asks for OpenAPI 3.1 when @fastify/swagger makes 3.0 or Swagger 2 documents', async () => {
    const fastify = Fastify();
    await fastify.register(swagger, {
      openapi: { info: { title: 'x', version: '1' } },
      ...swaggerTransforms({ catalog: errors }),
    });
    fastify.get('/x', { config: { errata: { errors: [] } } }, async () => ({}));
    await fastify.ready();
    expect(() => fastify.swagger()).toThrow(/needs an OpenAPI 3\.1 document.*openapi: '3\.1\.0'/);
    await fastify.close();
  });
});
