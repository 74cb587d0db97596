/**
 * The conformance fixture (ROUTES in @errata/conformance) on Express 4 or 5. Test support, not exported from the
 * package: the conformance tests and cross-adapter comparisons start it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  allPartsSchemas,
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
import type express from 'express';
import { errata } from '../src/errata';

/** Either Express: `express` (5) or `express4`, typed as Express 5 (the routes below use only what both have). */
export type ExpressModule = typeof express;

/** JSON and every `+json` type, as Hono's validator and errata's Fastify plugin accept them. */
const JSON_TYPES = ['application/json', 'application/*+json'];

const apiKey = (headers: unknown) => (headers as Record<string, unknown>)['x-api-key'];

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the fixture app on an ephemeral loopback port.
 * @example const app = await startExpressFixture(express, fixtureOptions())
 */
export async function startExpressFixture(expressModule: ExpressModule, options: ErrataOptions): Promise<RunningApp> {
  const e = errata(options);
  const app = expressModule();
  // What errata recommends, so Express answers as Hono and Fastify do (README "Routing"): `/OK` and `/ok/` are not
  // `/ok`, the simple query parser (Express 4 defaults to qs), any JSON value at the top (strict: false), and the
  // `+json` types (RFC 6839) in both checks.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', 'simple');
  const json = expressModule.json({ limit: BODY_LIMIT, strict: false, type: JSON_TYPES });
  const requireJson = () => e.requireJson({ type: JSON_TYPES });

  app.use(e.middleware);
  app.get('/ok', (_req, res) => e.success(res, OK_DATA));
  app.post('/created', (_req, res) => e.success(res, { created: true }, { status: 201 }));
  // A name THROWN does not have is no such resource: e.notFound answers it, as the Hono and Fastify fixtures do
  app.get('/throw/:name', (req, _res, next) => {
    const make = THROWN[req.params.name];
    if (make === undefined) return next();
    throw make();
  });
  app.get('/reject/:name', async (req, _res, next) => {
    const make = THROWN[req.params.name];
    if (make === undefined) return next();
    await delay(0);
    throw make();
  });
  app.get('/reject-empty', () => Promise.reject());
  app.get('/partial', async (_req, res) => {
    res.status(200).type('text/plain').write('partial');
    await delay(20); // let the chunk reach the client before the failure
    throw new Error('failed mid-stream');
  });
  app.get('/header-then-throw', (_req, res) => {
    res.setHeader('x-app-header', 'kept');
    throw catalog.CONFLICT();
  });
  app.get('/answer-then-throw', (_req, res) => {
    e.success(res, OK_DATA);
    throw new Error('after');
  });
  app.post('/echo', requireJson(), json, (req, res) => e.success(res, req.body));
  app.get('/request-id', (req, res) => e.success(res, { request_id: e.requestIdOf(req) }));
  app.get('/delayed-id', async (req, res) => {
    await delay(Number(req.query.ms));
    e.success(res, { request_id: e.requestIdOf(req) });
  });
  app.get('/methods', (req, res) => e.success(res, { method: req.method }));
  app.post('/methods', (req, res) => e.success(res, { method: req.method }));
  for (const library of SCHEMA_LIBRARIES) {
    const schemas = validationSchemas(library);
    const path = (route: string) => validationPath(library, route);
    app.get(path('/validate/query'), e.validate({ query: schemas.query }), (req, res) => e.success(res, req.query));
    app.get(path('/validate/params/:symbol'), e.validate({ params: schemas.params }), (req, res) =>
      e.success(res, req.params),
    );
    app.get(path('/validate/headers'), e.validate({ headers: schemas.headers }), (_req, res) =>
      e.success(res, { key: apiKey(res.locals.headers) }),
    );
    app.post(path('/validate/body'), requireJson(), json, e.validate({ body: schemas.body }), (req, res) =>
      e.success(res, req.body),
    );
    app.post(path('/validate/all/:symbol'), requireJson(), json, e.validate(allPartsSchemas(library)), (req, res) =>
      e.success(res, { params: req.params, query: req.query, key: apiKey(res.locals.headers), body: req.body }),
    );
  }
  app.use(e.notFound);
  app.use(e.errorHandler);

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  server.on('clientError', e.clientError);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
