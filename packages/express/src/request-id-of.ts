import { resolveRequestId } from '@errata/core';
import type { Request } from 'express';

/**
 * Ids by request, in one map every installed copy of errata shares (as a `Symbol.for` brand would be): adding a
 * property to Express's request object costs far more than a WeakMap entry.
 */
const IDS = Symbol.for('errata.express.requestIds');
const shared = globalThis as { [IDS]?: WeakMap<object, string> };
const ids = shared[IDS] ?? new WeakMap<object, string>();
shared[IDS] = ids;

/**
 * The request id errata answers this request with (kept from `X-Request-Id` or generated), the same in every response.
 * @example app.get('/me', (req, res) => { logger.info({ requestId: requestIdOf(req) }) })
 */
export function requestIdOf(req: Request): string {
  return idFor(req, () => resolveRequestId(req.headers['x-request-id']));
}

/** The request's id, made once by `make`; also set where other middleware look for one (`req.id`, as pino-http). */
export function idFor(req: Request, make: () => string): string {
  const known = ids.get(req);
  if (known !== undefined) return known;
  const id = make();
  ids.set(req, id);
  (req as { id?: unknown }).id = id;
  if (req.res) req.res.locals.requestId = id;
  return id;
}
