import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { clockFromEnv } from '../shared/clock';
import { listen, type Recipe } from '../shared/serve';
import { createApp } from './app';

export const recipe: Recipe = {
  framework: 'Hono 4',
  start: (port, host) => listen(createAdaptorServer({ fetch: createApp(clockFromEnv()).fetch }) as Server, port, host),
};
