/**
 * The conformance fixture (see ROUTES in @errata/conformance) as a Fastify app. Not exported from the package: the
 * conformance test and the examples start it.
 */
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import {
  BODY_LIMIT,
  catalog,
  OK_DATA,
  type RunningApp,
  SCHEMA_LIBRARIES,
  THROWN,
  validationPath,
  validationSchemas,
} from '@errata/conformance';
import type { ErrataOptions } from '@errata/core';
import Fastify from 'fastify';
import { type ErrataTypeProvider, errata, errataServerOptions } from '../src/index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the fixture app on an ephemeral loopback port, errata configured by `options`.
 * @example const app = await startFastifyFixture(fixtureOptions()); await app.close();
 */
export async function startFastifyFixture(options: ErrataOptions): Promise<RunningApp> {
  const app = Fastify({ ...errataServerOptions() }).withTypeProvider<ErrataTypeProvider>();
  await app.register(errata, options);
  app.removeContentTypeParser('text/plain'); // JSON bodies only

  app.get('/ok', (_request, reply) => reply.success(OK_DATA));
  app.post('/created', (_request, reply) => reply.success({ created: true }, { status: 201 }));
  app.get<{ Params: { name: string } }>('/throw/:name', (request, reply) => {
    const make = THROWN[request.params.name];
    if (make === undefined) return reply.callNotFound();
    throw make();
  });
  app.get<{ Params: { name: string } }>('/reject/:name', async (request, reply) => {
    const make = THROWN[request.params.name];
    if (make === undefined) return reply.callNotFound();
    await Promise.resolve();
    throw make();
  });
  app.get('/reject-empty', () => Promise.reject());
  app.get('/partial', (_request, reply) => {
    const body = new PassThrough();
    reply.header('content-type', 'text/plain; charset=utf-8').send(body);
    body.write('partial');
    setTimeout(() => body.destroy(new Error('the stream failed')), 50);
  });
  app.get('/header-then-throw', (_request, reply) => {
    reply.header('x-app-header', 'kept');
    throw catalog.CONFLICT();
  });
  app.get('/answer-then-throw', (_request, reply) => {
    reply.success(OK_DATA);
    throw new Error('after');
  });
  app.post('/echo', { bodyLimit: BODY_LIMIT }, (request, reply) => reply.success(request.body));
  app.get('/request-id', (request, reply) => reply.success({ request_id: request.id }));
  app.get<{ Querystring: { ms?: string } }>('/delayed-id', async (request, reply) => {
    await sleep(Number(request.query.ms) || 0);
    return reply.success({ request_id: request.id });
  });
  app.get('/methods', (request, reply) => reply.success({ method: request.method }));
  app.post('/methods', (request, reply) => reply.success({ method: request.method }));

  for (const library of SCHEMA_LIBRARIES) {
    const schemas = validationSchemas(library);
    const path = (route: string) => validationPath(library, route);
    app.get(path('/validate/query'), { schema: { querystring: schemas.query } }, (request, reply) =>
      reply.success(request.query),
    );
    app.get(path('/validate/params/:symbol'), { schema: { params: schemas.params } }, (request, reply) =>
      reply.success(request.params),
    );
    app.get(path('/validate/headers'), { schema: { headers: schemas.headers } }, (request, reply) =>
      reply.success({ key: request.headers['x-api-key'] }),
    );
    app.post(path('/validate/body'), { schema: { body: schemas.body }, bodyLimit: BODY_LIMIT }, (request, reply) =>
      reply.success(request.body),
    );
    const all = { querystring: schemas.query, params: schemas.params, headers: schemas.headers, body: schemas.body };
    app.post(path('/validate/all/:symbol'), { schema: all, bodyLimit: BODY_LIMIT }, (request, reply) =>
      reply.success({
        params: request.params,
        query: request.query,
        key: request.headers['x-api-key'],
        body: request.body,
      }),
    );
  }

  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
    },
  };
}
