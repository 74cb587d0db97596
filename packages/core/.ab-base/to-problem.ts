import statuses from 'statuses';
import { declaredParams, declaredParamsJson, type ParamsJson } from './declared-params';
import type { CatalogLike } from './define-errors';
import { finishDetails, MAX_DETAILS } from './details';
import { ErrataError, isErrataError, PARAMS_SCHEMA } from './errata-error';
import { DEFAULT_ALLOWED_HEADERS, pickHeaders } from './headers';
import { recogniseBodyParser } from './recognise-body-parser';
import { recogniseBoom } from './recognise-boom';
import { recogniseFastify } from './recognise-fastify';
import { recogniseHono } from './recognise-hono';
import { recogniseHttpErrors } from './recognise-http-errors';
import type { Recogniser } from './recognised';
import { cap, isErrorLike, read, readStatus, readString } from './safe';
import { CODE_BY_STATUS, type StandardCode } from './standard-codes';
import { toJsonSafe } from './to-json-safe';
import type { Detail, ErrorDefinition, Problem } from './types';

/** Turns a thrown value into an errata error (or undefined to pass), e.g. a driver's ECONNREFUSED into UPSTREAM_ERROR. */
export type ErrorMapper = (error: unknown) => unknown;

export interface ToProblemOptions {
  /** The catalog whose definitions (messages, statuses, headers) apply. */
  catalog: CatalogLike;
  /** Run first, in order; the first that returns an errata error wins. */
  mappers?: readonly ErrorMapper[] | undefined;
  /** Extra header names kept from foreign errors, besides Retry-After, WWW-Authenticate and Allow. */
  allowedHeaders?: readonly string[] | undefined;
  /** Most details kept. Default 50. */
  maxDetails?: number | undefined;
  /** Status for VALIDATION_ERROR made from framework validation errors. Default: the catalog's. */
  validationStatus?: number | undefined;
}

/** Each ecosystem's errors, in the order they are tried: the first that recognises an error decides. */
const RECOGNISERS: readonly Recogniser[] = [
  recogniseBoom,
  recogniseFastify,
  recogniseBodyParser,
  recogniseHono,
  recogniseHttpErrors,
];

/**
 * Normalises any thrown value into a problem. Total: never throws for any value (mappers aside, which the caller guards).
 * @example toProblem(null, { catalog }).status // 500
 */
export function toProblem(thrown: unknown, options: ToProblemOptions, paramsJson?: ParamsJson): Problem {
  let error = thrown;
  for (const mapper of options.mappers ?? []) {
    const mapped = mapper(error);
    if (isErrataError(mapped)) {
      error = mapped;
      break;
    }
  }
  if (isErrataError(error)) return fromErrata(error, thrown, options, paramsJson);
  return fromForeign(error, thrown, options);
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * With `paramsJson`, the JSON of the problem's params is left there when the params were copied and written in one
 * walk (declaredParamsJson): the same bytes as `JSON.stringify(problem.params)`.
 */
function fromErrata(error: unknown, cause: unknown, options: ToProblemOptions, paramsJson?: ParamsJson): Problem {
  // Fast path for errors made by this copy of errata: plain fields, read directly. Anything odd (a Proxy whose traps
  // throw or lie) falls back to the guarded path.
  try {
    if (error instanceof ErrataError) {
      const problem = fastErrata(error, cause, options, paramsJson);
      if (problem !== undefined) return problem;
    }
  } catch {
    // fall through
  }
  return slowErrata(error, cause, options);
}

function fastErrata(
  error: ErrataError,
  cause: unknown,
  options: ToProblemOptions,
  paramsJson: ParamsJson | undefined,
): Problem | undefined {
  const { status, code, publicMessage, details, params, headers } = error;
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  if (typeof code !== 'string' || typeof publicMessage !== 'string') return undefined;
  return {
    status,
    code,
    message: publicMessage,
    expose: status < 500 && publicMessage === error.message,
    details: details === undefined ? undefined : sanitizeDetails(details, options.maxDetails),
    params: params === undefined ? undefined : publicParams(error[PARAMS_SCHEMA], params, code, options, paramsJson),
    headers: headers === undefined ? NO_HEADERS : pickHeaders(headers, undefined),
    retryable: error.retryable === true,
    cause,
  };
}

/**
 * Only params a schema declares reach a client: the error's own (it was made by a catalog factory) or, for an error
 * made another way, the catalog's for its code; a code that declares none sends none.
 */
function publicParams(
  schema: unknown,
  params: unknown,
  code: string,
  options: ToProblemOptions,
  paramsJson?: ParamsJson,
): Record<string, unknown> | undefined {
  const declared = schema ?? options.catalog.definition(code)?.params;
  if (declared === undefined) return undefined;
  if (paramsJson !== undefined) {
    const copy = declaredParamsJson(declared, params, paramsJson);
    if (copy !== undefined) return copy as Record<string, unknown>;
  }
  const copy = declaredParams(declared, params);
  return typeof copy === 'object' && copy !== null ? (copy as Record<string, unknown>) : undefined;
}

function slowErrata(error: unknown, cause: unknown, options: ToProblemOptions): Problem {
  const status = readStatus(error);
  const code = readString(error, 'code', 128);
  if (status === undefined || code === undefined || !/^[A-Z][A-Z0-9_]*$/.test(code)) {
    return standard('INTERNAL_ERROR', options, { cause });
  }
  const publicMessage = readString(error, 'publicMessage');
  const message = readString(error, 'message');
  const params = read(error, 'params');
  return {
    status,
    code,
    message: publicMessage ?? messageFor(code, status, options.catalog),
    expose: publicMessage !== undefined && publicMessage === message && status < 500,
    details: sanitizeDetails(read(error, 'details'), options.maxDetails),
    params: params === undefined ? undefined : publicParams(read(error, PARAMS_SCHEMA), params, code, options),
    headers: pickHeaders(read(error, 'headers'), undefined),
    retryable: read(error, 'retryable') === true,
    cause,
  };
}

function fromForeign(error: unknown, cause: unknown, options: ToProblemOptions): Problem {
  const allowed = options.allowedHeaders
    ? [...DEFAULT_ALLOWED_HEADERS, ...options.allowedHeaders.map((h) => h.toLowerCase())]
    : DEFAULT_ALLOWED_HEADERS;

  // Only errors may shape the response; any other thrown value is an unexpected 500 (h3's rule: never trust a non-Error).
  if (!isErrorLike(error)) return standard('INTERNAL_ERROR', options, { cause });

  for (const recognise of RECOGNISERS) {
    const found = recognise(error as object, allowed); // isErrorLike: an object
    if (found === undefined) continue;
    if (found.kind === 'status') {
      return problem(found.status, options, { message: found.message, cause, headers: found.headers ?? {} });
    }
    return standard(found.code, options, {
      cause,
      details: found.details === undefined ? undefined : finishDetails(found.details, options.maxDetails),
      status: found.validation ? options.validationStatus : undefined,
    });
  }
  return standard('INTERNAL_ERROR', options, { cause });
}

interface Extra {
  cause: unknown;
  message?: string | undefined;
  headers?: Record<string, string>;
  details?: Detail[] | undefined;
  status?: number | undefined;
}

/** A problem for a known standard code, as the catalog defines it (the user may have changed its status or message). */
function standard(code: StandardCode, options: ToProblemOptions, extra: Extra): Problem {
  const definition = options.catalog.definition(code);
  const status = extra.status ?? definition?.status ?? 500;
  return {
    status,
    code,
    message: messageFor(code, status, options.catalog),
    expose: false,
    details: extra.details,
    params: undefined,
    headers: extra.headers ?? {},
    retryable: definition?.retryable ?? false,
    cause: extra.cause,
  };
}

/** A problem for a foreign error of a given status: the standard code for it when the catalog agrees, else one named after the status. */
function problem(status: number, options: ToProblemOptions, extra: Extra): Problem {
  const standardCode = CODE_BY_STATUS.get(status);
  const definition = standardCode && options.catalog.definition(standardCode);
  const code = definition && definition.status === status ? standardCode : codeForStatus(status);
  // A foreign error's message is shown only when it says more than its status text.
  const text = extra.message !== undefined && extra.message !== statusText(status) ? extra.message : undefined;
  const message = text !== undefined && text !== '' ? cap(text, 1024) : undefined;
  const headers = extra.headers ?? {};
  return {
    status,
    code,
    message: message ?? messageFor(code, status, options.catalog),
    expose: message !== undefined,
    details: undefined,
    params: paramsFromHeaders(code, headers),
    headers,
    retryable: definition ? (definition.retryable ?? false) : status === 503 || status === 429,
    cause: extra.cause,
  };
}

/** The params of RATE_LIMIT_EXCEEDED and METHOD_NOT_ALLOWED, recovered from a foreign error's headers. */
function paramsFromHeaders(code: string, headers: Record<string, string>): Record<string, unknown> | undefined {
  const retryAfter = headers['retry-after'];
  if (code === 'RATE_LIMIT_EXCEEDED' && retryAfter !== undefined && /^\d+$/.test(retryAfter)) {
    return { retry_after: Number(retryAfter) };
  }
  const allow = headers.allow;
  if (code === 'METHOD_NOT_ALLOWED' && allow !== undefined) return { allow: allow.split(/\s*,\s*/).filter(Boolean) };
  return undefined;
}

/** `418` → `IM_A_TEAPOT`; a status with no name → `HTTP_499`. */
function codeForStatus(status: number): string {
  const text = statusText(status);
  return text === undefined
    ? `HTTP_${status}`
    : text
        .toUpperCase()
        .replace(/'/g, '')
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_|_$/g, '');
}

function statusText(status: number): string | undefined {
  return (statuses.message as Record<number, string | undefined>)[status];
}

/** The catalog's static message for a code, or the status text. */
function messageFor(code: string, status: number, catalog: CatalogLike): string {
  const definition: ErrorDefinition | undefined = catalog.definition(code);
  if (definition && typeof definition.message === 'string') return definition.message;
  if (definition?.title) return definition.title;
  return statusText(status) ?? (status >= 500 ? 'An unexpected error occurred.' : 'The request failed.');
}

/** Keeps details as plain `{ field, message, rule }` records (plus any JSON-safe extras), capped. */
function sanitizeDetails(value: unknown, max = MAX_DETAILS): Detail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Detail[] = [];
  for (const item of value.slice(0, max)) {
    const safe = toJsonSafe(item);
    const record =
      typeof safe === 'object' && safe !== null && !Array.isArray(safe) ? (safe as Record<string, unknown>) : {};
    const detail: Detail = {
      ...record,
      field: typeof record.field === 'string' ? record.field : '',
      message: typeof record.message === 'string' ? record.message : '',
      rule: typeof record.rule === 'string' ? record.rule : '',
    };
    // Formatters read these two without checking: keep them only in the shape `Detail` declares.
    if ('path' in record && !isPath(record.path)) delete detail.path;
    if ('expected' in record && !isExpected(record.expected)) delete detail.expected;
    out.push(detail);
  }
  return out;
}

function isPath(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length <= 64 &&
    value.every((s) => typeof s === 'string' || (Number.isInteger(s) && (s as number) >= 0))
  );
}

const isPrimitive = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);

function isExpected(value: unknown): boolean {
  return isPrimitive(value) || (Array.isArray(value) && value.every(isPrimitive));
}

export { statusText };
