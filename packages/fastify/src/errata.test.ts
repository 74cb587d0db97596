import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { exchange } from '@errata/conformance';
import { defineErrors, type ErrataErrorEvent, isValidRequestId } from '@errata/core';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { inject } from '../test/inject';
import { type ErrataPluginOptions, errata } from './index';
import { errataServerOptions } from './server-options';

const catalog = defineErrors({ ORDER_CLOSED: { status: 409, message: 'The order is closed.' } });

async function build(options: Partial<ErrataPluginOptions> = {}, server: FastifyServerOptions = {}) {
  const events: ErrataErrorEvent[] = [];
  const app = Fastify({ ...errataServerOptions(), ...server });
  await app.register(errata, { catalog, onError: (event) => events.push(event), ...options });
  return { app, events };
}

const bodyOf = (res: { body: string }) => JSON.parse(res.body);

describe('errata plugin', () => {
  it('runs no route for a request whose Transfer-Encoding Node refuses after handing it on, and routes one it accepts', async () => {
    const { app } = await build();
    let ran = 0;
    app.get('/count', (_request, reply) => reply.success(++ran)); // synchronous: it would answer before Node's verdict
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const { text: refused } = await exchange(
        url,
        'GET /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
      );
      expect(refused).toMatch(/^HTTP\/1\.1 400 /);
      expect(refused).toContain('"code":"BAD_REQUEST"');
      expect(ran).toBe(0);
      const { text: accepted } = await exchange(
        url,
        'GET /count HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
      );
      expect(accepted).toMatch(/^HTTP\/1\.1 200 /);
      expect(ran).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('answers errors of routes in encapsulated child plugins with the envelope', async () => {
    const { app } = await build();
    await app.register(
      async (child) => {
        child.addHook('onRequest', async () => {}); // a scope of its own
        child.get('/closed', () => {
          throw catalog.ORDER_CLOSED();
        });
      },
      { prefix: '/child' },
    );
    const res = await inject(app, '/child/closed');
    expect(res.statusCode).toBe(409);
    expect(bodyOf(res).error).toEqual({ code: 'ORDER_CLOSED', message: 'The order is closed.' });
    const missing = await inject(app, '/child/nope');
    expect([missing.statusCode, bodyOf(missing).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lets a child error handler hand errors back to errata by rethrowing', async () => {
    const { app } = await build();
    await app.register(async (child) => {
      child.setErrorHandler((error) => {
        throw error;
      });
      child.get('/rethrown', () => {
        throw catalog.ORDER_CLOSED();
      });
    });
    const res = await inject(app, '/rethrown');
    expect([res.statusCode, bodyOf(res).error.code]).toEqual([409, 'ORDER_CLOSED']);
  });

  it('still answers errors of routes declared before the plugin finished loading', async () => {
    const app = Fastify();
    app.register(errata, { catalog });
    app.get('/early', () => {
      throw catalog.ORDER_CLOSED();
    });
    const res = await inject(app, '/early');
    expect([res.statusCode, bodyOf(res).error.code]).toEqual([409, 'ORDER_CLOSED']);
  });

  it('answers reply.success with the envelope and the status asked for', async () => {
    const { app } = await build();
    app.post('/orders', async (_request, reply) => reply.success({ id: 1 }, { status: 201 }));
    const res = await inject(app, { method: 'POST', url: '/orders' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(bodyOf(res)).toEqual({
      success: true,
      data: { id: 1 },
      meta: { request_id: res.headers['x-request-id'], timestamp: expect.any(String) },
    });
  });

  describe('request ids', () => {
    it('uses one id for request.id, the X-Request-Id header, the body and Fastify log lines', async () => {
      const lines: { reqId?: string; msg?: string }[] = [];
      const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
      const { app } = await build({}, { logger: { level: 'info', stream } });
      app.get('/id', (request, reply) => reply.success({ id: request.id }));
      const res = await inject(app, { url: '/id', headers: { 'x-request-id': 'client-7' } });
      expect(res.headers['x-request-id']).toBe('client-7');
      expect(bodyOf(res).data.id).toBe('client-7');
      expect(lines.filter((l) => l.msg === 'incoming request').map((l) => l.reqId)).toEqual(['client-7']);
    });

    it('validates the inbound id even when requestIdHeader makes Fastify trust it blindly', async () => {
      const { app } = await build({}, { requestIdHeader: 'x-request-id' });
      app.get('/id', (request, reply) => reply.success({ id: request.id }));
      const bad = await inject(app, { url: '/id', headers: { 'x-request-id': 'a b<script>' } });
      const id = bad.headers['x-request-id'] as string;
      expect(id).not.toBe('a b<script>');
      expect(isValidRequestId(id)).toBe(true);
      expect(bodyOf(bad).data.id).toBe(id);
      const good = await inject(app, { url: '/id', headers: { 'x-request-id': 'trace-1' } });
      expect(bodyOf(good).data.id).toBe('trace-1');
    });

    it('checks the ids a plugin makes with its own genReqId before its hooks and handlers see them', async () => {
      const { app } = await build();
      await app.register(async (child) => {
        child.setGenReqId(() => 'not valid!');
        child.addHook('preHandler', async (request) => {
          if (!isValidRequestId(request.id)) throw new Error(`unchecked id ${request.id}`);
        });
        child.get('/own', (request, reply) => reply.success({ id: request.id }));
      });
      const res = await inject(app, '/own');
      expect(res.statusCode).toBe(200);
      expect(isValidRequestId(res.headers['x-request-id'] as string)).toBe(true);
      expect(bodyOf(res).data.id).toBe(res.headers['x-request-id']);
    });

    it('answers with the id the handler saw, also when a custom validate would refuse generated ids', async () => {
      const { app } = await build({ requestId: { validate: (id) => id.startsWith('client-') } });
      app.get('/id', (request, reply) => reply.success({ id: request.id }));
      const made = await inject(app, '/id');
      expect(bodyOf(made).data.id).toBe(made.headers['x-request-id']);
      const kept = await inject(app, { url: '/id', headers: { 'x-request-id': 'client-9' } });
      expect([kept.headers['x-request-id'], bodyOf(kept).data.id]).toEqual(['client-9', 'client-9']);
    });

    it('reads and writes the header errata is configured with', async () => {
      const { app } = await build({ requestId: { header: 'Request-Id', generate: () => 'generated-1' } });
      app.get('/id', (request, reply) => reply.success({ id: request.id }));
      const kept = await inject(app, { url: '/id', headers: { 'request-id': 'abc' } });
      expect([kept.headers['request-id'], bodyOf(kept).data.id]).toEqual(['abc', 'abc']);
      const made = await inject(app, { url: '/id', headers: { 'x-request-id': 'abc' } });
      expect([made.headers['request-id'], bodyOf(made).data.id]).toEqual(['generated-1', 'generated-1']);
    });

    it('echoes the id on replies errata did not write', async () => {
      const { app } = await build();
      app.get('/plain', () => 'text');
      const res = await inject(app, { url: '/plain', headers: { 'x-request-id': 'plain-1' } });
      expect([res.body, res.headers['x-request-id']]).toEqual(['text', 'plain-1']);
    });

    it('echoes the checked id on replies errata did not write, whichever hook checked it', async () => {
      const { app: trusting } = await build({}, { requestIdHeader: 'x-request-id' });
      trusting.get('/plain', () => 'text');
      const res = await inject(trusting, { url: '/plain', headers: { 'x-request-id': 'a b<script>' } });
      expect(isValidRequestId(res.headers['x-request-id'] as string)).toBe(true);
      const { app } = await build();
      await app.register(async (child) => {
        child.setGenReqId(() => 'not valid!');
        child.get('/own', (request) => ({ id: request.id }));
      });
      const own = await inject(app, '/own');
      expect(isValidRequestId(own.headers['x-request-id'] as string)).toBe(true);
      expect(bodyOf(own).id).toBe(own.headers['x-request-id']);
    });

    it('echoes the id on answers that hooks, error handlers and not-found handlers of the app write', async () => {
      const { app } = await build();
      app.addHook('onRequest', async (request, reply) => {
        if (request.url === '/early') await reply.code(401).send('no');
      });
      app.get('/early', () => 'never');
      app.get('/pre-handler', { preHandler: async (_request, reply) => reply.code(202).send('later') }, () => 'x');
      await app.register(
        async (child) => {
          child.setErrorHandler((_error, _request, reply) => reply.code(418).send('teapot'));
          child.setNotFoundHandler((_request, reply) => reply.code(404).send('no such child'));
          child.get('/fails', () => {
            throw new Error('handled by the child');
          });
          child.get('/gone', (_request, reply) => reply.callNotFound());
        },
        { prefix: '/child' },
      );
      for (const [url, status, body] of [
        ['/early', 401, 'no'],
        ['/pre-handler', 202, 'later'],
        ['/child/fails', 418, 'teapot'],
        ['/child/gone', 404, 'no such child'],
        ['/child/nope', 404, 'no such child'],
      ] as const) {
        const res = await inject(app, { url, headers: { 'x-request-id': 'app-1' } });
        expect([url, res.statusCode, res.body, res.headers['x-request-id']]).toEqual([url, status, body, 'app-1']);
      }
    });

    it('echoes the id on stream replies and leaves hijacked replies to the app', async () => {
      const { app } = await build();
      app.get('/stream', (_request, reply) => reply.type('text/plain').send(Readable.from(['a', 'b'])));
      app.get('/hijacked', (_request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/plain' });
        reply.raw.end('raw');
      });
      const stream = await inject(app, { url: '/stream', headers: { 'x-request-id': 'stream-1' } });
      expect([stream.body, stream.headers['x-request-id']]).toEqual(['ab', 'stream-1']);
      const hijacked = await inject(app, { url: '/hijacked', headers: { 'x-request-id': 'raw-1' } });
      expect([hijacked.body, hijacked.headers['x-request-id']]).toEqual(['raw', undefined]);
    });
  });

  describe('replies already sent', () => {
    it('reports an async rejection after reply.success once, through onError, and keeps the answer', async () => {
      const { app, events } = await build();
      app.get('/late', async (_request, reply) => {
        reply.success({ ok: true });
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('late failure');
      });
      const res = await inject(app, '/late');
      expect([res.statusCode, bodyOf(res).data]).toEqual([200, { ok: true }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events.map((e) => [e.problem.code, (e.error as Error).message])).toEqual([
        ['INTERNAL_ERROR', 'late failure'],
      ]);
    });

    it('settles an async handler the same when a later plugin awaits it in a handler of its own', async () => {
      const { app, events } = await build();
      app.addHook('onRoute', (route) => {
        const inner = route.handler;
        route.handler = async function awaited(this: FastifyInstance, request, reply) {
          return await inner.call(this, request, reply);
        };
      });
      app.get('/value', async () => ({ fine: true }));
      app.get('/rejects', async () => {
        await Promise.resolve();
        throw catalog.ORDER_CLOSED();
      });
      app.get('/late', async (_request, reply) => {
        reply.success({ ok: true });
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('late failure');
      });
      const value = await inject(app, '/value');
      expect([value.statusCode, bodyOf(value)]).toEqual([200, { fine: true }]);
      const rejected = await inject(app, '/rejects');
      expect([rejected.statusCode, bodyOf(rejected).error.code]).toEqual([409, 'ORDER_CLOSED']);
      const late = await inject(app, '/late');
      expect([late.statusCode, bodyOf(late).data]).toEqual([200, { ok: true }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events.map((e) => [e.problem.code, (e.error as Error).message])).toEqual([
        ['ORDER_CLOSED', 'The order is closed.'],
        ['INTERNAL_ERROR', 'late failure'],
      ]);
    });

    it('answers a returned reply once, whether it was sent before the return or after', async () => {
      const { app, events } = await build();
      app.get('/now', (_request, reply) => reply.success({ when: 'now' }));
      app.get('/later', (_request, reply) => {
        setTimeout(() => reply.success({ when: 'later' }), 5);
        return reply;
      });
      app.get('/now-async', async (_request, reply) => reply.success({ when: 'now-async' }));
      for (const when of ['now', 'later', 'now-async']) {
        const res = await inject(app, `/${when}`);
        expect([res.statusCode, bodyOf(res).data]).toEqual([200, { when }]);
      }
      expect(events).toEqual([]);
    });

    it('cuts a raw response whose headers are out instead of appending an envelope', async () => {
      const { app, events } = await build();
      app.get('/raw', async (_request, reply) => {
        reply.raw.writeHead(200, { 'content-type': 'text/plain' });
        reply.raw.write('half');
        await new Promise((resolve) => setTimeout(resolve, 20)); // let 'half' reach the client
        throw new Error('mid-body');
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const { port } = app.server.address() as { port: number };
        const result = await new Promise<{ body: string; complete: boolean }>((resolve, reject) => {
          const req = http.get(`http://127.0.0.1:${port}/raw`, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('close', () => resolve({ body, complete: res.complete }));
          });
          req.on('error', reject);
        });
        expect(result).toEqual({ body: 'half', complete: false });
        expect(events).toHaveLength(1);
      } finally {
        await app.close();
      }
    });
  });

  it('logs 5xx through request.log, with the request id', async () => {
    const lines: { level: number; reqId?: string; msg?: string; err?: { message?: string } }[] = [];
    const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
    const app = Fastify({ logger: { level: 'error', stream } });
    await app.register(errata, { catalog });
    app.get('/boom', () => {
      throw new Error('disk full');
    });
    app.get('/closed', () => {
      throw catalog.ORDER_CLOSED();
    });
    const res = await inject(app, '/boom');
    await inject(app, '/closed');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        reqId: res.headers['x-request-id'],
        msg: '500 INTERNAL_ERROR GET /boom',
        err: expect.objectContaining({ message: 'disk full' }),
      }),
    ]);
  });

  describe('404 and 405', () => {
    it('answers 405 with Allow for a path that has other methods, 404 otherwise', async () => {
      const { app } = await build();
      app.get('/orders/:id', () => 'order');
      app.delete('/orders/:id', () => 'deleted');
      const res = await inject(app, { method: 'PUT', url: '/orders/42?x=1' });
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('DELETE, GET, HEAD');
      expect(bodyOf(res).error.params).toEqual({ allow: ['DELETE', 'GET', 'HEAD'] });
      expect((await inject(app, { method: 'PUT', url: '/orders' })).statusCode).toBe(404);
    });

    it('does not count a root catch-all (like the OPTIONS * route of @fastify/cors) as a method of a path', async () => {
      const { app } = await build();
      app.options('*', (_request, reply) => reply.code(204).send());
      app.get('/files/*', () => 'file');
      expect((await inject(app, '/nope')).statusCode).toBe(404);
      const res = await inject(app, { method: 'POST', url: '/files/a/b' });
      expect([res.statusCode, res.headers.allow]).toEqual([405, 'GET, HEAD']);
    });

    it('answers 404, not 405, when a matched route calls reply.callNotFound()', async () => {
      const { app } = await build();
      app.get('/orders/:id', (request, reply) => {
        if ((request.params as { id: string }).id !== '1') return reply.callNotFound();
        return reply.success({ id: 1 });
      });
      const res = await inject(app, '/orders/2');
      expect([res.statusCode, bodyOf(res).error.code, res.headers.allow]).toEqual([404, 'NOT_FOUND', undefined]);
    });

    it('answers HEAD on an error route with the status and headers and no body', async () => {
      const { app } = await build();
      app.get('/closed', () => {
        throw catalog.ORDER_CLOSED();
      });
      const res = await inject(app, { method: 'HEAD', url: '/closed' });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
      expect(res.body).toBe('');
    });
  });

  describe('errors Fastify raises itself', () => {
    it('answers a malformed URL with BAD_REQUEST when the server options are used', async () => {
      const { app } = await build();
      app.get('/:id', () => 'x');
      const res = await inject(app, '/%zz');
      expect([res.statusCode, bodyOf(res).error.code]).toEqual([400, 'BAD_REQUEST']);
      expect(isValidRequestId(res.headers['x-request-id'] as string)).toBe(true);
      expect(bodyOf(res).meta.request_id).toBe(res.headers['x-request-id']);
    });

    it('leaves a malformed URL to Fastify without the server options (no hook runs for it)', async () => {
      const app = Fastify();
      await app.register(errata, { catalog });
      app.get('/:id', () => 'x');
      expect(bodyOf(await inject(app, '/%zz')).code).toBe('FST_ERR_BAD_URL');
    });

    it('maps body parsing failures to INVALID_JSON, PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE', async () => {
      const { app } = await build();
      app.post('/echo', { bodyLimit: 64 }, (request, reply) => reply.success(request.body));
      const post = (payload: string, type = 'application/json') =>
        inject(app, { method: 'POST', url: '/echo', headers: { 'content-type': type }, payload });
      const codes = await Promise.all([
        post('{"a":'),
        post(''),
        post(JSON.stringify({ a: 'x'.repeat(100) })),
        post('<a/>', 'application/xml'),
      ]);
      expect(codes.map((r) => [r.statusCode, bodyOf(r).error.code])).toEqual([
        [400, 'INVALID_JSON'],
        [400, 'INVALID_JSON'],
        [413, 'PAYLOAD_TOO_LARGE'],
        [415, 'UNSUPPORTED_MEDIA_TYPE'],
      ]);
    });

    it('refuses a JSON body the rule refuses before the route’s own preParsing hooks, in child plugins too', async () => {
      const { app } = await build();
      const seen: string[] = [];
      await app.register(async (child) => {
        child.post(
          '/echo',
          {
            preParsing: (request, _reply, payload, done) => {
              seen.push(`preParsing ${request.url}`);
              done(null, payload);
            },
          },
          (request, reply) => reply.success(request.body),
        );
        child.route({
          method: ['GET', 'POST'],
          url: '/either',
          preParsing: (request, _reply, payload, done) => {
            seen.push(`preParsing ${request.method}`);
            done(null, payload);
          },
          handler: (request, reply) => reply.success({ method: request.method }),
        });
      });
      const post = (url: string, type: string) =>
        inject(app, { method: 'POST', url, headers: { 'content-type': type }, payload: '{"a":1}' });
      const refused = await Promise.all([
        post('/echo', 'application/json; charset=latin1'),
        post('/either', 'application/json; charset=latin1'),
      ]);
      expect(refused.map((res) => [res.statusCode, bodyOf(res).error.code])).toEqual([
        [415, 'UNSUPPORTED_MEDIA_TYPE'],
        [415, 'UNSUPPORTED_MEDIA_TYPE'],
      ]);
      expect(seen).toEqual([]);
      expect((await post('/echo', 'application/json')).statusCode).toBe(200);
      expect((await post('/either', 'application/json')).statusCode).toBe(200);
      expect((await inject(app, '/either')).statusCode).toBe(200);
      expect(seen).toEqual(['preParsing /echo', 'preParsing POST', 'preParsing GET']);
    });

    it('leaves an unrouted request to a child’s own not-found handler, whatever the Content-Type of its body', async () => {
      const { app } = await build();
      await app.register(
        async (child) => {
          child.setNotFoundHandler((_request, reply) => reply.code(404).send('no such child'));
        },
        { prefix: '/child' },
      );
      const headers = { 'content-type': 'application/json; charset=latin1' };
      const res = await inject(app, { method: 'POST', url: '/child/nope', headers, payload: '{"a":1}' });
      expect([res.statusCode, res.body]).toEqual([404, 'no such child']);
    });

    it('strips __proto__ keys with the server options, and answers INVALID_JSON for them without', async () => {
      const payload = '{"__proto__":{"admin":true},"a":1}';
      const headers = { 'content-type': 'application/json' };
      const { app } = await build();
      app.post('/echo', (request, reply) => reply.success(request.body));
      const stripped = await inject(app, { method: 'POST', url: '/echo', headers, payload });
      expect([stripped.statusCode, stripped.body.includes('admin')]).toEqual([200, false]);
      const plain = Fastify();
      await plain.register(errata, { catalog });
      plain.post('/echo', (request, reply) => reply.success(request.body));
      const rejected = await inject(plain, { method: 'POST', url: '/echo', headers, payload });
      expect([rejected.statusCode, bodyOf(rejected).error.code]).toEqual([400, 'INVALID_JSON']);
    });
  });

  it('uses the catalog status for VALIDATION_ERROR, with TypeBox and with AJV schemas', async () => {
    const custom = defineErrors({ VALIDATION_ERROR: { status: 422, message: 'Check the fields.' } });
    const { app } = await build({ catalog: custom });
    app.get('/typebox', { schema: { querystring: Type.Object({ n: Type.Integer() }) } }, () => 'ok');
    const json = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    app.get('/json', { schema: { querystring: json } }, () => 'ok');
    for (const url of ['/typebox', '/json']) {
      const res = await inject(app, url);
      expect([url, res.statusCode, bodyOf(res).error]).toEqual([
        url,
        422,
        {
          code: 'VALIDATION_ERROR',
          message: 'Check the fields.',
          details: [{ field: 'query.n', message: 'is required', rule: 'required' }],
        },
      ]);
    }
  });

  it('keeps the errata instance on the Fastify instance', async () => {
    const { app } = await build({ requestId: { header: 'Request-Id' } });
    expect(app.errata.catalog).toBe(catalog);
    expect(app.errata.requestIdHeader).toBe('request-id');
  });
});
