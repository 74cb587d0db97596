/**
 * Divergences the fuzzer already knows about, each waiting for its fix. A problem is excused only when its check is
 * listed and the request matches; any other problem fails the fuzz test. Remove an entry when its issue is fixed:
 * `pnpm fuzz --ignore-known` shows what the list hides.
 */
import type { Check } from './compare';
import type { FuzzRequest } from './request';

export interface KnownDivergence {
  /** Short name, shown in reports. */
  name: string;
  /** The issue that will fix it. */
  issue: number;
  /** What differs and why. */
  reason: string;
  /** The checks it excuses (compare.ts). */
  checks: readonly Check[];
  /** The requests it excuses. */
  matches(request: FuzzRequest): boolean;
  /** A request it excuses that shows it today: the fuzz test fails once this one no longer diverges. */
  example: FuzzRequest;
}

const get = (target: string): FuzzRequest => ({ method: 'GET', target, headers: [] });
const post = (target: string, contentTypes: string[], text?: string, extra: [string, string][] = []): FuzzRequest => ({
  method: 'POST',
  target,
  headers: [...contentTypes.map((type): [string, string] => ['content-type', type]), ...extra],
  ...(text === undefined ? {} : { body: { text, encoding: 'utf8' as const, framing: 'length' as const } }),
});
const ORDER = '{"symbol":"BTCUSDT","side":"buy","quantity":1}';

// --------------------------------------------------------------------------------------- what a request looks like

const pathOf = (request: FuzzRequest) => request.target.split(/[?#]/, 1)[0] as string;
const queryOf = (request: FuzzRequest) => /\?([^#]*)/.exec(request.target)?.[1] ?? '';
const headers = (request: FuzzRequest, name: string) =>
  request.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
/** The first Content-Type, as Node's `req.headers` keeps it (later ones are dropped). */
const contentType = (request: FuzzRequest) => headers(request, 'content-type')[0];
const mediaType = (request: FuzzRequest) => contentType(request)?.split(';', 1)[0]?.trim().toLowerCase();
const isJsonType = (request: FuzzRequest) => mediaType(request) === 'application/json';
const bodyText = (request: FuzzRequest) => request.body?.text ?? '';
const hasBody = (request: FuzzRequest) => bodyText(request).length > 0;

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
function decoded(path: string): string {
  return decodes(path) ? decodeURIComponent(path) : path;
}

/** Methods Fastify 5 reads a body for, on every route (fastify.js `bodywith`). */
const FASTIFY_BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY']);
/** The fixture routes that read a body. */
const BODY_ROUTES = new Set(['/echo', '/validate/body']);
const isBodyRoute = (request: FuzzRequest) =>
  BODY_ROUTES.has(decoded(pathOf(request)).toLowerCase().replace(/\/$/, ''));

/** Deepest nesting of arrays and objects in a JSON text (strings skipped). */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

export const KNOWN_DIVERGENCES: readonly KnownDivergence[] = [
  // ------------------------------------------------------------------------------------------------ thrown values
  {
    name: 'hono-sees-another-thrown-value',
    issue: 10,
    reason:
      "A thrown revoked Proxy makes the fixture's mapper throw, so core answers its static 500 (always " +
      "application/json) in Express and Fastify; Hono's compose() trips over the proxy itself and hands errata its own " +
      'TypeError, answered as a normal 500 (problem+json when asked).',
    checks: ['header:content-type', 'body', 'framing'],
    matches: (request) => /^\/(throw|reject)\/revoked-proxy$/i.test(decoded(pathOf(request))),
    example: { method: 'GET', target: '/throw/revoked-proxy', headers: [['accept', 'application/problem+json']] },
  },
  // ----------------------------------------------------------------------------------------------------- routing
  {
    name: 'hono-dot-segments',
    issue: 10,
    reason:
      '@hono/node-server builds the URL with new URL(), which resolves dot segments (/x/../ok is /ok, /ok/. is /ok/) ' +
      'before Hono sees it; Express and Fastify route the path as sent (and problem+json `instance` is that path, ' +
      'Hono\'s the resolved one). Kept by decision (adapters\' READMEs, "Routing"): the resolution happens in the ' +
      'server integration, before any middleware.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /\/(\.|%2e){1,2}(\/|$)/i.test(pathOf(request)),
    example: get('/x/../ok'),
  },
  {
    name: 'express-if-none-match',
    issue: 10,
    reason:
      "If-None-Match on a success: Express's res.send() answers 304 Not Modified when req.fresh (If-None-Match: * is " +
      'always fresh; the fixture keeps ETags on); Hono and Fastify answer 200.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => headers(request, 'if-none-match').length > 0,
    example: { method: 'GET', target: '/ok', headers: [['if-none-match', '*']] },
  },
  // ------------------------------------------------------------------------------------------------------ bodies
  {
    name: 'fastify-parses-every-body',
    issue: 10,
    reason:
      'Fastify parses the body of every POST/PUT/PATCH/DELETE/OPTIONS/QUERY request before routing it, 404s and 405s ' +
      'included: a Content-Type it has no parser for, or none with a body, is 415; an empty or broken JSON body is 400 ' +
      'INVALID_JSON. Express and Hono read a body only on routes that ask for it.',
    checks: ['status', 'body', 'framing'],
    matches: (request) =>
      FASTIFY_BODY_METHODS.has(request.method) &&
      !(request.method === 'POST' && isBodyRoute(request)) &&
      (hasBody(request) || request.body?.framing === 'chunked' || contentType(request) !== undefined),
    example: post('/methods', [], '{}'),
  },
  {
    name: 'express4-strict-content-type',
    issue: 10,
    reason:
      'Express 4 (body-parser 1, content-type 1) refuses a Content-Type with a dangling ";" or a repeated parameter ' +
      'with 415; Express 5, Hono and Fastify read the media type and go on.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => {
      const type = contentType(request) ?? '';
      const names = [...type.matchAll(/;\s*([^=;\s]+)\s*=/g)].map(([, name]) => name?.toLowerCase());
      return /;\s*$/.test(type) || new Set(names).size !== names.length;
    },
    example: post('/echo', ['application/json;'], '{}'),
  },
  {
    name: 'hono-joins-content-types',
    issue: 10,
    reason:
      'Two Content-Type headers: Node keeps the first for Express and Fastify; @hono/node-server joins them ' +
      '("application/json, text/plain"), which is no media type (415).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => headers(request, 'content-type').length > 1,
    example: post('/echo', ['application/json', 'text/plain'], '{}'),
  },
  {
    name: 'json-suffix-types',
    issue: 10,
    reason:
      "Hono's validator takes any application/*+json body; Express's e.requireJson() and Fastify's parser take " +
      'application/json only (415). market-api configures +json in all three; the fixture does not.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /^application\/[^;]+\+json$/.test(mediaType(request) ?? ''),
    example: post('/validate/body', ['application/merge-patch+json'], ORDER),
  },
  {
    name: 'express-strict-json',
    issue: 10,
    reason:
      "The Express fixture's express.json() is strict: a top-level null, number, string or boolean is 400 " +
      'INVALID_JSON; Hono and Fastify parse it (echo, or VALIDATION_ERROR). market-api sets strict: false.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => {
      try {
        const value: unknown = JSON.parse(bodyText(request).replace(/^\ufeff/, ''));
        return value === null || typeof value !== 'object';
      } catch {
        return false;
      }
    },
    example: post('/echo', ['application/json'], 'true'),
  },
  {
    name: 'content-encoding',
    issue: 10,
    reason:
      'A Content-Encoding other than identity: body-parser inflates gzip/deflate (Express 5 also br), answers 400 for ' +
      'bytes that do not inflate and 415 for other codings (and for "identity, identity"); Hono and Fastify ignore ' +
      'the header and parse the raw bytes.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => {
      const codings = headers(request, 'content-encoding');
      return codings.length > 1 || codings.some((coding) => coding.trim().toLowerCase() !== 'identity');
    },
    example: post('/echo', ['application/json'], '{}', [['content-encoding', 'gzip']]),
  },
  {
    name: 'deep-nesting',
    issue: 10,
    reason:
      "Deeply nested JSON (a few thousand levels, well under the body limit) overflows the stack: in TypeBox's " +
      "recursive Value.Clone during validation, and in core's JSON.stringify of a success that carries it. 500 " +
      'INTERNAL_ERROR with the RangeError logged as a server error; at which depth depends on how deep each ' +
      "framework's stack already is (Express 5 from ~2,200 levels on a validated body, Fastify near 8,000, Express 4 " +
      'and Hono not below 8,000; echoed: ~2,200 in Hono, ~4,100 in the others).',
    checks: ['server-error', 'status', 'body', 'framing'],
    matches: (request) => nesting(bodyText(request)) > 500,
    // Echoed, 7,000 levels overflow JSON.stringify in every framework
    example: post('/echo', ['application/json'], `${'['.repeat(7000)}1${']'.repeat(7000)}`),
  },
  {
    name: 'proto-keys',
    issue: 10,
    reason:
      'A "__proto__" or "constructor" key in a JSON body: Fastify removes it (onProtoPoisoning: remove) and Hono\'s ' +
      'validator copy drops it; Express keeps it as an own key and echoes it.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /"(__proto__|constructor)"/.test(bodyText(request)),
    example: post('/echo', ['application/json'], '{"a":1,"__proto__":{"admin":true}}'),
  },
  // ------------------------------------------------------------------------------------------ queries, answers
  {
    name: 'express4-extended-query',
    issue: 10,
    reason:
      "Express 4's default query parser is qs (extended): limit[0]=1 is an array, symbol[a]=x an object; Express 5, " +
      'Hono and Fastify keep the key as written.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /\[|%5b/i.test(queryOf(request)),
    example: get('/validate/query?symbol=BTCUSDT&limit[0]=1'),
  },
];
