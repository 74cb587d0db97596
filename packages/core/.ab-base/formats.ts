import { statusText } from './to-problem';
import type { Detail, PublicProblem } from './types';

/** What a formatter knows about the request besides the problem. */
export interface FormatContext {
  requestId: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  method: string;
  /** The request path, without the query string. */
  path: string;
  /** The stack, only when `debug` is on outside production. */
  stack?: string | undefined;
}

/** Builds the JSON body of an error response. Its return value is serialised safely. */
export type Formatter = (problem: PublicProblem, context: FormatContext) => unknown;

/** What a success formatter knows besides the data: the request, and the status being answered. */
export interface SuccessContext {
  requestId: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  method: string;
  /** The request path, without the query string. */
  path: string;
  status: number;
}

/**
 * Builds the JSON body of a success (the `successFormat` option); its return value is serialised safely. errata's
 * default is `{ success: true, data, meta: { request_id, timestamp } }`.
 * @example const flat: SuccessFormatter = (data) => data
 */
export type SuccessFormatter = (data: unknown, context: SuccessContext) => unknown;

/**
 * Details as errata's own formats send them: `field`, `message`, `rule` (and any extra a thrower added), without the
 * `path` and `expected` that are there for custom formatters.
 */
export function wireDetails(details: readonly Detail[]): readonly Detail[] {
  if (!Array.isArray(details) || !details.some(hasFacts)) return details;
  return details.map((detail) => {
    if (!hasFacts(detail)) return detail;
    const { path: _path, expected: _expected, ...wire } = detail;
    return wire;
  });
}

function hasFacts(detail: unknown): detail is Detail {
  return typeof detail === 'object' && detail !== null && ('path' in detail || 'expected' in detail);
}

/**
 * errata's default envelope: `{ success: false, error: { code, message, details?, params? }, meta: { request_id, timestamp } }`.
 * @example formatEnvelope(problem, context)
 */
export const formatEnvelope: Formatter = (problem, context) => {
  const error: Record<string, unknown> = { code: problem.code, message: problem.message };
  if (problem.details !== undefined) error.details = wireDetails(problem.details);
  if (problem.params !== undefined) error.params = problem.params;
  if (context.stack !== undefined) error.stack = context.stack;
  return { success: false, error, meta: { request_id: context.requestId, timestamp: context.timestamp } };
};

const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'request_id',
  'errors',
  'timestamp',
]);

/**
 * RFC 9457 problem details: `type`, `title`, `status`, `detail`, `instance`, plus `code`, `request_id`, `errors`
 * and the params as extension members (never overriding a standard member).
 * @example createProblemFormatter({ typeBase: 'https://api.example.com/errors/' })
 */
export function createProblemFormatter(options: { typeBase?: string | undefined } = {}): Formatter {
  return function formatProblem(problem, context) {
    const body: Record<string, unknown> = {
      type: options.typeBase === undefined ? 'about:blank' : `${options.typeBase}${problem.code}`,
      title: statusText(problem.status) ?? 'Error',
      status: problem.status,
      detail: problem.message,
      instance: context.path,
      code: problem.code,
      request_id: context.requestId,
      timestamp: context.timestamp,
    };
    if (problem.details !== undefined) body.errors = wireDetails(problem.details);
    if (problem.params !== undefined) {
      for (const [key, value] of Object.entries(problem.params)) if (!PROBLEM_MEMBERS.has(key)) body[key] = value;
    }
    if (context.stack !== undefined) body.stack = context.stack;
    return body;
  };
}
