import { type CatalogLike, createErrata, type Errata, type ErrataOptions } from '@errata/core';
import type { MiddlewareHandler } from 'hono';
import { answerError, bindErrata } from './context';

/** What errata() puts on the context: `requestId` (the same key hono/request-id uses) and the errata instance. */
export interface ErrataVariables {
  requestId: string;
  errata: Errata;
}

/** The Hono env for apps using errata: `new Hono<ErrataEnv>()`, then `c.var.requestId` is typed. */
export interface ErrataEnv {
  Variables: ErrataVariables;
}

/**
 * Resolves the request id, sets it on every response, and answers values thrown that are not Errors (Hono's compose
 * re-throws those past `app.onError`).
 * @example app.use(errata({ catalog: errors }))
 */
export function errata<C extends CatalogLike>(options: ErrataOptions<C>): MiddlewareHandler<ErrataEnv> {
  const instance: Errata = createErrata(options);
  return async function errataMiddleware(c, next) {
    const requestId = bindErrata(c, instance);
    try {
      await next();
    } catch (thrown) {
      // null, strings, Symbols, plain objects… and the TypeError compose itself throws testing a revoked Proxy.
      const answer = answerError(c, thrown);
      if (answer !== c.res) c.res = answer;
    }
    // c.header re-creates a finalized Response; a WebSocket upgrade (101) cannot be re-created, so it goes as is.
    if (c.res.status === 101 || c.res.headers.get(instance.requestIdHeader) === requestId) return;
    c.header(instance.requestIdHeader, requestId);
  };
}
