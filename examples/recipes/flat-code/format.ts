/**
 * The page's flat envelope, `{ error: CODE, message, ...extras, request_id }`, and flat successes (the data itself).
 * The extras are the code's params at the top level; errata's `retry_after` is the page's `retry_after_secs`.
 */
import type { Formatter, SuccessFormatter } from '@errata/core';

/** Param names as this API spells them on the wire. */
const WIRE_NAMES: Readonly<Record<string, string>> = { retry_after: 'retry_after_secs' };

export const formatError: Formatter = (problem, context) => {
  const body: Record<string, unknown> = { error: problem.code, message: problem.message };
  for (const [name, value] of Object.entries(problem.params ?? {})) body[WIRE_NAMES[name] ?? name] = value;
  if (problem.details !== undefined) {
    body.details = problem.details.map(({ field, message, rule }) => ({ field, message, rule }));
  }
  body.request_id = context.requestId;
  return body;
};

export const formatSuccess: SuccessFormatter = (data) => data;
