import { errata as expressErrata } from '@errata/express';
import { install, routeErrors, routesOf, success } from '@errata/hono';
import express from 'express';
import { Hono } from 'hono';
import { describeRoute, generateSpecs } from 'hono-openapi';
import request from 'supertest';
import { errors } from '../test/fixture';
import { expectValidOpenApi } from '../test/validate-document';
import { buildDocument } from './build-document';
import { mergeDocument } from './merge-document';

type Json = ReturnType<typeof JSON.parse>;

/** A document as someone wrote it by hand (or swagger-jsdoc generated it). */
const handWritten = () => ({
  openapi: '3.1.0',
  info: { title: 'Market', version: '1.0.0' },
  paths: {
    '/v1/orderbook/{symbol}': {
      get: {
        summary: 'The order book',
        parameters: [{ name: 'symbol', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'The book', content: { 'application/json': { schema: { type: 'object' } } } },
          404: { description: 'What the author thought a 404 was' },
        },
      },
    },
  },
  components: { schemas: { Book: { type: 'object' } } },
});

describe('mergeDocument', () => {
  const routes = [
    { method: 'GET', path: '/v1/orderbook/:symbol', errors: ['SYMBOL_NOT_FOUND', 'VALIDATION_ERROR'] },
    { method: 'POST', path: '/v1/not-in-the-document', errors: ['INVALID_JSON'] },
  ];

  it("adds errata's components and each route's error responses, replacing what the document said for them", async () => {
    const original = handWritten();
    const merged: Json = mergeDocument(original, { catalog: errors, routes });
    await expectValidOpenApi(merged);
    const book = merged.paths['/v1/orderbook/{symbol}'].get;
    expect(Object.keys(book.responses)).toEqual(['200', '400', '404', '500']);
    expect(book.responses['404'].description).toMatch(/SYMBOL_NOT_FOUND/);
    expect(book.responses['200'].headers).toEqual({ 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } });
    expect(book.summary).toBe('The order book');
    expect(merged.components.schemas.Book).toEqual({ type: 'object' });
    expect(merged.paths['/v1/not-in-the-document']).toBeUndefined(); // the document decides what is documented
    expect(original).toEqual(handWritten()); // not changed in place
  });

  it('is idempotent, and refuses to replace a different component of the same name', () => {
    const once = mergeDocument(handWritten(), { catalog: errors, routes });
    expect(mergeDocument(once, { catalog: errors, routes })).toEqual(once);
    const clash = { ...handWritten(), components: { schemas: { ErrorDetail: { type: 'string' } } } };
    expect(() => mergeDocument(clash, { catalog: errors, routes })).toThrow(
      /already has a different components\.schemas\.ErrorDetail/,
    );
  });

  it('refuses OpenAPI 3.0 documents, whose schemas are not JSON Schema 2020-12', () => {
    expect(() => mergeDocument({ ...handWritten(), openapi: '3.0.3' }, { catalog: errors, routes })).toThrow(
      /needs an OpenAPI 3\.1 document.*not "3\.0\.3"/,
    );
  });

  it('merges into what hono-openapi generates, with the codes routeErrors declares (@errata/hono)', async () => {
    const app = new Hono();
    install(app, { catalog: errors, onError: () => {} });
    app.get(
      '/v1/orderbook/:symbol',
      describeRoute({ summary: 'The order book', responses: { 200: { description: 'The book' } } }),
      routeErrors(errors, ['SYMBOL_NOT_FOUND']),
      (c) => success(c, { symbol: c.req.param('symbol') }),
    );
    app.post('/v1/orders', describeRoute({ summary: 'Place an order' }), routeErrors(errors, ['INVALID_JSON']), (c) =>
      success(c, {}),
    );
    expect(routesOf(app)).toEqual([
      { method: 'GET', path: '/v1/orderbook/:symbol', errors: ['SYMBOL_NOT_FOUND'] },
      { method: 'POST', path: '/v1/orders', errors: ['INVALID_JSON'] },
    ]);
    const generated = await generateSpecs(app, { documentation: { info: { title: 'Market', version: '1.0.0' } } });
    const merged: Json = mergeDocument(generated, { catalog: errors, routes: routesOf(app) });
    await expectValidOpenApi(merged);
    expect(Object.keys(merged.paths['/v1/orderbook/{symbol}'].get.responses)).toEqual(['200', '404', '500']);
    expect(merged.paths['/v1/orderbook/{symbol}'].get.summary).toBe('The order book');
    expect(Object.keys(merged.paths['/v1/orders'].post.responses)).toEqual(['400', '500']);
  });

  it('serves a document built from the routes an Express app declares (@errata/express)', async () => {
    const e = expressErrata({ catalog: errors, onError: () => {} });
    const app = express();
    e.install(app);
    const v1 = express.Router();
    v1.get('/orderbook/:symbol', e.routeErrors(['SYMBOL_NOT_FOUND']), (_req, res) => e.success(res, {}));
    v1.post('/orders', e.routeErrors(['INVALID_JSON', 'VALIDATION_ERROR']), (_req, res) => e.success(res, {}));
    app.use('/v1', v1);
    app.get('/health', (_req, res) => e.success(res, { status: 'ok' }));
    expect(e.routesOf(app)).toEqual([
      { method: 'GET', path: '/v1/orderbook/:symbol', errors: ['SYMBOL_NOT_FOUND'] },
      { method: 'POST', path: '/v1/orders', errors: ['INVALID_JSON', 'VALIDATION_ERROR'] },
      { method: 'GET', path: '/health', errors: [] },
    ]);
    const document = buildDocument({ catalog: errors, routes: e.routesOf(app) });
    app.get('/openapi.json', (_req, res) => res.json(document));
    const served: Json = (await request(app).get('/openapi.json')).body;
    await expectValidOpenApi(served);
    expect(Object.keys(served.paths)).toEqual(['/v1/orderbook/{symbol}', '/v1/orders', '/health']);
    expect(Object.keys(served.paths['/v1/orders'].post.responses)).toEqual(['400', '500']);
    // …or merged into a hand-written one
    const merged: Json = mergeDocument(handWritten(), { catalog: errors, routes: e.routesOf(app) });
    expect(Object.keys(merged.paths['/v1/orderbook/{symbol}'].get.responses)).toEqual(['200', '404', '500']);
  });
});
