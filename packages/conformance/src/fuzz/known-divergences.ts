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

// --------------------------------------------------------------------------------------- what a request looks like

const pathOf = (request: FuzzRequest) => request.target.split(/[?#]/, 1)[0] as string;
const headers = (request: FuzzRequest, name: string) =>
  request.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
/** The first Content-Type, as Node's `req.headers` keeps it (later ones are dropped). */
const contentType = (request: FuzzRequest) => headers(request, 'content-type')[0];
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

/** The fixture's POST routes whose handler reads no body. */
const ROUTED_WITHOUT_BODY = new Set(['/created', '/methods']);
/** The fixture's routes that read a body. */
const BODY_ROUTES = new Set(['/echo', '/validate/body']);
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
  // ------------------------------------------------------------------------------------------------------ bodies
  {
    name: 'fastify-parses-every-body',
    issue: 10,
    reason:
      'Fastify parses the body of every POST/PUT/PATCH/DELETE/OPTIONS/QUERY request to a route, those whose handler ' +
      "never reads it included (the fixture's POST /created and /methods): a Content-Type it has no parser for, or " +
      'none with a body, is 415; an empty or broken JSON body is 400 INVALID_JSON. Express and Hono read a body only ' +
      'on routes that ask for it. (Unrouted requests answer 404/405 before any parsing, in every adapter.)',
    checks: ['status', 'body', 'framing'],
    matches: (request) =>
      request.method === 'POST' &&
      ROUTED_WITHOUT_BODY.has(decoded(pathOf(request))) &&
      (hasBody(request) || request.body?.framing === 'chunked' || contentType(request) !== undefined),
    example: post('/methods', [], '{}'),
  },
  {
    name: 'no-body-value',
    issue: 10,
    reason:
      "No body and no Content-Type on a route that reads one: Express 4's body-parser 1 sets req.body = {} and " +
      "Hono's validator('json') reads {}; Express 5 and Fastify leave the body undefined (echoed as null, refused " +
      'by the schema as no object, with another detail).',
    checks: ['body', 'framing'],
    matches: (request) =>
      request.method === 'POST' &&
      BODY_ROUTES.has(decoded(pathOf(request))) &&
      !hasBody(request) &&
      request.body?.framing !== 'chunked' &&
      contentType(request) === undefined,
    example: post('/echo', []),
  },
  {
    name: 'empty-chunked-json',
    issue: 10,
    reason:
      'An empty chunked body with a JSON Content-Type: nothing frames it as empty up front, so core cannot refuse ' +
      "it before reading; body-parser then reads zero bytes as {} (Express echoes or validates {}), Hono's and " +
      "Fastify's parsers answer INVALID_JSON, as core's rule does for an empty framed body.",
    checks: ['status', 'body', 'framing'],
    matches: (request) =>
      request.body?.framing === 'chunked' &&
      !hasBody(request) &&
      /^\s*application\/([^;,\s]+\+)?json\s*(;|$)/i.test(contentType(request) ?? ''),
    example: {
      method: 'POST',
      target: '/echo',
      headers: [['content-type', 'application/json']],
      body: { text: '', encoding: 'utf8', framing: 'chunked' },
    },
  },
  // ------------------------------------------------------------------------------------------ queries, answers
  {
    name: 'hono-drops-empty-query-key',
    issue: 10,
    reason:
      'A query parameter with an empty name (?=x, or &=x): Hono drops it; Express (the simple parser, node:querystring) ' +
      'and Fastify keep it under "" (echoed by a validated query whose schema allows more keys).',
    checks: ['body', 'framing'],
    matches: (request) => /(^|&)=/.test(/\?([^#]*)/.exec(request.target)?.[1] ?? ''),
    example: get('/validate/query?symbol=BTCUSDT&=BTCUSDT'),
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
