import { defineErrors, type ErrataErrorEvent, isValidRequestId } from '@errata/core';
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { type ErrataEnv, errata, notFound, onError, success, validator } from './index';

const catalog = defineErrors({ ORDER_CLOSED: { status: 409, message: 'The order is closed.' } });

function makeApp(events: ErrataErrorEvent[] = []) {
  const app = new Hono<ErrataEnv>();
  app.use(errata({ catalog, onError: (event) => events.push(event) }));
  app.onError(onError);
  app.notFound(notFound({ app }));
  return app;
}

async function bodyOf(res: Response): Promise<{ success: boolean; error: { code: string; message: string } }> {
  return (await res.json()) as never;
}

describe('errata() middleware', () => {
  it('returns named functions, so stack traces read well', () => {
    expect(errata({ catalog }).name).toBe('errataMiddleware');
    expect(notFound().name).toBe('errataNotFound');
    expect(validator('query', Type.Object({})).name).toBe('errataValidator');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'route'],
    ['a Symbol', Symbol('secret')],
    ['a plain object', { status: 400, message: 'plain' }],
    ['a number', 0],
  ])(
    'answers %s thrown (which Hono re-throws past app.onError) with a 500 envelope, logged once',
    async (_, thrown) => {
      const events: ErrataErrorEvent[] = [];
      const app = makeApp(events);
      app.get('/sync', () => {
        throw thrown;
      });
      app.get('/async', async () => {
        await Promise.resolve();
        throw thrown;
      });
      for (const path of ['/sync', '/async']) {
        events.length = 0;
        const res = await app.request(path);
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect((await bodyOf(res)).error.code).toBe('INTERNAL_ERROR');
        expect(events).toHaveLength(1);
        expect(events[0]?.requestId).toBe(res.headers.get('x-request-id'));
      }
    },
  );

  it('is needed: without it Hono lets a non-Error throw escape app.fetch', async () => {
    const app = new Hono();
    app.onError(onError);
    app.use(async (_c, next) => next());
    app.get('/', () => {
      throw null;
    });
    await expect(app.request('/')).rejects.toBeNull();
  });

  it('answers any thrown value with an error envelope and a valid request id', async () => {
    let thrown: unknown;
    const app = makeApp([]);
    app.get('/', () => {
      throw thrown;
    });
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true }),
        async (value) => {
          thrown = value;
          const res = await app.request('/');
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(isValidRequestId(res.headers.get('x-request-id') ?? '')).toBe(true);
          expect((await bodyOf(res)).success).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sets X-Request-Id on responses errata did not write', async () => {
    const app = makeApp();
    app.get('/text', (c) => c.text('hi'));
    app.get('/raw', () => new Response('raw'));
    for (const path of ['/text', '/raw']) {
      const res = await app.request(path, { headers: { 'x-request-id': 'abc-123' } });
      expect(res.headers.get('x-request-id')).toBe('abc-123');
    }
  });

  it('sends the Response a context helper made as it is: the id is on it from the start, nothing is re-created', async () => {
    // Re-created after the handler, a Response keeps only its body stream, which @hono/node-server pipes instead of
    // writing the string it held (2.6x the time, bench/RESULTS.md)
    const app = makeApp();
    const made: Response[] = [];
    app.get('/json', (c) => made[made.push(c.json({ ok: true })) - 1] as Response);
    app.get('/ok', (c) => made[made.push(success(c, { ok: true })) - 1] as Response);
    app.get('/stream', (c) => made[made.push(c.body(new Blob(['s']).stream())) - 1] as Response);
    for (const [i, path] of ['/json', '/ok', '/stream'].entries()) {
      const res = await app.request(path, { headers: { 'x-request-id': `same-${i}` } });
      expect(res).toBe(made[i]);
      expect(res.headers.get('x-request-id')).toBe(`same-${i}`);
    }
  });

  it('passes a WebSocket upgrade (101) through untouched, since its Response cannot be re-created', async () => {
    const app = makeApp();
    // Node's Response refuses status 101, as a re-created upgrade would be refused; the runtimes' upgrade is faked here.
    const upgrade = Object.defineProperty(new Response(null), 'status', { value: 101 });
    app.get('/ws', () => upgrade);
    const res = await app.request('/ws');
    expect(res.status).toBe(101);
  });

  it('exposes the request id as c.var.requestId, typed', async () => {
    const app = makeApp();
    app.get('/', (c) => c.text(c.var.requestId));
    const res = await app.request('/', { headers: { 'x-request-id': 'client-7' } });
    expect(await res.text()).toBe('client-7');
  });

  it('replaces an invalid inbound id', async () => {
    const app = makeApp();
    app.get('/', (c) => c.text(c.var.requestId));
    const res = await app.request('/', { headers: { 'x-request-id': 'has space' } });
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).not.toBe('has space');
    expect(await res.text()).toBe(id);
  });
});

describe('hono/request-id interop', () => {
  function withRequestId(options: Parameters<typeof requestId>[0] = {}) {
    const app = new Hono<ErrataEnv>();
    app.use(requestId(options));
    app.use(errata({ catalog, onError: () => {} }));
    app.onError(onError);
    app.get('/', (c) => success(c, { id: c.var.requestId }));
    app.get('/fail', () => {
      throw catalog.ORDER_CLOSED();
    });
    return app;
  }

  it('keeps the id hono/request-id generated, in header, c.var and body alike', async () => {
    const app = withRequestId({ generator: () => 'from-hono-request-id' });
    for (const path of ['/', '/fail']) {
      const res = await app.request(path);
      expect(res.headers.get('x-request-id')).toBe('from-hono-request-id');
      expect(JSON.stringify(await res.json())).toContain('"from-hono-request-id"');
    }
  });

  it('keeps an inbound id both accept', async () => {
    const res = await withRequestId().request('/', { headers: { 'x-request-id': 'client-42' } });
    expect(res.headers.get('x-request-id')).toBe('client-42');
    expect(await res.json()).toMatchObject({ data: { id: 'client-42' } });
  });

  it('replaces an id hono/request-id accepts but errata does not (longer than 128 characters)', async () => {
    const long = 'a'.repeat(200);
    const res = await withRequestId().request('/', { headers: { 'x-request-id': long } });
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).not.toBe(long);
    expect(isValidRequestId(id)).toBe(true);
    expect(await res.json()).toMatchObject({ data: { id } });
  });
});

describe('onError', () => {
  it("keeps an HTTPException's status and safe headers and replaces its body with the envelope", async () => {
    const app = makeApp();
    app.get('/', () => {
      const res = new Response('<html>secret</html>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="api"', 'X-Internal': 'secret' },
      });
      throw new HTTPException(401, { res, message: 'Token expired' });
    });
    const res = await app.request('/');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(res.headers.get('x-internal')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await bodyOf(res)).error).toEqual({ code: 'UNAUTHORIZED', message: 'Token expired' });
  });

  it('masks the message of a 5xx HTTPException', async () => {
    const app = makeApp();
    app.get('/', () => {
      throw new HTTPException(503, { message: 'db password=hunter2' });
    });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain('hunter2');
  });

  it('answers catalog errors with their status and code', async () => {
    const app = makeApp();
    app.get('/', () => {
      throw catalog.ORDER_CLOSED();
    });
    const res = await app.request('/');
    expect(res.status).toBe(409);
    expect((await bodyOf(res)).error).toEqual({ code: 'ORDER_CLOSED', message: 'The order is closed.' });
  });

  it('keeps an answer the handler assigned before throwing, and logs the error once', async () => {
    const events: ErrataErrorEvent[] = [];
    const app = makeApp(events);
    app.get('/', (c) => {
      c.res = success(c, { done: true });
      throw new Error('after');
    });
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, data: { done: true } });
    expect(events.map((event) => event.problem.code)).toEqual(['INTERNAL_ERROR']);
  });

  it('keeps the answer when a middleware fails after next(), and logs the error once', async () => {
    const events: ErrataErrorEvent[] = [];
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog, onError: (event) => events.push(event) }));
    app.use(async (_c, next) => {
      await next();
      throw null;
    });
    app.onError(onError);
    app.get('/', (c) => success(c, 'ok'));
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('answers HEAD with the error status and headers and no body', async () => {
    const app = makeApp();
    app.get('/', () => {
      throw catalog.RATE_LIMIT_EXCEEDED({ retry_after: 3 });
    });
    const res = await app.request('/', { method: 'HEAD' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toBeNull();
  });

  it('still answers an envelope when errata() did not run for the request', async () => {
    const app = new Hono();
    app.onError(onError);
    app.get('/', () => {
      throw new HTTPException(403);
    });
    const res = await app.request('/', { headers: { 'x-request-id': 'kept-1' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-request-id')).toBe('kept-1');
    expect((await bodyOf(res)).error.code).toBe('FORBIDDEN');
  });

  it('answers "Context is not finalized" (a handler that returned nothing) with a 500 envelope', async () => {
    const app = makeApp();
    app.get('/', (() => undefined) as never);
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect((await bodyOf(res)).error.code).toBe('INTERNAL_ERROR');
  });
});

describe('notFound', () => {
  it('answers 404 for an unknown path and 405 with Allow for a known path with another method', async () => {
    const app = makeApp();
    app.get('/orders/:id', (c) => c.text('order'));
    app.delete('/orders/:id', (c) => c.text('deleted'));
    app.on('PURGE', '/cache', (c) => c.text('purged'));
    expect((await app.request('/nope')).status).toBe(404);
    const res = await app.request('/orders/1', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('DELETE, GET, HEAD');
    expect((await app.request('/cache')).headers.get('allow')).toBe('PURGE');
  });

  it('ignores middleware registered with use() and all() when listing methods', async () => {
    const app = makeApp();
    app.use('/orders/*', async (_c, next) => next());
    app.all('/orders/*', async (_c, next) => next());
    app.get('/orders/:id', (c) => c.text('order'));
    const res = await app.request('/orders/1', { method: 'POST' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await app.request('/orders')).status).toBe(404);
  });

  it('answers 404, not 405, when a handler calls c.notFound() on a path that has other methods', async () => {
    const app = makeApp();
    app.get('/orders/:id', (c) => c.notFound());
    app.delete('/orders/:id', (c) => c.text('deleted'));
    const res = await app.request('/orders/404');
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
  });

  it('answers 404 for HEAD on an unknown path, and HEAD is allowed wherever GET is', async () => {
    const app = makeApp();
    app.post('/only-post', (c) => c.text('x'));
    expect((await app.request('/nope', { method: 'HEAD' })).status).toBe(404);
    const res = await app.request('/only-post', { method: 'HEAD' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('always answers 404 without the app', async () => {
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog }));
    app.notFound(notFound());
    app.get('/x', (c) => c.text('x'));
    expect((await app.request('/x', { method: 'POST' })).status).toBe(404);
  });
});

describe('sub-apps mounted with app.route()', () => {
  function mounted(subOnError: boolean) {
    const events: ErrataErrorEvent[] = [];
    const app = makeApp(events);
    const orders = new Hono<ErrataEnv>();
    if (subOnError) orders.onError(onError);
    orders.get('/:id', (c) => success(c, { id: c.req.param('id') }));
    orders.post('/', () => {
      throw catalog.ORDER_CLOSED();
    });
    orders.get('/:id/null', () => {
      throw null;
    });
    app.route('/orders', orders);
    return { app, events };
  }

  for (const subOnError of [false, true]) {
    it(`gives the same envelopes ${subOnError ? 'with' : 'without'} the sub-app's own onError`, async () => {
      const { app, events } = mounted(subOnError);
      const ok = await app.request('/orders/1', { headers: { 'x-request-id': 'sub-1' } });
      expect(await ok.json()).toMatchObject({ data: { id: '1' }, meta: { request_id: 'sub-1' } });
      const closed = await app.request('/orders', { method: 'POST' });
      expect(closed.status).toBe(409);
      expect((await bodyOf(closed)).error.code).toBe('ORDER_CLOSED');
      const nothing = await app.request('/orders/1/null');
      expect(nothing.status).toBe(500);
      expect(events).toHaveLength(2);
      const wrongMethod = await app.request('/orders/1', { method: 'DELETE' });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
      expect((await app.request('/orders/1/2/3')).status).toBe(404);
    });
  }
});

describe('success', () => {
  it('answers the envelope with the status asked for and keeps headers the handler set', async () => {
    const app = makeApp();
    app.post('/orders', (c) => {
      c.header('Location', '/orders/7');
      return success(c, { id: 7 }, { status: 201 });
    });
    const res = await app.request('/orders', { method: 'POST', headers: { 'x-request-id': 'r-1' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/orders/7');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({
      success: true,
      data: { id: 7 },
      meta: { request_id: 'r-1', timestamp: expect.any(String) },
    });
  });

  it('answers a 500 envelope for data that cannot be serialised', async () => {
    const app = makeApp();
    app.get('/', (c) => success(c, { n: 1n }));
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect((await bodyOf(res)).error.code).toBe('INTERNAL_ERROR');
  });
});
