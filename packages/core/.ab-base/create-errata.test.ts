import { Type } from '@sinclair/typebox';
import { createErrata, type ErrataErrorEvent } from './create-errata';
import { defineErrors } from './define-errors';
import type { Formatter } from './formats';
import { STANDARD_CODES } from './standard-codes';
import type { PublicProblem } from './types';

const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
});
const now = () => new Date('2026-11-22T12:00:00.000Z');
const request = { requestId: 'req-1', method: 'GET', path: '/v1/orderbook/DOGEUSDT' };
const quiet = { onError: () => {} };

describe('createErrata().respond', () => {
  it('answers the default envelope with its headers', () => {
    const errata = createErrata({ catalog, now, ...quiet });
    const response = errata.respond(catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] }), request);
    expect(response.status).toBe(404);
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': 'req-1',
    });
    expect(response.body).toBe(
      '{"success":false,"error":{"code":"SYMBOL_NOT_FOUND","message":"Symbol DOGEUSDT is not listed.","params":{"symbol":"DOGEUSDT","supported":["BTCUSDT"]}},"meta":{"request_id":"req-1","timestamp":"2026-11-22T12:00:00.000Z"}}',
    );
  });

  it('masks the message of any 5xx and never sends cause or stack', () => {
    const errata = createErrata({ catalog, now, ...quiet });
    const thrown = new Error('db password=hunter2 at 10.0.0.5', { cause: new Error('inner') });
    const { status, body } = errata.respond(thrown, request);
    expect(status).toBe(500);
    expect(body).not.toMatch(/hunter2|10\.0\.0\.5|inner|stack|at /);
    expect(JSON.parse(body).error).toEqual({ code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' });
  });

  it('adds the stack only in debug mode and never in production', () => {
    const thrown = new Error('x');
    const debug = createErrata({ catalog, debug: true, ...quiet });
    expect(JSON.parse(debug.respond(thrown, request).body).error.stack).toContain('Error: x');
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const prod = createErrata({ catalog, debug: true, ...quiet });
      expect(JSON.parse(prod.respond(thrown, request).body).error.stack).toBeUndefined();
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(JSON.parse(createErrata({ catalog, ...quiet }).respond(thrown, request).body).error.stack).toBeUndefined();
  });

  it('negotiates problem+json only when enabled and asked for', () => {
    const errata = createErrata({ catalog, now, problemDetails: true, ...quiet });
    const thrown = catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] });
    const problem = errata.respond(thrown, { ...request, accept: 'application/problem+json' });
    expect(problem.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(problem.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Symbol DOGEUSDT is not listed.',
      instance: '/v1/orderbook/DOGEUSDT',
      code: 'SYMBOL_NOT_FOUND',
      request_id: 'req-1',
      timestamp: '2026-11-22T12:00:00.000Z',
      symbol: 'DOGEUSDT',
      supported: ['BTCUSDT'],
    });
    for (const accept of [
      'text/html',
      '*/*',
      'application/json',
      'application/json, application/problem+json;q=0.5',
      undefined,
    ]) {
      expect(errata.respond(thrown, { ...request, accept }).headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
    }
    const off = createErrata({ catalog, ...quiet });
    expect(off.respond(thrown, { ...request, accept: 'application/problem+json' }).headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    const typed = createErrata({
      catalog,
      format: 'problem',
      problemDetails: { typeBase: 'https://errors.example.com/' },
      ...quiet,
    });
    expect(JSON.parse(typed.respond(thrown, request).body).type).toBe('https://errors.example.com/SYMBOL_NOT_FOUND');
  });

  it('puts validation details in problem+json as errors', () => {
    const errata = createErrata({ catalog, problemDetails: true, ...quiet });
    const details = [{ field: 'query.symbol', message: 'is required', rule: 'required' }];
    const body = JSON.parse(
      errata.respond(catalog.VALIDATION_ERROR({ details }), { ...request, accept: 'application/problem+json' }).body,
    );
    expect(body.errors).toEqual(details);
  });

  it('calls onError once per error with problem, error, request id, method and path', () => {
    const events: ErrataErrorEvent[] = [];
    const errata = createErrata({ catalog, onError: (event) => events.push(event) });
    const thrown = catalog.CONFLICT();
    errata.respond(thrown, request);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      error: thrown,
      requestId: 'req-1',
      method: 'GET',
      path: '/v1/orderbook/DOGEUSDT',
      problem: { code: 'CONFLICT' },
    });
  });

  it('logs 5xx with their stack by default and leaves 4xx alone', () => {
    const log = { error: jest.fn() };
    const errata = createErrata({ catalog });
    errata.respond(catalog.NOT_FOUND(), { ...request, log });
    expect(log.error).not.toHaveBeenCalled();
    const thrown = new Error('boom');
    errata.respond(thrown, { ...request, log });
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]?.[0]).toMatchObject({ err: thrown, request_id: 'req-1', code: 'INTERNAL_ERROR' });
  });

  it('answers a static 500 when a mapper, formatter or hook throws', () => {
    const log = { error: jest.fn() };
    const failing = [
      createErrata({
        catalog,
        now,
        mappers: [
          () => {
            throw new Error('mapper');
          },
        ],
        ...quiet,
      }),
      createErrata({
        catalog,
        now,
        format: () => {
          throw new Error('formatter');
        },
        ...quiet,
      }),
      createErrata({
        catalog,
        now,
        onError: () => {
          throw new Error('hook');
        },
      }),
    ];
    for (const errata of failing) {
      const response = errata.respond(catalog.CONFLICT(), { ...request, log });
      expect(response.status).toBe(500);
      expect(response.headers['x-request-id']).toBe('req-1');
      expect(JSON.parse(response.body)).toEqual({
        success: false,
        error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' },
        meta: { request_id: 'req-1', timestamp: '2026-11-22T12:00:00.000Z' },
      });
    }
    expect(log.error).toHaveBeenCalledTimes(3);
  });

  it('still tells the hook about the error when a mapper throws', () => {
    const events: ErrataErrorEvent[] = [];
    const errata = createErrata({
      catalog,
      mappers: [
        (error) => {
          if (error instanceof Error) return undefined; // throws on a revoked Proxy, as user mappers will
          return undefined;
        },
      ],
      onError: (event) => events.push(event),
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(errata.respond(proxy, { ...request, log: { error: () => {} } }).status).toBe(500);
    expect(events).toHaveLength(1);
    expect(events[0]?.problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('answers a value a mapper throws on with the normal negotiated 500, problem+json when asked', () => {
    const errata = createErrata({
      catalog,
      problemDetails: true,
      mappers: [(error) => (error instanceof Error ? undefined : undefined)],
      onError: () => {},
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const response = errata.respond(proxy, {
      ...request,
      accept: 'application/problem+json',
      log: { error: () => {} },
    });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('survives a logger that throws too', () => {
    const log = {
      error: () => {
        throw new Error('logger');
      },
    };
    const errata = createErrata({
      catalog,
      onError: () => {
        throw new Error('hook');
      },
    });
    expect(errata.respond(new Error('x'), { ...request, log }).status).toBe(500);
  });

  it('serialises formatter output that JSON.stringify rejects', () => {
    const errata = createErrata({
      catalog,
      format: (p) => ({ code: p.code, big: 10n, self: undefined as unknown }),
      ...quiet,
    });
    expect(JSON.parse(errata.respond(catalog.CONFLICT(), request).body)).toEqual({ code: 'CONFLICT', big: '10' });
  });
});

describe('what formatters receive', () => {
  const titled = defineErrors({
    RATE_LIMIT_EXCEEDED: {
      status: 429,
      message: 'Slow down.',
      title: 'Rate limit exceeded',
      params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
    },
    INVALID_SYMBOL: { status: 400, message: 'Not supported.' },
  });
  const seen = (thrown: unknown, format?: Formatter): PublicProblem => {
    let problem: PublicProblem | undefined;
    const errata = createErrata({
      catalog: titled,
      format: (p, c) => {
        problem = p;
        return format?.(p, c) ?? {};
      },
      ...quiet,
    });
    errata.respond(thrown, request);
    return problem as PublicProblem;
  };

  it('gives the title: the code’s own, else the status’s reason phrase', () => {
    expect(seen(titled.RATE_LIMIT_EXCEEDED({ retry_after: 12 })).title).toBe('Rate limit exceeded');
    expect(seen(titled.INVALID_SYMBOL()).title).toBe('Bad Request');
    expect(seen(new Error('x')).title).toBe('Internal Server Error');
    expect(seen(Object.assign(new Error('teapot'), { status: 418 })).title).toBe("I'm a Teapot");
  });

  const details = [
    {
      field: 'query.symbol',
      message: 'must be one of: A, B',
      rule: 'enum',
      path: ['query', 'symbol'],
      expected: ['A', 'B'],
    },
  ];

  it('gives validation details with their path and expected value', () => {
    expect(seen(titled.VALIDATION_ERROR({ details })).details).toEqual(details);
  });

  it('keeps path and expected out of errata’s own envelope and problem+json', () => {
    const wire = [{ field: 'query.symbol', message: 'must be one of: A, B', rule: 'enum' }];
    const envelope = createErrata({ catalog: titled, now, problemDetails: true, ...quiet });
    const thrown = titled.VALIDATION_ERROR({ details });
    expect(JSON.parse(envelope.respond(thrown, request).body).error.details).toEqual(wire);
    const problem = envelope.respond(thrown, { ...request, accept: 'application/problem+json' });
    expect(JSON.parse(problem.body).errors).toEqual(wire);
    const general = createErrata({ catalog: titled, format: 'envelope', debug: true, ...quiet });
    expect(JSON.parse(general.respond(thrown, request).body).error.details).toEqual(wire);
  });

  it('drops a path or expected value of another shape than Detail declares', () => {
    const odd = [
      { field: 'a', message: 'm', rule: 'r', path: 'a.b', expected: { nested: true } },
      { field: 'b', message: 'm', rule: 'r', path: ['b', -1], expected: [1, [2]] },
      { field: 'c', message: 'm', rule: 'r', path: ['c', 0], expected: [1, 'x', null, true] },
    ];
    expect(seen(titled.VALIDATION_ERROR({ details: odd as never })).details).toEqual([
      { field: 'a', message: 'm', rule: 'r' },
      { field: 'b', message: 'm', rule: 'r' },
      { field: 'c', message: 'm', rule: 'r', path: ['c', 0], expected: [1, 'x', null, true] },
    ]);
  });
});

describe('createErrata().success', () => {
  it('answers { success: true, data, meta } with the request id', () => {
    const errata = createErrata({ catalog, now });
    const response = errata.success({ price: 1 }, request, { status: 201 });
    expect(response).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' },
      body: '{"success":true,"data":{"price":1},"meta":{"request_id":"req-1","timestamp":"2026-11-22T12:00:00.000Z"}}',
    });
  });

  it('answers a 500 envelope when the data cannot be serialised', () => {
    const errata = createErrata({ catalog, ...quiet });
    const response = errata.success({ n: 1n }, request);
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL_ERROR');
  });

  it('answers the shape successFormat makes, with the request and status it is given', () => {
    const errata = createErrata({
      catalog,
      now,
      successFormat: (data, c) => ({
        ok: true,
        data,
        status: c.status,
        id: c.requestId,
        at: c.timestamp,
        path: c.path,
      }),
    });
    const response = errata.success([1], request, { status: 202 });
    expect(response.status).toBe(202);
    expect(response.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' });
    expect(response.body).toBe(
      '{"ok":true,"data":[1],"status":202,"id":"req-1","at":"2026-11-22T12:00:00.000Z","path":"/v1/orderbook/DOGEUSDT"}',
    );
    expect(createErrata({ catalog, successFormat: (data) => data }).success({ flat: 1 }, request).body).toBe(
      '{"flat":1}',
    );
  });

  it('answers a 500 envelope when a success formatter throws or makes what cannot be serialised', () => {
    const throwing = createErrata({
      catalog,
      successFormat: () => {
        throw new Error('format bug');
      },
      ...quiet,
    });
    expect(throwing.success(1, request).status).toBe(500);
    const bigint = createErrata({ catalog, successFormat: () => 1n, ...quiet }).success(1, request);
    expect([bigint.status, JSON.parse(bigint.body).error.code]).toEqual([500, 'INTERNAL_ERROR']);
  });
});

describe('createErrata().notFound', () => {
  it('answers 404, or 405 with a normalised Allow header', () => {
    const errata = createErrata({ catalog, ...quiet });
    const del = { ...request, method: 'DELETE' };
    expect(errata.notFound(del).status).toBe(404);
    const response = errata.notFound(del, ['post', 'GET', 'GET', 'bad method', '']);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(response.body).error.params).toEqual({ allow: ['GET', 'HEAD', 'POST'] });
  });

  it.each([
    ['the request method itself', 'POST', ['GET', 'post']],
    ['GET, for a HEAD request', 'HEAD', ['get']],
    ['a route of every method (ALL)', 'PUT', ['GET', 'ALL']],
    ["Express's _all", 'PUT', ['_all']],
    ['nothing', 'PUT', []],
  ])('answers a plain 404 when the path routes %s (a handler passed the request on)', (_, method, routed) => {
    const errata = createErrata({ catalog, ...quiet });
    const response = errata.notFound({ ...request, method }, routed);
    expect([response.status, response.headers.allow]).toEqual([404, undefined]);
  });
});

describe('createErrata().requestId', () => {
  it('keeps a valid id, replaces an invalid one, and never trusts a bad generator', () => {
    const errata = createErrata({ catalog });
    expect(errata.requestId('abc-1')).toBe('abc-1');
    expect(errata.requestId('a b')).not.toBe('a b');
    expect(errata.requestId(['a', 'b'])).toMatch(/^[0-9a-f-]{36}$/);
    const custom = createErrata({ catalog, requestId: { generate: () => 'custom-id', header: 'X-Trace-Id' } });
    expect(custom.requestId(undefined)).toBe('custom-id');
    expect(custom.requestIdHeader).toBe('x-trace-id');
    const bad = createErrata({ catalog, requestId: { generate: () => 'bad id\r\n' } });
    expect(bad.requestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generates 10,000 unique ids', () => {
    const errata = createErrata({ catalog });
    const ids = new Set(Array.from({ length: 10_000 }, () => errata.requestId(undefined)));
    expect(ids.size).toBe(10_000);
  });
});

describe('createErrata().respond and the route’s declared errors', () => {
  const symbolNotFound = () => catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: [] });

  afterEach(() => jest.restoreAllMocks());

  it('warns once per route and code when a route answers a code it does not declare', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const errata = createErrata({ catalog, ...quiet });
    const route = { path: '/v1/orderbook/:symbol', errors: ['VALIDATION_ERROR'] };
    for (let i = 0; i < 3; i++) errata.respond(symbolNotFound(), { ...request, route });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      "errata: GET /v1/orderbook/:symbol answered SYMBOL_NOT_FOUND, which the route does not declare, so its OpenAPI operation and error reference leave it out. Add SYMBOL_NOT_FOUND to the route's declared errors.",
    );
    errata.respond(catalog.NOT_FOUND(), { ...request, route });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('stays quiet for declared codes, INTERNAL_ERROR, routes that declare nothing, and in production', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const errata = createErrata({ catalog, ...quiet });
    const route = { path: '/v1/declared/:symbol', errors: ['SYMBOL_NOT_FOUND'] };
    errata.respond(symbolNotFound(), { ...request, route });
    errata.respond(new Error('boom'), { ...request, route });
    errata.respond(symbolNotFound(), request);
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const production = createErrata({ catalog, ...quiet });
      production.respond(catalog.NOT_FOUND(), { ...request, route: { path: '/v1/production', errors: [] } });
    } finally {
      process.env.NODE_ENV = env;
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers the same response whether or not the code was declared', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const errata = createErrata({ catalog, now, ...quiet });
    const declared = errata.respond(symbolNotFound(), request);
    const undeclared = errata.respond(symbolNotFound(), { ...request, route: { path: '/same', errors: [] } });
    expect(undeclared).toEqual(declared);
  });
});
