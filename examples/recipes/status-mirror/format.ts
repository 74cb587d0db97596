/**
 * The page's envelopes: `{ success: false, error: { message, code, details? }, statusCode, timestamp }` for errors,
 * `{ success: true, data }` for successes. Details are `{ field, message }`: the field without its request part
 * (`limit`, `packageId`) and the message in the words the page uses ("Expected number to be less than or equal to 100").
 */
import type { Detail, Formatter, SuccessFormatter } from '@errata/core';

export const formatError: Formatter = (problem, context) => {
  const error: Record<string, unknown> = { message: problem.message, code: problem.code };
  if (problem.details !== undefined && problem.details.length > 0) error.details = problem.details.map(fieldError);
  return { success: false, error, statusCode: problem.status, timestamp: context.timestamp };
};

export const formatSuccess: SuccessFormatter = (data) => ({ success: true, data });

function fieldError(detail: Detail): { field: string; message: string } {
  return { field: fieldName(detail), message: expectation(detail) };
}

/** `['query', 'limit']` → `limit`; `['body', 'items', 0, 'sku']` → `items[0].sku`. */
function fieldName(detail: Detail): string {
  const path = detail.path?.slice(1) ?? detail.field.split('.').slice(1);
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

function expectation({ rule, expected, message }: Detail): string {
  const values = Array.isArray(expected) ? expected.join(', ') : String(expected);
  switch (rule) {
    case 'type':
      return `Expected ${values}`;
    case 'required':
      return 'Required';
    case 'enum':
      return `Expected one of: ${values}`;
    case 'minimum':
      return `Expected number to be greater than or equal to ${values}`;
    case 'maximum':
      return `Expected number to be less than or equal to ${values}`;
    case 'pattern':
      return `Expected string to match '${values}'`;
    default:
      return message;
  }
}
