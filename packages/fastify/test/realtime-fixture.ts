/**
 * The real-time fixture (REALTIME_ROUTES in @errata/conformance) as a Fastify app with @fastify/websocket. Test
 * support, not exported from the package.
 */
import type { AddressInfo } from 'node:net';
import { eventProducer, type RunningApp, socketHandlers } from '@errata/conformance';
import type { ErrataOptions } from '@errata/core';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { errata, errataServerOptions, websocket } from '../src/index';

/**
 * Starts the real-time fixture on an ephemeral loopback port.
 * @example runRealtimeConformance({ name: 'fastify', start: startFastifyRealtimeFixture })
 */
export async function startFastifyRealtimeFixture(options: ErrataOptions): Promise<RunningApp> {
  const app = Fastify({ ...errataServerOptions() });
  await app.register(errata, options);
  await app.register(fastifyWebsocket);
  app.route({
    method: 'GET',
    url: '/ws',
    handler: (_request, reply) => reply.callNotFound(),
    wsHandler: websocket(socketHandlers),
  });
  app.get('/sse', (request, reply) =>
    reply.eventStream(eventProducer(new URLSearchParams(request.url.split('?')[1] ?? ''))),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const client of app.websocketServer.clients) client.terminate();
      await app.close();
    },
  };
}
