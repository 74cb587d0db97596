/**
 * The real-time channels, framework-free: the WebSocket handlers of `/v1/stream` and the event producer of
 * `/v1/events`, mounted by each app with its adapter, so the three send the same frames by construction.
 */
import type { Server } from 'node:http';
import type { ErrataSocket, EventProducer, SocketHandlers } from '@errata/core';
import { Type } from '@sinclair/typebox';
import { authenticate, crash, type MarketSymbol, SYMBOLS, ticker } from './domain';
import { errors } from './errors';

export const STREAM_PATH = '/v1/stream';
export const TICK_INTERVAL_MS = 1000;
/** The largest client message on `/v1/stream`. */
export const MESSAGE_LIMIT = 16 * 1024;

const WireSymbol = Type.String({ pattern: '^[A-Z0-9]{2,20}$' });

/** A client message on `/v1/stream`. One object (not a union), so a failing field is named: `message.symbols[0]`. */
export const StreamMessage = Type.Object(
  {
    op: Type.Union([Type.Literal('subscribe'), Type.Literal('crash')]),
    symbols: Type.Optional(Type.Array(WireSymbol, { minItems: 1, maxItems: SYMBOLS.length })),
  },
  { additionalProperties: false },
);

/** The query of `/v1/events`: `symbols=A,B` (1 to 4 well-formed symbols), and `crash_after=N` for the demo crash. */
export const EventsQuery = Type.Object({
  symbols: Type.String({ pattern: '^[A-Z0-9]{2,20}(,[A-Z0-9]{2,20}){0,3}$' }),
  crash_after: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

/** Well-formed symbols → listed ones; the first unlisted one is SYMBOL_NOT_FOUND. */
export function listedSymbols(symbols: readonly string[]): MarketSymbol[] {
  for (const symbol of symbols) {
    if (!(SYMBOLS as readonly string[]).includes(symbol)) {
      throw errors.SYMBOL_NOT_FOUND({ symbol, supported: [...SYMBOLS] });
    }
  }
  return [...new Set(symbols)] as MarketSymbol[];
}

/** One tick per symbol; every listed symbol's tick comes before the first failure, which is then thrown. */
function ticksOf(symbols: readonly MarketSymbol[]): { ticks: ReturnType<typeof ticker>[]; failure?: unknown } {
  const ticks: ReturnType<typeof ticker>[] = [];
  let failure: unknown;
  for (const symbol of symbols) {
    try {
      ticks.push(ticker(symbol));
    } catch (error) {
      failure ??= { error };
    }
  }
  return failure === undefined ? { ticks } : { ticks, failure: (failure as { error: unknown }).error };
}

const subscriptions = new WeakMap<ErrataSocket, ReturnType<typeof setInterval>>();

/** `/v1/stream`: authenticate on open, then `subscribe` (ticks now and every second) or `crash`. */
export const streamHandlers: SocketHandlers<typeof StreamMessage> = {
  schema: StreamMessage,
  maxMessageBytes: MESSAGE_LIMIT,
  open(socket) {
    const query = new URL(socket.request.url, 'http://localhost').searchParams;
    authenticate(socket.request.header('x-api-key') ?? query.get('key') ?? undefined);
  },
  message(socket, message) {
    if (message.op === 'crash') crash();
    if (message.symbols === undefined) {
      throw errors.VALIDATION_ERROR({
        details: [{ field: 'message.symbols', message: 'is required', rule: 'required' }],
      });
    }
    const symbols = listedSymbols(message.symbols);
    const first = ticksOf(symbols);
    if (first.failure !== undefined) throw first.failure; // the subscription is all or nothing
    for (const tick of first.ticks) socket.send('tick', tick);
    clearInterval(subscriptions.get(socket));
    const timer = setInterval(
      () =>
        socket.run(() => {
          const { ticks, failure } = ticksOf(symbols);
          for (const tick of ticks) socket.send('tick', tick);
          if (failure !== undefined) throw failure;
        }),
      TICK_INTERVAL_MS,
    );
    subscriptions.set(socket, timer);
  },
  close(socket) {
    clearInterval(subscriptions.get(socket));
  },
};

/**
 * `/v1/events`: a tick per symbol now and every second (ids 1, 2, …); a symbol whose price fails ends the stream
 * after the others' ticks; `crashAfter` ticks in, the handler crashes.
 */
export function tickEvents(symbols: readonly MarketSymbol[], crashAfter: number | undefined): EventProducer {
  return async (stream) => {
    let sent = 0;
    while (!stream.signal.aborted) {
      const { ticks, failure } = ticksOf(symbols);
      for (const tick of ticks) {
        if (sent === crashAfter) crash();
        sent += 1;
        stream.send('tick', tick, { id: String(sent) });
      }
      if (failure !== undefined) throw failure;
      await stream.sleep(TICK_INTERVAL_MS);
    }
  };
}

/**
 * `server.close()` waits for every connection, and an open WebSocket never ends by itself: close them (1001, going
 * away) first, as Fastify's @fastify/websocket does on `app.close()`.
 */
export function closeSocketsOnClose(server: Server, clients: () => Iterable<{ close(code: number): void }>): void {
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const client of clients()) client.close(1001);
    return close(callback);
  };
}
