/**
 * The real-time fixture (REALTIME_ROUTES in @errata/conformance) as a Hono app on @hono/node-server, WebSockets by
 * @hono/node-ws. Test support, not part of the package: it may use Node.
 */
import type { Server } from 'node:http';
import { eventProducer, type RunningApp, socketHandlers } from '@errata/conformance';
import type { ErrataOptions } from '@errata/core';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { type ErrataEnv, errata, eventStream, notFound, onError, websocket } from '../src/index';

/**
 * Starts the real-time fixture on an ephemeral loopback port.
 * @example runRealtimeConformance({ name: 'hono', start: startHonoRealtimeFixture })
 */
export function startHonoRealtimeFixture(options: ErrataOptions): Promise<RunningApp> {
  const app = new Hono<ErrataEnv>();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app });
  app.use(errata(options));
  app.get('/ws', upgradeWebSocket(websocket(socketHandlers)));
  app.get('/sse', (c) => eventStream(c, eventProducer(new URL(c.req.url).searchParams)));
  app.onError(onError);
  app.notFound(notFound({ app }));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            for (const client of wss.clients) client.terminate();
            server.close((error) => (error ? fail(error) : done()));
            (server as Server).closeAllConnections();
          }),
      });
    });
    injectWebSocket(server);
  });
}
