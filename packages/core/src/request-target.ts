import { byteLength } from './byte-length';
import type { Errata } from './create-errata';
import type { StandardCode } from './standard-codes';
import { statusText } from './to-problem';

/**
 * Lower-case only, as @hono/node-server reads it (`HTTP://host/` is refused there): one answer, 400, for the
 * upper-case form everywhere.
 */
const ABSOLUTE_FORM = /^https?:\/\//;

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
    // No host (`http:///127.0.0.1/ok`: a URL parser skips the third slash, a router reads the rest as the path)
    if (host === '' || host.includes('@')) return '';
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
 * What is wrong with a request target before any route is looked up, the one rule every adapter applies: a target
 * that is no URL (neither origin-form `/…` nor an absolute `http(s)` URL with a lower-case scheme and no fragment,
 * e.g. `*`, `http://*host/`, `HTTP://host/`, `http://user@host/` or `http://host/ok#x`), a backslash before the query, a `?` inside a
 * fragment (`/a#f?x`: URL parsers read no query, find-my-way reads one), or a malformed
 * %-escape in the path (`/%zz`, invalid UTF-8) is BAD_REQUEST. The query is not checked:
 * its parser decides.
 * @example targetProblem('/%zz') // 'BAD_REQUEST'
 */
export function targetProblem(target: string): Extract<StandardCode, 'BAD_REQUEST'> | undefined {
  const path = targetPath(target);
  return path === '' || !decodes(path) ? 'BAD_REQUEST' : undefined;
}

/**
 * The path as Hono's and Fastify's routers match it, for a router that matches the raw path (Express): %-escapes
 * decoded as `decodeURI` decodes them (those of reserved characters, `%2F` `%3F` `%23`…, kept, so segments and
 * parameters stay as sent) and `%25` kept, as find-my-way keeps it (a decoded `%` would be decoded again). Escapes
 * of whitespace and control characters stay too: Node's URL parser would trim or re-escape them, and a parameter
 * still decodes them once.
 * @example routedPath('/%6Fk/caf%C3%A9/a%2Fb') // '/ok/café/a%2Fb'
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
const UNSAFE_DECODED = /[\u0000-\u0020\u007f\u00a0\ufeff]/g;

export function routedPath(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURI(run.replace(/%25/g, '%2525')).replace(UNSAFE_DECODED, encodeURIComponent);
    } catch {
      return run; // not UTF-8: targetProblem refuses the request before any route
    }
  });
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
