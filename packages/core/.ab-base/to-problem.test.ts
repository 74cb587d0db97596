import { runInNewContext } from 'node:vm';
import { Boom } from '@hapi/boom';
import createError from 'http-errors';
import { defineErrors } from './define-errors';
import { toProblem } from './to-problem';

const catalog = defineErrors({ UPSTREAM_ERROR: { status: 503, message: 'Prices are unavailable.', retryable: true } });
const problemOf = (thrown: unknown, extra = {}) => toProblem(thrown, { catalog, ...extra });

describe('toProblem', () => {
  it('reads errata errors as the catalog defines them', () => {
    const problem = problemOf(catalog.RATE_LIMIT_EXCEEDED({ retry_after: 7 }));
    expect(problem).toMatchObject({
      status: 429,
      code: 'RATE_LIMIT_EXCEEDED',
      params: { retry_after: 7 },
      headers: { 'retry-after': '7' },
      retryable: true,
    });
  });

  it('recognises http-errors, exposing 4xx messages only', () => {
    expect(problemOf(createError(404))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'The requested resource was not found.',
      expose: false,
    });
    expect(problemOf(createError(400, 'Cursor is stale.'))).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Cursor is stale.',
      expose: true,
    });
    expect(problemOf(createError(503, 'db down at 10.0.0.5', { expose: true }))).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'The service is temporarily unavailable.',
    });
    expect(problemOf(createError(418))).toMatchObject({ status: 418, code: 'IM_A_TEAPOT' });
    // the catalog moved UPSTREAM_ERROR to 503, so a foreign 502 is named after its status
    expect(problemOf(createError(502))).toMatchObject({ status: 502, code: 'BAD_GATEWAY', message: 'Bad Gateway' });
  });

  it('keeps only allowlisted, valid headers from foreign errors', () => {
    const error = createError(401, 'Expired', {
      headers: { 'WWW-Authenticate': 'Bearer', 'Set-Cookie': 'a=b', 'X-Debug': 'x' },
    });
    expect(problemOf(error).headers).toEqual({ 'www-authenticate': 'Bearer' });
    expect(
      problemOf(createError(401, 'x', { headers: { 'WWW-Authenticate': 'Bearer\r\nSet-Cookie: a=b' } })).headers,
    ).toEqual({});
    expect(problemOf(createError(429, 'x', { headers: { 'Retry-After': 'soon' } })).headers).toEqual({});
    expect(problemOf(createError(429, 'x', { headers: { 'Retry-After': '30' } }))).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      params: { retry_after: 30 },
    });
    expect(
      problemOf(createError(401, 'x', { headers: { 'X-Debug': 'x' } }), { allowedHeaders: ['X-Debug'] }).headers,
    ).toEqual({ 'x-debug': 'x' });
  });

  it('recognises Boom by isBoom and output', () => {
    expect(problemOf(new Boom('Nope', { statusCode: 403 }))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'Nope',
    });
    expect(problemOf(new Boom('secret', { statusCode: 500 }))).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred.',
    });
  });

  it("recognises Hono's HTTPException by shape and keeps its safe headers", () => {
    class HTTPException extends Error {
      res = new Response('x', { headers: { 'WWW-Authenticate': 'Basic realm="x"', 'X-Leak': 'y' } });
      constructor(
        readonly status: number,
        options: { message: string },
      ) {
        super(options.message);
      }
      getResponse() {
        return this.res;
      }
    }
    const problem = problemOf(new HTTPException(401, { message: 'Unauthorized' }));
    expect(problem).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      headers: { 'www-authenticate': 'Basic realm="x"' },
    });
    expect(problem.headers).not.toHaveProperty('x-leak');
  });

  it('maps body-parser errors by type, never exposing the raw body', () => {
    const parse = Object.assign(createError(400, 'Unexpected token'), {
      type: 'entity.parse.failed',
      body: '{"password":"x"',
    });
    expect(problemOf(parse)).toMatchObject({
      status: 400,
      code: 'INVALID_JSON',
      message: 'The request body is not valid JSON.',
    });
    expect(JSON.stringify({ ...problemOf(parse), cause: undefined })).not.toContain('password');
    expect(problemOf(Object.assign(createError(413), { type: 'entity.too.large' })).code).toBe('PAYLOAD_TOO_LARGE');
    expect(problemOf(Object.assign(createError(415), { type: 'charset.unsupported' })).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(problemOf(Object.assign(createError(415), { type: 'encoding.unsupported' })).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('maps Fastify errors by FST_ERR code and AJV validation errors to details', () => {
    expect(
      problemOf(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).code,
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(problemOf(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const validation = Object.assign(new Error('x'), {
      statusCode: 400,
      validationContext: 'querystring',
      validation: [
        { keyword: 'required', instancePath: '', params: { missingProperty: 'symbol' } },
        {
          keyword: 'minimum',
          instancePath: '/limit',
          params: { limit: 1 },
          parentSchema: { type: 'integer', minimum: 1 },
        },
      ],
    });
    expect(problemOf(validation)).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      details: [
        { field: 'query.symbol', rule: 'required', message: 'is required' },
        { field: 'query.limit', rule: 'minimum', message: 'must be >= 1' },
      ],
    });
  });

  it('runs user mappers first', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5'), { code: 'ECONNREFUSED' });
    const mapper = (error: unknown) =>
      (error as { code?: string }).code === 'ECONNREFUSED' ? catalog.UPSTREAM_ERROR({ cause: error }) : undefined;
    expect(problemOf(refused, { mappers: [() => undefined, mapper] })).toMatchObject({
      status: 503,
      code: 'UPSTREAM_ERROR',
      message: 'Prices are unavailable.',
      cause: refused,
    });
    expect(problemOf(new Error('other'), { mappers: [mapper] }).code).toBe('INTERNAL_ERROR');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['0', 0],
    ['empty string', ''],
    ['false', false],
    ['a string', 'route'],
    ['a Symbol', Symbol('x')],
    ['a plain object', { message: 'secret' }],
    ['a null-prototype object', Object.create(null)],
    ['status 999', Object.assign(new Error('x'), { status: 999 })],
    ['status 0', Object.assign(new Error('x'), { status: 0 })],
    ["status '404'", Object.assign(new Error('x'), { status: '404' })],
    ['status 200', Object.assign(new Error('x'), { status: 200 })],
    ['status NaN', Object.assign(new Error('x'), { status: Number.NaN })],
    ['status 404.5', Object.assign(new Error('x'), { status: 404.5 })],
  ])('turns %s into a 500 INTERNAL_ERROR', (_, thrown) => {
    expect(problemOf(thrown)).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred.',
      expose: false,
    });
  });

  it('survives throwing getters, revoked proxies and cross-realm errors', () => {
    const getter = Object.defineProperty({}, 'status', {
      get() {
        throw new Error('boom');
      },
    });
    expect(problemOf(getter).status).toBe(500);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(problemOf(proxy).status).toBe(500);
    // an Error from another realm: instanceof fails, it is still an Error
    const foreign = Object.assign(runInNewContext('new Error("gone")'), { status: 404, expose: true });
    expect(foreign instanceof Error).toBe(false);
    expect(problemOf(foreign)).toMatchObject({ status: 404, message: 'gone' });
  });

  it('never lets a non-Error value shape the response', () => {
    expect(problemOf({ status: 400, message: 'plain', password: 'x' })).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
    expect(problemOf({ isBoom: true, output: { statusCode: 409, payload: { message: 'x' } } }).status).toBe(500);
  });

  it('caps exposed messages and details', () => {
    expect(problemOf(createError(400, 'x'.repeat(100_000))).message.length).toBeLessThanOrEqual(1024);
    const many = Array.from({ length: 500 }, (_, i) => ({ field: `f${i}`, message: 'm', rule: 'r' }));
    expect(problemOf(catalog.VALIDATION_ERROR({ details: many })).details).toHaveLength(50);
    expect(problemOf(catalog.VALIDATION_ERROR({ details: many }), { maxDetails: 5 }).details).toHaveLength(5);
  });
});
