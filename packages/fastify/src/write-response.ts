import type { ErrataResponse } from '@errata/core';
import type { FastifyReply } from 'fastify';

/**
 * Writes an answer core computed: status, headers and the already serialised body, sent as is.
 * @example writeResponse(reply, errata.notFound(requestInfo(request)))
 */
export function writeResponse(reply: FastifyReply, response: ErrataResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body);
}
