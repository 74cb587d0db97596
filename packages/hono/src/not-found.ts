import type { Context } from 'hono';
import { requestInfo } from './request-info';
import { type RoutedApp, routedMethods } from './routed-methods';
import { writeResponse } from './write-response';

export interface NotFoundOptions {
  /** The app whose routes tell a 405 (the path has other methods) from a 404. Without it, always 404. */
  app?: RoutedApp;
}

/**
 * Hono's not-found handler: NOT_FOUND, or METHOD_NOT_ALLOWED with `Allow` when the path has other methods.
 * @example app.notFound(notFound({ app }))
 */
export function notFound(options: NotFoundOptions = {}): (c: Context) => Response {
  const { app } = options;
  return function errataNotFound(c) {
    const { errata, request } = requestInfo(c);
    // The lookup uses the path the router matched (decoded), not the path as sent that `request` reports
    return writeResponse(c, errata.notFound(request, app === undefined ? [] : routedMethods(app, c.req.path)));
  };
}
