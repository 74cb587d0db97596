import type { AddressInfo } from 'node:net';
import { type ErrataEnv, errata, notFound, onError, success } from '@errata/hono';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { announce, CEILING, DATA, mode, options, typedError } from './shared';

const app = new Hono<ErrataEnv>();
const ceiling = (c: Context) => c.body(CEILING.body, CEILING.status as 404, CEILING.headers);
app.get('/ceiling', ceiling);

if (mode() === 'errata') {
  app.use(errata(options));
  app.get('/ok', (c) => success(c, DATA));
  app.get('/typed', () => {
    throw typedError();
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.onError(onError);
  app.notFound(notFound({ app }));
} else if (mode() === 'floor') {
  app.get('/typed', () => {
    throw typedError();
  });
  app.onError((_error, c) => ceiling(c));
} else {
  app.get('/ok', (c) => c.json(DATA));
  app.get('/typed', () => {
    throw new HTTPException(404, { message: 'Symbol DOGEUSDT is not listed.' });
  });
  app.get('/crash', () => {
    throw new Error('db down'); // Hono's default error handler prints the error to stderr
  });
}

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => announce(info.port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
