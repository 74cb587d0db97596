import { Type } from '@sinclair/typebox';
import { createErrata, type ErrataErrorEvent } from './create-errata';
import { type CatalogLike, defineErrors } from './define-errors';
import { STANDARD_CODES } from './standard-codes';

const errors = defineErrors({
  BOOK_NOT_FOUND: {
    status: 404,
    message: (p) => `Book ${p.id} was not found.`,
    params: Type.Object({ id: Type.String(), shelf: Type.Optional(Type.Object({ name: Type.String() })) }),
  },
  QUOTA: {
    status: 429,
    message: 'Quota used up.',
    params: Type.Object({ retry_after: Type.Integer(), tiers: Type.Array(Type.Object({ name: Type.String() })) }),
  },
  OPEN: { status: 400, message: 'Open.', params: Type.Record(Type.String(), Type.Number()) },
  ANYTHING: { status: 400, message: 'Anything.', params: Type.Unknown() },
  CHOICE: {
    status: 400,
    message: 'Choice.',
    params: Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]),
  },
});
const request = { requestId: 'req-1', method: 'GET', path: '/books/1' };
const body = (errata: ReturnType<typeof createErrata>, thrown: unknown, accept?: string) =>
  JSON.parse(errata.respond(thrown, { ...request, accept }).body);

describe('params are trimmed to their declared schema', () => {
  const row = { id: 'b1', password_hash: '$2b$10$secret', shelf: { name: 'A', owner_email: 'x@y.z' } };

  it('sends only declared keys, nested ones included, in the envelope and in problem+json', () => {
    const events: ErrataErrorEvent[] = [];
    const errata = createErrata({ catalog: errors, problemDetails: true, onError: (e) => events.push(e) });
    const thrown = errors.BOOK_NOT_FOUND(row);
    expect(body(errata, thrown).error.params).toEqual({ id: 'b1', shelf: { name: 'A' } });
    const problem = body(errata, thrown, 'application/problem+json');
    expect(problem).toMatchObject({ id: 'b1', shelf: { name: 'A' } });
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(JSON.stringify(problem)).not.toContain('owner_email');
    // the hook sees the trimmed params, and the thrown error untouched
    expect(events[0]?.problem.params).toEqual({ id: 'b1', shelf: { name: 'A' } });
    expect(events[0]?.error).toBe(thrown);
    expect(thrown.params).toBe(row);
  });

  it('trims array items, keeps what a Record or an unknown schema declares, and keys any union member declares', () => {
    const errata = createErrata({ catalog: errors, onError: () => {} });
    const tiers = [{ name: 'pro', price: 9 }, { name: 'free' }];
    expect(body(errata, errors.QUOTA({ retry_after: 3, tiers, extra: 1 } as never)).error.params).toEqual({
      retry_after: 3,
      tiers: [{ name: 'pro' }, { name: 'free' }],
    });
    expect(body(errata, errors.OPEN({ x: 1, y: 2 })).error.params).toEqual({ x: 1, y: 2 });
    expect(body(errata, errors.ANYTHING({ whole: { thing: 1 } })).error.params).toEqual({ whole: { thing: 1 } });
    expect(body(errata, errors.CHOICE({ a: '1', b: '2', c: '3' } as never)).error.params).toEqual({ a: '1', b: '2' });
  });

  it('sends no params for a code that declares none, even when an error carries some', () => {
    const errata = createErrata({ catalog: errors, onError: () => {} });
    const forged = Object.assign(errors.CONFLICT(), { params: { secret: 'x' } });
    expect(body(errata, forged).error.params).toBeUndefined();
  });
});

describe('the onError hook gets a read-only view', () => {
  it('cannot change the public message of a 5xx, nor any answer: the response is computed before the hook runs', () => {
    const errata = createErrata({
      catalog: errors,
      onError: (event) => {
        const problem = event.problem as { message: string; params: unknown; status: number };
        problem.message = 'db password=hunter2';
        problem.params = { leaked: true };
        problem.status = 200;
      },
    });
    for (const thrown of [new Error('db password=hunter2'), errors.CONFLICT()]) {
      const response = errata.respond(thrown, request);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain('leaked');
    }
    expect(JSON.parse(errata.respond(new Error('x'), request).body).error.message).toBe(
      STANDARD_CODES.INTERNAL_ERROR.message,
    );
  });

  it('hands the hook the problem that was answered', () => {
    let seen: ErrataErrorEvent | undefined;
    const errata = createErrata({ catalog: errors, onError: (event) => (seen = event) });
    errata.respond(errors.CONFLICT(), request);
    expect(seen?.problem).toMatchObject({ status: 409, code: 'CONFLICT' });
  });
});

describe('one request-id policy', () => {
  it('keeps a valid inbound id, and checks what a custom validator or generator lets through', () => {
    const lenient = createErrata({
      catalog: errors,
      requestId: { header: 'X-Correlation-Id', validate: () => true, generate: () => 'bad id\r\n' },
    });
    expect(lenient.requestIdHeader).toBe('x-correlation-id');
    expect(lenient.requestId('trace-7')).toBe('trace-7');
    expect(lenient.requestId('has space')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lenient.requestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(lenient.requestId(['a', 'b'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('defineErrors and the standard codes', () => {
  it('has no `standard: false` any more, and says so', () => {
    expect(() => defineErrors({}, { standard: false } as never)).toThrow(/standard.*gone/);
  });

  it('keeps the params of a standard code its override leaves out, and refuses other params', () => {
    const custom = defineErrors({ METHOD_NOT_ALLOWED: { status: 405, message: 'Nope.' } });
    // the types ask to restate the params (see define-errors.ts); at run time they are kept anyway
    const errata = createErrata({ catalog: custom as unknown as CatalogLike, onError: () => {} });
    const response = errata.notFound({ ...request, method: 'PUT' }, ['GET']);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(response.body).error).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: 'Nope.',
      params: { allow: ['GET', 'HEAD'] },
    });
    expect(() =>
      defineErrors({
        RATE_LIMIT_EXCEEDED: { status: 429, message: 'x', params: Type.Object({ wait: Type.Number() }) },
      }),
    ).toThrow(/standard code whose params/);
    const restated = defineErrors({
      METHOD_NOT_ALLOWED: { status: 405, message: 'Nope.', params: STANDARD_CODES.METHOD_NOT_ALLOWED.params },
    });
    createErrata({ catalog: restated, onError: () => {} }) satisfies object; // type-checks as a CatalogLike
  });
});

describe('the default logger', () => {
  it('writes one JSON line per 5xx, with pino field names', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const errata = createErrata({ catalog: errors });
      errata.respond(new Error('db down'), { ...request, method: 'POST' });
      errata.respond(errors.CONFLICT(), request); // 4xx: not logged
      expect(spy).toHaveBeenCalledTimes(1);
      const line = spy.mock.calls[0]?.[0] as string;
      expect(spy.mock.calls[0]).toHaveLength(1);
      expect(line).not.toContain('\n');
      const record = JSON.parse(line);
      expect(record).toMatchObject({
        level: 50,
        msg: '500 INTERNAL_ERROR POST /books/1',
        request_id: 'req-1',
        code: 'INTERNAL_ERROR',
        method: 'POST',
        path: '/books/1',
        err: { type: 'Error', message: 'db down' },
      });
      expect(typeof record.time).toBe('number');
      expect(record.err.stack).toContain('db down\n    at ');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a runtime without Web Crypto', () => {
  it('fails at startup with a clear message, not on every request', () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(() => createErrata({ catalog: errors })).toThrow(/Web Crypto.*Node\.js 20/);
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original);
    }
  });
});
