import { byteLength } from './byte-length';
import type { Errata } from './create-errata';
import type { StandardCode } from './standard-codes';
import { statusText } from './to-problem';

/**
 * Lower-case only, as @hono/node-server reads it (`HTTP://host/` is refused there): one answer, 400, for the
 * upper-case form everywhere.
 */
const ABSOLUTE_FORM = /^https?:\/\//;

/** A host Node's legacy url.parse reads as one (its hostname characters, or an IPv6 literal), with an optional port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9._+-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

/**
 * An origin-form target without a backslash or a fragment, what nearly every request sends: its path is all before
 * the first `?`, as `generalTargetPath` reads it (request-target.test.ts pins the two against each other). Adapters
 * read the path on every request (the target rule, then `instance` and logs), so the common case is one regex test.
 */
const PLAIN_ORIGIN_FORM = /^\/[^?#\\]*(?:\?[^#]*)?$/;

/**
 * The path of a request target as a router matches it: the query and a fragment cut off, and the path of an
 * absolute-form target (`http://host/ok` → `/ok`, RFC 9112 §3.2.2). Nothing is decoded and no dot segment resolved:
 * problem+json `instance`, logs and the 404/405 lookup see the path as sent. A target that is no URL (see
 * `targetProblem`) has no path: `''`, as for a request refused before one was read.
 * @example targetPath('http://127.0.0.1/ok?x=1#top') // '/ok'
 */
export function targetPath(target: string): string {
  if (!PLAIN_ORIGIN_FORM.test(target)) return generalTargetPath(target);
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/** `targetPath` for any target: the rule itself, which the fast path above must always agree with. */
export function generalTargetPath(target: string): string {
  let path = target;
  if (ABSOLUTE_FORM.test(path)) {
    // An absolute-URI has no fragment (RFC 9112 §3.2.2), and Fastify refuses one with it
    if (path.includes('#') || !URL.canParse(path)) return '';
    const authority = path.indexOf('//') + 2;
    const end = path.slice(authority).search(/[/?#]/); // the authority ends at the path, the query or a fragment
    // Userinfo (`http://user@host/`): "treat its presence as an error" (RFC 9110 §4.2.4); Express's URL parser
    // throws on a bad escape in it, and the router then answers before any middleware
    const host = end === -1 ? path.slice(authority) : path.slice(authority, authority + end);
    // No host (`http:///127.0.0.1/ok`: a URL parser skips the third slash, a router reads the rest as the path). A
    // host of other characters than a name's, an IPv4's or a bracketed IPv6's (`%31`, `;`, `'`, `{`…): a URL parser
    // takes them, Node's legacy url.parse (Express's router, through parseurl) takes the host for the start of the path
    if (host === '' || host.includes('@') || !PLAIN_HOST.test(host)) return '';
    path = end === -1 ? '/' : path.slice(authority + end);
  } else if (path[0] !== '/') return '';
  // A URL parser reads a backslash as `/`, a router as a byte: no one path. @hono/node-server reads it up to the
  // query, a fragment included.
  const query = path.indexOf('?');
  if ((query === -1 ? path : path.slice(0, query)).includes('\\')) return '';
  // A `?` inside a fragment (`/a#f?x=1`): a URL parser (Express, Hono) reads no query, Fastify reads `x=1`. An
  // origin-form target has no fragment at all (RFC 9112 §3.2.1): refused, so no two frameworks read two queries.
  const fragment = path.indexOf('#');
  if (fragment !== -1 && query > fragment) return '';
  const end = path.search(/[?#]/);
  const cut = end === -1 ? path : path.slice(0, end);
  return cut === '' ? '/' : cut;
}

/**
 * Origin-form with no backslash, `#` or `%`, and too short to hold more than MAX_QUERY_FIELDS fields: every rule
 * below lets such a target through, and most requests send one. One regex test costs a third of the general path
 * (22 vs 64 ns, bench/RESULTS.md), which runs for every request.
 */
const PLAIN_TARGET = /^\/[^\\#%]*$/;

function decodes(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The most `&`-separated fields of a query every adapter reads whole: Node's `querystring.parse` (Express's simple
 * query parser) and qs (its extended one) stop at 1000 (`maxKeys`, `parameterLimit`) and drop the rest without a
 * word; Hono's and Fastify's parsers read them all. Empty fields count, as Node counts them.
 */
const MAX_QUERY_FIELDS = 1000;

/** Whether the query of a target has more fields than MAX_QUERY_FIELDS. */
function tooManyQueryFields(target: string): boolean {
  const start = target.indexOf('?');
  // Fewer characters than separators needed: the common case costs one indexOf
  if (start === -1 || target.length - start <= MAX_QUERY_FIELDS) return false;
  const fragment = target.indexOf('#', start);
  const end = fragment === -1 ? target.length : fragment;
  let separators = 0;
  for (let i = target.indexOf('&', start); i !== -1 && i < end; i = target.indexOf('&', i + 1)) {
    if (++separators >= MAX_QUERY_FIELDS) return true;
  }
  return false;
}

/** A run of well-formed %-escapes, decoded together (a character's UTF-8 bytes are escaped one by one). */
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Whether the escapes of a query decode as UTF-8. Node's querystring (Express) reads `%E2%82` or `%FF` as U+FFFD,
 * Hono's and Fastify's parsers keep the escapes as sent: no one value. A malformed escape (`%zz`) is no escape at
 * all, kept as sent by every parser.
 */
function queryDecodes(target: string): boolean {
  const start = target.indexOf('?');
  if (start === -1 || target.indexOf('%', start) === -1) return true;
  const fragment = target.indexOf('#', start);
  const query = target.slice(start + 1, fragment === -1 ? target.length : fragment);
  try {
    decodeURIComponent(query);
    return true; // the common case: every escape is UTF-8, nothing is malformed
  } catch {
    for (const [run] of query.matchAll(ESCAPE_RUN)) {
      try {
        decodeURIComponent(run);
      } catch {
        return false;
      }
    }
    return true;
  }
}

/**
 * What is wrong with a request target before any route is looked up, the one rule every adapter applies: a target
 * that is no URL (neither origin-form `/…` nor an absolute `http(s)` URL with a lower-case scheme, a plain host and
 * no fragment, e.g. `*`, `http://*host/`, `HTTP://host/`, `http://user@host/`, `http://a;b/` or `http://host/ok#x`),
 * a backslash before the query, a `?` inside a fragment (`/a#f?x`: URL parsers read no query, find-my-way reads one),
 * a malformed %-escape in the path (`/%zz`, invalid UTF-8), an escape of invalid UTF-8 in the query (`?q=caf%E9`),
 * or a query of more than MAX_QUERY_FIELDS fields (Express would drop the rest, Hono and Fastify read them) is
 * BAD_REQUEST. The rest of the query is its parser's business (a malformed escape, `?q=%zz`, is kept as sent
 * everywhere).
 * @example targetProblem('/%zz') // 'BAD_REQUEST'
 */
export function targetProblem(target: string): Extract<StandardCode, 'BAD_REQUEST'> | undefined {
  if (target.length <= MAX_QUERY_FIELDS && PLAIN_TARGET.test(target)) return undefined;
  return generalTargetProblem(target);
}

/** `targetProblem` for any target: the rule itself, which the fast path above must always agree with. */
export function generalTargetProblem(target: string): Extract<StandardCode, 'BAD_REQUEST'> | undefined {
  const path = targetPath(target);
  if (path === '' || !decodes(path)) return 'BAD_REQUEST';
  return tooManyQueryFields(target) || !queryDecodes(target) ? 'BAD_REQUEST' : undefined;
}

/**
 * The path as Hono's and Fastify's routers match it, for a router that matches the raw path (Express): dot segments
 * resolved (`resolveDotSegments`), %-escapes decoded as `decodeURI` decodes them (those of reserved characters, `%2F`
 * `%3F` `%23`…, kept, so segments and parameters stay as sent) and `%25` kept, as find-my-way keeps it (a decoded `%`
 * would be decoded again). Escapes
 * of whitespace and control characters stay too: Node's URL parser would trim or re-escape them, and a parameter
 * still decodes them once.
 * @example routedPath('/x/../%6Fk/caf%C3%A9/a%2Fb') // '/ok/café/a%2Fb'
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
const UNSAFE_DECODED = /[\u0000-\u0020\u007f\u00a0\ufeff]/g;

export function routedPath(path: string): string {
  const resolved = resolveDotSegments(path);
  if (!resolved.includes('%')) return resolved;
  return resolved.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURI(run.replace(/%25/g, '%2525')).replace(UNSAFE_DECODED, encodeURIComponent);
    } catch {
      return run; // not UTF-8: targetProblem refuses the request before any route
    }
  });
}

/** `.`, `%2e` (single) and `..`, `.%2e`, `%2e.`, `%2e%2e` (double), any case: the dot segments a URL parser reads. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
const MAY_HAVE_DOT_SEGMENT = /\/(?:\.|%2e)/i;

/**
 * An origin-form path with its dot segments resolved as a URL parser resolves them (WHATWG URL, RFC 3986 §5.2.4):
 * `/x/../ok` is `/ok`, `/ok/.` is `/ok/`, `/..` is `/`, `%2e` read as a dot. @hono/node-server builds every request
 * URL with `new URL()`, and Bun, Deno and workerd hand Hono a parsed URL, so Hono routes the resolved path; Express
 * (`routedPath`) and Fastify (`errataServerOptions().rewriteUrl`) route it too, so a path has one meaning everywhere.
 * Nothing is decoded; `instance` and logs keep the path as sent (`targetPath`).
 */
function resolveDotSegments(path: string): string {
  if (!MAY_HAVE_DOT_SEGMENT.test(path)) return path;
  const segments = path.split('/');
  const resolved: string[] = [];
  // segments[0] is the '' before the leading slash
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (!DOT_SEGMENT.test(segment)) resolved.push(segment);
    else {
      if (segment.length > 1 && segment.toLowerCase() !== '%2e') resolved.pop(); // a double dot: up one segment
      if (last) resolved.push(''); // `/ok/.` and `/x/..` keep their trailing slash
    }
  }
  return `/${resolved.join('/')}`;
}

/** The target with its path (origin- or absolute-form) passed through `map`; the query and what follows kept. */
function mapPath(target: string, map: (path: string) => string): string {
  if (!target.includes('%') && !target.includes('/.')) return target; // nothing to decode or resolve
  const start = target[0] === '/' ? 0 : target.indexOf('/', target.indexOf('//') + 2);
  const end = target.search(/[?#]/);
  if (start === -1 || (end !== -1 && start > end)) return target; // an absolute URL without a path
  const path = end === -1 ? target.slice(start) : target.slice(start, end);
  const mapped = map(path);
  return mapped === path ? target : target.slice(0, start) + mapped + (end === -1 ? '' : target.slice(end));
}

/**
 * A request target as a router that matches the raw path (Express) must see it to route as Hono and Fastify do: its
 * path through `routedPath` (dot segments resolved, %-escapes decoded), the query kept.
 * @example routedTarget('/x/../%6Fk?a=%41') // '/ok?a=%41'
 */
export function routedTarget(target: string): string {
  return mapPath(target, routedPath);
}

/**
 * A request target with the dot segments of its path resolved (`resolveDotSegments`), nothing decoded: what Fastify's
 * `rewriteUrl` hands its router, which decodes %-escapes itself.
 * @example resolvedTarget('http://host/x/%2e%2e/ok?a') // 'http://host/ok?a'
 */
export function resolvedTarget(target: string): string {
  return mapPath(target, resolveDotSegments);
}

/** What a Node server hands a `clientError` listener: the connection, before any request object exists. */
export interface ClientSocket {
  readonly writable: boolean;
  readonly destroyed: boolean;
  end(data: string): void;
  destroy(): void;
}

/** Statuses for the errors Node's HTTP parser raises (as Node's own default `clientError` answers them). */
const CLIENT_ERROR_STATUS: ReadonlyMap<string, number> = new Map([
  ['HPE_HEADER_OVERFLOW', 431],
  ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
  ['ERR_HTTP_REQUEST_TIMEOUT', 408],
]);

/**
 * The raw HTTP/1.1 answer to a request Node's parser refused before any framework saw it (a `clientError`: a byte
 * outside printable ASCII in the target, an unknown method, a head over the header limit…): errata's envelope with a
 * fresh request id (no request was parsed, so none was sent), 431/413/408 where Node would answer them and 400
 * BAD_REQUEST otherwise, and `Connection: close`. The onError hook hears of it with an empty method and path.
 * `undefined` when there is nothing to answer (the client reset the connection).
 * @example socket.end(clientErrorResponse(errata, error))
 */
export function clientErrorResponse(errata: Errata, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET') return undefined;
  const status = (typeof code === 'string' && CLIENT_ERROR_STATUS.get(code)) || 400;
  const thrown =
    status === 400 ? errata.catalog.BAD_REQUEST() : Object.assign(new Error(statusText(status)), { status });
  const requestId = errata.requestId(undefined);
  const answer = errata.respond(thrown, { requestId, method: '', path: '' });
  const headers: Record<string, string> = {
    ...answer.headers,
    [errata.requestIdHeader]: requestId,
    'content-length': String(byteLength(answer.body)),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${answer.status} ${statusText(answer.status) ?? 'Error'}\r\n${head.join('')}\r\n${answer.body}`;
}

/**
 * Whether a request's connection is already ended: answered and closed by `clientErrorListener` (Node's parser
 * refused what followed the head) or closed by the client. Nothing routed for it could reach anyone.
 * @example if (!connectionEnded(req.socket)) next()
 */
export function connectionEnded(
  socket: { readonly destroyed: boolean; readonly writableEnded?: boolean } | null | undefined,
): boolean {
  return socket === null || socket === undefined || socket.destroyed || socket.writableEnded === true;
}

/**
 * A `clientError` listener for a Node HTTP server that answers with `clientErrorResponse`, then closes the connection.
 * A socket already answering another request (a pipelined one) is only closed: bytes written now would be glued to
 * that response.
 * @example server.on('clientError', clientErrorListener(errata))
 */
export function clientErrorListener(errata: Errata): (error: Error, socket: ClientSocket) => void {
  return function errataClientError(error, socket) {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    const text = socket.destroyed || inFlight?.headersSent ? undefined : clientErrorResponse(errata, error);
    if (text === undefined || !socket.writable) socket.destroy();
    else socket.end(text);
  };
}
