import { type CatalogLike, createErrata, type Errata, type ErrataOptions } from '@errata/core';
import { targetProblem, warnOnce } from '@errata/core/adapter';
import type { Env, Hono, MiddlewareHandler } from 'hono';
import { notFound } from './not-found';
import { answerError, answeredByErrata, onError } from './on-error';
import { bindErrata, pathAsSent, targetAsSent } from './request-info';
import { writeResponse } from './write-response';

/** What errata() puts on the context: `requestId` (the same key hono/request-id uses) and the errata instance. */
export interface ErrataVariables<C extends CatalogLike = CatalogLike> {
  requestId: string;
  errata: Errata<C>;
}

/** The Hono env for apps using errata: `new Hono<ErrataEnv<typeof errors>>()`, then `c.var.errata` is typed. */
export interface ErrataEnv<C extends CatalogLike = CatalogLike> {
  Variables: ErrataVariables<C>;
}

const NO_ON_ERROR =
  'errata: app.onError(onError) is not set, so Hono answered an error with its own handler; errata answered it instead. Add `app.onError(onError)` (from @errata/hono), or call `install(app, { catalog })`.';

/**
 * Resolves the request id, sets it on every response, and answers values thrown that are not Errors (Hono's compose
 * re-throws those past `app.onError`).
 * @example app.use(errata({ catalog: errors }))
 */
export function errata<C extends CatalogLike>(options: ErrataOptions<C>): MiddlewareHandler<ErrataEnv<C>> {
  const instance: Errata<C> = createErrata(options);
  return async function errataMiddleware(c, next) {
    const requestId = bindErrata(c, instance);
    // Before next(), as hono/request-id does: every response made through the context (c.json, c.body…) is created
    // with it. Set on a finalized response instead, Hono would re-create that response from its body stream, which
    // @hono/node-server then pipes rather than writes: 2.6x the time of a plain c.json() route (bench/RESULTS.md).
    c.header(instance.requestIdHeader, requestId);
    // A malformed %-escape in the path, a query Express would cut short: 400 before any route, as in every adapter
    const problem = targetProblem(targetAsSent(c));
    try {
      if (problem === undefined) await next();
      else c.res = answerError(c, options.catalog[problem]());
    } catch (thrown) {
      // null, strings, Symbols, plain objects… and the TypeError compose itself throws testing a revoked Proxy.
      const answer = answerError(c, thrown);
      if (answer !== c.res) c.res = answer;
    }
    if (c.error !== undefined && !answeredByErrata(c)) {
      // Another error handler answered (Hono's default: a 500 text/plain for a typed 4xx): never degrade silently.
      warnOnce(NO_ON_ERROR);
      c.res = writeResponse(
        c,
        instance.respond(c.error, {
          requestId,
          method: c.req.method,
          path: pathAsSent(c),
          accept: c.req.header('accept'),
        }),
      );
    }
    // A Response the handler made itself (`new Response()`), or one that dropped the id: c.header re-creates it, with
    // the id; a WebSocket upgrade (101) cannot be re-created, so it goes as is.
    if (c.res.status === 101 || c.res.headers.get(instance.requestIdHeader) === requestId) return;
    c.header(instance.requestIdHeader, requestId);
  };
}

/**
 * Mounts everything in one call, before your routes: the errata() middleware, `app.onError(onError)` and
 * `app.notFound(notFound({ app }))`.
 * @example const app = new Hono<ErrataEnv<typeof errors>>(); install(app, { catalog: errors });
 */
export function install<C extends CatalogLike, E extends Env>(app: Hono<E>, options: ErrataOptions<C>): void {
  app.use(errata(options) as unknown as MiddlewareHandler<E>);
  app.onError(onError);
  app.notFound(notFound({ app: app as unknown as Hono }));
}
