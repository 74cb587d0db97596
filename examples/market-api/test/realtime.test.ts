/**
 * The real-time channels of the contract (shared/market-api.md, "Added in the second round"), end to end: each app is
 * started as `pnpm demo` starts it, and real clients (`ws`, the `eventsource` package, raw HTTP) check every rule of
 * `/v1/stream` and `/v1/events`; a last block requires the three apps to send the same frames byte for byte.
 */
import http from 'node:http';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { FRAMEWORKS, type Framework, type StartedApp, startAllApps } from './start-app';

/** Generated request ids are random hex, which may spell 6379 by chance: they are set aside before looking for leaks. */
const withoutIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
const SECRET = /hunter2|10\.0\.0\.5|ECONNREFUSED|6379|\bat .+:\d+:\d+/;
const apps = startAllApps();

interface Socket {
  ws: WebSocket;
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

function open(framework: Framework, path: string, headers: Record<string, string> = {}): Promise<Socket> {
  const url = (apps.get(framework) as StartedApp).url.replace(/^http/, 'ws') + path;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: string[] = [];
    const waiting: ((frame: string) => void)[] = [];
    ws.on('message', (data: Buffer) => {
      const waiter = waiting.shift();
      if (waiter) waiter(data.toString());
      else frames.push(data.toString());
    });
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    const next = () => {
      const frame = frames.shift();
      return frame !== undefined ? Promise.resolve(frame) : new Promise<string>((done) => waiting.push(done));
    };
    ws.once('open', () => resolve({ ws, next, closed }));
    ws.once('error', reject);
  });
}

const FREE = { 'x-api-key': 'demo_free' };

/** A frame with the connection's id and the timestamp set aside. */
function normalize(frame: string): string {
  const id = JSON.parse(frame).meta.request_id as string;
  return frame
    .split(JSON.stringify(id))
    .join('"<id>"')
    .replace(/"timestamp":"[^"]+"/g, '"timestamp":"<ts>"');
}

/** Every frame a scripted session receives, and how it closed. */
async function script(framework: Framework, path: string, headers: Record<string, string>, messages: string[]) {
  const socket = await open(framework, path, headers);
  const frames: string[] = [];
  for (const message of messages) {
    socket.ws.send(message);
    frames.push(await socket.next());
    // a subscription that succeeds answers one tick per symbol
    const symbols = /"op":"subscribe","symbols":(\[[^\]]*\])}$/.exec(message)?.[1];
    if (!frames.at(-1)?.startsWith('{"type":"error"') && symbols !== undefined) {
      for (let i = 1; i < JSON.parse(symbols).length; i++) frames.push(await socket.next());
    }
  }
  return { socket, frames };
}

function readEvents(framework: Framework, path: string, headers: Record<string, string> = FREE) {
  const url = `${(apps.get(framework) as StartedApp).url}${path}`;
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe.each(FRAMEWORKS)('market-api real-time channels: %s', (framework) => {
  describe('WebSocket /v1/stream', () => {
    it('accepts the upgrade without a valid key, sends one UNAUTHORIZED frame, closes 4401 with the code', async () => {
      for (const headers of [{}, { 'x-api-key': 'nope' }]) {
        const socket = await open(framework, '/v1/stream', { ...headers, 'x-request-id': 'ws-trace-1' });
        const frame = JSON.parse(await socket.next());
        expect(frame).toEqual({
          type: 'error',
          error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/X-API-Key/) },
          meta: { request_id: 'ws-trace-1', timestamp: expect.any(String) },
        });
        expect(await socket.closed).toEqual({ code: 4401, reason: 'UNAUTHORIZED' });
      }
    });

    it('takes the key in ?key= and sends a tick per symbol right away, then every second', async () => {
      const socket = await open(framework, '/v1/stream?key=demo_free');
      socket.ws.send('{"op":"subscribe","symbols":["BTCUSDT","ETHUSDT"]}');
      const frames = await Promise.all([socket.next(), socket.next(), socket.next(), socket.next()]);
      const ticks = frames.map((f) => JSON.parse(f));
      expect(ticks.map((t) => [t.type, t.data.symbol, typeof t.data.price])).toEqual([
        ['tick', 'BTCUSDT', 'number'],
        ['tick', 'ETHUSDT', 'number'],
        ['tick', 'BTCUSDT', 'number'],
        ['tick', 'ETHUSDT', 'number'],
      ]);
      expect(new Set(ticks.map((t) => t.meta.request_id)).size).toBe(1);
      socket.ws.close();
      await socket.closed;
    });

    it('answers bad JSON, schema failures, unlisted symbols and upstream failures with frames, staying open', async () => {
      const { socket, frames } = await script(framework, '/v1/stream', FREE, [
        '{"op":"subscribe",',
        '{"op":"subscribe","symbols":["btc",1]}',
        '{"op":"subscribe","symbols":["DOGEUSDT"]}',
        '{"op":"subscribe","symbols":["HYPEUSDT"]}',
      ]);
      const errors = frames.map((f) => JSON.parse(f).error);
      expect(errors.map((e) => e.code)).toEqual([
        'INVALID_JSON',
        'VALIDATION_ERROR',
        'SYMBOL_NOT_FOUND',
        'UPSTREAM_ERROR',
      ]);
      expect(errors[1].details.map((d: { field: string; rule: string }) => [d.field, d.rule])).toEqual([
        ['message.symbols[0]', 'pattern'],
        ['message.symbols[1]', 'type'],
      ]);
      expect(errors[2].params).toEqual({
        symbol: 'DOGEUSDT',
        supported: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'HYPEUSDT'],
      });
      expect(withoutIds(frames.join(''))).not.toMatch(SECRET);
      socket.ws.send('{"op":"subscribe","symbols":["SOLUSDT"]}');
      expect(JSON.parse(await socket.next()).data.symbol).toBe('SOLUSDT');
      socket.ws.close();
    });

    it('answers a message over 16 KiB with PAYLOAD_TOO_LARGE, then closes 1009', async () => {
      const socket = await open(framework, '/v1/stream', FREE);
      socket.ws.send(JSON.stringify({ op: 'subscribe', symbols: ['BTCUSDT'], pad: 'x'.repeat(16 * 1024) }));
      expect(JSON.parse(await socket.next()).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await socket.closed).toEqual({ code: 1009, reason: 'PAYLOAD_TOO_LARGE' });
    });

    it('masks a crash, closes 1011 and logs the full error with the connection’s request id', async () => {
      const socket = await open(framework, '/v1/stream', { ...FREE, 'x-request-id': `crash-${framework}-ws` });
      socket.ws.send('{"op":"crash"}');
      const frame = await socket.next();
      expect(JSON.parse(frame).error).toEqual({ code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' });
      expect(withoutIds(frame)).not.toMatch(SECRET);
      expect(await socket.closed).toEqual({ code: 1011, reason: 'INTERNAL_ERROR' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const logs = (apps.get(framework) as StartedApp).output();
      const line = logs.split('\n').find((l) => l.includes(`crash-${framework}-ws`)) ?? '';
      expect(line).toContain('hunter2');
    });
  });

  describe('Server-Sent Events /v1/events', () => {
    it('answers errors before the stream as HTTP envelopes', async () => {
      for (const [path, headers, status, code] of [
        ['/v1/events?symbols=BTCUSDT', {}, 401, 'UNAUTHORIZED'],
        ['/v1/events', FREE, 400, 'VALIDATION_ERROR'],
        ['/v1/events?symbols=btc', FREE, 400, 'VALIDATION_ERROR'],
        ['/v1/events?symbols=BTCUSDT,DOGEUSDT', FREE, 404, 'SYMBOL_NOT_FOUND'],
      ] as const) {
        const res = await readEvents(framework, path, headers);
        expect([path, res.status, JSON.parse(res.body).error.code]).toEqual([path, status, code]);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      }
    });

    it('streams ticks as text/event-stream; HYPEUSDT fails after the other symbols’ first ticks, then the stream ends', async () => {
      const res = await readEvents(framework, '/v1/events?symbols=BTCUSDT,HYPEUSDT,ETHUSDT');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream');
      expect(res.headers['cache-control']).toBe('no-store');
      const id = res.headers['x-request-id'] as string;
      const [btc, eth, error, ...rest] = res.body.split('\n\n');
      expect(btc).toBe('event: tick\ndata: {"symbol":"BTCUSDT","price":97000}\nid: 1');
      expect(eth).toBe('event: tick\ndata: {"symbol":"ETHUSDT","price":3400}\nid: 2');
      expect(rest).toEqual(['']);
      const envelope = JSON.parse((error as string).replace(/^event: error\ndata: /, ''));
      expect(envelope).toEqual({
        success: false,
        error: { code: 'UPSTREAM_ERROR', message: expect.any(String) },
        meta: { request_id: id, timestamp: expect.any(String) },
      });
      expect(withoutIds(res.body)).not.toMatch(SECRET);
    });

    it('masks a crash after N ticks and logs it with the request id', async () => {
      const res = await readEvents(framework, '/v1/events?symbols=SOLUSDT&crash_after=2', {
        ...FREE,
        'x-request-id': `crash-${framework}-sse`,
      });
      const events = res.body.split('\n\n').filter(Boolean);
      expect(events.map((e) => e.split('\n')[0])).toEqual(['event: tick', 'event: tick', 'event: error']);
      expect(JSON.parse((events[2] as string).slice('event: error\ndata: '.length)).error.code).toBe('INTERNAL_ERROR');
      expect(withoutIds(res.body)).not.toMatch(SECRET);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const line = (apps.get(framework) as StartedApp)
        .output()
        .split('\n')
        .find((l) => l.includes(`crash-${framework}-sse`));
      expect(line).toContain('hunter2');
    });

    it('reaches an EventSource client: ticks with ids, the error event, then the end', async () => {
      const url = `${(apps.get(framework) as StartedApp).url}/v1/events?symbols=ETHUSDT,HYPEUSDT`;
      const source = new EventSource(url, {
        fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...FREE } }),
      });
      const seen = await new Promise<string[]>((resolve) => {
        const out: string[] = [];
        source.addEventListener('tick', (event) =>
          out.push(`tick ${event.lastEventId} ${JSON.parse(event.data).symbol}`),
        );
        source.addEventListener('error', (event) => {
          out.push(
            'data' in event && event.data !== undefined ? `error ${JSON.parse(String(event.data)).error.code}` : 'end',
          );
          if (out.length >= 3) {
            source.close();
            resolve(out);
          }
        });
      });
      expect(seen).toEqual(['tick 1 ETHUSDT', 'error UPSTREAM_ERROR', 'end']);
    });
  });
});

describe('the three apps send the same frames', () => {
  it('on /v1/stream, byte for byte once ids and timestamps are set aside', async () => {
    const messages = [
      '{"op":',
      '{"op":"subscribe","symbols":["btc",1],"extra":true}',
      '{"op":"subscribe"}',
      '{"op":"subscribe","symbols":["DOGEUSDT"]}',
      '{"op":"subscribe","symbols":["HYPEUSDT"]}',
      '{"op":"subscribe","symbols":["BTCUSDT","SOLUSDT"]}',
      '{"op":"crash"}',
    ];
    const sessions = await Promise.all(
      FRAMEWORKS.map(async (framework) => {
        const { socket, frames } = await script(framework, '/v1/stream', FREE, messages);
        const unauthorized = await open(framework, '/v1/stream?key=nope');
        frames.push(await unauthorized.next(), JSON.stringify(await unauthorized.closed));
        frames.push(JSON.stringify(await socket.closed));
        return frames.map((f) => (f.startsWith('{"type"') ? normalize(f) : f));
      }),
    );
    expect(sessions[0]).toHaveLength(11);
    expect(sessions[1]).toEqual(sessions[0]);
    expect(sessions[2]).toEqual(sessions[0]);
  });

  it('to a plain GET or HEAD of /v1/stream (no upgrade): 401 without a key, 404 with one', async () => {
    for (const [method, headers, status] of [
      ['GET', {}, 401],
      ['GET', FREE, 404],
      ['HEAD', FREE, 404],
    ] as const) {
      const answers = await Promise.all(
        FRAMEWORKS.map(
          (framework) =>
            new Promise<unknown>((resolve, reject) => {
              const url = `${(apps.get(framework) as StartedApp).url}/v1/stream`;
              http
                .request(url, { method, headers }, (res) => {
                  let body = '';
                  res.on('data', (chunk) => {
                    body += chunk;
                  });
                  res.on('end', () => {
                    const id = res.headers['x-request-id'] as string;
                    const text = body
                      .split(JSON.stringify(id))
                      .join('"<id>"')
                      .replace(/"timestamp":"[^"]+"/, '');
                    resolve({ status: res.statusCode, type: res.headers['content-type'], text });
                  });
                })
                .on('error', reject)
                .end();
            }),
        ),
      );
      expect(answers[0]).toMatchObject({ status });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    }
  });

  it('on /v1/events, byte for byte once ids and timestamps are set aside', async () => {
    for (const path of [
      '/v1/events?symbols=HYPEUSDT,BTCUSDT',
      '/v1/events?symbols=ETHUSDT&crash_after=1',
      '/v1/events?symbols=X',
    ]) {
      const answers = await Promise.all(
        FRAMEWORKS.map(async (framework) => {
          const res = await readEvents(framework, path);
          const id = res.headers['x-request-id'] as string;
          const body = res.body
            .split(JSON.stringify(id))
            .join('"<id>"')
            .replace(/"timestamp":"[^"]+"/g, '"timestamp":"<ts>"');
          return { status: res.status, type: res.headers['content-type'], cache: res.headers['cache-control'], body };
        }),
      );
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    }
  });
});
