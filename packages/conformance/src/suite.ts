/**
 * The one conformance suite: every adapter runs it against its fixture app (see adapter.ts) over a real socket.
 * Expected answers come from @errata/core itself, so the adapters are equal by construction: each must write
 * exactly what core decides, byte for byte (request id and timestamp aside).
 */
import http from 'node:http';
import {
  createErrata,
  type ErrataErrorEvent,
  type ErrataOptions,
  ErrorEnvelopeSchema,
  isValidRequestId,
} from '@errata/core';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import request from 'supertest';
import type { AdapterUnderTest, RunningApp } from './adapter';
import { BODY_LIMIT, catalog, FIXTURE_CONFIGS, OK_DATA, SECRET, THROWN } from './fixture';

const envelope = TypeCompiler.Compile(ErrorEnvelopeSchema);
const TIMESTAMP = /"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g;
const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'x-content-type-options',
  'retry-after',
  'www-authenticate',
  'allow',
] as const;

/** Replaces the two values that differ per request, so bodies compare byte for byte. */
export function normalizeBody(body: string, requestId: string): string {
  return body.split(JSON.stringify(requestId)).join('"<request-id>"').replace(TIMESTAMP, '"timestamp":"<timestamp>"');
}

/** An answer as the suites compare it: status, the contract's headers, the body with id and timestamp set aside. */
export interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** The contract's headers of an answer (a missing one as `undefined`), for every suite's comparison. */
export function pick(headers: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of COMPARED_HEADERS) {
    const value = headers[name];
    out[name] = typeof value === 'string' ? value : undefined;
  }
  return out;
}

/** What core answers for a thrown value, normalised: the truth every adapter must reproduce. */
function expectedFor(thrown: unknown, options: ErrataOptions, path: string, accept?: string): Answer {
  const errata = createErrata({ ...options, onError: () => {} });
  // A value that breaks a mapper is logged: the adapter's answer is, this computation of the truth need not be
  const quiet = { error: () => {} };
  const response = errata.respond(thrown, { requestId: 'expected-id', method: 'GET', path, accept, log: quiet });
  return {
    status: response.status,
    headers: pick(response.headers),
    body: normalizeBody(response.body, 'expected-id'),
  };
}

async function get(app: RunningApp, path: string, headers: Record<string, string> = {}): Promise<request.Response> {
  let req = request(app.url).get(path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return readText(req);
}

/**
 * Sends a supertest request and reads every body as text, whatever its content type, where tests look: `res.text`.
 * @example const res = await readText(request(url).get('/ok'))
 */
export async function readText(req: request.Test): Promise<request.Response> {
  const res = await req.buffer(true).parse((raw, done) => {
    let text = '';
    raw.setEncoding('utf8');
    raw.on('data', (chunk: string) => {
      text += chunk;
    });
    raw.on('end', () => done(null, text));
  });
  res.text = typeof res.body === 'string' ? res.body : '';
  return res;
}

/** Status, compared headers and the normalised body of a response; checks the request id header on the way. */
function answerOf(res: request.Response): Answer {
  const id = res.headers['x-request-id'] as string | undefined;
  expect(typeof id).toBe('string');
  const body = typeof res.body === 'string' ? res.body : res.text;
  if (body.startsWith('{')) {
    const parsed = JSON.parse(body) as { meta?: { request_id?: string }; request_id?: string };
    expect(parsed.meta?.request_id ?? parsed.request_id).toBe(id);
  }
  return { status: res.status, headers: pick(res.headers), body: normalizeBody(body, id as string) };
}

/** Reads a response that may be cut off: status, the bytes that arrived, and how it ended. */
function rawGet(url: string): Promise<{ status: number; body: string; ended: 'complete' | 'aborted' }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      let aborted = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
      });
      res.on('close', () =>
        resolve({ status: res.statusCode ?? 0, body, ended: aborted || !res.complete ? 'aborted' : 'complete' }),
      );
    });
    req.on('error', reject);
  });
}

/** Polls `condition` (bounded: 100 × 10 ms): an error after the head is reported once the failure has happened. */
async function eventually(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

/**
 * Registers the conformance tests for one adapter.
 * @example runConformance({ name: 'express 5', start: (options) => startExpressFixture(express, options) })
 */
export function runConformance(adapter: AdapterUnderTest): void {
  describe(`conformance: ${adapter.name}`, () => {
    const events: ErrataErrorEvent[] = [];
    const options = FIXTURE_CONFIGS.default((event) => events.push(event));
    let app: RunningApp;
    /** The error events of every request answered so far. */
    const logged = async () => {
      await app.settle?.();
      return events;
    };

    beforeAll(async () => {
      app = await adapter.start(options, 'default');
    });
    afterAll(async () => {
      await app?.close();
    });
    beforeEach(async () => {
      await app.settle?.();
      events.length = 0;
    });

    describe('thrown values', () => {
      for (const [name, make] of Object.entries(THROWN)) {
        for (const prefix of ['throw', 'reject'] as const) {
          it(`answers ${prefix} ${name} exactly as core decides`, async () => {
            const res = await get(app, `/${prefix}/${name}`);
            const answer = answerOf(res);
            expect(answer).toEqual(expectedFor(make(), options, `/${prefix}/${name}`));
            const body = JSON.parse(res.text);
            expect(envelope.Check(body)).toBe(true);
            expect(res.text).not.toContain(SECRET);
            expect(res.text).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
            expect(res.text.length).toBeLessThan(8 * 1024);
            expect(res.headers['x-internal']).toBeUndefined();
            expect(res.headers['set-cookie']).toBeUndefined();
            expect(await logged()).toHaveLength(1);
          });
        }
      }

      it('turns falsy throws and "route" into 500s, never a 404 or a route skip', async () => {
        for (const name of ['null', 'undefined', 'zero', 'empty-string', 'false', 'route', 'router']) {
          for (const prefix of ['throw', 'reject']) {
            const res = await get(app, `/${prefix}/${name}`);
            expect([name, prefix, res.status, JSON.parse(res.text).error.code]).toEqual([
              name,
              prefix,
              500,
              'INTERNAL_ERROR',
            ]);
          }
        }
      });

      it('masks the message of any 5xx', async () => {
        for (const name of [
          'typed-override-5xx',
          'http-errors-503-exposed',
          'huge-message',
          'econnrefused',
          'typed-cause',
        ]) {
          const res = await get(app, `/throw/${name}`);
          expect(res.status).toBeGreaterThanOrEqual(500);
          expect(res.text).not.toContain(SECRET);
          expect(res.text).not.toContain('10.0.0.5');
        }
      });

      it('keeps safe headers and drops unsafe ones', async () => {
        const limited = await get(app, '/throw/typed-rate-limit');
        expect(limited.headers['retry-after']).toBe('12');
        expect(JSON.parse(limited.text).error.params).toEqual({ retry_after: 12 });
        const auth = await get(app, '/throw/http-errors-401-headers');
        expect(auth.headers['www-authenticate']).toBe('Bearer');
        expect(auth.headers['x-internal']).toBeUndefined();
        const injected = await get(app, '/throw/http-errors-header-injection');
        expect(injected.status).toBe(429);
        expect(injected.headers['retry-after']).toBeUndefined();
        expect(injected.headers['set-cookie']).toBeUndefined();
      });

      it('keeps headers the app set before the error', async () => {
        const res = await get(app, '/header-then-throw');
        expect(res.status).toBe(409);
        expect(res.headers['x-app-header']).toBe('kept');
        expect(answerOf(res)).toEqual(expectedFor(catalog.CONFLICT(), options, '/header-then-throw'));
      });

      it('maps a driver error through the user mapper', async () => {
        const res = await get(app, '/reject/econnrefused');
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('2');
        expect(JSON.parse(res.text).error.code).toBe('UPSTREAM_ERROR');
      });

      it('answers a rejection with no value as a 500', async () => {
        const res = await get(app, '/reject-empty');
        expect(answerOf(res)).toEqual(expectedFor(undefined, options, '/reject-empty'));
      });

      it('logs each error once, with the request id, method and path', async () => {
        const res = await get(app, '/throw/typed-cause');
        expect(await logged()).toHaveLength(1);
        const event = events[0] as ErrataErrorEvent;
        expect(event.requestId).toBe(res.headers['x-request-id']);
        expect(event.method).toBe('GET');
        expect(event.path).toBe('/throw/typed-cause');
        expect(event.problem.code).toBe('UPSTREAM_ERROR');
      });
    });

    describe('responses already started', () => {
      if (adapter.partialResponse === 'reset') {
        it('resets the connection after a partial 200, never gluing JSON on', async () => {
          // A reset may discard bytes the client had not read yet: the head and the first chunk arrive or not.
          const res = await rawGet(`${app.url}/partial`).catch((error: NodeJS.ErrnoException) => String(error.code));
          if (typeof res === 'string') expect(res).toBe('ECONNRESET');
          else expect([res.status, 'partial'.startsWith(res.body), res.ended]).toEqual([200, true, 'aborted']);
        });
      } else {
        it('closes the connection after a partial 200, never gluing JSON on', async () => {
          const res = await rawGet(`${app.url}/partial`);
          expect(res.status).toBe(200);
          expect(res.body).toBe('partial');
          expect(res.ended).toBe('aborted');
          await logged();
          expect(await eventually(() => events.length > 0)).toBe(true);
          expect(events.map((event) => [event.problem.code, event.path])).toEqual([['INTERNAL_ERROR', '/partial']]);
        });
      }

      it('keeps an answer that was sent before the handler threw, and logs the error once', async () => {
        const res = await get(app, '/answer-then-throw');
        expect(res.status).toBe(200);
        expect(JSON.parse(res.text)).toMatchObject({ success: true, data: OK_DATA });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await logged()).toHaveLength(1);
        // the server is still healthy
        expect((await get(app, '/ok')).status).toBe(200);
      });
    });

    describe('success helper', () => {
      it('answers { success, data, meta } with the request id in header and body', async () => {
        const res = await get(app, '/ok');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const body = JSON.parse(res.text);
        expect(body).toEqual({
          success: true,
          data: OK_DATA,
          meta: { request_id: res.headers['x-request-id'], timestamp: expect.any(String) },
        });
        expect(new Date(body.meta.timestamp).toISOString()).toBe(body.meta.timestamp);
      });

      it('answers with the status the handler asks for', async () => {
        const res = await request(app.url).post('/created');
        expect(res.status).toBe(201);
        expect(res.body.data).toEqual({ created: true });
      });
    });

    describe('body parsing', () => {
      const post = (body: string | Buffer, type: string) =>
        request(app.url).post('/echo').set('content-type', type).send(body).buffer(true);

      it('echoes a valid JSON body', async () => {
        const res = await post('{"a":1}', 'application/json');
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual({ a: 1 });
      });

      it('answers malformed JSON with INVALID_JSON, echoing nothing of the body', async () => {
        const res = await post(`{"a": "${SECRET}",`, 'application/json');
        expect(answerOf(res)).toEqual(expectedFor(options.catalog.INVALID_JSON(), options, '/echo'));
        expect(res.text).not.toContain(SECRET);
      });

      it('answers an oversized body with PAYLOAD_TOO_LARGE', async () => {
        const res = await post(JSON.stringify({ a: SECRET.repeat(BODY_LIMIT) }), 'application/json');
        expect(answerOf(res)).toEqual(expectedFor(options.catalog.PAYLOAD_TOO_LARGE(), options, '/echo'));
      });

      it('answers a non-JSON content type with UNSUPPORTED_MEDIA_TYPE', async () => {
        const res = await post(`a=${SECRET}`, 'text/plain');
        expect(answerOf(res)).toEqual(expectedFor(options.catalog.UNSUPPORTED_MEDIA_TYPE(), options, '/echo'));
      });

      it('answers a large body of another type with UNSUPPORTED_MEDIA_TYPE (the type is checked before the size)', async () => {
        const res = await post(`a=${SECRET.repeat(BODY_LIMIT)}`, 'text/plain');
        expect(answerOf(res)).toEqual(expectedFor(options.catalog.UNSUPPORTED_MEDIA_TYPE(), options, '/echo'));
      });

      it('answers JSON in a charset other than UTF-8 with UNSUPPORTED_MEDIA_TYPE (RFC 8259: JSON is UTF-8)', async () => {
        for (const type of ['application/json; charset=latin1', 'application/json; charset=utf-16le']) {
          const res = await post('{"a":1}', type);
          expect([type, answerOf(res)]).toEqual([
            type,
            expectedFor(options.catalog.UNSUPPORTED_MEDIA_TYPE(), options, '/echo'),
          ]);
        }
        const utf8 = await post('{"a":"é"}', 'application/json; charset=UTF-8');
        expect(utf8.body.data).toEqual({ a: 'é' });
      });

      it('answers a JSON content type with an empty body with INVALID_JSON (nothing to parse is not JSON)', async () => {
        const res = await request(app.url).post('/echo').set('content-type', 'application/json').buffer(true);
        expect(answerOf(res)).toEqual(expectedFor(options.catalog.INVALID_JSON(), options, '/echo'));
      });

      it('neither pollutes Object.prototype nor crashes on __proto__ and constructor.prototype bodies', async () => {
        for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
          const res = await post(body, 'application/json');
          expect(res.status).toBeLessThan(500);
          expect(({} as Record<string, unknown>).admin).toBeUndefined();
          expect((Object.prototype as Record<string, unknown>).admin).toBeUndefined();
        }
        expect((await get(app, '/ok')).status).toBe(200);
      });
    });

    describe('request ids', () => {
      it('keeps a valid inbound id', async () => {
        const res = await get(app, '/request-id', { 'x-request-id': 'client-42.a:b=c' });
        expect(res.headers['x-request-id']).toBe('client-42.a:b=c');
        expect(JSON.parse(res.text).data.request_id).toBe('client-42.a:b=c');
      });

      it('replaces an invalid inbound id, on successes and errors alike', async () => {
        for (const bad of ['has space', 'a'.repeat(129), 'semi;colon', '<script>']) {
          for (const path of ['/request-id', '/throw/typed-plain']) {
            const res = await get(app, path, { 'x-request-id': bad });
            const id = res.headers['x-request-id'] as string;
            expect(id).not.toBe(bad);
            expect(isValidRequestId(id)).toBe(true);
            expect(JSON.parse(res.text).meta.request_id).toBe(id);
          }
        }
      });

      it('replaces an id sent twice', async () => {
        const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
          const url = new URL(`${app.url}/request-id`);
          const req = http.request(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              headers: [
                ['x-request-id', 'one'],
                ['x-request-id', 'two'],
              ] as never,
            },
            resolve,
          );
          req.on('error', reject);
          req.end();
        });
        res.resume();
        expect(['one', 'two', 'one, two', 'one,two']).not.toContain(res.headers['x-request-id']);
      });

      it('never crosses ids between concurrent requests', async () => {
        const results = await Promise.all(
          Array.from({ length: 300 }, async (_, i) => {
            const id = `concurrent-${i}`;
            const res = await get(app, `/delayed-id?ms=${(i * 7) % 13}`, { 'x-request-id': id });
            return [id, res.headers['x-request-id'], JSON.parse(res.text).data.request_id];
          }),
        );
        for (const [sent, header, body] of results) {
          expect(header).toBe(sent);
          expect(body).toBe(sent);
        }
      });

      it('generates unique ids', async () => {
        const ids = new Set<string>();
        const results = await Promise.all(Array.from({ length: 200 }, () => get(app, '/request-id')));
        for (const res of results) ids.add(res.headers['x-request-id'] as string);
        expect(ids.size).toBe(200);
      });
    });

    describe('negotiation, HEAD, 404 and 405', () => {
      it('answers problem+json to clients that ask for it', async () => {
        const res = await get(app, '/throw/typed-params', { accept: 'application/problem+json' });
        expect(answerOf(res)).toEqual(
          expectedFor(
            catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT', 'ETHUSDT'] }),
            options,
            '/throw/typed-params',
            'application/problem+json',
          ),
        );
        expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        const body = JSON.parse(res.text);
        expect(body).toMatchObject({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          code: 'SYMBOL_NOT_FOUND',
          instance: '/throw/typed-params',
          symbol: 'DOGEUSDT',
        });
      });

      it('still answers JSON, never HTML or 406, to text/html', async () => {
        const res = await get(app, '/throw/typed-plain', { accept: 'text/html' });
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      });

      it('answers HEAD with the error status and headers and no body', async () => {
        const res = await request(app.url).head('/throw/typed-rate-limit');
        expect(res.status).toBe(429);
        expect(res.headers['retry-after']).toBe('12');
        expect(res.headers['x-request-id']).toBeDefined();
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.text ?? '').toBe('');
      });

      it('answers HEAD with the Content-Length GET has, errors and successes alike', async () => {
        for (const path of ['/throw/typed-rate-limit', '/ok', '/nope']) {
          const got = await get(app, path, { 'x-request-id': 'same-id' });
          const head = await request(app.url).head(path).set('x-request-id', 'same-id');
          expect([path, head.headers['content-length']]).toEqual([path, String(Buffer.byteLength(got.text))]);
          expect([path, got.headers['content-length']]).toEqual([path, String(Buffer.byteLength(got.text))]);
        }
      });

      it('answers a path whose parameter segment is empty with NOT_FOUND, whatever the method', async () => {
        for (const path of ['/validate/params/', '/throw/']) {
          const res = await get(app, path);
          expect([path, answerOf(res)]).toEqual([path, expectedFor(options.catalog.NOT_FOUND(), options, path)]);
          const other = await readText(request(app.url).delete(path));
          expect([path, other.status, other.headers.allow]).toEqual([path, 404, undefined]);
        }
      });

      it('answers an unknown path with NOT_FOUND', async () => {
        for (const path of ['/nope', '/throw', '/ok/extra', `/${SECRET}`]) {
          const res = await get(app, path);
          expect(answerOf(res)).toEqual(expectedFor(options.catalog.NOT_FOUND(), options, path));
        }
      });

      it('answers a known path with the wrong method with METHOD_NOT_ALLOWED and Allow', async () => {
        const res = await request(app.url).delete('/methods').buffer(true);
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD, POST');
        expect(res.body.error).toEqual({
          code: 'METHOD_NOT_ALLOWED',
          message: expect.any(String),
          params: { allow: ['GET', 'HEAD', 'POST'] },
        });
        const head = await request(app.url).head('/nope');
        expect(head.status).toBe(404);
      });
    });

    describe('failing while failing', () => {
      it('answers a static 500 envelope when the onError hook throws', async () => {
        const failing = await adapter.start(FIXTURE_CONFIGS['hook-throws'](), 'hook-throws');
        try {
          const res = await get(failing, '/throw/typed-plain');
          expect(res.status).toBe(500);
          expect(JSON.parse(res.text)).toEqual({
            success: false,
            error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' },
            meta: { request_id: res.headers['x-request-id'], timestamp: expect.any(String) },
          });
          expect((await get(failing, '/ok')).status).toBe(200);
        } finally {
          await failing.close();
        }
      });

      it('answers a static 500 envelope when the formatter throws', async () => {
        const failing = await adapter.start(FIXTURE_CONFIGS['format-throws'](), 'format-throws');
        try {
          const res = await get(failing, '/throw/typed-params');
          expect(res.status).toBe(500);
          expect(res.text).not.toContain(SECRET);
          expect(JSON.parse(res.text).error.code).toBe('INTERNAL_ERROR');
        } finally {
          await failing.close();
        }
      });
    });
  });
}
