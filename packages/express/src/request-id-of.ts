import { resolveRequestId } from '@errata/core';
import type { Request } from 'express';

const ID = Symbol.for('errata.express.requestId');
type Carrier = Request & { [ID]?: string; id?: unknown };

/**
 * The request id errata answers this request with (kept from `X-Request-Id` or generated), the same in every response.
 * @example app.get('/me', (req, res) => { logger.info({ requestId: requestIdOf(req) }) })
 */
export function requestIdOf(req: Request): string {
  return idFor(req, () => resolveRequestId(req.headers['x-request-id']));
}

/** The request's id, made once by `make`; also set where other middleware look for one (`req.id`, as pino-http). */
export function idFor(req: Request, make: () => string): string {
  const carrier = req as Carrier;
  if (carrier[ID] !== undefined) return carrier[ID];
  const id = make();
  carrier[ID] = id;
  carrier.id = id;
  if (req.res) req.res.locals.requestId = id;
  return id;
}
