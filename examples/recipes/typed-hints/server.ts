import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { clockFromEnv } from '../shared/clock';
import { listen, type Recipe } from '../shared/serve';
import { createApp } from './app';

export const recipe: Recipe = {
  framework: 'Hono 4',
  start(port, host) {
    const perSecond = Number(process.env.RATE_LIMIT_PER_SECOND || 10);
    if (!Number.isInteger(perSecond) || perSecond < 1)
      throw new Error('RATE_LIMIT_PER_SECOND must be a positive integer');
    return listen(createAdaptorServer({ fetch: createApp(clockFromEnv(), perSecond).fetch }) as Server, port, host);
  },
};
