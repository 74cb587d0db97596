/**
 * The error contract written by hand, without errata: what a competent user would put in their own `errors.ts` —
 * an error class, the envelope, a request-id rule and a validation-details mapping. The three `handmade` servers use
 * it the framework's way; contract.test.ts proves their answers are errata's, byte for byte.
 */
import { randomUUID } from 'node:crypto';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const ERROR_HEADERS: Readonly<Record<string, string>> = {
  'content-type': JSON_TYPE,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export interface Detail {
  field: string;
  message: string;
  rule: string;
}

/** An error a handler throws on purpose: status, code, message, and what the client may see besides. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { params?: object; details?: Detail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export const notFound = () => new ApiError(404, 'NOT_FOUND', 'The requested resource was not found.');

export function methodNotAllowed(allow: string[]): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', 'This method is not allowed for this resource.', {
    params: { allow },
    headers: { allow: allow.join(', ') },
  });
}

export const validationFailed = (details: Detail[]) =>
  new ApiError(400, 'VALIDATION_ERROR', 'The request is invalid.', { details });

/** The status, headers and body of an error answer; anything but an ApiError is a 500 that says nothing. */
export function errorAnswer(error: unknown, requestId: string) {
  if (!(error instanceof ApiError)) {
    const internal = { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' };
    return { status: 500, headers: ERROR_HEADERS, body: envelope(internal, requestId) };
  }
  const { details, params, headers } = error.extra;
  const body = envelope({ code: error.code, message: error.message, details, params }, requestId);
  return { status: error.status, headers: headers ? { ...headers, ...ERROR_HEADERS } : ERROR_HEADERS, body };
}

function envelope(error: object, requestId: string): string {
  return JSON.stringify({
    success: false,
    error,
    meta: { request_id: requestId, timestamp: new Date().toISOString() },
  });
}

export function successBody(data: unknown, requestId: string) {
  return { success: true, data, meta: { request_id: requestId, timestamp: new Date().toISOString() } };
}

const VALID_ID = /^[\w.:=-]{1,128}$/;

/** Keeps the client's `x-request-id` when it is safe to echo, or makes a new one. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && VALID_ID.test(header) ? header : randomUUID();
}

/** A compiled TypeBox check for a query: strings converted to the schema's types, failures as details. */
export function queryValidator<S extends TSchema>(schema: S) {
  const check = TypeCompiler.Compile(schema);
  return (query: Record<string, unknown>): { ok: true; value: Static<S> } | { ok: false; details: Detail[] } => {
    const value = Value.Convert(schema, { ...query });
    if (check.Check(value)) return { ok: true, value };
    return { ok: false, details: toDetails(check.Errors(value), 'query') };
  };
}

/** One detail per failing field, first error first; messages for the rules this API's schemas use. */
function toDetails(errors: Iterable<ValueError>, location: string): Detail[] {
  const details: Detail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const field = `${location}${error.path.replaceAll('/', '.')}`;
    if (seen.has(field)) continue;
    seen.add(field);
    details.push({ field, ...ruleOf(error) });
  }
  return details;
}

function ruleOf({ type, schema }: ValueError): { message: string; rule: string } {
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { message: 'is required', rule: 'required' };
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return { message: `must be >= ${schema.minimum}`, rule: 'minimum' };
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return { message: `must be <= ${schema.maximum}`, rule: 'maximum' };
    case ValueErrorType.Integer:
      return { message: 'must be an integer', rule: 'type' };
    case ValueErrorType.Union:
      return { message: `must be one of: ${schema.anyOf.map((s: TSchema) => s.const).join(', ')}`, rule: 'enum' };
    default:
      return { message: 'is invalid', rule: 'invalid' };
  }
}

/** Fastify's AJV errors (`error.validation`) as the same details. */
export function ajvDetails(
  validation: readonly { instancePath: string; keyword: string; message?: string }[],
  context: string | undefined,
): Detail[] {
  const location = context === 'querystring' ? 'query' : (context ?? 'body');
  return validation.map((e) => ({
    field: `${location}${e.instancePath.replaceAll('/', '.')}`,
    message: e.message ?? 'is invalid',
    rule: e.keyword,
  }));
}
