/**
 * The conformance fixture (see ROUTES in @errata/conformance) as a Hono app served by @hono/node-server.
 * Test support, not part of the package: it is not exported from index.ts and may use Node.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { getRequestListener } from '@hono/node-server';
import { Type } from '@sinclair/typebox';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  type ErrataEnv,
  errata,
  notFound,
  onError,
  reportStreamErrors,
  requireJson,
  serverErrors,
  success,
  validate,
  validator,
} from '../src/index';

const apiKey = (headers: unknown) => (headers as Record<string, unknown>)['x-api-key'];

/**
 * Builds the fixture app: every ROUTES entry, errata's middleware, error and not-found handlers.
 * @example const app = createHonoFixture(fixtureOptions()); await app.request('/ok')
 */
export function createHonoFixture(options: ErrataOptions): Hono<ErrataEnv> {
  const app = new Hono<ErrataEnv>();
  const limit = bodyLimit({ maxSize: BODY_LIMIT });
  app.use(errata(options));

  app.get('/ok', (c) => success(c, OK_DATA));
  app.post('/created', (c) => success(c, { created: true }, { status: 201 }));
  app.get('/throw/:name', (c) => {
    const make = THROWN[c.req.param('name')];
    if (make === undefined) return c.notFound();
    throw make();
  });
  app.get('/reject/:name', async (c) => {
    const make = THROWN[c.req.param('name')];
    if (make === undefined) return c.notFound();
    await Promise.resolve();
    throw make();
  });
  app.get('/reject-empty', () => Promise.reject());
  app.get('/partial', (c) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('partial'));
        // Fail once the server has written the head and the first chunk.
        setTimeout(() => controller.error(new Error('stream failed')), 50);
      },
    });
    return c.body(reportStreamErrors(c, body), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
  app.get('/header-then-throw', (c) => {
    c.header('x-app-header', 'kept');
    throw catalog.CONFLICT();
  });
  app.get('/answer-then-throw', (c) => {
    // Hono sends nothing before the handler returns: assigning c.res is how a handler answers and goes on.
    c.res = success(c, OK_DATA);
    throw new Error('after');
  });
  app.post('/echo', requireJson(), limit, validator('json', Type.Unknown()), (c) => success(c, c.req.valid('json')));
  app.get('/request-id', (c) => success(c, { request_id: c.var.requestId }));
  app.get('/delayed-id', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.query('ms') ?? 0)));
    return success(c, { request_id: c.var.requestId });
  });
  app.on(['GET', 'POST'], '/methods', (c) => success(c, { method: c.req.method }));
  for (const library of SCHEMA_LIBRARIES) {
    const schemas = validationSchemas(library);
    const path = (route: string) => validationPath(library, route);
    app.get(path('/validate/query'), validator('query', schemas.query), (c) => success(c, c.req.valid('query')));
    app.get(path('/validate/params/:symbol'), validator('param', schemas.params), (c) =>
      success(c, c.req.valid('param')),
    );
    app.get(path('/validate/headers'), validator('header', schemas.headers), (c) =>
      success(c, { key: apiKey(c.req.valid('header')) }),
    );
    app.post(path('/validate/body'), requireJson(), limit, validator('json', schemas.body), (c) =>
      success(c, c.req.valid('json')),
    );
    const all = validate({ param: schemas.params, query: schemas.query, header: schemas.headers, json: schemas.body });
    app.post(path('/validate/all/:symbol'), requireJson(), limit, all, (c) =>
      success(c, {
        params: c.req.valid('param'),
        query: c.req.valid('query'),
        key: apiKey(c.req.valid('header')),
        body: c.req.valid('json'),
      }),
    );
  }

  app.onError(onError);
  app.notFound(notFound({ app }));
  return app;
}

/**
 * Starts the fixture on an ephemeral loopback port.
 * @example runConformance({ name: 'hono', start: startHonoFixture })
 */
export function startHonoFixture(options: ErrataOptions): Promise<RunningApp> {
  const app = createHonoFixture(options);
  // getRequestListener, not serve(): only it takes the errorHandler for targets @hono/node-server refuses itself; the
  // hostname stands for the Host an HTTP/1.0 request may omit, as @hono/node-server refuses one without it
  const errors = serverErrors(options);
  const server = createServer(
    getRequestListener(app.fetch, { hostname: 'localhost', errorHandler: errors.requestError }),
  );
  server.on('clientError', errors.clientError);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
