import type { ErrataLogger, ErrataRequest } from '@errata/core';
import { targetPath } from '@errata/core/adapter';
import type { FastifyRequest } from 'fastify';
import { routeOf } from './route-errors';

/**
 * What core needs to know about a Fastify request; `request.log` is the logger errata reports through, unless the
 * app has none (`logger: false` drops every record), when errata's own JSON-lines logger is used instead.
 * @example errata.respond(error, requestInfo(request))
 */
export function requestInfo(request: FastifyRequest): ErrataRequest {
  return {
    requestId: request.id,
    method: request.method,
    path: targetPath(request.originalUrl), // as sent: errata's rewriteUrl resolves dot segments for the router
    accept: request.headers.accept,
    log: hasLogger(request.log) ? request.log : undefined,
    route: routeOf(request),
  };
}

/** Fastify's `logger: false` logger (abstract-logging) has no level; a real one always has one, `silent` included. */
function hasLogger(log: ErrataLogger & { level?: unknown }): boolean {
  return log.level !== undefined;
}
