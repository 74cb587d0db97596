/** Property tests: whatever is thrown, the answer is a valid envelope that leaks nothing. */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import fc from 'fast-check';
import createError from 'http-errors';
import { createErrata } from './create-errata';
import { defineErrors } from './define-errors';
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
