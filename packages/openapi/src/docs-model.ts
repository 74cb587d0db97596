import { type CatalogEntry, DetailSchema, ErrorEnvelopeSchema, MetaSchema, ProblemDetailsSchema } from '@errata/core';
import statuses from 'statuses';
import { exampleOf, propertiesOf, toJsonSchema } from './json-schema';
import type { CodeExample, ComponentsOptions, JsonSchema, OpenApiObject, RouteDescription } from './types';

/** What the docs know about one code: its catalog row, the headers it sends, and one example answer. */
export interface CodeDoc {
  entry: CatalogEntry;
  /** Canonical header names the code sends (`Retry-After`, `Allow`, `WWW-Authenticate`…). */
  headers: string[];
  example: { message: string; params: unknown; details: CodeExample['details'] };
}

const REF = '#/components';
const ref = (kind: string, name: string) => ({ $ref: `${REF}/${kind}/${name}` });

/** Component names: per code, and the shared pieces. */
export const names = {
  error: (code: string) => `Error_${code}`,
  problem: (code: string) => `Problem_${code}`,
  response: (status: number) => `Error${status}`,
  detail: 'ErrorDetail',
  meta: 'ResponseMeta',
  envelope: 'ErrorEnvelope',
  problemDetails: 'ProblemDetails',
  anyError: 'ErrorObject',
} as const;

/** Standard codes whose params have no examples in core; so their docs show realistic values. */
const STANDARD_EXAMPLES: Readonly<Record<string, CodeExample>> = {
  METHOD_NOT_ALLOWED: { params: { allow: ['GET', 'HEAD'] } },
  RATE_LIMIT_EXCEEDED: { params: { retry_after: 30 } },
  VALIDATION_ERROR: { details: [{ field: 'query.limit', message: 'must be <= 1000', rule: 'maximum' }] },
};

const KNOWN_HEADERS: Readonly<Record<string, { name: string; description: string; schema: JsonSchema }>> = {
  'retry-after': {
    name: 'Retry-After',
    description: 'Seconds to wait before retrying.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  allow: {
    name: 'Allow',
    description: 'The methods this path has, e.g. `GET, HEAD`.',
    schema: { type: 'string' },
  },
  'www-authenticate': {
    name: 'WWW-Authenticate',
    description: 'How to authenticate.',
    schema: { type: 'string' },
  },
};

const EXAMPLE_META = { request_id: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', timestamp: '2026-01-01T00:00:00.000Z' };

/** `x-ratelimit-limit` → `X-Ratelimit-Limit`: the canonical case for a header the catalog names in lower case. */
function headerName(lower: string): string {
  return (
    KNOWN_HEADERS[lower]?.name ?? lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
  );
}

/** Everything the generators share, computed once from the catalog and options. */
export interface DocsModel {
  readonly codes: ReadonlyMap<string, CodeDoc>;
  readonly components: { schemas: OpenApiObject; responses: OpenApiObject; headers: OpenApiObject };
  /** The `responses` of one route's operation: its success (if any) and one response per error status. */
  operationResponses(route: RouteDescription): Record<string, unknown>;
  /** The error responses of a route, by status. */
  errorResponses(
    route: Pick<RouteDescription, 'errors' | 'responseHeaders' | 'method' | 'path'>,
  ): Record<string, unknown>;
  /** Header refs for a route's responses: the request id and its `responseHeaders`. */
  routeHeaders(route: Pick<RouteDescription, 'responseHeaders' | 'method' | 'path'>): Record<string, unknown>;
  /** The codes a route documents (its declared ones and INTERNAL_ERROR), validated, in catalog order. */
  routeCodes(route: Pick<RouteDescription, 'errors' | 'method' | 'path'>): CodeDoc[];
}

/**
 * Builds the docs model: per-code schemas, headers and examples, and the per-status responses.
 * @example const model = docsModel({ catalog: errors, problemDetails: true })
 */
export function docsModel(options: ComponentsOptions): DocsModel {
  const { catalog } = options;
  const requestIdHeader = options.requestIdHeader ?? 'X-Request-Id';
  const userHeaders = options.headers ?? {};
  const codes = new Map<string, CodeDoc>();
  for (const entry of catalog.describe()) codes.set(entry.code, codeDoc(entry, options));

  const headers: OpenApiObject = {
    [requestIdHeader]: {
      description: 'The request id, also in `meta.request_id`: quote it when you report a problem.',
      required: true,
      schema: toJsonSchema(MetaSchema.properties.request_id),
    },
  };
  for (const doc of codes.values()) {
    for (const name of doc.headers) {
      if (headers[name] !== undefined) continue;
      const known = KNOWN_HEADERS[name.toLowerCase()];
      headers[name] = known
        ? { description: known.description, schema: known.schema }
        : { description: `Sent with ${doc.entry.code}.`, schema: { type: 'string' } };
    }
  }
  for (const [name, header] of Object.entries(userHeaders)) {
    headers[name] = {
      description: header.description,
      ...(header.required ? { required: true } : {}),
      schema: header.schema ?? { type: 'string' },
    };
  }

  const schemas: OpenApiObject = {
    [names.detail]: { ...toJsonSchema(DetailSchema), description: 'One failing field: where, what rule, and why.' },
    [names.meta]: metaSchema(),
    [names.envelope]: { ...toJsonSchema(ErrorEnvelopeSchema), description: 'Any error answer of this API.' },
  };
  if (options.problemDetails) {
    schemas[names.problemDetails] = {
      ...toJsonSchema(ProblemDetailsSchema),
      description: 'Any error answer as RFC 9457 problem details (sent to `Accept: application/problem+json`).',
    };
  }
  for (const doc of codes.values()) schemas[names.error(doc.entry.code)] = errorSchema(doc.entry);
  if (options.problemDetails) {
    for (const doc of codes.values()) schemas[names.problem(doc.entry.code)] = problemSchema(doc.entry);
  }
  schemas[names.anyError] = union([...codes.values()], names.error);

  const byStatus = new Map<number, CodeDoc[]>();
  for (const doc of codes.values()) byStatus.set(doc.entry.status, [...(byStatus.get(doc.entry.status) ?? []), doc]);
  const shared = Object.keys(userHeaders).filter((name) => userHeaders[name]?.onSharedResponses === true);
  const sharedHeaders = Object.fromEntries(shared.map((name) => [name, ref('headers', name)]));
  const responses: OpenApiObject = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    responses[names.response(status)] = errorResponse(status, byStatus.get(status) as CodeDoc[], sharedHeaders);
  }

  function union(docs: CodeDoc[], name: (code: string) => string): JsonSchema {
    if (docs.length === 1) return ref('schemas', name((docs[0] as CodeDoc).entry.code));
    return {
      oneOf: docs.map((d) => ref('schemas', name(d.entry.code))),
      discriminator: {
        propertyName: 'code',
        mapping: Object.fromEntries(docs.map((d) => [d.entry.code, `${REF}/schemas/${name(d.entry.code)}`])),
      },
    };
  }

  function errorResponse(status: number, docs: CodeDoc[], extraHeaders: Record<string, unknown>): OpenApiObject {
    const responseHeaders: Record<string, unknown> = { [requestIdHeader]: ref('headers', requestIdHeader) };
    for (const doc of docs) for (const name of doc.headers) responseHeaders[name] = ref('headers', name);
    for (const [name, header] of Object.entries(extraHeaders)) {
      // A header none of these codes' answers carry (a rate limit on a 401 answered before the limiter counts).
      const absent = userHeaders[name]?.absentFrom ?? [];
      if (docs.every((d) => absent.includes(d.entry.code))) continue;
      responseHeaders[name] = header;
    }
    const content: OpenApiObject = {
      'application/json': {
        schema: {
          type: 'object',
          required: ['success', 'error', 'meta'],
          additionalProperties: false,
          properties: {
            success: { type: 'boolean', const: false },
            error: union(docs, names.error),
            meta: ref('schemas', names.meta),
          },
        },
        examples: Object.fromEntries(
          docs.map((d) => [d.entry.code, { summary: d.entry.message, value: envelopeExample(d) }]),
        ),
      },
    };
    if (options.problemDetails) {
      content['application/problem+json'] = {
        schema: union(docs, names.problem),
        examples: Object.fromEntries(
          docs.map((d) => [d.entry.code, { summary: d.entry.message, value: problemExample(d) }]),
        ),
      };
    }
    const reason = statuses.message[status] ?? 'Error';
    const description =
      docs.length === 1
        ? `${reason}: \`${(docs[0] as CodeDoc).entry.code}\` — ${(docs[0] as CodeDoc).entry.message}`
        : `${reason}, one of:\n\n${docs.map((d) => `- \`${d.entry.code}\` — ${d.entry.message}`).join('\n')}`;
    return { description, headers: responseHeaders, content };
  }

  function envelopeExample(doc: CodeDoc): OpenApiObject {
    const error: OpenApiObject = { code: doc.entry.code, message: doc.example.message };
    if (doc.example.details !== undefined) error.details = doc.example.details;
    if (doc.entry.params !== null) error.params = doc.example.params;
    return { success: false, error, meta: EXAMPLE_META };
  }

  function problemExample(doc: CodeDoc): OpenApiObject {
    const body: OpenApiObject = {
      type: options.problemTypeBase === undefined ? 'about:blank' : `${options.problemTypeBase}${doc.entry.code}`,
      title: statuses.message[doc.entry.status] ?? 'Error',
      status: doc.entry.status,
      detail: doc.example.message,
      instance: '/path',
      code: doc.entry.code,
      request_id: EXAMPLE_META.request_id,
      timestamp: EXAMPLE_META.timestamp,
    };
    if (doc.example.details !== undefined) body.errors = doc.example.details;
    if (doc.entry.params !== null && typeof doc.example.params === 'object' && doc.example.params !== null) {
      for (const [key, value] of Object.entries(doc.example.params)) if (!(key in body)) body[key] = value;
    }
    return body;
  }

  function routeCodes(route: Pick<RouteDescription, 'errors' | 'method' | 'path'>): CodeDoc[] {
    for (const code of route.errors) {
      if (!codes.has(code)) {
        throw new TypeError(
          `errata: ${route.method.toUpperCase()} ${route.path} declares ${code}, which the catalog does not have (its codes: ${[...codes.keys()].join(', ')})`,
        );
      }
    }
    const wanted = new Set([...route.errors, 'INTERNAL_ERROR']);
    return [...codes.values()].filter((d) => wanted.has(d.entry.code));
  }

  function routeHeaders(route: Pick<RouteDescription, 'responseHeaders' | 'method' | 'path'>): Record<string, unknown> {
    const out: Record<string, unknown> = { [requestIdHeader]: ref('headers', requestIdHeader) };
    for (const name of route.responseHeaders ?? []) {
      if (userHeaders[name] === undefined) {
        throw new TypeError(
          `errata: ${route.method.toUpperCase()} ${route.path} lists the response header ${name}, which the \`headers\` option does not declare`,
        );
      }
      out[name] = ref('headers', name);
    }
    return out;
  }

  function errorResponses(route: Pick<RouteDescription, 'errors' | 'responseHeaders' | 'method' | 'path'>) {
    const docs = routeCodes(route);
    const extra = routeHeaders(route);
    const own = [...new Set(route.responseHeaders ?? [])].sort();
    const plain = own.length === shared.length && [...shared].sort().every((name, i) => own[i] === name);
    const out: Record<string, unknown> = {};
    const statusesOf = [...new Set(docs.map((d) => d.entry.status))].sort((a, b) => a - b);
    for (const status of statusesOf) {
      const atStatus = docs.filter((d) => d.entry.status === status);
      const all = byStatus.get(status) ?? [];
      // The shared component when the route answers every code of that status, with the shared headers only.
      out[String(status)] =
        plain && atStatus.length === all.length
          ? ref('responses', names.response(status))
          : errorResponse(status, atStatus, extra);
    }
    return out;
  }

  function operationResponses(route: RouteDescription): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (route.success !== undefined) {
      const status = route.success.status ?? 200;
      const response: OpenApiObject = {
        description: route.success.description ?? statuses.message[status] ?? 'Success',
        headers: routeHeaders(route),
      };
      if (route.success.data !== undefined) {
        const data = toJsonSchema(route.success.data);
        response.content = {
          'application/json': {
            example: { success: true, data: exampleOf(data), meta: EXAMPLE_META },
            schema: {
              type: 'object',
              required: ['success', 'data', 'meta'],
              additionalProperties: false,
              properties: {
                success: { type: 'boolean', const: true },
                data,
                meta: ref('schemas', names.meta),
              },
            },
          },
        };
      }
      out[String(status)] = response;
    }
    return { ...out, ...errorResponses(route) };
  }

  return {
    codes,
    components: { schemas, responses, headers },
    operationResponses,
    errorResponses,
    routeHeaders,
    routeCodes,
  };
}

/** `meta`, with examples: its pattern alone makes documentation tools invent unreadable ones. */
function metaSchema(): JsonSchema {
  const schema = toJsonSchema(MetaSchema);
  const properties = schema.properties as Record<string, JsonSchema>;
  for (const [key, value] of Object.entries(EXAMPLE_META)) properties[key] = { ...properties[key], examples: [value] };
  return { ...schema, description: 'On every answer, success or error.' };
}

function codeDoc(entry: CatalogEntry, options: ComponentsOptions): CodeDoc {
  const definition = options.catalog.definition(entry.code);
  const given = options.examples?.[entry.code] ?? {};
  const standard = STANDARD_EXAMPLES[entry.code] ?? {};
  const params =
    entry.params === null ? undefined : (given.params ?? standard.params ?? exampleOf(toJsonSchema(entry.params)));
  let message = given.message ?? entry.message;
  if (given.message === undefined && typeof definition?.message === 'function') {
    try {
      message = definition.message(params as never);
    } catch {
      // a message function that needs more than the example gives: the listing's title stands
    }
  }
  let sent: string[] = [];
  try {
    sent = Object.keys(definition?.headers?.(params as never) ?? {}).map((h) => headerName(h.toLowerCase()));
  } catch {
    // a headers function that needs more than the example gives: none documented
  }
  return { entry, headers: sent, example: { message, params, details: given.details ?? standard.details } };
}

/** The `error` object of one code: `code` is its `const`, so the union narrows on it. */
function errorSchema(entry: CatalogEntry): JsonSchema {
  const properties: Record<string, unknown> = {
    code: { type: 'string', const: entry.code },
    message: { type: 'string', examples: [entry.message] },
    details: { type: 'array', items: ref('schemas', names.detail) },
  };
  const required = ['code', 'message'];
  if (entry.params !== null) {
    properties.params = toJsonSchema(entry.params);
    required.push('params');
  }
  return {
    type: 'object',
    title: entry.code,
    description: describe(entry),
    required,
    additionalProperties: false,
    properties,
    'x-status': entry.status,
    'x-retryable': entry.retryable,
  };
}

/** The problem+json body of one code: the params are extension members, as errata sends them. */
function problemSchema(entry: CatalogEntry): JsonSchema {
  const properties: Record<string, unknown> = {
    ...(toJsonSchema(ProblemDetailsSchema).properties as Record<string, unknown>),
    status: { type: 'integer', const: entry.status },
    code: { type: 'string', const: entry.code },
  };
  const required = ['type', 'title', 'status', 'detail', 'instance', 'code', 'request_id', 'timestamp'];
  if (entry.params !== null) {
    for (const property of propertiesOf(toJsonSchema(entry.params))) {
      if (property.name in properties) continue; // errata never lets a param override a standard member
      properties[property.name] = property.schema;
      if (property.required) required.push(property.name);
    }
  }
  return { type: 'object', title: entry.code, description: describe(entry), required, properties };
}

function describe(entry: CatalogEntry): string {
  const retry = entry.retryable ? 'Retryable.' : 'Not retryable.';
  return [`${entry.status} ${statuses.message[entry.status] ?? ''}: ${entry.message}`, entry.description, retry]
    .filter(Boolean)
    .join(' ');
}
