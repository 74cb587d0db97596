import { errata, errataServerOptions } from '@errata/fastify';
import sensible from '@fastify/sensible';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  ApiError,
  ajvDetails,
  errorAnswer,
  methodNotAllowed,
  notFound,
  requestIdFrom,
  successBody,
  validationFailed,
} from './handmade';
import { CEILING, ceilingWithId, DATA, type Mode, options, Query, SUPPORTED, typedError } from './shared';

const quote = { schema: { querystring: Query } };

/** The `plain` row's handler, the same in every mode: Fastify serialises what it returns. */
const plainJson = async () => DATA;

/** The bench's Fastify 5 app in one mode (see `Mode`), ready to listen or inject. */
export async function fastifyApp(mode: Mode): Promise<FastifyInstance> {
  if (mode === 'handmade') return handmadeApp();
  // errata's app is created as its README says, with errataServerOptions()
  const app = Fastify({ ...(mode === 'errata' ? errataServerOptions() : {}), logger: false });
  if (mode === 'errata') await errataRoutes(app);
  else if (mode === 'peer') await peerRoutes(app);
  else await floorRoutes(app);
  await app.ready();
  return app;
}

async function errataRoutes(app: FastifyInstance): Promise<void> {
  await app.register(errata, options);
  app.get('/ok', (_request, reply) => reply.success(DATA));
  app.get('/plain', plainJson);
  app.get('/typed', async () => {
    throw typedError();
  });
  app.get('/crash', async () => {
    throw new Error('db down');
  });
  app.get('/quote', quote, (request, reply) => reply.success(request.query));
  app.get('/items', (_request, reply) => reply.success([]));
}

/** `genReqId`, an `onRequest` header, an error class, 405 routes, an error and a not-found handler: no errata. */
async function handmadeApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, genReqId: (req) => requestIdFrom(req.headers['x-request-id']) });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.get('/ok', async (request) => successBody(DATA, request.id));
  app.get('/plain', plainJson);
  app.get('/typed', async () => {
    throw new ApiError(404, 'SYMBOL_NOT_FOUND', 'Symbol DOGEUSDT is not listed.', {
      params: { symbol: 'DOGEUSDT', supported: SUPPORTED },
    });
  });
  app.get('/crash', async () => {
    throw new Error('db down');
  });
  app.get('/quote', quote, async (request) => successBody(request.query, request.id));
  app.get('/items', async (request) => successBody([], request.id));
  app.route({
    method: ['DELETE', 'PATCH', 'POST', 'PUT'],
    url: '/items',
    handler: async () => {
      throw methodNotAllowed(['GET', 'HEAD']);
    },
  });
  const send = (reply: FastifyReply, error: unknown) => {
    const answer = errorAnswer(error, reply.request.id);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
  app.setErrorHandler((error, _request, reply) => {
    const { validation, validationContext } = error as { validation?: never[]; validationContext?: string };
    send(reply, validation ? validationFailed(ajvDetails(validation, validationContext)) : error);
  });
  app.setNotFoundHandler((_request, reply) => send(reply, notFound()));
  await app.ready();
  return app;
}

/** @fastify/sensible's `httpErrors` thrown, answered by Fastify's default error and not-found handlers. */
async function peerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(sensible);
  app.get('/ok', async () => DATA);
  app.get('/plain', plainJson);
  app.get('/typed', async () => {
    throw app.httpErrors.notFound('Symbol DOGEUSDT is not listed.');
  });
  app.get('/crash', async () => {
    throw new Error('db down');
  });
  app.get('/quote', quote, async (request) => request.query);
  app.get('/items', async () => []);
}

/**
 * Route (2) thrown and answered with the ceiling's bytes by the error handler; `/ceiling` writes them. Under `/id`,
 * the id floor: handmade's request-id rule and `onRequest` header (in a plugin of its own: genReqId is the whole
 * server's), and the same bytes with that id.
 */
async function floorRoutes(app: FastifyInstance): Promise<void> {
  const write = (reply: FastifyReply, answer: typeof CEILING) =>
    reply.code(answer.status).headers(answer.headers).send(answer.body);
  app.get('/ceiling', (_request, reply) => {
    write(reply, CEILING);
  });
  app.get('/typed', async () => {
    throw typedError();
  });
  app.setErrorHandler((_error, _request, reply) => {
    write(reply, CEILING);
  });
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', (request, reply, done) => {
        request.id = requestIdFrom(request.headers['x-request-id']);
        reply.header('x-request-id', request.id);
        done();
      });
      scope.get('/typed', async () => {
        throw typedError();
      });
      scope.setErrorHandler((_error, request, reply) => {
        write(reply, ceilingWithId(request.id));
      });
    },
    { prefix: '/id' },
  );
}
