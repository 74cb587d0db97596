/**
 * The real-time fixture (REALTIME_ROUTES in @errata/conformance) on Express 4 or 5, with `ws` on its HTTP server.
 * Test support, not exported from the package.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventProducer, type RunningApp, socketHandlers } from '@errata/conformance';
import type { ErrataOptions } from '@errata/core';
import { errata } from '../src/errata';
import type { ExpressModule } from './fixture-app';

/**
 * Starts the real-time fixture on an ephemeral loopback port.
 * @example runRealtimeConformance({ name: 'express 5', start: (o) => startExpressRealtimeFixture(express, o) })
 */
export async function startExpressRealtimeFixture(
  expressModule: ExpressModule,
  options: ErrataOptions,
): Promise<RunningApp> {
  const e = errata(options);
  const app = expressModule();
  app.use(e.middleware);
  app.get('/sse', (req, res) => e.eventStream(res, eventProducer(new URLSearchParams(req.url.split('?')[1] ?? ''))));
  app.use(e.notFound);
  app.use(e.errorHandler);
  const server = http.createServer(app);
  const wss = e.websocket(server, { path: '/ws', ...socketHandlers });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
