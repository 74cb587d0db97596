import type { SocketHandlers, SocketRequest } from '@errata/core';
import { createSocketSession, type SocketMessage } from '@errata/core/adapter';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requestInfo } from './request-info';

/** The part of `ws`'s WebSocket (what @fastify/websocket hands a handler) that errata uses. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: SocketMessage) => void): unknown;
  on(event: 'close', listener: (code: number, reason: { toString(): string }) => void): unknown;
}

/**
 * A @fastify/websocket handler: errors thrown in the handlers become error frames, the connection's request id is
 * `request.id`. Register @fastify/websocket after errata; a plain GET is best answered by errata's 404
 * (`handler: (request, reply) => reply.callNotFound()`), not the plugin's empty one.
 * @example app.route({ method: 'GET', url: '/v1/stream', handler: (_req, reply) => reply.callNotFound(), wsHandler: websocket(handlers) })
 */
export function websocket<S extends TSchema | undefined = undefined>(
  handlers: SocketHandlers<S>,
): (socket: WebSocketLike, request: FastifyRequest) => void {
  return function errataWebSocket(socket, request) {
    const upgrade: SocketRequest = {
      url: request.url,
      header: (name) => {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      },
    };
    const transport = {
      send: (data: string) => socket.send(data),
      close: (code: number, reason: string) => socket.close(code, reason),
    };
    const session = createSocketSession(request.server.errata, requestInfo(request), upgrade, transport, handlers);
    socket.on('message', (data) => session.receive(data));
    socket.on('close', (code, reason) => session.closed(code, reason.toString()));
    session.open();
  };
}
