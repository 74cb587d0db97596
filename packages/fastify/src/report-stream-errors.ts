import type { Errata } from '@errata/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestInfo } from './request-info';

/**
 * Fastify cuts a stream reply that fails once its head is out (or its client left) and only logs a warning, without
 * the error handler: report that failure through core once, as Express's error handler and the WebSocket and SSE
 * helpers do. Before the head, Fastify sends the error to the error handler, which reports it.
 */
export function reportStreamErrors(
  errata: Errata,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): void {
  const stream = payload as { pipe?: unknown; once?: (event: 'error', listener: (error: unknown) => void) => unknown };
  if (typeof stream?.pipe !== 'function' || typeof stream.once !== 'function') return;
  stream.once('error', (error) => {
    if (reply.raw.headersSent || request.raw.aborted) errata.respond(error, requestInfo(request)); // only for onError
  });
}
