import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Errata, ErrataResponse, SocketHandlers } from '@errata/core';
import { createSocketSession, DEFAULT_MAX_MESSAGE_BYTES } from '@errata/core/adapter';
import type { TSchema } from '@sinclair/typebox';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

export interface WebSocketOptions<S extends TSchema | undefined = undefined> extends SocketHandlers<S> {
  /** The path the WebSocket answers, matched exactly (query string aside), e.g. `/v1/stream`. */
  path: string;
}

interface Route {
  wss: WebSocketServer;
  connect(ws: WebSocket, req: IncomingMessage): void;
}

/** One `upgrade` listener per server, whatever the number of paths. */
const routesByServer = new WeakMap<Server, Map<string, Route>>();

/**
 * Serves a WebSocket path on the app's HTTP server with `ws`. Upgrades to other paths are left to other `upgrade`
 * listeners, or answered 404 by errata when there are none. A message larger than `maxMessageBytes` is answered
 * PAYLOAD_TOO_LARGE before the close; ws itself refuses, without a frame, messages over 4 × that (at least 1 MiB).
 * @example e.websocket(server, { path: '/v1/stream', open: authenticate, message: onMessage })
 */
export function attachWebSocket<S extends TSchema | undefined>(
  errata: Errata,
  server: Server,
  options: WebSocketOptions<S>,
): WebSocketServer {
  const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(4 * limit, 1024 * 1024) });
  let routes = routesByServer.get(server);
  if (routes === undefined) {
    const table = new Map<string, Route>();
    routes = table;
    routesByServer.set(server, table);
    server.on('upgrade', function errataUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const route = table.get(pathOf(req.url));
      if (route !== undefined) {
        route.wss.handleUpgrade(req, socket, head, (ws) => route.connect(ws, req));
      } else if (server.listenerCount('upgrade') === 1) {
        const request = {
          requestId: errata.requestId(req.headers[errata.requestIdHeader]),
          method: 'GET',
          path: pathOf(req.url),
        };
        writeRaw(socket, errata.notFound(request));
      }
    });
  }
  routes.set(options.path, {
    wss,
    connect(ws, req) {
      const url = req.url ?? '/';
      const request = {
        requestId: errata.requestId(req.headers[errata.requestIdHeader]),
        method: 'GET',
        path: pathOf(url),
      };
      const upgrade = { url, header: (name: string) => headerOf(req, name) };
      const transport = {
        send: (data: string) => ws.send(data),
        close: (code: number, reason: string) => ws.close(code, reason),
      };
      const session = createSocketSession(errata, request, upgrade, transport, options);
      ws.on('message', (data: RawData) => session.receive(data));
      ws.on('close', (code: number, reason: Buffer) => session.closed(code, reason.toString()));
      // ws closes the connection itself after a protocol error (and emits close): nothing to answer here.
      ws.on('error', () => {});
      wss.emit('connection', ws, req);
      session.open();
    },
  });
  return wss;
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0] || '/';
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** An HTTP answer on a socket Node's HTTP server has handed over (an upgrade nobody serves). */
function writeRaw(socket: Duplex, response: ErrataResponse): void {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${Buffer.byteLength(response.body)}`, 'connection: close', '', '');
  socket.end(lines.join('\r\n') + response.body);
}
