/**
 * Divergences the fuzzer already knows about, each waiting for its fix. A problem is excused only when its check is
 * listed and the request matches; any other problem fails the fuzz test. Remove an entry when its issue is fixed:
 * `pnpm fuzz --ignore-known` shows what the list hides.
 */
import { THROWN } from '../fixture';
import { CHECKS, type Check } from './compare';
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

/**
 * Bytes of the request head as `send` writes it (request line, Host, the headers, Connection, the framing header),
 * which Node's parser refuses above its 16 KiB limit (431).
 */
function headSize(request: FuzzRequest): number {
  const line = request.method.length + 1 + request.target.length + ' HTTP/1.1\r\n'.length;
  const own = request.headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
  const framing = request.body === undefined ? 0 : 'Content-Length: 00000\r\n'.length;
  return line + 'Host: 127.0.0.1:00000\r\n'.length + own + 'Connection: close\r\n'.length + framing + 2;
}

/** Methods Node's HTTP parser (llhttp) refuses before any JavaScript runs. */
const NODE_UNKNOWN_METHODS = new Set(['FOO']);

const ALL: readonly Check[] = CHECKS;

export const KNOWN_DIVERGENCES: readonly KnownDivergence[] = [
  // Reports name the first entry that excuses a problem: HEAD framing is always this one
  // ------------------------------------------------------------------------------- answered before errata runs
  {
    name: 'node-parser-rejects',
    issue: 10,
    reason:
      "Node's HTTP parser refuses the request (a raw byte outside printable ASCII in the target, an unknown method, a " +
      "head over 16 KiB) before any framework runs: Express and Hono send Node's bare 400/431 (no body, no id); " +
      "Fastify's default clientErrorHandler answers its own JSON ({error, message, statusCode}, no id).",
    checks: ALL,
    matches: (request) =>
      /[^\x21-\x7e]/.test(request.target) ||
      !/^(\/|\*|https?:\/\/)/.test(request.target) ||
      NODE_UNKNOWN_METHODS.has(request.method) ||
      headSize(request) > 16 * 1024, // Node refuses from 16,413 bytes by this count: a 28-byte margin
    example: get('/\u00e9'),
  },
  {
    name: 'hono-node-server-rejects-target',
    issue: 10,
    reason:
      '@hono/node-server cannot build a URL from an asterisk-form target or a backslash in the path and answers a bare ' +
      '400 itself (no envelope, no request id) unless serve() is given an errorHandler; Express and Fastify route it ' +
      '(404).',
    checks: ALL,
    // A backslash before the query (a fragment does not end the path for @hono/node-server)
    matches: (request) => request.target.startsWith('*') || /^[^?]*\\/.test(request.target),
    example: get('*'),
  },
  {
    name: 'absolute-form-bad-authority',
    issue: 10,
    reason:
      'An absolute-form target whose authority is no host (http://*127.0.0.1/ok): Express routes the path and ' +
      "ignores the authority (200); Fastify's URL parsing fails (400 BAD_REQUEST envelope); @hono/node-server answers " +
      'a bare 400 (no envelope, no id).',
    checks: ALL,
    matches: (request) =>
      /^https?:\/\//i.test(request.target) && !/^https?:\/\/[a-z0-9.-]+(:\d+)?([/?#]|$)/i.test(request.target),
    example: get('http://*127.0.0.1/ok'),
  },
  {
    name: 'absolute-form-path',
    issue: 10,
    reason:
      "An absolute-form target (http://127.0.0.1/ok): the routers route its path, but errata's Express and Fastify " +
      'adapters take the raw target as the path: Express looks up 405 methods for "http://…" (404 instead of 405), ' +
      'and problem+json `instance` is the whole URL in Express and Fastify, the path in Hono.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /^https?:\/\//i.test(request.target),
    example: { method: 'DELETE', target: 'http://127.0.0.1/ok', headers: [] },
  },
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
    name: 'malformed-percent-escape',
    issue: 10,
    reason:
      'A malformed %-escape in the path (/%zz): Fastify rejects it before routing (400 BAD_REQUEST); Express and Hono ' +
      'route it (404). In a route parameter Express and Fastify answer 400 BAD_REQUEST, Hono routes or validates the ' +
      'raw text (404, 405 or 400 VALIDATION_ERROR).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => !decodes(pathOf(request)),
    example: get('/%zz'),
  },
  {
    name: 'percent-encoded-path',
    issue: 10,
    reason:
      'Hono and Fastify decode %-escapes before matching routes (/%6Fk is /ok); Express matches the raw path, so its ' +
      'answer is a 404 where the others reach the route (and its handler, deliberate 5xx included).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /%[0-9a-f]{2}/i.test(pathOf(request)),
    example: get('/%6Fk'),
  },
  {
    name: 'hono-dot-segments',
    issue: 10,
    reason:
      '@hono/node-server builds the URL with new URL(), which resolves dot segments (/x/../ok is /ok, /ok/. is /ok/); ' +
      'Express and Fastify route the path as sent.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /\/(\.|%2e){1,2}(\/|$)/i.test(pathOf(request)),
    example: get('/x/../ok'),
  },
  {
    name: 'express-case-insensitive-routing',
    issue: 10,
    reason:
      "The Express fixture keeps Express's default case-insensitive routing (/OK matches /ok); Hono and Fastify route " +
      'case-sensitively (market-api sets `case sensitive routing`, the fixture does not).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /[A-Z]/.test(pathOf(request).replace(/%[0-9a-f]{2}/gi, '')),
    example: get('/OK'),
  },
  {
    name: 'express-trailing-slash',
    issue: 10,
    reason:
      "The Express fixture keeps Express's default non-strict routing (/ok/ matches /ok); Hono and Fastify do not " +
      '(market-api sets `strict routing`, the fixture does not).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /.\/$/.test(decoded(pathOf(request))),
    example: get('/ok/'),
  },
  {
    name: 'express-fragment-405',
    issue: 10,
    reason:
      "A fragment in the request target (/created#frag): Express routes without it, but errata's Express 404/405 " +
      'handler looks up the methods of the path with the fragment (404); Hono and Fastify strip it (405).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => request.target.includes('#'),
    example: { method: 'DELETE', target: '/created#frag', headers: [] },
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
  {
    name: 'fastify-max-param-length',
    issue: 10,
    reason:
      'Fastify answers 414 URI_TOO_LONG for a route parameter over its maxParamLength (100); Express and Hono pass ' +
      'it to the handler (400 VALIDATION_ERROR, 404 for an unknown THROWN name).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => /^\/(validate\/params|throw|reject)\/[^/]{101,}/i.test(decoded(pathOf(request))),
    example: get(`/validate/params/${'A'.repeat(101)}`),
  },
  {
    name: 'express-fixture-unknown-thrown',
    issue: 10,
    reason:
      "The Express fixture throws new Error('unknown …') for a /throw/:name or /reject/:name that is not in THROWN " +
      '(500); the Hono and Fastify fixtures answer 404.',
    checks: ['status', 'body', 'framing'],
    matches: (request) => {
      const match = /^\/(throw|reject)\/([^/]+)$/i.exec(pathOf(request));
      const name = match === null ? undefined : decoded(match[2] as string);
      return (
        (request.method === 'GET' || request.method === 'HEAD') && name !== undefined && THROWN[name] === undefined
      );
    },
    example: get('/throw/nope'),
  },
  {
    name: 'fastify-query-method',
    issue: 10,
    reason:
      'Fastify 5 routes QUERY (RFC 10008) as a method with a body and answers 400 BAD_REQUEST without a ' +
      'Content-Type; Express and Hono treat it as any unrouted method (405 or 404).',
    checks: ['status', 'body', 'framing'],
    matches: (request) => request.method === 'QUERY',
    example: { method: 'QUERY', target: '/ok', headers: [] },
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
  {
    name: 'hono-problem-instance',
    issue: 10,
    reason:
      "problem+json `instance`: Hono's c.req.path is decoded and dot-segment-resolved, Express and Fastify give the " +
      'path as sent.',
    checks: ['body'],
    matches: (request) =>
      headers(request, 'accept').some((accept) => /problem\+json/i.test(accept)) &&
      (/%[0-9a-f]{2}/i.test(pathOf(request)) || /\/(\.|%2e){1,2}(\/|$)/i.test(pathOf(request))),
    example: { method: 'GET', target: '/%6Fk/x', headers: [['accept', 'application/problem+json']] },
  },
];
