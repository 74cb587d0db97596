import type { AddressInfo } from 'node:net';
import { type ErrataEnv, errata, notFound, onError, success } from '@errata/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { announce, CEILING, catalog, DATA, mode, options, SUPPORTED } from './shared';

const app = new Hono<ErrataEnv>();
app.get('/ceiling', (c) => c.body(CEILING.body, CEILING.status as 404, CEILING.headers));

if (mode() === 'errata') {
  app.use(errata(options));
  app.get('/ok', (c) => success(c, DATA));
  app.get('/typed', () => {
    throw catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED });
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.onError(onError);
  app.notFound(notFound({ app }));
} else {
  app.get('/ok', (c) => c.json(DATA));
  app.get('/typed', () => {
    throw new HTTPException(404, { message: 'Symbol DOGEUSDT is not listed.' });
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
}

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => announce(info.port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
