/**
 * The real-time fixture: one WebSocket route and one Server-Sent Events route, framework-free, that every adapter
 * mounts the same way (REALTIME_ROUTES), so the realtime suite can ask each framework the same questions.
 */
import type { ErrataSocket, EventProducer, SocketHandlers } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { catalog, THROWN } from './fixture';

export const REALTIME_ROUTES = [
  'WS /ws → socketHandlers (key `secret-key` in X-API-Key or ?key=, maxMessageBytes MESSAGE_LIMIT)',
  'GET /sse?… → eventProducer(query) called in the handler (it throws for mode=pre), then the adapter’s event stream',
] as const;

/** The largest WebSocket message the fixture accepts. */
export const MESSAGE_LIMIT = 16 * 1024;

export const API_KEY = 'secret-key';

const Listed = Type.Union([Type.Literal('BTCUSDT'), Type.Literal('ETHUSDT')]);

/** The client messages of `/ws`. */
export const Command = Type.Union([
  Type.Object({ op: Type.Literal('echo'), data: Type.Unknown() }),
  Type.Object({
    op: Type.Literal('subscribe'),
    symbols: Type.Array(Listed, { minItems: 1 }),
    every: Type.Integer({ minimum: 5 }),
  }),
  /** Throws THROWN[name]() synchronously (`throw`), after an await (`reject`), or from a timer task (`later`). */
  Type.Object({
    op: Type.Union([Type.Literal('throw'), Type.Literal('reject'), Type.Literal('later')]),
    name: Type.String(),
  }),
]);

const thrown = (name: string) => (THROWN[name] ?? (() => new Error(`unknown ${name}`)))();

/** Live objects handed to the fixture's handlers, for the leak checks (weakly held). */
export const liveSockets = new Set<WeakRef<ErrataSocket>>();

export const socketHandlers: SocketHandlers<typeof Command> = {
  schema: Command,
  maxMessageBytes: MESSAGE_LIMIT,
  open(socket) {
    const key = socket.request.header('x-api-key') ?? new URL(socket.request.url, 'http://x').searchParams.get('key');
    if (key !== API_KEY) throw catalog.UNAUTHORIZED();
    liveSockets.add(new WeakRef(socket));
    socket.send('ready', { url: socket.request.url });
  },
  message(socket, command) {
    switch (command.op) {
      case 'echo':
        return socket.send('echo', command.data);
      case 'subscribe': {
        const send = () => {
          for (const symbol of command.symbols) socket.send('tick', { symbol });
        };
        send();
        const timer = setInterval(() => socket.run(send), command.every);
        socket.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
        return;
      }
      case 'throw':
        throw thrown(command.name);
      case 'reject':
        return (async () => {
          await new Promise((resolve) => setImmediate(resolve));
          throw thrown(command.name);
        })();
      case 'later': {
        const timer = setTimeout(() => socket.run(() => Promise.reject(thrown(command.name))), 1);
        socket.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      }
    }
  },
};

/**
 * The producer for `GET /sse`, from its query: `mode=ticks&count=N` sends N ticks (ids 1…N) and ends;
 * `mode=fail&count=N&name=X` then throws THROWN[X]() (`async=1`: after an await); `mode=forever&every=MS` ticks until
 * the client leaves; `mode=pre&name=X` throws THROWN[X]() here, before any stream exists.
 */
export function eventProducer(query: URLSearchParams): EventProducer {
  const mode = query.get('mode');
  const count = Number(query.get('count') ?? 0);
  if (mode === 'pre') throw thrown(query.get('name') ?? '');
  if (mode === 'forever') {
    const every = Number(query.get('every') ?? 10);
    return async (stream) => {
      for (let i = 1; !stream.signal.aborted; i++) {
        stream.send('tick', { n: i }, { id: String(i) });
        await stream.sleep(every);
      }
    };
  }
  return async (stream) => {
    for (let i = 1; i <= count; i++) stream.send('tick', { n: i }, { id: String(i) });
    if (mode !== 'fail') return;
    if (query.get('async') === '1') await new Promise((resolve) => setImmediate(resolve));
    throw thrown(query.get('name') ?? '');
  };
}
