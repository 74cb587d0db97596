import type { Detail } from './errata-client-error';

/** The parts of a response a parser may look at besides its body. */
export interface ResponseInfo {
  readonly status: number;
  readonly headers: Headers;
}

/** What a parser reads out of an error body: errata's problem, back from whatever shape the server formatted it in. */
export interface ParsedError {
  code: string;
  message: string;
  params?: unknown;
  details?: readonly Detail[] | undefined;
  /** The request id in the body; the `X-Request-Id` header is used when this is absent. */
  requestId?: string | undefined;
  /** Overrides the client's own judgement (the catalog listing, then the status). */
  retryable?: boolean | undefined;
  /** Seconds to wait, from the body; used only when no `Retry-After` header says it. */
  retryAfter?: number | undefined;
}

/**
 * Reads a contract's bodies: the inverse of the server's formatter. Each method returns `undefined` for a body that is
 * not of this contract, which the client then reports as an `UnexpectedResponseError`.
 */
export interface ResponseParser {
  /** The data of a 2xx JSON body. */
  data(body: unknown, response: ResponseInfo): unknown;
  /** The error of a non-2xx JSON body. */
  error(body: unknown, response: ResponseInfo): ParsedError | undefined;
}

/** Members RFC 9457 and errata's problem formatter define; every other member of a problem is a param. */
const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'request_id',
  'timestamp',
  'errors',
  'stack',
]);

/**
 * errata's own contract: `{ success: true, data, meta }`, `{ success: false, error: { code, message, details?,
 * params? }, meta: { request_id } }`, and RFC 9457 problem details with `code`, `request_id`, `errors` and the params
 * as extension members. The default `parse`.
 * @example createClient({ baseUrl, parse: { ...errataParser, data: (body) => body } })
 */
export const errataParser: ResponseParser = {
  data(body) {
    return isRecord(body) && body.success === true && 'data' in body ? body.data : undefined;
  },
  error(body) {
    if (!isRecord(body)) return undefined;
    if (body.success === false && isRecord(body.error)) {
      const { code, message, details, params } = body.error;
      if (typeof code !== 'string' || typeof message !== 'string') return undefined;
      return {
        code,
        message,
        params: isRecord(params) ? params : undefined,
        details: readDetails(details),
        requestId: isRecord(body.meta) ? readString(body.meta.request_id) : undefined,
      };
    }
    if (typeof body.code === 'string' && typeof body.status === 'number') {
      const message = readString(body.detail) ?? readString(body.title);
      if (message === undefined) return undefined;
      const params: Record<string, unknown> = {};
      let hasParams = false;
      for (const [key, value] of Object.entries(body)) {
        if (PROBLEM_MEMBERS.has(key)) continue;
        params[key] = value;
        hasParams = true;
      }
      return {
        code: body.code,
        message,
        params: hasParams ? params : undefined,
        details: readDetails(body.errors),
        requestId: readString(body.request_id),
      };
    }
    return undefined;
  },
};

function readDetails(value: unknown): readonly Detail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const details: Detail[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.field !== 'string' || typeof item.message !== 'string') continue;
    details.push({ field: item.field, message: item.message, rule: readString(item.rule) ?? '' });
  }
  return details;
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
