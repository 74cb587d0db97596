/**
 * Request-target conformance: how each adapter routes odd request targets (case, trailing slash, fragments, long
 * parameters, odd methods, malformed escapes, absolute form) and answers the ones Node refuses before any framework
 * runs. Every expected answer is computed by core; the cases pin the behaviour errata chose where the frameworks'
 * defaults differ (packages/conformance/src/fuzz/known-divergences.ts lists what is still open).
 */
import net from 'node:net';
import { compileValidator, createErrata, type ErrataResponse, isValidRequestId } from '@errata/core';
import { clientErrorResponse } from '@errata/core/adapter';
import type { AdapterUnderTest } from './adapter';
import { FIXTURE_CONFIGS, OK_DATA, schemas } from './fixture';
import { type FuzzRequest, type RawAnswer, send } from './fuzz/request';
import { startedFixture } from './started-fixture';
import { type Answer, normalizeBody, pick } from './suite';

function expected(response: ErrataResponse): Answer {
  return {
    status: response.status,
    headers: pick(response.headers),
    body: normalizeBody(response.body, 'expected-id'),
  };
}

type Core = ReturnType<typeof createErrata>;

interface TargetCase {
  /** The behaviour, as the test names it. */
  name: string;
  request: FuzzRequest;
  /** Core's answer, for the request the adapter must have routed. */
  answer(errata: Core): ErrataResponse;
}

const get = (target: string, headers: [string, string][] = []): FuzzRequest => ({ method: 'GET', target, headers });
const info = (method: string, path: string, accept?: string) => ({ requestId: 'expected-id', method, path, accept });
const PROBLEM_TYPE = 'application/problem+json';
const PROBLEM: [string, string][] = [['accept', PROBLEM_TYPE]];

const badRequest = (errata: Core, path: string, accept?: string) =>
  errata.respond(errata.catalog.BAD_REQUEST(), info('GET', path, accept));

/** Core's answer to `GET /validate/params/:symbol` with a symbol its schema refuses. */
function invalidParams(errata: Core, symbol: string, path: string): ErrataResponse {
  const result = compileValidator(schemas.params, 'params')({ symbol });
  if (result.ok) throw new Error(`the case needs an invalid symbol, not ${symbol}`);
  return errata.respond(errata.catalog.VALIDATION_ERROR({ details: result.details }), info('GET', path));
}

/** Core's answer to `GET /validate/query` with a query its schema refuses. */
function invalidQuery(errata: Core, query: Record<string, string>, path: string): ErrataResponse {
  const result = compileValidator(schemas.query, 'query')(query);
  if (result.ok) throw new Error(`the case needs an invalid query, not ${JSON.stringify(query)}`);
  return errata.respond(errata.catalog.VALIDATION_ERROR({ details: result.details }), info('GET', path));
}

const CASES: TargetCase[] = [
  {
    name: 'routes case-sensitively: /OK is not /ok',
    request: get('/OK'),
    answer: (errata) => errata.notFound(info('GET', '/OK')),
  },
  {
    name: 'routes strictly: /ok/ is not /ok',
    request: get('/ok/'),
    answer: (errata) => errata.notFound(info('GET', '/ok/')),
  },
  {
    name: 'answers a name the fixture does not know with NOT_FOUND, not a 500',
    request: get('/throw/nope'),
    answer: (errata) => errata.notFound(info('GET', '/throw/nope')),
  },
  {
    name: 'looks up the methods of a path without its fragment: 405 with Allow',
    request: { method: 'DELETE', target: '/created#frag', headers: PROBLEM },
    answer: (errata) => errata.notFound(info('DELETE', '/created', PROBLEM_TYPE), ['POST']),
  },
  {
    name: 'routes the path of an absolute-form target, and reports that path as the problem instance',
    request: { method: 'DELETE', target: 'http://127.0.0.1/ok?x=1', headers: PROBLEM },
    answer: (errata) => errata.notFound(info('DELETE', '/ok', PROBLEM_TYPE), ['GET', 'HEAD']),
  },
  {
    name: 'answers an absolute-form target with an empty authority with BAD_REQUEST (URL parsers skip the slash)',
    request: get('http:///127.0.0.1/ok/'),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers an absolute-form target with userinfo with BAD_REQUEST (RFC 9110 §4.2.4: an error)',
    request: get('http://user@127.0.0.1/ok'),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers userinfo with a bad escape with BAD_REQUEST (Express’s URL parser throws on it, before any middleware)',
    request: get('http://%@2f127.0.0.1/ok', PROBLEM),
    answer: (errata) => badRequest(errata, '', PROBLEM_TYPE),
  },
  {
    name: 'answers a target that is no URL (asterisk-form) with the BAD_REQUEST envelope, whatever it accepts',
    request: get('*', PROBLEM),
    answer: (errata) => badRequest(errata, '', PROBLEM_TYPE),
  },
  {
    name: 'answers an absolute-form target whose authority is no host with the BAD_REQUEST envelope',
    request: get('http://*127.0.0.1/ok', PROBLEM),
    answer: (errata) => badRequest(errata, '', PROBLEM_TYPE),
  },
  {
    name: 'answers an absolute-form target with a %-escape in its host with BAD_REQUEST (Express’s URL parser reads a path there)',
    request: get('http://%3127.0.0.1/ok'),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers an absolute-form target whose host has a sub-delimiter with BAD_REQUEST (Express’s URL parser reads a path there)',
    request: { method: 'DELETE', target: 'http://a;b/ok', headers: PROBLEM },
    answer: (errata) => errata.respond(errata.catalog.BAD_REQUEST(), info('DELETE', '', PROBLEM_TYPE)),
  },
  {
    name: 'answers an absolute-form target with an upper-case scheme with the BAD_REQUEST envelope',
    request: get('HTTP://127.0.0.1/ok'),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers a backslash in the path with BAD_REQUEST (a URL parser and a router read it differently)',
    request: get('/ok\\x'),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers a backslash after a fragment with BAD_REQUEST (@hono/node-server reads the path up to the query)',
    request: { method: 'POST', target: '/#frag\\', headers: [['content-type', 'application/json']] },
    answer: (errata) => errata.respond(errata.catalog.BAD_REQUEST(), info('POST', '')),
  },
  {
    name: 'answers a query inside a fragment with BAD_REQUEST (a URL parser reads no query there, Fastify reads one)',
    request: get('/validate/query#frag?symbol=BTCUSDT&symbol='),
    answer: (errata) => badRequest(errata, ''),
  },
  {
    name: 'answers an absolute-form target with a fragment with BAD_REQUEST (an absolute-URI has none)',
    request: { method: 'DELETE', target: 'http://127.0.0.1/ok#frag', headers: [] },
    answer: (errata) => errata.respond(errata.catalog.BAD_REQUEST(), info('DELETE', '')),
  },
  {
    name: 'reads the path of an absolute-form target whose query follows the authority as /',
    request: { method: 'PATCH', target: 'http://1?27.0.0.1/ok', headers: [] },
    answer: (errata) => errata.notFound(info('PATCH', '/')),
  },
  {
    name: 'routes a path with dot segments resolved, as a URL parser resolves them (/x/../ok is /ok)',
    request: get('/x/../ok'),
    answer: (errata) => errata.success(OK_DATA, info('GET', '/x/../ok')),
  },
  {
    name: 'looks up the methods of a path with %-escaped dot segments resolved, and reports it as sent',
    request: { method: 'DELETE', target: '/nope/%2E%2e/ok', headers: PROBLEM },
    answer: (errata) => errata.notFound(info('DELETE', '/nope/%2E%2e/ok', PROBLEM_TYPE), ['GET', 'HEAD']),
  },
  {
    name: 'resolves a dot segment that would be a route parameter (/validate/params/.. is /validate/)',
    request: get('/validate/params/..'),
    answer: (errata) => errata.notFound(info('GET', '/validate/params/..')),
  },
  {
    name: 'still answers a malformed %-escape a dot segment resolves away with BAD_REQUEST (/%zz/../ok)',
    request: get('/%zz/../ok'),
    answer: (errata) => badRequest(errata, '/%zz/../ok'),
  },
  {
    name: 'answers an escape of invalid UTF-8 in the query with BAD_REQUEST (Express read U+FFFD, Hono and Fastify the escape)',
    request: get('/validate/query?symbol=BTCUSDT&note=caf%E9'),
    answer: (errata) => badRequest(errata, '/validate/query'),
  },
  {
    name: 'decodes each well-formed escape of a query value and keeps a malformed one as sent (%41%zz is A%zz)',
    request: get('/validate/query?symbol=BTCUSDT&note=%41%zz&lim%69t=5'),
    answer: (errata) => {
      const result = compileValidator(schemas.query, 'query')({ symbol: 'BTCUSDT', note: 'A%zz', limit: '5' });
      if (!result.ok) throw new Error('the case needs a valid query');
      return errata.success(result.value, info('GET', '/validate/query'));
    },
  },
  {
    name: 'reads a query of 1000 fields whole, empty ones included (its last field validated)',
    request: get(`/validate/query?symbol=BTCUSDT${'&'.repeat(998)}&limit=0`),
    answer: (errata) => invalidQuery(errata, { symbol: 'BTCUSDT', limit: '0' }, '/validate/query'),
  },
  {
    name: 'answers a query of more than 1000 fields with BAD_REQUEST (Express would drop the rest, Hono and Fastify not)',
    request: get(`/validate/query?symbol=BTCUSDT${'&'.repeat(999)}&limit=0`),
    answer: (errata) => badRequest(errata, '/validate/query'),
  },
  {
    name: 'answers a malformed %-escape in the path with BAD_REQUEST, the path as sent as instance',
    request: get('/%zz', PROBLEM),
    answer: (errata) => badRequest(errata, '/%zz', PROBLEM_TYPE),
  },
  {
    name: 'answers a malformed %-escape in a route parameter with BAD_REQUEST, before validation',
    request: get('/validate/params/%zz'),
    answer: (errata) => badRequest(errata, '/validate/params/%zz'),
  },
  {
    name: 'answers invalid UTF-8 in an escape with BAD_REQUEST',
    request: get('/throw/%C0%AF'),
    answer: (errata) => badRequest(errata, '/throw/%C0%AF'),
  },
  {
    name: 'routes a %-escaped path as its decoded form (/%6Fk is /ok)',
    request: get('/%6Fk'),
    answer: (errata) => errata.success(OK_DATA, info('GET', '/%6Fk')),
  },
  {
    name: 'looks up the methods of a %-escaped path as its decoded form: 405 with Allow',
    request: { method: 'DELETE', target: '/%6Fk', headers: [] },
    answer: (errata) => errata.notFound(info('DELETE', '/%6Fk'), ['GET', 'HEAD']),
  },
  {
    name: 'decodes a %-escaped route parameter once',
    request: get('/validate/params/BTC%55SDT'),
    answer: (errata) => errata.success({ symbol: 'BTCUSDT' }, info('GET', '/validate/params/BTC%55SDT')),
  },
  {
    name: 'keeps an escaped slash inside its parameter (the path keeps its segments)',
    request: get('/validate/params/BTC%2FUSDT'),
    answer: (errata) => invalidParams(errata, 'BTC/USDT', '/validate/params/BTC%2FUSDT'),
  },
  {
    name: 'reports a %-escaped path as sent as the problem instance',
    request: get('/%6Fk/x', PROBLEM),
    answer: (errata) => errata.notFound(info('GET', '/%6Fk/x', PROBLEM_TYPE)),
  },
  {
    name: 'hands a route parameter of any length to the handler (its validation answers)',
    request: get(`/validate/params/${'A'.repeat(1000)}`),
    answer: (errata) => {
      const validate = compileValidator(schemas.params, 'params');
      const result = validate({ symbol: 'A'.repeat(1000) });
      if (result.ok) throw new Error('the case needs an invalid symbol');
      return errata.respond(
        errata.catalog.VALIDATION_ERROR({ details: result.details }),
        info('GET', `/validate/params/${'A'.repeat(1000)}`),
      );
    },
  },
  {
    name: 'answers QUERY (RFC 10008), a method no route has, like any other: 405 with Allow',
    request: { method: 'QUERY', target: '/ok', headers: [] },
    answer: (errata) => errata.notFound(info('QUERY', '/ok'), ['GET', 'HEAD']),
  },
  {
    name: 'answers QUERY on an unknown path with NOT_FOUND',
    request: { method: 'QUERY', target: '/nope', headers: [] },
    answer: (errata) => errata.notFound(info('QUERY', '/nope')),
  },
];

/** Requests Node's parser refuses before any framework runs, sent raw on a keep-alive connection. */
const REFUSED: { name: string; bytes: string; code: string }[] = [
  {
    name: 'a raw byte outside printable ASCII in the target',
    bytes: 'GET /\u00e9 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
    code: 'HPE_INVALID_URL',
  },
  {
    name: 'an unknown method',
    bytes: 'FOO /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
    code: 'HPE_INVALID_METHOD',
  },
  {
    name: 'a head over 16 KiB',
    bytes: `GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nx-big: ${'a'.repeat(17_000)}\r\n\r\n`,
    code: 'HPE_HEADER_OVERFLOW',
  },
  {
    // RFC 9112 §6.3: the body's length cannot be known; Node's parser refuses it only after it has handed the request
    // on, so an adapter that answers at once (Express and Fastify on a synchronous route) answered the route
    name: 'a Transfer-Encoding whose last coding is not chunked, on a route that answers at once',
    bytes: 'GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nTransfer-Encoding: gzip\r\n\r\n',
    code: 'HPE_INVALID_TRANSFER_ENCODING',
  },
  {
    name: 'a Transfer-Encoding whose last coding is not chunked, on an unknown path',
    bytes:
      'GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked, gzip\r\n\r\n',
    code: 'HPE_INVALID_TRANSFER_ENCODING',
  },
  {
    name: 'a Transfer-Encoding whose last coding is not chunked, with a JSON body',
    bytes:
      'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}',
    code: 'HPE_INVALID_TRANSFER_ENCODING',
  },
];

/**
 * Sends raw bytes on one connection and reads until the server closes it (bounded by a timeout): for requests no HTTP
 * client sends (framings Node's parser refuses, HTTP/1.0 without Host).
 * @example const { text, closed } = await exchange(app.url, 'GET /ok HTTP/1.0\r\n\r\n')
 */
export function exchange(url: string, bytes: string | Buffer): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: false });
    }, 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closed: true });
    });
    socket.write(bytes);
  });
}

/** Status, the compared headers and the body of a raw HTTP/1.1 answer. */
function parseRaw(text: string): RawAnswer {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, split === -1 ? text.length : split).split('\r\n');
  const headers: Record<string, string | undefined> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: split === -1 ? '' : Buffer.from(text.slice(split + 4), 'latin1').toString('utf8'),
    end: 'complete',
  };
}

function answerOf(answer: RawAnswer): Answer {
  const id = answer.headers['x-request-id'];
  expect(isValidRequestId(id ?? '')).toBe(true);
  return { status: answer.status, headers: pick(answer.headers), body: normalizeBody(answer.body, id as string) };
}

/**
 * Registers the request-target conformance tests for one adapter.
 * @example runTargetConformance({ name: 'hono', start })
 */
export function runTargetConformance(adapter: AdapterUnderTest): void {
  describe(`request-target conformance: ${adapter.name}`, () => {
    const options = FIXTURE_CONFIGS.default(() => {});
    const errata = createErrata(options);
    const app = startedFixture(adapter, options);

    for (const c of CASES) {
      it(`${c.name} (${c.request.method} ${c.request.target})`, async () => {
        expect(answerOf(await send(app.url, c.request))).toEqual(expected(c.answer(errata)));
      });
    }

    for (const c of REFUSED) {
      it(`answers ${c.name} as core's clientErrorResponse does, with a fresh id, and closes the connection`, async () => {
        const { text, closed } = await exchange(app.url, Buffer.from(c.bytes, 'latin1'));
        const raw = parseRaw(text);
        const truth = parseRaw(clientErrorResponse(errata, { code: c.code }) as string);
        expect(answerOf(raw)).toEqual(answerOf(truth));
        expect(raw.headers.connection).toBe('close');
        expect(closed).toBe(true); // keep-alive asked for, but nothing more is read from this connection
      });
    }

    it('routes an HTTP/1.0 request without Host (only HTTP/1.1 requires one, RFC 9112 §3.2)', async () => {
      const { text } = await exchange(app.url, Buffer.from('GET /ok HTTP/1.0\r\n\r\n', 'latin1'));
      expect(answerOf(parseRaw(text))).toEqual(expected(errata.success(OK_DATA, info('GET', '/ok'))));
    });

    it('still routes the plain path (the cases above are about the odd ones)', async () => {
      const answer = await send(app.url, get('/ok'));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).data).toEqual(OK_DATA);
    });
  });
}
