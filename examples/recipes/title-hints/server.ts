import { createServer } from 'node:http';
import { clockFromEnv } from '../shared/clock';
import { listen, type Recipe } from '../shared/serve';
import { createApp, openFeed } from './app';

/** The page's feed path (its "WebSocket Auth Failed" scenario). */
export const FEED_PATH = '/ws/fastfeed';

export const recipe: Recipe = {
  framework: 'Express 5',
  start: (port, host) => {
    const { app, e } = createApp(clockFromEnv(), process.env);
    const server = createServer(app);
    e.websocket(server, { path: FEED_PATH, open: openFeed });
    return listen(server, port, host);
  },
};
