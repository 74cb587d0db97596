import { type ErrataEnv, errata, notFound, onError, success, validator } from '@errata/hono';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import { validator as honoValidator } from 'hono/validator';
import {
  ApiError,
  errorAnswer,
  JSON_TYPE,
  methodNotAllowed,
  notFound as notFoundError,
  queryValidator,
  successBody,
  validationFailed,
} from './handmade';
import { CEILING, ceilingWithId, DATA, type Mode, options, Query, SUPPORTED, typedError } from './shared';

/** The `plain` row's handler, the same in every mode: Hono's own JSON. */
const plainJson = (c: Context) => c.json(DATA);

/** The bench's Hono app in one mode (see `Mode`). */
export function honoApp(mode: Mode): Hono {
  if (mode === 'errata') return errataApp() as unknown as Hono;
  if (mode === 'handmade') return handmadeApp() as unknown as Hono;
  return mode === 'peer' ? peerApp() : floorApp();
}

function errataApp(): Hono<ErrataEnv> {
  const app = new Hono<ErrataEnv>();
  app.use(errata(options));
  app.get('/ok', (c) => success(c, DATA));
  app.get('/plain', plainJson);
  app.get('/typed', () => {
    throw typedError();
  });
  app.get('/crash', () => {
    throw new Error('db down');
  });
  app.get('/quote', validator('query', Query), (c) => success(c, c.req.valid('query')));
  app.get('/items', (c) => success(c, []));
  app.onError(onError);
  app.notFound(notFound({ app }));
  return app;
}

/** hono/request-id, an error class, `app.all()` for 405, `onError` and `notFound`: the contract without errata. */
function handmadeApp(): Hono<{ Variables: RequestIdVariables }> {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  const validQuery = queryValidator(Query);
  const json = { 'Content-Type': JSON_TYPE };
  const answerError = (error: unknown, c: Context<{ Variables: RequestIdVariables }>) => {
    const answer = errorAnswer(error, c.var.requestId);
    return c.body(answer.body, answer.status as 404, answer.headers);
  };
  app.use(requestId());
  app.get('/ok', (c) => c.json(successBody(DATA, c.var.requestId), 200, json));
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
    honoValidator('query', (query) => {
      const result = validQuery(query);
      if (!result.ok) throw validationFailed(result.details);
      return result.value;
    }),
    (c) => c.json(successBody(c.req.valid('query'), c.var.requestId), 200, json),
  );
  app.get('/items', (c) => c.json(successBody([], c.var.requestId), 200, json));
  app.all('/items', () => {
    throw methodNotAllowed(['GET', 'HEAD']);
  });
  app.onError(answerError);
  app.notFound((c) => answerError(notFoundError(), c));
  return app;
}

/** HTTPException thrown, answered by Hono's default handlers (500s are printed to stderr). */
function peerApp(): Hono {
  const app = new Hono();
  const check = TypeCompiler.Compile(Query);
  app.get('/ok', (c) => c.json(DATA));
  app.get('/plain', plainJson);
  app.get('/typed', () => {
    throw new HTTPException(404, { message: 'Symbol DOGEUSDT is not listed.' });
  });
  app.get('/crash', () => {
    throw new Error('db down'); // Hono's default error handler prints the error to stderr
  });
  app.get(
    '/quote',
    honoValidator('query', (query) => {
      const value = Value.Convert(Query, { ...query });
      const first = check.Errors(value).First();
      if (first) throw new HTTPException(400, { message: `${first.path.slice(1)} ${first.message}` });
      return value as typeof Query.static;
    }),
    (c) => c.json(c.req.valid('query')),
  );
  app.get('/items', (c) => c.json([]));
  return app;
}

/**
 * Route (2) thrown and answered with the ceiling's bytes by `onError`; `/ceiling` writes them. Under `/id`, the id
 * floor: `hono/request-id` first, as handmade, and the same bytes with its id.
 */
function floorApp(): Hono {
  const app = new Hono();
  const ceiling = (c: Context) => c.body(CEILING.body, CEILING.status as 404, CEILING.headers);
  app.get('/ceiling', ceiling);
  app.get('/typed', () => {
    throw typedError();
  });
  app.onError((_error, c) => ceiling(c));
  const withId = new Hono<{ Variables: RequestIdVariables }>();
  withId.use(requestId());
  withId.get('/typed', () => {
    throw typedError();
  });
  withId.onError((_error, c) => {
    const answer = ceilingWithId(c.var.requestId);
    return c.body(answer.body, answer.status as 404, answer.headers);
  });
  app.route('/id', withId);
  return app;
}
