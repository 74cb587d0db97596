import { errata } from '@errata/express';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import createError from 'http-errors';
import {
  ApiError,
  errorAnswer,
  methodNotAllowed,
  notFound,
  queryValidator,
  requestIdFrom,
  successBody,
  validationFailed,
} from './handmade';
import { CEILING, ceilingWithId, DATA, type Mode, options, Query, SUPPORTED, typedError } from './shared';

/** The bench's Express 5 app in one mode (see `Mode`). */
export function expressApp(mode: Mode): Express {
  const app = express();
  app.disable('x-powered-by');
  if (mode === 'errata') errataRoutes(app);
  else if (mode === 'handmade') handmadeRoutes(app);
  else if (mode === 'peer') peerRoutes(app);
  else floorRoutes(app);
  return app;
}

function errataRoutes(app: Express): void {
  const e = errata(options);
  app.use(e.middleware);
  app.get('/ok', (_req, res) => e.success(res, DATA));
  app.get('/plain', plainJson);
  app.get('/typed', () => {
    throw typedError();
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.get('/quote', e.validate({ query: Query }), (req, res) => e.success(res, req.query));
  app.get('/items', (_req, res) => e.success(res, []));
  app.use(e.notFound);
  app.use(e.errorHandler);
}

/** The `plain` row's handler, the same in every mode: Express's own JSON. */
function plainJson(_req: Request, res: Response): void {
  res.json(DATA);
}

/**
 * A success as the contract writes it: without res.send's ETag, so never a 304 (res.send answers 304 to
 * `If-None-Match: *`; an ETag of a body with a fresh request id and timestamp never matches anyway).
 */
function sendSuccess(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .status(200)
    .type('application/json; charset=utf-8')
    .set('content-length', String(Buffer.byteLength(text)));
  res.end(text);
}

/** A request-id middleware, an error class, `.all()` for 405 and an error handler: the contract without errata. */
function handmadeRoutes(app: Express): void {
  const validQuery = queryValidator(Query);
  const idOf = (res: Response) => res.locals.requestId as string;
  app.use(function requestId(req: Request, res: Response, next: NextFunction) {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  });
  app.get('/ok', (_req, res) => {
    sendSuccess(res, successBody(DATA, idOf(res)));
  });
  app.get('/plain', plainJson);
  app.get('/typed', () => {
    throw new ApiError(404, 'SYMBOL_NOT_FOUND', 'Symbol DOGEUSDT is not listed.', {
      params: { symbol: 'DOGEUSDT', supported: SUPPORTED },
    });
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.get(
    '/quote',
    (req, res, next) => {
      const result = validQuery(req.query);
      if (!result.ok) throw validationFailed(result.details);
      res.locals.query = result.value;
      next();
    },
    (_req, res) => {
      sendSuccess(res, successBody(res.locals.query, idOf(res)));
    },
  );
  app
    .route('/items')
    .get((_req, res) => {
      sendSuccess(res, successBody([], idOf(res)));
    })
    .all(() => {
      throw methodNotAllowed(['GET', 'HEAD']);
    });
  app.use(() => {
    throw notFound();
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const answer = errorAnswer(error, idOf(res));
    // Without res.send's ETag, as errata writes errors (a hash of a body with a fresh id never matches)
    res
      .status(answer.status)
      .set(answer.headers)
      .set('content-length', String(Buffer.byteLength(answer.body)));
    res.end(answer.body);
  });
}

/** http-errors thrown, answered by Express's final handler (an HTML page; 500s print their stack to stderr). */
function peerRoutes(app: Express): void {
  const check = TypeCompiler.Compile(Query);
  app.get('/ok', (_req, res) => {
    res.json(DATA);
  });
  app.get('/plain', plainJson);
  app.get('/typed', () => {
    throw createError(404, 'Symbol DOGEUSDT is not listed.');
  });
  app.get('/crash', () => {
    throw new Error('db down'); // Express's final handler prints the stack to stderr (unless NODE_ENV is test)
  });
  app.get('/quote', (req, res) => {
    const query = Value.Convert(Query, { ...req.query });
    const first = check.Errors(query).First();
    if (first) throw createError(400, `${first.path.slice(1)} ${first.message}`);
    res.json(query);
  });
  app.get('/items', (_req, res) => {
    res.json([]);
  });
}

/**
 * Route (2) thrown and answered with the ceiling's bytes by the app's error handler; `/ceiling` writes them. Under
 * `/id`, the id floor: handmade's request-id middleware first, and the same bytes with the id it resolved.
 */
function floorRoutes(app: Express): void {
  const write = (res: Response, answer: { status: number; headers: Record<string, string>; body: string }) => {
    res
      .status(answer.status)
      .set(answer.headers)
      .set('content-length', String(Buffer.byteLength(answer.body)));
    res.end(answer.body); // as errata writes errors: no ETag
  };
  app.use('/id', function requestId(req: Request, res: Response, next: NextFunction) {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  });
  app.get('/ceiling', (_req, res) => write(res, CEILING));
  app.get('/typed', () => {
    throw typedError();
  });
  app.get('/id/typed', () => {
    throw typedError();
  });
  app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const id = res.locals.requestId as string | undefined;
    write(res, id === undefined ? CEILING : ceilingWithId(id));
  });
}
