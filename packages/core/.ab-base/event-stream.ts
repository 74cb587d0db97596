import type { Errata, ErrataRequest } from './create-errata';
import { encodeEvent } from './encode-event';

/** One Server-Sent Events response, as its producer sees it; the same object in every framework. */
export interface ErrataEventStream {
  /** The request id, also in the response's header. */
  readonly requestId: string;
  /** Aborted once the stream ends: the producer returned or failed, or the client went away. */
  readonly signal: AbortSignal;
  /**
   * Sends `event: <event>` with `data:` the JSON of `data` (one line) and, when given, an `id:`.
   * @example stream.send('tick', { symbol: 'BTCUSDT', price: 97000 }, { id: '1' })
   */
  send(event: string, data: unknown, options?: { id?: string }): void;
  /**
   * Sends `event: error` with `data:` the error envelope HTTP would answer (reported to onError once), then ends.
   * @example stream.fail(errors.UPSTREAM_ERROR())
   */
  fail(thrown: unknown): void;
  /**
   * Waits `ms` milliseconds, or less if the stream ends first: a producer that sleeps leaves no timer behind.
   * @example while (!stream.signal.aborted) { stream.send('tick', price()); await stream.sleep(1000) }
   */
  sleep(ms: number): Promise<void>;
  /** Ends the stream. */
  close(): void;
}

/**
 * Writes a stream's events; the stream ends when it returns (or its promise settles). What it throws or rejects is
 * sent as an `error` event, then the stream ends.
 */
export type EventProducer = (stream: ErrataEventStream) => unknown;

/** How an adapter writes to its framework's streaming response. */
export interface EventStreamTransport {
  write(text: string): void;
  end(): void;
}

/** What an adapter drives: one per response. */
export interface EventStreamSession {
  readonly stream: ErrataEventStream;
  /** The head is written: runs the producer. */
  start(): void;
  /** The client went away. */
  abort(): void;
}

/**
 * The response headers of an event stream: `text/event-stream`, never cached, with the request id.
 * @example res.writeHead(200, eventStreamHeaders(errata, requestId))
 */
export function eventStreamHeaders(errata: Errata, requestId: string): Record<string, string> {
  return { 'content-type': 'text/event-stream', 'cache-control': 'no-store', [errata.requestIdHeader]: requestId };
}

/**
 * Runs one event stream's producer with errata's contract: events are encoded by core, an error thrown (sync or
 * async) becomes one `error` event carrying the HTTP error envelope, reported to onError once with the request id,
 * and the stream ends; nothing is written after the end. Adapters bridge their framework's response to it.
 * @example const session = createEventStream(errata, request, { write, end }, producer); session.start()
 */
export function createEventStream(
  errata: Errata,
  request: ErrataRequest,
  transport: EventStreamTransport,
  producer: EventProducer,
): EventStreamSession {
  const controller = new AbortController();
  // The envelope, never problem+json: an event stream's client asked for text/event-stream.
  const envelopeRequest: ErrataRequest = { ...request, accept: undefined };
  let ended = false;

  function write(text: string): void {
    if (ended) return;
    try {
      transport.write(text);
    } catch {
      // the response is going away
    }
  }

  function close(): void {
    if (ended) return;
    ended = true;
    controller.abort();
    try {
      transport.end();
    } catch {
      // already ended
    }
  }

  function fail(thrown: unknown): void {
    const response = errata.respond(thrown, envelopeRequest); // reports to onError even once ended
    write(encodeEvent({ event: 'error', data: response.body }));
    close();
  }

  const stream: ErrataEventStream = {
    requestId: request.requestId,
    signal: controller.signal,
    send(event, data, options = {}) {
      if (ended) return;
      let text: string;
      try {
        text = encodeEvent({ event, data: JSON.stringify(data === undefined ? null : data) ?? 'null', id: options.id });
      } catch (error) {
        fail(error); // BigInt, a cycle, a line break in the name: the producer's bug, masked
        return;
      }
      write(text);
    },
    fail,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        if (ended) return resolve();
        const done = () => {
          clearTimeout(timer);
          controller.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        controller.signal.addEventListener('abort', done, { once: true });
      });
    },
    close,
  };

  return {
    stream,
    start() {
      let result: unknown;
      try {
        result = producer(stream);
      } catch (error) {
        fail(error);
        return;
      }
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        (result as PromiseLike<unknown>).then(close, fail);
      } else {
        close();
      }
    },
    abort() {
      if (ended) return;
      ended = true;
      controller.abort();
    },
  };
}
