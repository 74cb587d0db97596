/** Property tests: whatever is thrown, the answer is a valid envelope that leaks nothing. */
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import fc from 'fast-check';
import createError from 'http-errors';
import { createErrata } from './create-errata';
import { defineErrors } from './define-errors';
import { formatEnvelope } from './formats';
import { ErrorEnvelopeSchema } from './schemas';

const catalog = defineErrors({});
const errata = createErrata({ catalog, onError: () => {}, problemDetails: true });
const envelope = TypeCompiler.Compile(ErrorEnvelopeSchema);
const request = { requestId: 'prop-1', method: 'GET', path: '/x' };
const MARKER = 'Zq9SECRETz';
const STACK_FRAME = /\n\s+at .+/;

/** Any JS value, including errors carrying statuses of every kind and secret text. */
const status = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.string(),
  fc.constantFrom(400, 404, 429, 500, 503, 599, 600, 0),
);
const secretText = fc.string().map((s) => `${s}${MARKER}`);
const anyError = fc
  .record(
    { message: secretText, status, statusCode: status, expose: fc.boolean(), code: fc.string(), type: fc.string() },
    { requiredKeys: ['message'] },
  )
  .map(({ message, ...props }) => Object.assign(new Error(message), props));
const httpError = fc.tuple(fc.integer({ min: 400, max: 599 }), secretText).map(([s, m]) => createError(s, m));
const thrown = fc.oneof(
  fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withObjectString: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  anyError,
  httpError,
  secretText,
);

describe('respond, for any thrown value', () => {
  it('answers a valid envelope with a 400–599 status', () => {
    fc.assert(
      fc.property(thrown, (value) => {
        const response = errata.respond(value, request);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThanOrEqual(599);
        const body = JSON.parse(response.body);
        expect([...envelope.Errors(body)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never sends a stack frame, nor the text of an unexpected 5xx', () => {
    fc.assert(
      fc.property(thrown, fc.constantFrom(undefined, 'application/problem+json'), (value, accept) => {
        const response = errata.respond(value, { ...request, accept });
        expect(response.body).not.toMatch(STACK_FRAME);
        if (response.status >= 500) expect(response.body).not.toContain(MARKER);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every header value free of control characters', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('Retry-After', 'WWW-Authenticate', 'Allow', 'X-Other'), fc.string()),
        (headers) => {
          const response = errata.respond(createError(429, 'x', { headers }), request);
          for (const value of Object.values(response.headers)) expect(value).toMatch(/^[\t\x20-\x7e]*$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the fast envelope', () => {
  const params = fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withSparseArray: true,
    withBoxedValues: true,
  });
  const text = fc.oneof(
    fc.string({ unit: 'binary-ascii' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('"', '\\', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00x', '😀'),
  );
  const wild = defineErrors({ ANY: { status: 409, message: 'Conflict.', params: Type.Unknown() } });
  const now = () => new Date('2026-11-22T12:00:00.000Z');
  // A formatter that is formatEnvelope by value but not by identity takes the general path: both must agree.
  const fast = createErrata({ catalog: wild, onError: () => {}, now });
  const general = createErrata({ catalog: wild, onError: () => {}, now, format: (p, c) => formatEnvelope(p, c) });

  it('writes the same bytes as formatEnvelope and JSON.stringify, for any params, message and request id', () => {
    fc.assert(
      fc.property(text, params, text, (message, value, requestId) => {
        const thrown = wild.ANY(value, { message });
        const info = { ...request, requestId };
        expect(fast.respond(thrown, info)).toEqual(general.respond(thrown, info));
      }),
      { numRuns: 500 },
    );
  });

  it('writes errata’s own clock as the general path does, at any time', () => {
    const own = createErrata({ catalog: wild, onError: () => {} });
    const ownGeneral = createErrata({ catalog: wild, onError: () => {}, format: (p, c) => formatEnvelope(p, c) });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      fc.assert(
        fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
          jest.setSystemTime(ms);
          const thrown = wild.ANY({ at: ms });
          expect(own.respond(thrown, request)).toEqual(ownGeneral.respond(thrown, request));
          const meta = { request_id: request.requestId, timestamp: new Date(ms).toISOString() };
          expect(own.success(ms, request).body).toBe(JSON.stringify({ success: true, data: ms, meta }));
        }),
        { numRuns: 500 },
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes params no plain JSON.stringify could, as the general path does', () => {
    const cyclic: Record<string, unknown> = { big: 1n };
    cyclic.self = cyclic;
    const keyed = { toJSON: (key: string) => `key:${key}` };
    const values: unknown[] = [{ at: new Date(0), nested: keyed }, keyed, cyclic, { n: 1n }, { f: () => 1 }];
    for (const value of values) {
      const thrown = wild.ANY(value);
      expect(fast.respond(thrown, request)).toEqual(general.respond(thrown, request));
    }
  });

  it('writes the success envelope as JSON.stringify does, for any data', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (data) => {
        const response = fast.success(data, request);
        const meta = { request_id: request.requestId, timestamp: '2026-11-22T12:00:00.000Z' };
        expect(response.body).toBe(JSON.stringify({ success: true, data: data === undefined ? null : data, meta }));
      }),
      { numRuns: 500 },
    );
    for (const data of [() => 1, Symbol('s'), { toJSON: (key: string) => key }, new Date(0)]) {
      const meta = { request_id: request.requestId, timestamp: '2026-11-22T12:00:00.000Z' };
      expect(fast.success(data, request).body).toBe(JSON.stringify({ success: true, data, meta }));
    }
  });
});
