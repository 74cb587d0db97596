import type { AddressInfo } from 'node:net';
import { errata } from '@errata/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import createError from 'http-errors';
import { announce, CEILING, DATA, mode, options, typedError } from './shared';

const app = express();
app.disable('x-powered-by');
const ceiling = (_req: Request, res: Response) => {
  res.status(CEILING.status).set(CEILING.headers).send(CEILING.body);
};
app.get('/ceiling', ceiling);

if (mode() === 'errata') {
  const e = errata(options);
  app.use(e.middleware);
  app.get('/ok', (_req, res) => e.success(res, DATA));
  app.get('/typed', () => {
    throw typedError();
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.use(e.notFound);
  app.use(e.errorHandler);
} else if (mode() === 'floor') {
  app.get('/typed', () => {
    throw typedError();
  });
  app.use((_error: unknown, req: Request, res: Response, _next: NextFunction) => ceiling(req, res));
} else {
  app.get('/ok', (_req, res) => {
    res.json(DATA);
  });
  app.get('/typed', () => {
    throw createError(404, 'Symbol DOGEUSDT is not listed.');
  });
  app.get('/crash', () => {
    throw new Error('db down'); // Express's final handler prints the stack to stderr (unless NODE_ENV is test)
  });
}

const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
