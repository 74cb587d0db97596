import { docsModel } from './docs-model';
import { propertiesOf, toJsonSchema } from './json-schema';
import { openApiPath } from './open-api-path';
import type { ComponentsOptions, OpenApiObject, RouteDescription } from './types';

export interface DocumentOptions extends ComponentsOptions {
  /** Every route of the API, with the codes each may answer. */
  routes: readonly RouteDescription[];
  /** The document's `info`. Default `{ title: 'API', version: '0.0.0' }`. */
  info?: OpenApiObject & { title: string; version: string };
  servers?: readonly OpenApiObject[];
  tags?: readonly OpenApiObject[];
}

/**
 * A whole OpenAPI 3.1 document from the catalog and a description of the routes: every operation lists its success,
 * its parameters and body, and one response per status of the codes it declares (INTERNAL_ERROR on all), with their
 * schemas, examples and headers.
 * @example const document = buildDocument({ catalog: errors, routes, info: { title: 'Market API', version: '1.0.0' } })
 */
export function buildDocument(options: DocumentOptions): OpenApiObject {
  const model = docsModel(options);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of options.routes) {
    const { path, params } = openApiPath(route.path);
    const method = route.method.toLowerCase();
    const item = paths[path] ?? {};
    paths[path] = item;
    if (item[method] !== undefined) throw new TypeError(`errata: ${route.method} ${route.path} is described twice`);
    item[method] = operation(route, method, path, params, model.operationResponses(route));
  }
  const document: OpenApiObject = {
    openapi: '3.1.0',
    info: options.info ?? { title: 'API', version: '0.0.0' },
  };
  if (options.servers !== undefined) document.servers = options.servers;
  if (options.tags !== undefined) document.tags = options.tags;
  document.paths = paths;
  document.components = model.components;
  return document;
}

function operation(
  route: RouteDescription,
  method: string,
  path: string,
  pathParams: string[],
  responses: Record<string, unknown>,
): OpenApiObject {
  const op: OpenApiObject = {};
  if (route.summary !== undefined) op.summary = route.summary;
  if (route.description !== undefined) op.description = route.description;
  op.operationId = route.operationId ?? operationId(method, path);
  if (route.tags !== undefined) op.tags = route.tags;
  const parameters = [
    ...pathParameters(route, pathParams),
    ...partParameters(route.query, 'query'),
    ...partParameters(route.headers, 'header'),
  ];
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body !== undefined) {
    op.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(route.body) } } };
  }
  op.responses = responses;
  return op;
}

function pathParameters(route: RouteDescription, names: string[]): OpenApiObject[] {
  const declared = new Map(
    propertiesOf(route.params === undefined ? {} : toJsonSchema(route.params)).map((p) => [p.name, p]),
  );
  return names.map((name) => {
    const schema = declared.get(name)?.schema ?? { type: 'string' };
    const { description, ...rest } = schema;
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema: rest };
  });
}

function partParameters(schema: unknown, where: 'query' | 'header'): OpenApiObject[] {
  if (schema === undefined) return [];
  return propertiesOf(toJsonSchema(schema)).map(({ name, schema: property, required }) => {
    const { description, ...rest } = property;
    return { name, in: where, required, ...(description ? { description } : {}), schema: rest };
  });
}

/** `get` `/v1/orderbook/{symbol}` → `getV1OrderbookBySymbol`. */
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `By${pascal(segment.slice(1, -1))}` : pascal(segment)));
  return method + (words.join('') || 'Root');
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
