/** Starts one bench app on an ephemeral loopback port: the bench's server processes and contract.test.ts share it. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { expressApp } from './express';
import { fastifyApp } from './fastify';
import { honoApp } from './hono';
import type { Framework, Mode } from './shared';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(framework: Framework, mode: Mode): Promise<Listening> {
  if (framework === 'fastify') {
    const app = await fastifyApp(mode);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  }
  const server =
    framework === 'express'
      ? await new Promise<import('node:http').Server>((resolve) => {
          const s = expressApp(mode).listen(0, '127.0.0.1', () => resolve(s));
        })
      : await new Promise<ReturnType<typeof serve>>((resolve) => {
          const s = serve({ fetch: honoApp(mode).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
        });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
