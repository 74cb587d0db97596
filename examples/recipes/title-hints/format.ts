/**
 * The page's error body: `error` is the title ("Bad Request"), then `code`; a `field` hint comes before the
 * `message`, the other hints after it. A 429 or 5xx has no `message` but the opaque `request_id` for support; nothing
 * else carries one. Stacks never appear (errata's `debug` is off).
 */
import type { Formatter } from '@errata/core';

/** Answers that carry the request id for support, and no message. */
const escalated = (status: number) => status === 429 || status >= 500;

export const formatError: Formatter = (problem, context) => {
  const { field, ...hints } = problem.params ?? {};
  const body: Record<string, unknown> = { error: problem.title, code: problem.code };
  if (field !== undefined) body.field = field;
  if (!escalated(problem.status)) body.message = problem.message;
  Object.assign(body, hints);
  if (escalated(problem.status)) body.request_id = context.requestId;
  return body;
};
