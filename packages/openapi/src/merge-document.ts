import { docsModel } from './docs-model';
import { openApiPath } from './open-api-path';
import type { ComponentsOptions, RouteDescription } from './types';

export interface MergeOptions extends ComponentsOptions {
  /** The routes whose operations get errata's error responses: method, path, the codes each declares. */
  routes: readonly Pick<RouteDescription, 'method' | 'path' | 'errors' | 'responseHeaders'>[];
}

const plain = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/**
 * Merges errata's pieces into an OpenAPI 3.1 document made elsewhere (@fastify/swagger, hono-openapi, by hand): the
 * components, and on each described route's operation one response per status of its codes (replacing what the
 * document said for those statuses) and `X-Request-Id` on every response. Routes the document leaves out stay out.
 * Returns a new document; the given one is not changed.
 * @example const document = mergeDocument(await generateSpecs(app), { catalog: errors, routes: routesOf(app) })
 */
export function mergeDocument<D extends object>(document: D, options: MergeOptions): D {
  const version = (document as { openapi?: unknown }).openapi;
  if (typeof version !== 'string' || !version.startsWith('3.1')) {
    throw new TypeError(
      `errata: mergeDocument needs an OpenAPI 3.1 document (its schemas are JSON Schema 2020-12), not ${JSON.stringify(version ?? 'a document without `openapi`')}; with @fastify/swagger set \`openapi: { openapi: '3.1.0' }\``,
    );
  }
  const model = docsModel(options);
  const merged = structuredClone(document) as Record<string, unknown>;
  const components: Record<string, unknown> = { ...plain(merged.components) };
  merged.components = components;
  for (const [kind, pieces] of Object.entries(model.components)) {
    const existing = { ...plain(components[kind]) };
    for (const [name, piece] of Object.entries(pieces)) {
      if (existing[name] !== undefined && JSON.stringify(existing[name]) !== JSON.stringify(piece)) {
        throw new TypeError(
          `errata: the document already has a different components.${kind}.${name}; errata's would replace it (rename yours)`,
        );
      }
      existing[name] = piece;
    }
    components[kind] = existing;
  }
  const paths = plain(merged.paths);
  for (const route of options.routes) {
    const operation = plain(plain(paths[openApiPath(route.path).path])[route.method.toLowerCase()]);
    if (Object.keys(operation).length === 0) continue;
    const headers = model.routeHeaders(route);
    const responses = { ...plain(operation.responses) };
    for (const [status, response] of Object.entries(responses)) {
      if ('$ref' in plain(response)) continue;
      responses[status] = { ...plain(response), headers: { ...headers, ...plain(plain(response).headers) } };
    }
    Object.assign(responses, model.errorResponses(route));
    operation.responses = sortResponses(responses);
  }
  return merged as D;
}

/** Success statuses first, then errors, each ascending; `default` last. */
function sortResponses(responses: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(responses).sort((a, b) => (Number(a) || 1000) - (Number(b) || 1000));
  return Object.fromEntries(keys.map((k) => [k, responses[k]]));
}
