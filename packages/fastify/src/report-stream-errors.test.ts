import http from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { defineErrors, type ErrataErrorEvent } from '@errata/core';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { rawGet } from '../test/inject';
import { errata, errataServerOptions } from './index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream that writes `partial`, then fails once the client has had time to read it. */
function failingAfterHead(message: string): PassThrough {
  const body = new PassThrough();
  body.write('partial');
  setTimeout(() => body.destroy(new Error(message)), 30);
  return body;
}

async function listening(routes: (app: FastifyInstance) => void) {
  const events: ErrataErrorEvent[] = [];
  const app = Fastify({ ...errataServerOptions() });
  await app.register(errata, { catalog: defineErrors({}), onError: (event) => events.push(event) });
  routes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, events };
}

const reported = (events: ErrataErrorEvent[]) =>
  events.map((event) => [event.path, event.problem.code, (event.error as Error).message]);

describe('stream replies that fail', () => {
  it('reports a failure after the head once, however the stream was sent', async () => {
    const { app, events } = await listening((app) => {
      const send = (reply: FastifyReply, message: string) => reply.type('text/plain').send(failingAfterHead(message));
      app.get('/sent', (_request, reply) => send(reply, 'sent'));
      app.get('/returned', async (_request, reply) => {
        reply.type('text/plain');
        return failingAfterHead('returned');
      });
      app.get('/later', (_request, reply) => {
        setTimeout(() => send(reply, 'later'), 5);
        return reply;
      });
      app.get('/hook', { preHandler: (_request, reply) => void send(reply, 'hook') }, () => 'never');
    });
    try {
      for (const path of ['/sent', '/returned', '/later', '/hook']) {
        expect([path, await rawGet(app, path)]).toEqual([path, { status: 200, body: 'partial', complete: false }]);
      }
      await sleep(20);
      expect(reported(events)).toEqual([
        ['/sent', 'INTERNAL_ERROR', 'sent'],
        ['/returned', 'INTERNAL_ERROR', 'returned'],
        ['/later', 'INTERNAL_ERROR', 'later'],
        ['/hook', 'INTERNAL_ERROR', 'hook'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('answers a failure before the head with the envelope, reported once', async () => {
    const { app, events } = await listening((app) => {
      app.get('/early', (_request, reply) =>
        reply.send(
          new Readable({
            read() {
              this.destroy(new Error('no data'));
            },
          }),
        ),
      );
    });
    try {
      const res = await rawGet(app, '/early');
      expect([res.status, JSON.parse(res.body).error.code, res.complete]).toEqual([500, 'INTERNAL_ERROR', true]);
      await sleep(20);
      expect(reported(events)).toEqual([['/early', 'INTERNAL_ERROR', 'no data']]);
    } finally {
      await app.close();
    }
  });

  it('reports nothing for a stream whose client left, or one the app pipes into a hijacked reply', async () => {
    const { app, events } = await listening((app) => {
      app.get('/hijacked', (_request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'text/plain' });
        const body = failingAfterHead('the app handles it');
        body.on('error', () => reply.raw.destroy());
        body.pipe(reply.raw);
      });
      app.get('/endless', (_request, reply) => {
        const body = new Readable({ read() {} });
        const timer = setInterval(() => body.push('tick'), 5);
        body.on('close', () => clearInterval(timer));
        reply.type('text/plain').send(body);
      });
    });
    try {
      expect(await rawGet(app, '/hijacked')).toEqual({ status: 200, body: 'partial', complete: false });
      const port = (app.server.address() as { port: number }).port;
      await new Promise<void>((resolve) => {
        const req = http.get(`http://127.0.0.1:${port}/endless`, (res) => {
          res.once('data', () => req.destroy());
        });
        req.on('close', () => resolve());
        req.on('error', () => {});
      });
      await sleep(50);
      expect(reported(events)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
