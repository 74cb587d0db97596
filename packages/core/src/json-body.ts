const JSON_MEDIA_TYPE = /^application\/([\w.!#$&^-]+\+)?json$/;

/** `application/json` and every `application/…+json` flavour, lower-cased, without parameters. */
function isJsonMediaType(mediaType: string): boolean {
  return JSON_MEDIA_TYPE.test(mediaType);
}

/** A zero Content-Length however it is written: `0`, `00`, ` 000 ` (Node's parser reads each as 0). */
const ZERO_LENGTH = /^\s*0+\s*$/;

/**
 * Whether an HTTP/1.1 request has a body, from its framing headers (RFC 9112 §6.3): a `Transfer-Encoding`, or a
 * `Content-Length` other than 0. The length is a decimal number (RFC 9110 §8.6): `00` is no body too, where
 * body-parser would read its zero bytes as `{}` and Hono's and Fastify's parsers as an empty JSON body.
 * @example hasBody('00', undefined) // false
 */
export function hasBody(
  contentLength: string | null | undefined,
  transferEncoding: string | null | undefined,
): boolean {
  if (transferEncoding !== undefined && transferEncoding !== null) return true;
  if (contentLength === undefined || contentLength === null || contentLength === '0') return false;
  return !ZERO_LENGTH.test(contentLength);
}

/**
 * Whether Node's HTTP parser may still refuse this request after handing it on: a `Transfer-Encoding` other than
 * `chunked` alone. One whose last coding is not chunked (`gzip`, `chunked, gzip`) leaves the body's length unknown
 * (RFC 9112 §6.3: 400 and close); Node's parser says so only once its request callback has returned, through
 * `clientError`. An adapter that can answer within that callback (Express, Fastify: a synchronous route) waits one
 * macrotask for that verdict before routing, so the answer is `clientErrorResponse`'s in every adapter, as it is
 * where the framework is asynchronous (@hono/node-server), and no route runs for a request Node refused.
 * @example framingInDoubt('gzip') // true
 */
export function framingInDoubt(transferEncoding: string | undefined): boolean {
  return transferEncoding !== undefined && transferEncoding.toLowerCase() !== 'chunked';
}

/** RFC 9110 §5.6.2 `token`. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const VALUE = `(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`;
/** As content-type 1.x parses it (Express 4 and 5): spaces around `;` and `=` allowed, nothing else. */
const MEDIA_TYPE = new RegExp(`^ *(${TOKEN}/${TOKEN}) *((?:; *${TOKEN} *= *${VALUE} *)*)$`);
const PARAMETER = new RegExp(`; *(${TOKEN}) *= *(${VALUE})`, 'g');

/**
 * One media type and its parameters, lower-cased (values unquoted), or undefined for anything else: a list (two
 * Content-Type lines, which @hono/node-server joins with ", "), a dangling `;`, a parameter without a value or given
 * twice. Express 4 (content-type 1.x) refuses all of these, so every adapter refuses them alike.
 */
function parseMediaType(contentType: string): { type: string; parameters: Map<string, string> } | undefined {
  const match = MEDIA_TYPE.exec(contentType);
  if (match === null) return undefined;
  const parameters = new Map<string, string>();
  for (const [, name = '', value = ''] of (match[2] ?? '').matchAll(PARAMETER)) {
    const key = name.toLowerCase();
    if (parameters.has(key)) return undefined;
    parameters.set(key, value.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1'));
  }
  return { type: (match[1] as string).toLowerCase(), parameters };
}

/**
 * The one rule every adapter applies to a body that must be JSON, before reading it: a body of another media type, a
 * Content-Type that is not exactly one well-formed media type (two of them, a dangling `;`, a repeated parameter), or
 * JSON in a charset other than UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8), is
 * UNSUPPORTED_MEDIA_TYPE, with or without a body (an empty Content-Type too: Fastify refuses it before any body);
 * a JSON content type with an empty body is INVALID_JSON (nothing to parse is not JSON); no body and no
 * Content-Type header passes (the schema decides whether a body is required).
 * @example jsonBodyProblem('text/plain', true) // 'UNSUPPORTED_MEDIA_TYPE'
 */
export function jsonBodyProblem(
  contentType: string | null | undefined,
  withBody: boolean,
  accepts: (mediaType: string) => boolean = isJsonMediaType,
): 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_JSON' | undefined {
  if (contentType === undefined || contentType === null) return withBody ? 'UNSUPPORTED_MEDIA_TYPE' : undefined;
  const parsed = parseMediaType(contentType);
  if (parsed === undefined || !accepts(parsed.type)) return 'UNSUPPORTED_MEDIA_TYPE';
  const charset = parsed.parameters.get('charset')?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return 'UNSUPPORTED_MEDIA_TYPE';
  return withBody ? undefined : 'INVALID_JSON';
}

/**
 * The rule for `Content-Encoding` on a body errata reads: none, or `identity`, passes; any other coding (gzip, br, a
 * list) is UNSUPPORTED_MEDIA_TYPE (RFC 9110 §8.4.1: 415 for a coding the server does not accept), unless it is one the
 * app opted in to (then its body parser must inflate it: only body-parser does, in Express). Without a body there is
 * nothing coded: the header is ignored, and jsonBodyProblem decides.
 * @example contentEncodingProblem('gzip', true) // 'UNSUPPORTED_MEDIA_TYPE'
 */
export function contentEncodingProblem(
  contentEncoding: string | null | undefined,
  withBody: boolean,
  accepted: readonly string[] = [],
): 'UNSUPPORTED_MEDIA_TYPE' | undefined {
  if (!withBody || contentEncoding === undefined || contentEncoding === null) return undefined;
  const coding = contentEncoding.trim().toLowerCase();
  if (coding === 'identity' || accepted.includes(coding)) return undefined;
  return 'UNSUPPORTED_MEDIA_TYPE';
}

/**
 * A header's value from Node's `rawHeaders` with every line of it, joined by ", " as the Fetch API (and so
 * @hono/node-server) joins them; Node's `headers` keeps only the first Content-Type, and core must see two types.
 * @example headerLines(['Content-Type', 'a/b', 'content-type', 'c/d'], 'content-type') // 'a/b, c/d'
 */
export function headerLines(rawHeaders: readonly string[], name: string): string | undefined {
  let joined: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = rawHeaders[i + 1] as string;
    joined = joined === undefined ? value : `${joined}, ${value}`;
  }
  return joined;
}
