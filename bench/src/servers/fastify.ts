import { errata } from '@errata/fastify';
import Fastify, { type FastifyReply } from 'fastify';
import { announce, CEILING, DATA, mode, options, typedError } from './shared';

const app = Fastify({ logger: false });
const ceiling = (reply: FastifyReply) => reply.code(CEILING.status).headers(CEILING.headers).send(CEILING.body);
app.get('/ceiling', (_request, reply) => {
  ceiling(reply);
});

if (mode() === 'errata') {
  await app.register(errata, options);
  app.get('/ok', (_request, reply) => reply.success(DATA));
  app.get('/typed', async () => {
    throw typedError();
  });
  app.get('/crash', async () => {
    throw new Error('db down');
  });
} else if (mode() === 'floor') {
  app.get('/typed', async () => {
    throw typedError();
  });
  app.setErrorHandler((_error, _request, reply) => {
    ceiling(reply);
  });
} else {
  app.get('/ok', async () => DATA);
  app.get('/typed', (_request, reply) => {
    reply.code(404).send({ message: 'Symbol DOGEUSDT is not listed.' });
  });
  app.get('/crash', async () => {
    throw new Error('db down');
  });
}

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announce(typeof address === 'object' && address ? address.port : 0);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
