import type { Errata, ErrataLogger, ErrataRequest, ErrataRoute } from '@errata/core';
import { targetPath } from '@errata/core/adapter';
import type { Request, Response } from 'express';
import { type RequestState, requestStates } from './request-state';
import { routeOf } from './route-errors';

/**
 * The request's id, decided once by the instance's policy (the configured header, validator and generator); also set
 * where other middleware look for one (`req.id`, as pino-http does, and `res.locals.requestId`).
 */
export function requestIdOf(req: Request, errata: Errata): string {
  return requestStateOf(req, errata).id;
}

/**
 * What errata keeps about the request, made (with its id) the first time errata sees it. `res` is the request's
 * response when the caller has it (`req.res` otherwise).
 */
export function requestStateOf(req: Request, errata: Errata, res?: Response): RequestState {
  const known = requestStates.get(req);
  if (known !== undefined) return known;
  const id = errata.requestId(req.headers[errata.requestIdHeader]);
  const state: RequestState = { id, screen: undefined, screened: undefined };
  requestStates.set(req, state);
  if (Object.hasOwn(req, 'id') || !exposeId(req)) (req as { id?: unknown }).id = id; // overwritten, as it always was
  const out = res ?? req.res;
  if (out) out.locals.requestId = id;
  return state;
}

const exposed = new WeakSet<object>();

/**
 * Makes `req.id` read the id from the map, with a getter on Express's request prototype (the one every app's
 * `app.request` and mounted app's inherits from): adding a property to a request whose prototype Express has swapped
 * costs microseconds (request-state.ts). Assigning `req.id` still makes it the request's own property. False when
 * that prototype is not Express's or already has an `id` of someone else's.
 */
function exposeId(req: Request): boolean {
  const appRequest = (req as { app?: { request?: unknown } }).app?.request;
  if (typeof appRequest !== 'object' || appRequest === null) return false;
  const base = Object.getPrototypeOf(appRequest) as object | null;
  if (base === null) return false;
  if (!exposed.has(base)) {
    if ('id' in base) return false;
    defineId(base);
    exposed.add(base);
  }
  return Object.getPrototypeOf(req) === appRequest || Object.prototype.isPrototypeOf.call(base, req);
}

function defineId(base: object): void {
  Object.defineProperty(base, 'id', {
    configurable: true,
    enumerable: false,
    get(this: object): string | undefined {
      return requestStates.get(this)?.id;
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, 'id', { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Whether errata has seen this request before (its middleware, or a handler that asked for the id). */
export function hasRequestId(req: Request): boolean {
  return requestStates.has(req);
}

/**
 * What core needs to know about an Express request; pino-http's `req.log` becomes the logger errata reports through.
 * @example errata.respond(error, requestInfo(req, errata))
 */
export function requestInfo(req: Request, errata: Errata): ErrataRequest {
  return {
    requestId: requestIdOf(req, errata),
    method: req.method,
    path: pathOf(req),
    accept: req.headers.accept,
    log: loggerOf(req),
    route: routeOf(req),
  };
}

/**
 * `requestInfo` for a success, read only as core asks: errata's envelope needs only the id, a success formatter also
 * the method and path, and only data that fails to serialise (answered as an error) needs the rest. Core reads them
 * within the one `success` call, so they hold what `requestInfo` would have read just before it; each property read
 * of an Express request misses V8's caches (each request has a map of its own, request-state.ts).
 * @example errata.success(data, successInfo(req, errata))
 */
export function successInfo(req: Request, errata: Errata): ErrataRequest {
  return new SuccessRequest(req, requestIdOf(req, errata));
}

class SuccessRequest implements ErrataRequest {
  readonly #req: Request;
  readonly requestId: string;
  constructor(req: Request, requestId: string) {
    this.#req = req;
    this.requestId = requestId;
  }
  get method(): string {
    return this.#req.method;
  }
  get path(): string {
    return pathOf(this.#req);
  }
  get accept(): string | undefined {
    return this.#req.headers.accept;
  }
  get log(): ErrataLogger | undefined {
    return loggerOf(this.#req);
  }
  get route(): ErrataRoute | undefined {
    return routeOf(this.#req);
  }
}

function pathOf(req: Request): string {
  return targetPath(req.originalUrl || req.url);
}

function loggerOf(req: Request): ErrataLogger | undefined {
  const log = (req as { log?: Partial<ErrataLogger> }).log;
  return typeof log?.error === 'function' ? (log as ErrataLogger) : undefined;
}
