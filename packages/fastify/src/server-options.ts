import type { FastifyReply, FastifyServerOptions } from 'fastify';
import { requestInfo } from './request-info';
import { writeResponse } from './write-response';

type ServerOptions = Pick<FastifyServerOptions, 'frameworkErrors' | 'onProtoPoisoning' | 'onConstructorPoisoning'>;

/**
 * The Fastify server options errata needs, which no plugin can set: spread them into `Fastify({ … })`.
 * @example const app = Fastify({ ...errataServerOptions(), logger: true })
 */
export function errataServerOptions(): ServerOptions {
  return {
    // A malformed URL or an over-long param fails before routing; without this Fastify answers it itself.
    frameworkErrors: function errataFrameworkErrors(error, request, reply) {
      const errata = request.server.hasDecorator('errata') ? request.server.errata : undefined;
      if (errata === undefined) return void (reply as FastifyReply).send(error);
      request.id = errata.requestId(request.id); // no hooks run here
      writeResponse(reply, errata.respond(error, requestInfo(request)));
    },
    // Strip `__proto__` and `constructor.prototype` keys instead of rejecting the body as INVALID_JSON: the body then
    // reaches validation, as it does in every other framework (the keys never become prototypes either way).
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
  };
}
