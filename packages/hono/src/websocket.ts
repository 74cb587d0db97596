import type { SocketHandlers, SocketRequest } from '@errata/core';
import { createSocketSession, type SocketMessage, type SocketSession } from '@errata/core/adapter';
import type { TSchema } from '@sinclair/typebox';
import type { Context } from 'hono';
import type { WSContext, WSEvents } from 'hono/ws';
import { requestInfo } from './request-info';

/**
 * The events for Hono's `upgradeWebSocket` (from `hono/bun`, `hono/deno`, `hono/cloudflare-workers` or
 * `@hono/node-ws`): errors thrown in the handlers become error frames, the connection's request id is `c.var.requestId`.
 * @example app.get('/v1/stream', upgradeWebSocket(websocket({ open: authenticate, message: onMessage })))
 */
export function websocket<S extends TSchema | undefined = undefined>(
  handlers: SocketHandlers<S>,
): (c: Context) => WSEvents {
  return function errataWebSocket(c) {
    const { errata, request } = requestInfo(c);
    const url = new URL(c.req.url);
    const upgrade: SocketRequest = { url: url.pathname + url.search, header: (name) => c.req.header(name) };
    let session: SocketSession | undefined;
    /** Blobs (some runtimes' binary messages) are read in order, after any read still under way. */
    let reading: Promise<void> | undefined;
    const receive = (data: SocketMessage | Blob) => {
      if (reading === undefined && !(data instanceof Blob)) return session?.receive(data);
      const previous = reading ?? Promise.resolve();
      const bytes = data instanceof Blob ? data.arrayBuffer() : Promise.resolve(data);
      const current: Promise<void> = previous
        .then(() => bytes)
        .then((message) => session?.receive(message))
        .finally(() => {
          if (reading === current) reading = undefined;
        });
      reading = current;
    };
    /** The session starts at onOpen, or at the first event where a runtime has no open event (Cloudflare Workers). */
    const start = (ws: WSContext) => {
      if (session !== undefined) return session;
      const transport = {
        send: (data: string) => ws.send(data),
        close: (code: number, reason: string) => ws.close(code, reason),
      };
      session = createSocketSession(errata, request, upgrade, transport, handlers);
      session.open();
      return session;
    };
    return {
      onOpen(_event, ws) {
        start(ws);
      },
      onMessage(event, ws) {
        start(ws);
        receive(event.data as SocketMessage | Blob);
      },
      onClose(event) {
        session?.closed(event.code, event.reason);
      },
    };
  };
}
