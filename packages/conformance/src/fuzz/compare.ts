/**
 * What the fuzzer checks about one request's answers: each answer on its own (no 5xx but the fixture's deliberate
 * ones, a well-formed envelope, a valid request id) and the answers against each other (status, the contract's
 * headers, framing, body bytes with request id and timestamp set aside).
 */
import { ErrorEnvelopeSchema, isValidRequestId, ProblemDetailsSchema } from '@errata/core';
import { targetPath } from '@errata/core/adapter';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FuzzRequest, RawAnswer } from './request';

/** The kinds of problem, each a separate class of divergence. */
export const CHECKS = [
  'transport',
  'server-error',
  'body-shape',
  'request-id',
  'status',
  'header:content-type',
  'header:cache-control',
  'header:x-content-type-options',
  'header:allow',
  'header:retry-after',
  'header:www-authenticate',
  'framing',
  'body',
] as const;
export type Check = (typeof CHECKS)[number];

const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'x-content-type-options',
  'allow',
  'retry-after',
  'www-authenticate',
] as const;

export interface Problem {
  check: Check;
  /** Identifies the class: same check, same grouping of adapters, same summaries. */
  key: string;
  /** One line for a person. */
  summary: string;
}

const errorEnvelope = TypeCompiler.Compile(ErrorEnvelopeSchema);
const problemDetails = TypeCompiler.Compile(ProblemDetailsSchema);
const successEnvelope = TypeCompiler.Compile(
  Type.Object({
    success: Type.Literal(true),
    data: Type.Unknown(),
    meta: Type.Object({ request_id: Type.String(), timestamp: Type.String() }),
  }),
);

// With a trailing slash too: Express routes /throw/x/ to /throw/:name unless strict routing is on
const DELIBERATE = /^\/(throw|reject)\/[^/]*\/?$|^\/reject-empty\/?$|^\/answer-then-throw\/?$/;

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The paths some adapter may route the target to: as sent, %-decoded, dot segments resolved, lower-cased. */
function routedPaths(target: string): string[] {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  let resolved = path;
  try {
    resolved = new URL(path, 'http://fuzz.invalid').pathname;
  } catch {
    // not a path URL can resolve: only the other forms apply
  }
  const paths = [path, decoded(path), resolved, decoded(resolved)];
  return [...paths, ...paths.map((candidate) => candidate.toLowerCase())];
}

/**
 * A request some adapter may route to a handler that fails on purpose (THROWN in fixture.ts): a 5xx there is the
 * fixture's, not a bug (whether every adapter routes it there is the status comparison's business).
 */
export function isDeliberate(request: FuzzRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return routedPaths(request.target).some((path) => DELIBERATE.test(path));
}

/** What the request-id rule (core's `requestId`) expects: the one inbound id if valid, else a fresh one. */
function inboundId(request: FuzzRequest): { echo: string | undefined; sent: string[] } {
  const sent = request.headers.filter(([name]) => name.toLowerCase() === 'x-request-id').map(([, value]) => value);
  // Node trims a header value's surrounding whitespace and joins repeated unknown headers with ', ' (never valid)
  const value = sent.length === 1 ? (sent[0] as string).replace(/^[ \t]+|[ \t]+$/g, '') : undefined;
  return { echo: value !== undefined && isValidRequestId(value) ? value : undefined, sent };
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function codeOf(answer: RawAnswer): string {
  const body = parse(answer.body) as { error?: { code?: unknown }; code?: unknown } | undefined;
  const code = body?.error?.code ?? body?.code;
  return typeof code === 'string' ? code : answer.body === '' ? '(empty)' : '(not errata)';
}

/** `404 NOT_FOUND`, `200`, `transport error ECONNRESET`: what an answer is, in a few words. */
export function summarize(answer: RawAnswer): string {
  if (answer.status === 0) return `no answer (${answer.error ?? answer.end})`;
  if (answer.status < 400) return `${answer.status}${answer.end === 'aborted' ? ' cut off' : ''}`;
  return `${answer.status} ${codeOf(answer)}`;
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

/**
 * A request refused before its headers were read: by Node's parser (a raw byte outside printable ASCII in the
 * target, an unknown method, a head over 16 KiB — Node refuses from 16,413 bytes by headSize's count, and the margin
 * here is wider), or a target that is no URL (@hono/node-server builds no request from it). Its answer carries a
 * fresh id: no inbound one was read.
 */
function refusedUnread(request: FuzzRequest): boolean {
  return (
    /[^\x21-\x7e]/.test(request.target) ||
    NODE_UNKNOWN_METHODS.has(request.method) ||
    headSize(request) > 16 * 1024 - 100 ||
    targetPath(request.target) === ''
  );
}

function requestIdVerdict(request: FuzzRequest, answer: RawAnswer): string {
  const id = answer.headers['x-request-id'];
  if (id === undefined) return 'no x-request-id';
  if (!isValidRequestId(id)) return 'invalid x-request-id';
  const { echo, sent } = inboundId(request);
  if (echo !== undefined && id !== echo && !refusedUnread(request)) return 'valid inbound id replaced';
  if (echo === undefined && sent.includes(id)) return 'invalid inbound id echoed';
  const body = parse(answer.body) as { meta?: { request_id?: unknown }; request_id?: unknown } | undefined;
  const inBody = body?.meta?.request_id ?? body?.request_id;
  if (inBody !== undefined && inBody !== id) return 'body id differs from header';
  return 'ok';
}

function bodyShapeVerdict(request: FuzzRequest, answer: RawAnswer): string {
  if (request.method === 'HEAD') return answer.body === '' ? 'ok' : 'HEAD answered with a body';
  const type = answer.headers['content-type'] ?? '';
  const body = parse(answer.body);
  if (answer.status >= 400) {
    if (body === undefined) return `error body is not JSON (${type || 'no content-type'})`;
    if (type.startsWith('application/problem+json')) return problemDetails.Check(body) ? 'ok' : 'not problem details';
    if (!type.startsWith('application/json')) return `error body as ${type || 'no content-type'}`;
    return errorEnvelope.Check(body) ? 'ok' : 'not the error envelope';
  }
  if (answer.status >= 200 && answer.status < 300) {
    if (body === undefined || !type.startsWith('application/json')) return `success body not JSON (${type || 'none'})`;
    return successEnvelope.Check(body) ? 'ok' : 'not the success envelope';
  }
  return 'ok';
}

/**
 * For HEAD, the Content-Length (the GET's length, per RFC 9110 §9.3.2); otherwise how the body is delimited. A request
 * refused unread may carry a fresh id in one adapter and the inbound one in another: the length is compared without
 * the id the body holds once.
 */
function framingOf(request: FuzzRequest, answer: RawAnswer): string {
  const length = answer.headers['content-length'];
  if (request.method === 'HEAD') {
    if (length === undefined) return 'no content-length';
    const id = answer.headers['x-request-id'];
    const own = refusedUnread(request) && id !== undefined ? Buffer.byteLength(JSON.stringify(id)) : 0;
    return `content-length ${Number(length) - own}`;
  }
  if (answer.headers['transfer-encoding']?.includes('chunked')) return 'chunked';
  return length === undefined ? 'close-delimited' : 'content-length';
}

/**
 * The body with its request id and timestamps set aside. A JSON body is rewritten value by value, so an id that is
 * also a piece of JSON syntax (`:`, a valid id) cannot eat into the rest; any other body is compared as sent.
 */
function normalizedBody(answer: RawAnswer): string {
  const id = answer.headers['x-request-id'];
  const body = parse(answer.body);
  if (body === undefined || typeof body !== 'object' || body === null) return answer.body;
  try {
    return JSON.stringify(body, (key, value: unknown) => {
      if (key === 'timestamp' && typeof value === 'string') return '<timestamp>';
      return id !== undefined && value === id ? '<request-id>' : value;
    });
  } catch {
    // Nested too deep to walk (an echoed deep body): only the values after a colon are replaced
    const text = answer.body.replace(TIMESTAMP, '"timestamp":"<timestamp>"');
    return id === undefined ? text : text.split(`:${JSON.stringify(id)}`).join(':"<request-id>"');
  }
}

const TIMESTAMP = /"timestamp":"[^"]*"/g;

/** Groups adapters by a value, each group shown by its label: `express 5, hono = 404 NOT_FOUND | fastify 5 = 400 …`. */
function grouping(names: readonly string[], values: readonly string[], labels: readonly string[] = values): string {
  const groups = new Map<string, { label: string; members: string[] }>();
  values.forEach((value, i) => {
    const group = groups.get(value) ?? { label: labels[i] as string, members: [] };
    group.members.push(names[i] as string);
    groups.set(value, group);
  });
  return [...groups.values()].map(({ label, members }) => `${members.join(', ')} = ${label}`).join(' | ');
}

/**
 * Every problem with one request's answers (one answer per adapter, in the same order as `names`).
 * @example const problems = check(request, ['express 5', 'hono'], [a, b])
 */
export function check(request: FuzzRequest, names: readonly string[], answers: readonly RawAnswer[]): Problem[] {
  const problems: Problem[] = [];
  const each = (check: Check, verdict: (answer: RawAnswer, i: number) => string | undefined) => {
    const failing = answers
      .map((answer, i) => [names[i] as string, verdict(answer, i)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
    if (failing.length === 0) return;
    const text = grouping(
      failing.map(([name]) => name),
      failing.map(([, why]) => why),
    );
    problems.push({ check, key: `${check}: ${text}`, summary: text });
  };
  const deliberate = isDeliberate(request);

  each('transport', (answer) => {
    if (answer.status !== 0 && answer.end === 'complete') return undefined;
    return answer.status === 0 ? `no answer (${answer.error ?? answer.end})` : `${answer.status} cut off`;
  });
  each('server-error', (answer) => (answer.status >= 500 && !deliberate ? summarize(answer) : undefined));
  each('body-shape', (answer) => {
    if (answer.status === 0) return undefined;
    const verdict = bodyShapeVerdict(request, answer);
    return verdict === 'ok' ? undefined : `${summarize(answer)}: ${verdict}`;
  });
  each('request-id', (answer) => {
    if (answer.status === 0) return undefined;
    const verdict = requestIdVerdict(request, answer);
    return verdict === 'ok' ? undefined : `${summarize(answer)}: ${verdict}`;
  });

  const compare = (check: Check, value: (answer: RawAnswer) => string, label = value): boolean => {
    const values = answers.map(value);
    if (new Set(values).size <= 1) return false;
    const text = grouping(names, values, answers.map(label));
    problems.push({ check, key: `${check}: ${text}`, summary: text });
    return true;
  };
  // A different status explains every other difference of that request: report it alone.
  if (compare('status', summarize)) return problems;
  for (const name of COMPARED_HEADERS) compare(`header:${name}`, (answer) => answer.headers[name] ?? '(none)');
  // The class names how each adapter frames the answer; the length itself is compared but not part of the class
  compare(
    'framing',
    (answer) => framingOf(request, answer),
    (answer) => framingOf(request, answer).replace(/ \d+$/, ''),
  );
  compare('body', normalizedBody, summarize);
  return problems;
}
