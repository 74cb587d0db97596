import type { Errata, ErrataLogger, ErrataRequest } from '@errata/core';
import { targetPath } from '@errata/core/adapter';
import type { Request } from 'express';
import { routeOf } from './route-errors';

/**
 * Ids by request, in one map every installed copy of errata shares (as a `Symbol.for` brand would be): adding a
 * property to Express's request object costs far more than a WeakMap entry.
 */
const IDS = Symbol.for('errata.express.requestIds');
const shared = globalThis as { [IDS]?: WeakMap<object, string> };
const ids = shared[IDS] ?? new WeakMap<object, string>();
shared[IDS] = ids;

/**
 * The request's id, decided once by the instance's policy (the configured header, validator and generator); also set
 * where other middleware look for one (`req.id`, as pino-http does, and `res.locals.requestId`).
 */
export function requestIdOf(req: Request, errata: Errata): string {
  const known = ids.get(req);
  if (known !== undefined) return known;
  const id = errata.requestId(req.headers[errata.requestIdHeader]);
  ids.set(req, id);
  (req as { id?: unknown }).id = id;
  if (req.res) req.res.locals.requestId = id;
  return id;
}

/** Whether errata has seen this request before (its middleware, or a handler that asked for the id). */
export function hasRequestId(req: Request): boolean {
  return ids.has(req);
}

/**
 * What core needs to know about an Express request; pino-http's `req.log` becomes the logger errata reports through.
 * @example errata.respond(error, requestInfo(req, errata))
 */
export function requestInfo(req: Request, errata: Errata): ErrataRequest {
  const log = (req as { log?: Partial<ErrataLogger> }).log;
  return {
    requestId: requestIdOf(req, errata),
    method: req.method,
    path: targetPath(req.originalUrl || req.url),
    accept: req.headers.accept,
    log: typeof log?.error === 'function' ? (log as ErrataLogger) : undefined,
    route: routeOf(req),
  };
}
