/**
 * Body conformance: what a request body, its Content-Type and Content-Encoding, and a few request headers make every
 * adapter answer, each expected answer computed by core (checkInput, jsonBodyProblem's codes, notFound, success,
 * respond). Requests go out raw (repeated header lines, exact bytes), as the differential fuzzer sends them.
 */
import { compileValidator, createErrata, type Errata, type ErrataErrorEvent, type ErrataResponse } from '@errata/core';
import type { AdapterUnderTest } from './adapter';
import { BODY_LIMIT, FIXTURE_CONFIGS, OK_DATA, schemas, THROWN } from './fixture';
import { type FuzzRequest, send } from './fuzz/request';
import { startedFixture } from './started-fixture';
import { normalizeBody } from './suite';

interface Case {
  name: string;
  request: FuzzRequest;
  /** The answer core gives, for the request's id. */
  expected(errata: Errata, info: { requestId: string; method: string; path: string; accept?: string }): ErrataResponse;
  /** A 5xx the case answers on purpose (the only one it may report). */
  serverError?: true;
}

const ORDER = { symbol: 'BTCUSDT', side: 'buy', quantity: 1 };

function post(target: string, headers: [string, string][], text: string | undefined): FuzzRequest {
  return {
    method: 'POST',
    target,
    headers,
    ...(text === undefined ? {} : { body: { text, encoding: 'utf8', framing: 'length' } }),
  };
}
const json = (target: string, text: string, extra: [string, string][] = []) =>
  post(target, [['content-type', 'application/json'], ...extra], text);
/** No body, framed `Content-Length: 00`: a zero written with a leading zero (RFC 9110 §8.6, a decimal number). */
const zeroLength = (target: string, headers: [string, string][]): FuzzRequest => ({
  method: 'POST',
  target,
  headers,
  body: { text: '', encoding: 'utf8', framing: 'padded-length' },
});
/** Core's answer when the body validator sees no body value. */
function noBodyValue(errata: Errata, info: Parameters<Case['expected']>[1]): ErrataResponse {
  const result = compileValidator(schemas.body, 'body')(undefined);
  if (result.ok) throw new Error('no body passes the body schema; fix the case');
  return errata.respond(errata.catalog.VALIDATION_ERROR({ details: result.details }), info);
}

/** What core answers for a parsed body errata screens (the echo route has no validator). */
function screened(text: string) {
  return (errata: Errata, info: Parameters<Case['expected']>[1]): ErrataResponse => {
    const checked = errata.checkInput(JSON.parse(text), 'body');
    return checked.ok ? errata.success(checked.value, info) : errata.respond(checked.error, info);
  };
}
const refused =
  (code: 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_JSON') =>
  (errata: Errata, info: Parameters<Case['expected']>[1]): ErrataResponse =>
    errata.respond(errata.catalog[code](), info);

const arrays = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const CASES: Case[] = [
  // ---------------------------------------------------------------------------------- nesting on an unvalidated route
  { name: '7,000 nested arrays echoed', request: json('/echo', arrays(7000)), expected: screened(arrays(7000)) },
  {
    name: 'nested objects just under the body limit, echoed',
    request: json('/echo', objects(Math.floor((BODY_LIMIT - 1) / 6))),
    expected: screened(objects(Math.floor((BODY_LIMIT - 1) / 6))),
  },
  { name: 'a body one level deeper than maxDepth', request: json('/echo', arrays(65)), expected: screened(arrays(65)) },
  { name: 'a body exactly maxDepth deep', request: json('/echo', arrays(64)), expected: screened(arrays(64)) },
  // ------------------------------------------------------------------------------------------------ what is parsed
  {
    name: 'a body with "__proto__" and "constructor.prototype" keys (both dropped)',
    request: json('/echo', '{"a":1,"__proto__":{"admin":true},"b":{"constructor":{"prototype":{"x":1}}}}'),
    expected: screened('{"a":1,"__proto__":{"admin":true},"b":{"constructor":{"prototype":{"x":1}}}}'),
  },
  { name: 'a top-level true', request: json('/echo', 'true'), expected: screened('true') },
  { name: 'a top-level null', request: json('/echo', 'null'), expected: screened('null') },
  { name: 'a top-level string', request: json('/echo', '"text"'), expected: screened('"text"') },
  {
    name: 'an application/merge-patch+json body (RFC 6839), validated',
    request: post('/validate/body', [['content-type', 'application/merge-patch+json']], JSON.stringify(ORDER)),
    expected: (errata, info) => errata.success(ORDER, info),
  },
  {
    name: 'an application/vnd.api+json body with charset=utf-8, echoed',
    request: post('/echo', [['content-type', 'application/vnd.api+json; charset=utf-8']], '{"a":1}'),
    expected: screened('{"a":1}'),
  },
  // ------------------------------------------------------------------------------------ Content-Type, refused alike
  {
    name: 'two Content-Type lines',
    request: post(
      '/echo',
      [
        ['content-type', 'application/json'],
        ['content-type', 'text/plain'],
      ],
      '{}',
    ),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'a Content-Type with a dangling ";"',
    request: post('/echo', [['content-type', 'application/json;']], '{}'),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'a Content-Type with a repeated parameter',
    request: post('/validate/body', [['content-type', 'application/json; charset=utf-8; charset=utf-8']], '{}'),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'no body and no Content-Type on a validated body route (the validator sees no body value)',
    request: post('/validate/body', [], undefined),
    expected: noBodyValue,
  },
  // ------------------------------------------------------------------------- a zero Content-Length written `00`
  {
    name: 'Content-Length 00 with a JSON type (an empty JSON body, not {})',
    request: zeroLength('/echo', [['content-type', 'application/json']]),
    expected: refused('INVALID_JSON'),
  },
  {
    name: 'Content-Length 00 with a JSON type on a validated body route',
    request: zeroLength('/validate/body', [['content-type', 'application/json']]),
    expected: refused('INVALID_JSON'),
  },
  {
    name: 'Content-Length 00 and no Content-Type on a validated body route (no body value, not a body of no type)',
    request: zeroLength('/validate/body', []),
    expected: noBodyValue,
  },
  {
    name: 'Content-Length 00 and no Content-Type on a route that reads no body',
    request: zeroLength('/created', []),
    expected: (errata, info) => errata.success({ created: true }, info, { status: 201 }),
  },
  // ---------------------------------------------------------------------------------------------- Content-Encoding
  {
    name: 'a gzip Content-Encoding',
    request: json('/echo', '{}', [['content-encoding', 'gzip']]),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'a br Content-Encoding on a validated body',
    request: json('/validate/body', JSON.stringify(ORDER), [['content-encoding', 'br']]),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Encoding "identity, identity"',
    request: json('/echo', '{}', [['content-encoding', 'identity, identity']]),
    expected: refused('UNSUPPORTED_MEDIA_TYPE'),
  },
  {
    name: 'Content-Encoding identity',
    request: json('/echo', '{"a":1}', [['content-encoding', 'identity']]),
    expected: screened('{"a":1}'),
  },
  {
    name: 'a Content-Encoding without a body (the empty JSON body decides)',
    request: post(
      '/validate/body',
      [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
      ],
      undefined,
    ),
    expected: refused('INVALID_JSON'),
  },
  // ------------------------------------------------------------------------------- no route: no body is ever read
  {
    name: 'a text/plain body to no route (404 first)',
    request: post('/nowhere', [['content-type', 'text/plain']], 'hello'),
    expected: (errata, info) => errata.notFound(info),
  },
  {
    name: 'broken JSON to a path routed for GET only (405 first)',
    request: { ...json('/ok', '{"a":'), method: 'PUT' },
    expected: (errata, info) => errata.notFound(info, ['GET']),
  },
  {
    name: 'an empty JSON body to a path routed for POST only (405 first)',
    request: { ...json('/created', ''), method: 'DELETE' },
    expected: (errata, info) => errata.notFound(info, ['POST']),
  },
  {
    name: 'a QUERY request with no Content-Type to a GET route (405, not 400)',
    request: { method: 'QUERY', target: '/ok', headers: [] },
    expected: (errata, info) => errata.notFound(info, ['GET']),
  },
  // ------------------------------------------------------------------------------------------ queries and answers
  {
    name: 'a bracketed query key, kept as written',
    request: { method: 'GET', target: '/validate/query?symbol=BTCUSDT&limit[0]=1', headers: [] },
    expected: (errata, info) => {
      const result = compileValidator(schemas.query, 'query')({ symbol: 'BTCUSDT', 'limit[0]': '1' });
      if (!result.ok) throw new Error('the bracketed query is invalid; fix the case');
      return errata.success(result.value, info);
    },
  },
  {
    name: 'If-None-Match: * on a success (200, not 304)',
    request: { method: 'GET', target: '/ok', headers: [['if-none-match', '*']] },
    expected: (errata, info) => errata.success(OK_DATA, info),
  },
  {
    name: 'a thrown revoked Proxy, problem+json asked (the negotiated 500)',
    request: { method: 'GET', target: '/throw/revoked-proxy', headers: [['accept', 'application/problem+json']] },
    expected: (errata, info) => errata.respond((THROWN['revoked-proxy'] as () => unknown)(), info),
    serverError: true,
  },
];

/**
 * Registers the body conformance tests for one adapter.
 * @example runBodyConformance({ name: 'hono', start })
 */
export function runBodyConformance(adapter: AdapterUnderTest): void {
  describe(`body conformance: ${adapter.name}`, () => {
    const events: ErrataErrorEvent[] = [];
    const options = FIXTURE_CONFIGS.default((event) => events.push(event));
    const quiet = { error: () => {} };
    const errata = createErrata({ ...options, onError: () => {} });
    const app = startedFixture(adapter, options);
    beforeEach(async () => {
      await app.settle?.();
      events.length = 0;
    });

    for (const c of CASES) {
      it(`answers ${c.name} as core decides`, async () => {
        const answer = await send(app.url, c.request);
        const requestId = answer.headers['x-request-id'] as string;
        const accept = c.request.headers.find(([name]) => name === 'accept')?.[1];
        const path = c.request.target.split('?', 1)[0] as string;
        const info = { requestId, method: c.request.method, path, ...(accept ? { accept } : {}), log: quiet };
        const expected = c.expected(errata, info);
        expect([answer.status, answer.headers['content-type'], answer.headers.allow]).toEqual([
          expected.status,
          expected.headers['content-type'],
          expected.headers.allow,
        ]);
        expect(normalizeBody(answer.body, requestId)).toBe(normalizeBody(expected.body, requestId));
        await app.settle?.();
        const serverErrors = events.filter((event) => event.problem.status >= 500);
        expect(serverErrors.map((event) => event.problem.code)).toEqual(c.serverError ? ['INTERNAL_ERROR'] : []);
      });
    }
  });
}
