import { PassThrough } from 'node:stream';
import type { Errata, EventProducer } from '@errata/core';
import { createEventStream, eventStreamHeaders } from '@errata/core/adapter';
import type { FastifyReply } from 'fastify';
import { requestInfo } from './request-info';

/**
 * Answers with a Server-Sent Events stream (an ordinary stream reply) that `producer` writes: what it throws is sent
 * as an `error` event carrying the HTTP error envelope, then the stream ends. Behind `reply.eventStream(producer)`.
 */
export function eventStream(errata: Errata, reply: FastifyReply, producer: EventProducer): FastifyReply {
  const request = requestInfo(reply.request);
  const body = new PassThrough();
  const session = createEventStream(
    errata,
    request,
    { write: (text) => void body.write(text), end: () => void body.end() },
    producer,
  );
  reply.raw.on('close', () => session.abort()); // the client went away (or the reply ended: then a no-op)
  reply.code(200).headers(eventStreamHeaders(errata, request.requestId)).send(body);
  session.start();
  return reply;
}
