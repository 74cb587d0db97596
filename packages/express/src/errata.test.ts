import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalog, exchange } from '@errata/conformance';
import type { ErrataErrorEvent } from '@errata/core';
import express, { type ErrorRequestHandler } from 'express';
import express4 from 'express4';
import request from 'supertest';
import type { ExpressModule } from '../test/fixture-app';
import { type ExpressErrata, errata } from './errata';

const versions: [string, ExpressModule][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as ExpressModule],
];

/** A fresh app with errata mounted around the routes `routes` adds; the events onError saw. */
function setup(expressModule: ExpressModule, routes: (app: express.Express, e: ReturnType<typeof errata>) => void) {
  const events: ErrataErrorEvent[] = [];
  const e = errata({ catalog, onError: (event) => events.push(event) });
  const app = expressModule();
  app.use(e.middleware);
  routes(app, e);
  app.use(e.notFound);
  app.use(e.errorHandler);
  return { app, e, events };
}

/** Raw bytes to a fresh server on `app` (with errata's clientError listener): what comes back before it closes. */
async function exchangeRaw(app: http.RequestListener, e: Pick<ExpressErrata, 'clientError'>, bytes: string) {
  const server = http.createServer(app);
  server.on('clientError', e.clientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await exchange(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes)).text;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe.each(versions)('%s', (_name, expressModule) => {
  it('runs no route for a request whose Transfer-Encoding Node refuses after handing it on, and routes one it accepts', async () => {
    let ran = 0;
    const { app, e } = setup(expressModule, (app, e) => {
      app.get('/count', (_req, res) => e.success(res, ++ran)); // synchronous: it would answer before Node's verdict
    });
    const refused = await exchangeRaw(app, e, 'GET /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n');
    expect(refused).toMatch(/^HTTP\/1\.1 400 /);
    expect(refused).toContain('"code":"BAD_REQUEST"');
    expect(ran).toBe(0);
    const accepted = await exchangeRaw(
      app,
      e,
      'GET /count HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
    );
    expect(accepted).toMatch(/^HTTP\/1\.1 200 /);
    expect(ran).toBe(1);
  });

  it('still skips the route when a handler calls next("route") deliberately', async () => {
    const { app } = setup(expressModule, (app, e) => {
      app.get(
        '/r',
        (_req, _res, next) => next('route'),
        () => {
          throw new Error('skipped');
        },
      );
      app.get('/r', (_req, res) => e.success(res, { second: true }));
    });
    const res = await request(app).get('/r');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ second: true });
  });

  it('still leaves a router when a middleware calls next("router") deliberately', async () => {
    const { app } = setup(expressModule, (app, e) => {
      const router = expressModule.Router();
      router.use((_req, _res, next) => next('router'));
      router.get('/x', (_req, res) => e.success(res, { inside: true }));
      app.use(router);
      app.get('/x', (_req, res) => e.success(res, { outside: true }));
    });
    expect((await request(app).get('/x')).body.data).toEqual({ outside: true });
  });

  it('catches rejections of async handlers added to a router after the first request', async () => {
    const router = expressModule.Router();
    const { app } = setup(expressModule, (app, e) => {
      app.get('/ok', (_req, res) => e.success(res, 'ok'));
      app.use('/api', router);
    });
    expect((await request(app).get('/ok')).status).toBe(200);
    router.get('/late', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw catalog.CONFLICT();
    });
    const res = await request(app).get('/api/late');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('catches what an async error handler of the user rejects with', async () => {
    const { app, events } = setup(expressModule, (app) => {
      app.get('/x', () => {
        throw new Error('first');
      });
      app.use((async (error: unknown, _req: unknown, _res: unknown, _next: unknown) => {
        throw Object.assign(new Error('second'), { cause: error, status: 418 });
      }) as ErrorRequestHandler);
    });
    const res = await request(app).get('/x');
    expect(res.status).toBe(418);
    expect(events.map((event) => (event.error as Error).message)).toEqual(['second']);
  });

  it('gives onError the falsy value itself, and other error handlers an Error standing for it', async () => {
    const seen: unknown[] = [];
    const { app, events } = setup(expressModule, (app) => {
      app.get('/null', () => {
        throw null;
      });
      app.use(((error, _req, _res, next) => {
        seen.push(error);
        next(error);
      }) as ErrorRequestHandler);
    });
    const res = await request(app).get('/null');
    expect(res.status).toBe(500);
    expect(seen).toEqual([expect.objectContaining({ name: 'ThrownValueError' })]);
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeNull();
  });

  it('keeps an answer sent before an async handler rejects, logging the error once without writing', async () => {
    const { app, events } = setup(expressModule, (app, e) => {
      app.get('/x', async (_req, res) => {
        e.success(res, { kept: true }, { status: 201 });
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('after');
      });
    });
    const res = await request(app).get('/x');
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ kept: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.map((event) => event.problem.code)).toEqual(['INTERNAL_ERROR']);
  });

  it('closes the socket when a response fails mid-stream, logging the error once', async () => {
    const { app, events } = setup(expressModule, (app) => {
      app.get('/stream', async (_req, res) => {
        res.status(200).write('part');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('mid-stream');
      });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const outcome = await new Promise<{ body: string; complete: boolean }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${port}/stream`, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('error', () => {});
            res.on('close', () => resolve({ body, complete: res.complete }));
          })
          .on('error', reject);
      });
      expect(outcome).toEqual({ body: 'part', complete: false });
      expect(events).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('answers a target Express’s URL parser throws on with the BAD_REQUEST envelope, not its own HTML 404', async () => {
    const sendTarget = (port: number, path: string) =>
      new Promise<{ status: number; type: string; id: string; body: string }>((resolve, reject) => {
        http
          .request({ host: '127.0.0.1', port, path }, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                type: String(res.headers['content-type']),
                id: String(res.headers['x-request-id']),
                body,
              }),
            );
          })
          .on('error', reject)
          .end();
      });
    for (const mount of ['install', 'middleware'] as const) {
      const e = errata({ catalog, onError: () => {} });
      const app = expressModule();
      if (mount === 'install') e.install(app);
      else app.use(e.middleware);
      app.get('/ok', (_req, res) => e.success(res, 'ok'));
      if (mount === 'middleware') app.use(e.notFound, e.errorHandler);
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        // install() guards the app at once; the middleware from the first request it sees on
        if (mount === 'middleware') expect((await sendTarget(port, '/ok')).status).toBe(200);
        const answer = await sendTarget(port, 'http://%@2f127.0.0.1/ok');
        expect([mount, answer.status, answer.type]).toEqual([mount, 400, 'application/json; charset=utf-8']);
        const body = JSON.parse(answer.body);
        expect(body.error.code).toBe('BAD_REQUEST');
        expect(body.meta.request_id).toBe(answer.id);
        expect((await sendTarget(port, 'http://127.0.0.1/ok')).status).toBe(200); // a valid absolute form routes
      } finally {
        server.close();
      }
    }
  });

  it('exposes the request id through requestIdOf, req.id and res.locals.requestId', async () => {
    const { app } = setup(expressModule, (app, e) => {
      app.get('/id', (req, res) =>
        e.success(res, { of: e.requestIdOf(req), id: (req as { id?: unknown }).id, locals: res.locals.requestId }),
      );
    });
    const res = await request(app).get('/id').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body.data).toEqual({ of: 'abc-123', id: 'abc-123', locals: 'abc-123' });
  });

  it('keeps req.id the request id in a mounted app, and lets a middleware assign its own', async () => {
    const { app } = setup(expressModule, (app, e) => {
      const sub = expressModule();
      sub.get('/id', (req, res) => e.success(res, { id: (req as { id?: unknown }).id, of: e.requestIdOf(req) }));
      app.use('/sub', sub);
      app.get(
        '/reassigned',
        (req, _res, next) => {
          (req as { id?: unknown }).id = 'set-by-a-logger';
          next();
        },
        (req, res) => e.success(res, { id: (req as { id?: unknown }).id, of: e.requestIdOf(req) }),
      );
    });
    const sub = await request(app).get('/sub/id').set('x-request-id', 'abc-sub');
    expect(sub.body.data).toEqual({ id: 'abc-sub', of: 'abc-sub' });
    const reassigned = await request(app).get('/reassigned').set('x-request-id', 'abc-own');
    expect(reassigned.body.data).toEqual({ id: 'set-by-a-logger', of: 'abc-own' });
    // another request of the same app is not affected by that assignment
    const again = await request(app).get('/sub/id').set('x-request-id', 'abc-again');
    expect(again.body.data).toEqual({ id: 'abc-again', of: 'abc-again' });
  });

  it('adds no property to the request, a screened body included', async () => {
    // Express swaps each request's prototype, after which V8 makes every property added to it a map of its own, at run
    // time (request-state.ts): what errata keeps about a request lives beside it
    const e = errata({ catalog, onError: () => {} });
    const app = expressModule();
    const added: (string | symbol)[][] = [];
    let before: (string | symbol)[] = [];
    app.use((req, _res, next) => {
      // a parsed body for the wrapped layers to screen: its `__proto__` key is dropped
      if (req.method === 'POST') req.body = JSON.parse('{"__proto__":{"admin":true},"side":"buy"}');
      before = Reflect.ownKeys(req);
      next();
    });
    app.use(e.middleware);
    app.use((req, _res, next) => {
      added.push(Reflect.ownKeys(req).filter((key) => !before.includes(key)));
      next();
    });
    app.all('/x', (req, res) => e.success(res, { body: req.body ?? null, id: (req as { id?: unknown }).id }));
    app.use(e.notFound);
    app.use(e.errorHandler);
    expect((await request(app).get('/x').set('x-request-id', 'abc-get')).body.data).toEqual({
      body: null,
      id: 'abc-get',
    });
    expect((await request(app).post('/x').set('x-request-id', 'abc-post')).body.data).toEqual({
      body: { side: 'buy' },
      id: 'abc-post',
    });
    expect(added).toEqual([[], []]);
  });

  it('overwrites a req.id set before errata ran, as pino-http sets it', async () => {
    const e = errata({ catalog, onError: () => {} });
    const app = expressModule();
    app.use((req, _res, next) => {
      (req as { id?: unknown }).id = 'from-pino';
      next();
    });
    app.use(e.middleware);
    app.get('/id', (req, res) => e.success(res, { id: (req as { id?: unknown }).id }));
    const res = await request(app).get('/id').set('x-request-id', 'abc-first');
    expect(res.body.data).toEqual({ id: 'abc-first' });
  });

  it('sets the request id header on responses errata does not write', async () => {
    const { app } = setup(expressModule, (app) => {
      app.get('/plain', (_req, res) => {
        res.send('plain');
      });
    });
    const res = await request(app).get('/plain');
    expect(res.text).toBe('plain');
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('writes errors as core made them, without an ETag (Express adds one to what res.send writes; Hono and Fastify none)', async () => {
    const { app } = setup(expressModule, (app) => {
      app.get('/limited', (_req, res) => {
        res.set('RateLimit-Remaining', '0'); // set before the failure: kept, as in every adapter
        throw catalog.RATE_LIMIT_EXCEEDED({ retry_after: 3 });
      });
    });
    expect(app.get('etag')).toBeTruthy(); // Express's default: res.send would hash the body
    for (const method of ['get', 'head'] as const) {
      const res = await request(app)[method]('/limited');
      expect(res.status).toBe(429);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['ratelimit-remaining']).toBe('0');
      expect(res.headers['retry-after']).toBe('3');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = (await request(app).get('/limited')).text;
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      if (method === 'head') expect(res.text).toBeUndefined();
      else expect(JSON.parse(res.text).error.code).toBe('RATE_LIMIT_EXCEEDED');
    }
  });

  describe('not found', () => {
    const app = setup(expressModule, (app, e) => {
      const v1 = expressModule.Router();
      v1.get('/items/:id', (_req, res) => e.success(res, 'item'));
      v1.put('/items/:id', (_req, res) => e.success(res, 'put'));
      app.use('/v1', v1);
      app.post('/only-post', (_req, res) => e.success(res, 'posted'));
      app.get('/passes', (_req, _res, next) => next());
    }).app;

    it('answers 405 with Allow for a path a nested router has', async () => {
      const res = await request(app).delete('/v1/items/7');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, PUT');
    });

    it('answers 405 to HEAD on a path that has only POST', async () => {
      const res = await request(app).head('/only-post');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
    });

    it('answers 404 when the route for the method exists but passed the request on', async () => {
      expect((await request(app).get('/passes')).status).toBe(404);
    });

    it('answers 404 under a router for a path it does not have', async () => {
      const res = await request(app).get('/v1/nothing');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });
  });

  describe('requireJson', () => {
    const { app } = setup(expressModule, (app, e) => {
      app.post('/json', e.requireJson(), expressModule.json(), (req, res) => e.success(res, req.body ?? null));
      app.post('/patch', e.requireJson({ type: 'application/merge-patch+json' }), (_req, res) => e.success(res, 'ok'));
    });

    it('lets JSON bodies and bodiless requests through', async () => {
      expect((await request(app).post('/json').send({ a: 1 })).body.data).toEqual({ a: 1 });
      expect((await request(app).post('/json')).status).toBe(200);
    });

    it('answers UNSUPPORTED_MEDIA_TYPE to a body of another type', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json']) {
        const res = await request(app).post('/json').set('content-type', type).send('a=1');
        expect([type, res.status, res.body.error.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
      }
    });

    it('accepts the types it is given', async () => {
      const res = await request(app).post('/patch').set('content-type', 'application/merge-patch+json').send('{}');
      expect(res.status).toBe(200);
      expect((await request(app).post('/patch').set('content-type', 'application/json').send('{}')).status).toBe(415);
    });
  });

  it('logs 5xx through a pino-http style req.log when there is one', async () => {
    const log = { error: jest.fn() };
    const e = errata({ catalog });
    const app = expressModule();
    app.use(e.middleware);
    app.use((req, _res, next) => {
      Object.assign(req, { log });
      next();
    });
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.use(e.errorHandler);
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]?.[0]).toMatchObject({ request_id: res.headers['x-request-id'], path: '/boom' });
  });
});
