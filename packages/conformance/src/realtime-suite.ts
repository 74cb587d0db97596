/**
 * The real-time conformance suite: every adapter runs it against its real-time fixture (REALTIME_ROUTES) with real
 * clients (`ws`, the `eventsource` package, raw HTTP). Expected frames and events come from @errata/core itself, so
 * the adapters are equal by construction: each must send exactly what core decides (request id and timestamp aside).
 */
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createErrata, type ErrataErrorEvent } from '@errata/core';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import type { AdapterUnderTest, RunningApp } from './adapter';
import { catalog, fixtureOptions, SECRET, THROWN } from './fixture';
import { API_KEY, liveSockets, MESSAGE_LIMIT } from './realtime-fixture';
import { normalizeBody } from './suite';

interface Connection {
  ws: WebSocket;
  /** The next frame (already received or still to come). */
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a WebSocket and buffers its frames; resolves once open. */
function connect(url: string, headers: Record<string, string> = {}): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: string[] = [];
    const waiting: ((frame: string) => void)[] = [];
    ws.on('message', (data: Buffer) => {
      const frame = data.toString();
      const waiter = waiting.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    const closed = new Promise<{ code: number; reason: string }>((done) => {
      ws.on('close', (code, reason) => done({ code, reason: reason.toString() }));
    });
    ws.once('open', () =>
      resolve({
        ws,
        closed,
        next: () => {
          const frame = frames.shift();
          return frame !== undefined ? Promise.resolve(frame) : new Promise((done) => waiting.push(done));
        },
      }),
    );
    ws.once('error', reject);
  });
}

/** A frame with its connection's request id and the timestamp replaced, to compare byte for byte. */
function normalizeFrame(frame: string): string {
  const id = (JSON.parse(frame) as { meta?: { request_id?: string } }).meta?.request_id;
  expect(typeof id).toBe('string');
  return normalizeBody(frame, id as string);
}

/** Reads a whole response, however it ends. */
function readResponse(
  url: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('error', () => {});
        res.on('close', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: res.complete }),
        );
      })
      .on('error', reject);
  });
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` (bounded: 200 × 10 ms); resolves with its last value. */
async function eventually(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return true;
    await tick(10);
  }
  return condition();
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

/** Open TCP handles: the server's and the clients' ends of every connection still alive. */
function activeSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

/**
 * Registers the real-time conformance tests for one adapter; `adapter.start` starts its real-time fixture.
 * @example runRealtimeConformance({ name: 'hono', start: startHonoRealtimeFixture })
 */
export function runRealtimeConformance(adapter: AdapterUnderTest): void {
  describe(`realtime conformance: ${adapter.name}`, () => {
    const events: ErrataErrorEvent[] = [];
    const options = fixtureOptions({ onError: (event) => events.push(event) });
    const core = createErrata({ ...options, onError: () => {} });
    let app: RunningApp;
    let wsUrl: string;

    // The expected side's own reports (a deliberately throwing mapper) stay out of the test output
    const quiet = { error: () => {} };
    const expectedFrame = (thrown: unknown, fatal?: boolean) => {
      const frame = core.errorFrame(
        thrown,
        { requestId: 'expected-id', method: 'GET', path: '/ws', log: quiet },
        fatal === undefined ? {} : { fatal },
      );
      return { data: normalizeBody(frame.data, 'expected-id'), close: frame.close };
    };
    const expectedEvent = (thrown: unknown) =>
      normalizeBody(
        core.respond(thrown, { requestId: 'expected-id', method: 'GET', path: '/sse', log: quiet }).body,
        'expected-id',
      );

    /** A connection past authentication: its `ready` frame is read. */
    async function ready(): Promise<Connection> {
      const conn = await connect(`${wsUrl}/ws`, { 'x-api-key': API_KEY });
      expect(JSON.parse(await conn.next()).type).toBe('ready');
      return conn;
    }

    async function expectOpen(conn: Connection): Promise<void> {
      conn.ws.send('{"op":"echo","data":[1,"two"]}');
      expect(JSON.parse(await conn.next())).toMatchObject({ type: 'echo', data: [1, 'two'] });
    }

    beforeAll(async () => {
      app = await adapter.start(options, 'default');
      wsUrl = app.url.replace(/^http/, 'ws');
    });
    afterAll(async () => {
      await app?.close();
    });
    beforeEach(() => {
      events.length = 0;
    });

    describe('WebSocket', () => {
      it('accepts the upgrade, sends one UNAUTHORIZED frame and closes with 4401 when the key is missing or wrong', async () => {
        for (const [path, headers] of [
          ['/ws', {}],
          ['/ws?key=nope', {}],
          ['/ws', { 'x-api-key': 'nope', 'x-request-id': 'conn-abc.1' }],
        ] as const) {
          events.length = 0;
          const conn = await connect(`${wsUrl}${path}`, headers);
          const frame = await conn.next();
          expect(normalizeFrame(frame)).toBe(expectedFrame(catalog.UNAUTHORIZED(), true).data);
          expect(await conn.closed).toEqual({ code: 4401, reason: 'UNAUTHORIZED' });
          const id = JSON.parse(frame).meta.request_id;
          if ('x-request-id' in headers) expect(id).toBe('conn-abc.1');
          expect(events.map((e) => [e.requestId, e.problem.code])).toEqual([[id, 'UNAUTHORIZED']]);
        }
      });

      it('answers a plain GET on the WebSocket path, and an upgrade to a path without one, with 404', async () => {
        const plain = await readResponse(`${app.url}/ws`);
        const expected = core.notFound({ requestId: 'expected-id', method: 'GET', path: '/ws' });
        expect(plain.status).toBe(404);
        expect(normalizeBody(plain.body, plain.headers['x-request-id'] as string)).toBe(
          normalizeBody(expected.body, 'expected-id'),
        );
        const status = await new Promise<number>((resolve, reject) => {
          const ws = new WebSocket(`${wsUrl}/nope`);
          ws.on('unexpected-response', (_req, res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            ws.terminate();
          });
          ws.on('open', () => reject(new Error('upgraded a path without a WebSocket route')));
          ws.on('error', () => {});
        });
        expect(status).toBe(404);
      });

      it('takes the key from the query string too, and keeps the connection’s request id on every frame', async () => {
        const conn = await connect(`${wsUrl}/ws?key=${API_KEY}`, { 'x-request-id': 'conn-xyz' });
        expect(JSON.parse(await conn.next())).toMatchObject({
          type: 'ready',
          data: { url: `/ws?key=${API_KEY}` },
          meta: { request_id: 'conn-xyz' },
        });
        conn.ws.send('{"op":"echo","data":null}');
        expect(JSON.parse(await conn.next()).meta.request_id).toBe('conn-xyz');
        conn.ws.close();
        await conn.closed;
      });

      it('answers malformed JSON with INVALID_JSON and stays open', async () => {
        const conn = await ready();
        conn.ws.send(`{"op":"echo","data":"${SECRET}"`);
        const frame = await conn.next();
        expect(normalizeFrame(frame)).toBe(
          expectedFrame(catalog.INVALID_JSON({ message: 'The message is not valid JSON.' })).data,
        );
        expect(frame).not.toContain(SECRET);
        await expectOpen(conn);
        conn.ws.close();
      });

      it('answers a message that fails the schema with VALIDATION_ERROR and message.* details, staying open', async () => {
        const conn = await ready();
        conn.ws.send('{"op":"subscribe","symbols":["DOGEUSDT"],"every":1}');
        const frame = JSON.parse(await conn.next());
        expect(frame.error.code).toBe('VALIDATION_ERROR');
        expect(frame.error.details.map((d: { field: string }) => d.field)).toEqual(['message']);
        conn.ws.send('{"op":"subscribe","symbols":["BTCUSDT", 7],"every":1000}');
        const symbols = JSON.parse(await conn.next());
        expect(symbols.error.code).toBe('VALIDATION_ERROR');
        await expectOpen(conn);
        conn.ws.close();
      });

      for (const [name, make] of Object.entries(THROWN)) {
        for (const op of ['throw', 'reject', 'later'] as const) {
          it(`sends exactly the frame core decides when a handler ${op}s ${name}`, async () => {
            const conn = await ready();
            conn.ws.send(JSON.stringify({ op, name }));
            const frame = await conn.next();
            const expected = expectedFrame(make());
            expect(normalizeFrame(frame)).toBe(expected.data);
            expect(frame).not.toContain(SECRET);
            expect(frame).not.toMatch(/\bat .+:\d+:\d+/);
            expect(events).toHaveLength(1);
            expect(events[0]?.requestId).toBe(JSON.parse(frame).meta.request_id);
            if (expected.close === undefined) await expectOpen(conn);
            else expect(await conn.closed).toEqual(expected.close);
            conn.ws.close();
          });
        }
      }

      it('keeps the connection open after SYMBOL_NOT_FOUND (with params) and a mapped upstream failure', async () => {
        const conn = await ready();
        conn.ws.send('{"op":"throw","name":"typed-params"}');
        expect(JSON.parse(await conn.next()).error).toEqual({
          code: 'SYMBOL_NOT_FOUND',
          message: 'Symbol DOGEUSDT is not listed.',
          params: { symbol: 'DOGEUSDT', supported: ['BTCUSDT', 'ETHUSDT'] },
        });
        conn.ws.send('{"op":"reject","name":"econnrefused"}');
        const upstream = await conn.next();
        expect(JSON.parse(upstream).error.code).toBe('UPSTREAM_ERROR');
        expect(upstream).not.toMatch(/10\.0\.0\.5|ECONNREFUSED/);
        await expectOpen(conn);
        conn.ws.close();
      });

      it('masks a crash, closes with 1011 and reports the full error once with the connection’s request id', async () => {
        const conn = await ready();
        conn.ws.send('{"op":"reject","name":"internal-string"}');
        const frame = await conn.next();
        expect(JSON.parse(frame).error).toEqual({ code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' });
        expect(await conn.closed).toEqual({ code: 1011, reason: 'INTERNAL_ERROR' });
        expect(events).toHaveLength(1);
        expect(events[0]?.error).toContain(SECRET);
        expect(events[0]?.requestId).toBe(JSON.parse(frame).meta.request_id);
      });

      it('answers a message over the limit with PAYLOAD_TOO_LARGE, then closes with 1009', async () => {
        const conn = await ready();
        conn.ws.send(JSON.stringify({ op: 'echo', data: 'x'.repeat(MESSAGE_LIMIT) }));
        const frame = await conn.next();
        expect(normalizeFrame(frame)).toBe(
          expectedFrame(catalog.PAYLOAD_TOO_LARGE({ message: `The message is larger than ${MESSAGE_LIMIT} bytes.` }))
            .data,
        );
        expect(await conn.closed).toEqual({ code: 1009, reason: 'PAYLOAD_TOO_LARGE' });
      });

      it('sends ticks from a timer and stops them when the client closes', async () => {
        const conn = await ready();
        conn.ws.send('{"op":"subscribe","symbols":["BTCUSDT","ETHUSDT"],"every":5}');
        const ticks = [await conn.next(), await conn.next(), await conn.next(), await conn.next()].map((f) =>
          JSON.parse(f),
        );
        expect(ticks.map((t) => [t.type, t.data.symbol])).toEqual([
          ['tick', 'BTCUSDT'],
          ['tick', 'ETHUSDT'],
          ['tick', 'BTCUSDT'],
          ['tick', 'ETHUSDT'],
        ]);
        conn.ws.close();
        await conn.closed;
      });

      it('leaves no timer, TCP handle or socket object behind after 1,000 connect/disconnect cycles', async () => {
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        await eventually(() => activeTimers() === 0);
        const baseline = activeTimers();
        const sockets = activeSockets();
        liveSockets.clear();
        for (let batch = 0; batch < 100; batch++) {
          await Promise.all(
            Array.from({ length: 10 }, async (_, i) => {
              const conn = await ready();
              conn.ws.send('{"op":"subscribe","symbols":["BTCUSDT"],"every":5}');
              await conn.next();
              if (i % 2 === 0) conn.ws.close();
              else conn.ws.terminate(); // a client that vanishes without a close frame
              await conn.closed;
            }),
          );
        }
        expect(liveSockets.size).toBe(1000);
        expect(await eventually(() => activeTimers() <= baseline)).toBe(true);
        expect(await eventually(() => activeSockets() <= sockets)).toBe(true);
        let alive = liveSockets.size;
        for (let i = 0; i < 20 && alive > 0; i++) {
          await tick(10);
          gc();
          alive = [...liveSockets].filter((ref) => ref.deref() !== undefined).length;
        }
        expect(alive).toBe(0);
      }, 60_000);
    });

    describe('Server-Sent Events', () => {
      it('streams ticks with ids under text/event-stream, no-store and the request id, then ends cleanly', async () => {
        const res = await readResponse(`${app.url}/sse?mode=ticks&count=3`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/event-stream');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(typeof res.headers['x-request-id']).toBe('string');
        expect(res.body).toBe(
          'event: tick\ndata: {"n":1}\nid: 1\n\nevent: tick\ndata: {"n":2}\nid: 2\n\nevent: tick\ndata: {"n":3}\nid: 3\n\n',
        );
        expect(res.complete).toBe(true);
      });

      for (const [name, make] of Object.entries(THROWN)) {
        it(`sends an error event carrying exactly core’s envelope, then ends, when the producer throws ${name}`, async () => {
          const res = await readResponse(`${app.url}/sse?mode=fail&count=1&async=1&name=${name}`);
          const [first, second, ...rest] = res.body.split('\n\n');
          expect(first).toBe('event: tick\ndata: {"n":1}\nid: 1');
          expect(second?.startsWith('event: error\ndata: ')).toBe(true);
          expect(rest).toEqual(['']);
          const data = (second as string).slice('event: error\ndata: '.length);
          expect(normalizeBody(data, res.headers['x-request-id'] as string)).toBe(expectedEvent(make()));
          expect(res.body).not.toContain(SECRET);
          expect(res.complete).toBe(true);
          expect(events).toHaveLength(1);
          expect(events[0]?.requestId).toBe(res.headers['x-request-id']);
        });
      }

      it('answers errors found before the stream starts as ordinary HTTP envelopes', async () => {
        for (const name of ['typed-params', 'typed-details', 'http-errors-401-headers', 'internal-string']) {
          const res = await readResponse(`${app.url}/sse?mode=pre&name=${name}`);
          const expected = core.respond(THROWN[name]?.(), {
            requestId: 'expected-id',
            method: 'GET',
            path: '/sse',
            log: { error: () => {} }, // the adapter's answer is logged; this computation of the truth need not be
          });
          expect([name, res.status, res.headers['content-type']]).toEqual([
            name,
            expected.status,
            expected.headers['content-type'],
          ]);
          expect(normalizeBody(res.body, res.headers['x-request-id'] as string)).toBe(
            normalizeBody(expected.body, 'expected-id'),
          );
        }
      });

      it('reaches an EventSource client: ticks with lastEventId, then the error event, then the end', async () => {
        const source = new EventSource(`${app.url}/sse?mode=fail&count=2&name=typed-rate-limit`);
        const seen = await new Promise<string[]>((resolve) => {
          const out: string[] = [];
          source.addEventListener('tick', (event) => out.push(`tick ${event.lastEventId} ${event.data}`));
          source.addEventListener('error', (event) => {
            // An `error` event from the server carries data; the client's own error (the end) does not.
            out.push(
              'data' in event && event.data !== undefined
                ? `error ${JSON.parse(String(event.data)).error.code}`
                : 'end',
            );
            if (out.length >= 4) {
              source.close();
              resolve(out);
            }
          });
        });
        expect(seen).toEqual(['tick 1 {"n":1}', 'tick 2 {"n":2}', 'error RATE_LIMIT_EXCEEDED', 'end']);
      });

      it('leaves no timer behind when 1,000 clients leave endless streams', async () => {
        await eventually(() => activeTimers() === 0);
        const baseline = activeTimers();
        for (let batch = 0; batch < 100; batch++) {
          await Promise.all(
            Array.from(
              { length: 10 },
              () =>
                new Promise<void>((resolve, reject) => {
                  const req = http.get(`${app.url}/sse?mode=forever&every=20`, (res) => {
                    res.once('data', () => req.destroy());
                    res.on('error', () => {});
                    res.on('close', () => resolve());
                  });
                  req.on('error', () => {});
                  req.on('close', () => resolve());
                  req.on('timeout', reject);
                }),
            ),
          );
        }
        expect(await eventually(() => activeTimers() <= baseline)).toBe(true);
        expect(events).toEqual([]);
      }, 60_000);
    });
  });
}
