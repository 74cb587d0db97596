import { createServer } from 'node:http';
import { clockFromEnv } from '../shared/clock';
import { listen, type Recipe } from '../shared/serve';
import { createApp } from './app';

export const recipe: Recipe = {
  framework: 'Express 5',
  start: (port, host) => listen(createServer(createApp(clockFromEnv(), process.env)), port, host),
};
