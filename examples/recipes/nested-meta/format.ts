/**
 * The page's envelope: `{ success, error: { code, message, details? }, meta: { version, timestamp, request_id } }`,
 * validation failures as `details.errors[{ type, loc, msg }]` with Pydantic's error types and messages, and `meta`
 * on successes too.
 */
import type { Detail, DetailValue, Formatter, SuccessFormatter } from '@errata/core';

export const API_VERSION = '2.0';

/** The page writes timestamps to the second: `2026-04-30T12:00:00Z`. */
const seconds = (iso: string) => `${iso.slice(0, 19)}Z`;

export const formatError: Formatter = (problem, context) => {
  const error: Record<string, unknown> = { code: problem.code, message: problem.message };
  if (problem.details !== undefined) error.details = { errors: problem.details.map(pydanticError) };
  const meta: Record<string, unknown> = {
    version: API_VERSION,
    timestamp: seconds(context.timestamp),
    request_id: context.requestId,
  };
  const retryAfter = problem.params?.retry_after;
  if (problem.code === 'RATE_LIMIT_EXCEEDED' && typeof retryAfter === 'number') {
    // "Retry after meta.rate_limit.reset": the Unix second the window resets, what X-RateLimit-Reset says too.
    meta.rate_limit = { reset: Math.floor(Date.parse(context.timestamp) / 1000) + retryAfter };
  }
  return { success: false, error, meta };
};

export const formatSuccess: SuccessFormatter = (data, context) => ({
  success: true,
  data,
  meta: { version: API_VERSION, timestamp: seconds(context.timestamp), request_id: context.requestId },
});

/** One errata detail as Pydantic v2 reports it: its error type, `loc` as segments, its message. */
function pydanticError(detail: Detail): { type: string; loc: readonly (string | number)[]; msg: string } {
  const loc = detail.path ?? detail.field.split('.');
  const { expected } = detail;
  const one = Array.isArray(expected) ? undefined : (expected as DetailValue | undefined);
  switch (detail.rule) {
    case 'enum':
      return { type: 'literal_error', loc, msg: `Input should be ${alternatives(expected)}` };
    case 'required':
      return { type: 'missing', loc, msg: 'Field required' };
    case 'type': {
      const [type, msg] = PYDANTIC_TYPES[String(Array.isArray(expected) ? expected[0] : one)] ?? [
        'type_error',
        detail.message,
      ];
      return { type, loc, msg };
    }
    case 'minimum':
      return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${one}` };
    case 'maximum':
      return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${one}` };
    case 'exclusiveMinimum':
      return { type: 'greater_than', loc, msg: `Input should be greater than ${one}` };
    case 'exclusiveMaximum':
      return { type: 'less_than', loc, msg: `Input should be less than ${one}` };
    case 'pattern':
      return { type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${one}'` };
    default:
      return { type: 'value_error', loc, msg: detail.message };
  }
}

/** `'BTCUSDT', 'ETHUSDT' or 'SOLUSDT'`, as Pydantic lists a Literal's values. */
function alternatives(values: Detail['expected']): string {
  const quoted = (Array.isArray(values) ? values : [values]).map((v) => `'${String(v)}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

/** Pydantic's error type and message for a value of the wrong type, by the JSON Schema type expected. */
const PYDANTIC_TYPES: Record<string, [string, string]> = {
  integer: ['int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
  number: ['float_parsing', 'Input should be a valid number, unable to parse string as a number'],
  boolean: ['bool_parsing', 'Input should be a valid boolean, unable to interpret input'],
  string: ['string_type', 'Input should be a valid string'],
};
