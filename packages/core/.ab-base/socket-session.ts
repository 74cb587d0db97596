import type { Static, TSchema } from '@sinclair/typebox';
import type { Errata, ErrataRequest } from './create-errata';
import type { ErrataFrame } from './frames';
import { STANDARD_CODES } from './standard-codes';
import { compileValidator, type Validator } from './validate';

/** The upgrade request of a WebSocket connection, as its handlers see it. */
export interface SocketRequest {
  /** Path and query string, e.g. `/v1/stream?key=demo_free`. */
  readonly url: string;
  /** A header of the upgrade request, by name in any case; undefined when absent. */
  header(name: string): string | undefined;
}

/** One WebSocket connection, as errata's handlers see it; the same object in every framework. */
export interface ErrataSocket {
  /** The connection's request id (the upgrade request's valid id, else a new one), on every frame and log line. */
  readonly requestId: string;
  readonly request: SocketRequest;
  /** Aborted once the connection closes, either side: stop timers and subscriptions with it. */
  readonly signal: AbortSignal;
  /**
   * Sends `{ type, data, meta }`; nothing once the connection is closed.
   * @example socket.send('tick', { symbol: 'BTCUSDT', price: 97000 })
   */
  send(type: string, data: unknown): void;
  /**
   * Sends the error frame for anything thrown (reported to onError once), then closes when the error is fatal (see
   * `Errata.errorFrame`). Once closed, the error is only reported.
   * @example socket.fail(errors.SYMBOL_NOT_FOUND({ symbol, supported }))
   */
  fail(thrown: unknown, options?: { fatal?: boolean }): void;
  /**
   * Runs a task the way handlers are run: what it throws or rejects becomes an error frame. For timers and callbacks.
   * @example setInterval(() => socket.run(() => socket.send('tick', price())), 1000)
   */
  run(task: () => unknown): void;
  /** Closes the connection (1000, normal closure, unless given). */
  close(code?: number, reason?: string): void;
}

/** The message a handler receives: the JSON value validated against `schema`, or the text when there is no schema. */
export type SocketMessageOf<S> = S extends TSchema ? Static<S> : string;

/** What a WebSocket route does; framework-free, so one set of handlers serves every adapter. */
export interface SocketHandlers<S extends TSchema | undefined = undefined> {
  /**
   * Messages are JSON validated against this TypeBox schema: malformed JSON answers INVALID_JSON and a failing
   * message VALIDATION_ERROR with `message.*` details, the connection staying open. Without it, handlers get the text.
   */
  schema?: S;
  /** The largest message in bytes; a larger one answers PAYLOAD_TOO_LARGE and closes with 1009. Default 64 KiB. */
  maxMessageBytes?: number;
  /** Runs once the connection is open; what it throws (authentication, say) is sent, then the connection closes. */
  open?(socket: ErrataSocket): unknown;
  /** Runs for every message; what it throws or rejects becomes an error frame, closing only when fatal. */
  message?(socket: ErrataSocket, message: SocketMessageOf<S>): unknown;
  /** Runs once when the connection has closed, either side. */
  close?(socket: ErrataSocket, event: { code: number; reason: string }): unknown;
}

/** How an adapter writes to its framework's socket. */
export interface SocketTransport {
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** A message as the frameworks deliver it: text, or bytes (Node's Buffer, fragments, an ArrayBuffer). */
export type SocketMessage = string | ArrayBuffer | ArrayBufferView | readonly ArrayBufferView[];

/** What an adapter drives: one per connection. */
export interface SocketSession {
  readonly socket: ErrataSocket;
  /** The connection is open: runs `open`, then the messages received meanwhile. */
  open(): void;
  /** A message arrived. */
  receive(message: SocketMessage): void;
  /** The connection closed (the peer's close, or the transport's). */
  closed(code: number, reason: string): void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

const decoder = new TextDecoder();

/**
 * Runs one WebSocket connection's handlers with errata's contract: every error thrown (sync or async) in a handler
 * or task becomes one error frame, reported to onError once with the connection's request id, then a close when
 * fatal; nothing is sent after the close, and `close` runs once. Adapters bridge their framework's socket to it.
 * @example const session = createSocketSession(errata, request, upgrade, { send, close }, handlers); session.open()
 */
export function createSocketSession<S extends TSchema | undefined>(
  errata: Errata,
  request: ErrataRequest,
  upgrade: SocketRequest,
  transport: SocketTransport,
  handlers: SocketHandlers<S>,
): SocketSession {
  const controller = new AbortController();
  const maxBytes = handlers.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const validate: Validator<unknown> | undefined =
    handlers.schema === undefined ? undefined : compileValidator(handlers.schema, 'message', { coerce: false });
  let ended = false;
  /** Messages that arrived while `open` was still running. */
  let pending: SocketMessage[] | undefined;

  function deliver(frame: ErrataFrame): void {
    if (ended) return;
    try {
      transport.send(frame.data);
    } catch {
      // the socket is going away; its close event ends the session
    }
    if (frame.close !== undefined) close(frame.close.code, frame.close.reason);
  }

  function finish(code: number, reason: string): void {
    if (ended) return;
    ended = true;
    pending = undefined;
    controller.abort();
    if (handlers.close !== undefined) {
      const onClose = handlers.close;
      settle(
        () => onClose(socket, { code, reason }),
        (error) => fail(error),
      );
    }
  }

  function close(code = 1000, reason = ''): void {
    if (ended) return;
    try {
      transport.close(code, reason);
    } catch {
      // already closed
    }
    finish(code, reason);
  }

  function fail(thrown: unknown, options?: { fatal?: boolean }): void {
    deliver(errata.errorFrame(thrown, request, options)); // reports to onError even when nothing can be sent
  }

  const socket: ErrataSocket = {
    requestId: request.requestId,
    request: upgrade,
    signal: controller.signal,
    send: (type, data) => deliver(errata.dataFrame(type, data, request)),
    fail,
    run: (task) => settle(task, (error) => fail(error)),
    close,
  };

  function handle(message: SocketMessage): void {
    if (ended) return;
    const catalog = errata.catalog;
    if (byteLength(message) > maxBytes) {
      const text = `The message is larger than ${maxBytes} bytes.`;
      fail(catalog.PAYLOAD_TOO_LARGE(ownMessage(errata, 'PAYLOAD_TOO_LARGE', text)), { fatal: true });
      return;
    }
    const text = textOf(message);
    let value: unknown = text;
    if (validate !== undefined) {
      try {
        value = JSON.parse(text);
      } catch {
        fail(catalog.INVALID_JSON(ownMessage(errata, 'INVALID_JSON', 'The message is not valid JSON.')));
        return;
      }
      const result = validate(value);
      if (!result.ok) {
        const own = ownMessage(errata, 'VALIDATION_ERROR', 'The message is invalid.');
        fail(catalog.VALIDATION_ERROR({ ...own, details: result.details }));
        return;
      }
      value = result.value;
    }
    const onMessage = handlers.message;
    if (onMessage !== undefined) socket.run(() => onMessage(socket, value as SocketMessageOf<S>));
  }

  return {
    socket,
    open() {
      if (handlers.open === undefined || ended) return;
      const onOpen = handlers.open;
      pending = [];
      settle(
        () => onOpen(socket),
        (error) => fail(error, { fatal: true }),
        () => {
          const queued = pending ?? [];
          pending = undefined;
          for (const message of queued) handle(message);
        },
      );
    },
    receive(message) {
      if (pending !== undefined) pending.push(message);
      else handle(message);
    },
    closed: finish,
  };
}

/** Calls `task`; a throw or a rejection goes to `onError`, a return (or fulfilment) to `onDone`. */
function settle(task: () => unknown, onError: (error: unknown) => void, onDone?: () => void): void {
  let result: unknown;
  try {
    result = task();
  } catch (error) {
    onError(error);
    return;
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    (result as PromiseLike<unknown>).then(onDone, onError);
  } else {
    onDone?.();
  }
}

/**
 * The message for a standard code said of a WebSocket message rather than a request body, unless the catalog
 * overrides that code's message (then the catalog's stands).
 */
function ownMessage(errata: Errata, code: keyof typeof STANDARD_CODES, message: string): { message?: string } {
  return errata.catalog.definition(code)?.message === STANDARD_CODES[code].message ? { message } : {};
}

function byteLength(message: SocketMessage): number {
  if (typeof message === 'string') return utf8Length(message);
  if (Array.isArray(message)) return message.reduce((sum: number, part: ArrayBufferView) => sum + part.byteLength, 0);
  return (message as ArrayBuffer | ArrayBufferView).byteLength;
}

function textOf(message: SocketMessage): string {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) {
    // Fragments may split a character: decode them as one stream.
    const parts = message as readonly ArrayBufferView[];
    return parts.map((part, i) => decoder.decode(part, { stream: i < parts.length - 1 })).join('');
  }
  return decoder.decode(message as ArrayBuffer | ArrayBufferView);
}

/** UTF-8 length without encoding (a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder writes it). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
