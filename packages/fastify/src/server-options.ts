import { createErrata, defineErrors, type Errata } from '@errata/core';
import { clientErrorListener, resolvedTarget } from '@errata/core/adapter';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { requestInfo } from './request-info';
import { writeResponse } from './write-response';

type ServerOptions = Pick<
  FastifyServerOptions,
  | 'frameworkErrors'
  | 'onProtoPoisoning'
  | 'onConstructorPoisoning'
  | 'clientErrorHandler'
  | 'routerOptions'
  | 'rewriteUrl'
>;

/**
 * Node's default limit on a request head (`--max-http-header-size`): a path parameter that reached the router is
 * never longer, so none is refused for its length.
 */
const MAX_PARAM_LENGTH = 16 * 1024;

/** One listener per errata instance (the plugin's), made on the first refused request. */
const listeners = new WeakMap<Errata, ReturnType<typeof clientErrorListener>>();
let fallback: Errata | undefined;

/**
 * A query as Node's `querystring.parse` (Express's simple query parser) reads one whose escapes are UTF-8, which core
 * makes sure of before any handler (`targetProblem`): names and values with each well-formed escape and `+` decoded,
 * a repeated name as an array, in an object without a prototype. URLSearchParams decodes, with no Node import.
 */
function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null);
  // '&' first: URLSearchParams drops a leading '?', which Express and Hono read as part of the first name
  for (const [name, value] of new URLSearchParams(`&${query}`)) {
    const seen = result[name];
    if (seen === undefined) result[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else result[name] = [seen, value];
  }
  return result;
}

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
    // A request Node's parser refuses (a raw non-ASCII byte in the target, an unknown method, a head over 16 KiB):
    // errata's envelope with a fresh id, as the Express and Hono adapters answer it, not Fastify's own JSON
    clientErrorHandler: function errataClientError(this: FastifyInstance, error, socket) {
      // Before the plugin is registered (or without it): the standard codes, as Hono's adapter falls back
      fallback ??= createErrata({ catalog: defineErrors({}) });
      const errata = this.hasDecorator('errata') ? this.errata : fallback;
      const listener = listeners.get(errata) ?? clientErrorListener(errata);
      listeners.set(errata, listener);
      listener(error, socket);
    },
    // find-my-way refuses a parameter over 100 characters with 414; Express and Hono hand it to the handler, which
    // validates it. Raise the limit to what Node lets through (regexp params are why the limit exists: keep them anchored).
    // Each well-formed escape decoded (`%41%zz` is `A%zz`), as Express and Hono decode them; Fastify's default
    // (fast-querystring) keeps a whole value as sent when one of its escapes is malformed
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, querystringParser: parseQuery },
    // Dot segments resolved before routing (`/x/../ok` is `/ok`), as @hono/node-server's `new URL()` and errata's
    // Express middleware resolve them; `request.originalUrl` keeps the target as sent (problem+json `instance`)
    rewriteUrl: function errataRewriteUrl(req) {
      return resolvedTarget(req.url ?? '/');
    },
  };
}
