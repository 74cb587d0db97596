import type { AddressInfo } from 'node:net';
import { clockFromEnv } from '../shared/clock';
import { type Recipe, urlOf } from '../shared/serve';
import { createApp } from './app';

export const recipe: Recipe = {
  framework: 'Fastify 5',
  async start(port, host) {
    const app = await createApp(clockFromEnv());
    await app.listen({ port, host });
    return { url: urlOf(app.server.address() as AddressInfo), close: () => app.close() };
  },
};
