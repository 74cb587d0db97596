import { type CatalogLike, createErrata, type ErrataOptions } from '@errata/core';
import { type ClientSocket, clientErrorListener } from '@errata/core/adapter';

/** errata's answers for requests a Node server refuses before the Hono app runs. */
export interface ServerErrors {
  /**
   * The HTTP server's `clientError` listener: a request Node's parser refuses (a raw non-ASCII byte in the target,
   * an unknown method, a head over 16 KiB) is answered with errata's envelope (400 BAD_REQUEST, or 431), a fresh
   * request id and `Connection: close`, instead of Node's bare 400.
   */
  clientError(error: Error, socket: ClientSocket): void;
  /**
   * `errorHandler` for @hono/node-server's `getRequestListener`: a target it cannot build a URL from (`*`, a
   * backslash in the path, an absolute URL with no host) is answered 400 BAD_REQUEST with errata's envelope and a
   * fresh request id, instead of its bare 400.
   */
  requestError(error: unknown): Response;
}

/**
 * errata's answers for what a Node server refuses before Hono runs; web-standard code, so the package stays free of
 * Node imports. Use the same options as `errata()`.
 * @example
 * const errors = serverErrors({ catalog });
 * const server = createServer(getRequestListener(app.fetch, { errorHandler: errors.requestError }));
 * server.on('clientError', errors.clientError);
 */
export function serverErrors<C extends CatalogLike>(options: ErrataOptions<C>): ServerErrors {
  const errata = createErrata(options);
  return {
    clientError: clientErrorListener(errata),
    requestError(error) {
      // @hono/node-server's RequestError: no request was built; anything else is the app's own failure (a 500)
      const refused = error instanceof Error && error.name === 'RequestError';
      const requestId = errata.requestId(undefined);
      const answer = errata.respond(refused ? errata.catalog.BAD_REQUEST() : error, {
        requestId,
        method: '',
        path: '',
      });
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    },
  };
}
