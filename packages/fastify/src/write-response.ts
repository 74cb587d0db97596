import type { ErrataResponse, RequestInfo } from '@errata/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What core needs to know about a Fastify request; `request.log` becomes the logger errata reports through.
 * @example errata.respond(error, requestInfo(request))
 */
export function requestInfo(request: FastifyRequest): RequestInfo {
  const query = request.url.indexOf('?');
  return {
    requestId: request.id,
    method: request.method,
    path: query === -1 ? request.url : request.url.slice(0, query),
    accept: request.headers.accept,
    log: request.log,
  };
}

/**
 * Writes an answer core computed: status, headers and the already serialised body, sent as is.
 * @example writeResponse(reply, errata.notFound(requestInfo(request)))
 */
export function writeResponse(reply: FastifyReply, response: ErrataResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body);
}
