import type { AddressInfo } from 'node:net';
import { errata } from '@errata/express';
import express from 'express';
import createError from 'http-errors';
import { announce, CEILING, catalog, DATA, mode, options, SUPPORTED } from './shared';

const app = express();
app.disable('x-powered-by');
app.get('/ceiling', (_req, res) => {
  res.status(CEILING.status).set(CEILING.headers).send(CEILING.body);
});

if (mode() === 'errata') {
  const e = errata(options);
  app.use(e.requestId);
  app.get('/ok', (_req, res) => e.send(res, DATA));
  app.get('/typed', () => {
    throw catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED });
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.use(e.notFound);
  app.use(e.errorHandler);
} else {
  app.get('/ok', (_req, res) => {
    res.json(DATA);
  });
  app.get('/typed', () => {
    throw createError(404, 'Symbol DOGEUSDT is not listed.');
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
}

const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
