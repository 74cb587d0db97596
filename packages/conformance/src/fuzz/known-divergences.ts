/**
 * Divergences the fuzzer already knows about, each waiting for its fix. A problem is excused only when its check is
 * listed and the request matches; any other problem fails the fuzz test. Remove an entry when its issue is fixed:
 * `pnpm fuzz --ignore-known` shows what the list hides.
 */
import { routedPath, targetPath } from '@errata/core/adapter';
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

const post = (target: string, contentTypes: string[], text?: string, extra: [string, string][] = []): FuzzRequest => ({
  method: 'POST',
  target,
  headers: [...contentTypes.map((type): [string, string] => ['content-type', type]), ...extra],
  ...(text === undefined ? {} : { body: { text, encoding: 'utf8' as const, framing: 'length' as const } }),
});

// --------------------------------------------------------------------------------------- what a request looks like

/** The path every adapter routes: dot segments resolved, %-escapes decoded (core's routedPath). */
const routed = (request: FuzzRequest) => routedPath(targetPath(request.target));
const headers = (request: FuzzRequest, name: string) =>
  request.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
/** The first Content-Type, as Node's `req.headers` keeps it (later ones are dropped). */
const contentType = (request: FuzzRequest) => headers(request, 'content-type')[0];
const bodyText = (request: FuzzRequest) => request.body?.text ?? '';
const hasBody = (request: FuzzRequest) => bodyText(request).length > 0;

/** The fixture's POST routes whose handler reads no body. */
const ROUTED_WITHOUT_BODY = new Set(['/created', '/methods']);

export const KNOWN_DIVERGENCES: readonly KnownDivergence[] = [
  // ------------------------------------------------------------------------------------------------------ bodies
  {
    name: 'fastify-parses-every-body',
    issue: 10,
    reason:
      'Fastify parses the body of every POST/PUT/PATCH/DELETE/OPTIONS/QUERY request to a route, those whose handler ' +
      "never reads it included (the fixture's POST /created and /methods): a Content-Type it has no parser for, or " +
      'none with a body, is 415; an empty or broken JSON body is 400 INVALID_JSON. Express and Hono read a body only ' +
      'on routes that ask for it. (Unrouted requests answer 404/405 before any parsing, in every adapter.) Kept by ' +
      "decision (@errata/fastify's README): reading the body of every route it declares with a body method is " +
      "Fastify's lifecycle, and a catch-all parser from errata would hide a wrong Content-Type from routes that read it.",
    checks: ['status', 'body', 'framing'],
    matches: (request) =>
      request.method === 'POST' &&
      ROUTED_WITHOUT_BODY.has(routed(request)) &&
      (hasBody(request) || request.body?.framing === 'chunked' || contentType(request) !== undefined),
    example: post('/methods', [], '{}'),
  },
  {
    name: 'express4-no-body-value',
    issue: 10,
    reason:
      "No body and no Content-Type on a route that reads one without a validator (the fixture's /echo): Express 4's " +
      'body-parser 1 sets req.body = {} (Express 4 apps read req.body.x on such requests, so errata leaves it and ' +
      'echoes {}); Express 5, Hono and Fastify have no body value (echoed as null). Validators see no body in every ' +
      'adapter (pinned by body-suite.ts).',
    checks: ['body', 'framing'],
    matches: (request) =>
      request.method === 'POST' &&
      routed(request) === '/echo' &&
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
];
