import type { CatalogEntry } from '@errata/core';
import { propertiesOf, toJsonSchema } from './json-schema';

/**
 * What a client should do about a code, derived from its status, retryability, params and the headers it sends: 429
 * waits `Retry-After`, a retryable 5xx backs off, a 4xx is fixed before it is sent again, validation reads `details`.
 * @example clientAdvice(entry, ['Retry-After']) // 'Wait the number of seconds in `Retry-After`, then retry. …'
 */
export function clientAdvice(entry: CatalogEntry, headers: readonly string[] = []): string {
  const retryAfter = headers.some((h) => h.toLowerCase() === 'retry-after');
  const params = propertiesOf(entry.params === null ? {} : toJsonSchema(entry.params)).map(
    (p) => `\`params.${p.name}\``,
  );
  const sentences: string[] = [];
  const { status, code } = entry;
  if (status === 429) {
    sentences.push(
      retryAfter
        ? 'Wait the number of seconds in `Retry-After`, then retry; slow down so it does not recur.'
        : 'Slow down, wait, then retry with exponential backoff.',
    );
  } else if (status >= 500 && entry.retryable) {
    sentences.push(
      retryAfter
        ? 'Transient: retry after the seconds in `Retry-After`, then with exponential backoff (e.g. 1 s, 2 s, 4 s) and a cap.'
        : 'Transient: retry with exponential backoff (e.g. 1 s, 2 s, 4 s) and a cap.',
    );
  } else if (status >= 500) {
    sentences.push(
      'Not your fault and not expected: retry once later at most; if it persists, report it with `meta.request_id`.',
    );
  } else if (code === 'VALIDATION_ERROR' || code === 'INVALID_JSON') {
    sentences.push(
      code === 'VALIDATION_ERROR'
        ? 'Fix every field listed in `error.details` (`field`, `rule`, `message`), then send again; never retry it unchanged.'
        : 'Send a well-formed JSON body; retrying the same bytes gives the same answer.',
    );
  } else if (status === 401) {
    sentences.push('Send valid credentials, then retry; do not retry without changing them.');
  } else if (status === 403) {
    sentences.push('These credentials do not allow this request: do not retry it unchanged.');
  } else if (status === 404) {
    sentences.push('Do not retry: check the path and the identifiers in it.');
  } else if (status === 405) {
    sentences.push('Use one of the methods listed in the `Allow` header.');
  } else if (status === 409) {
    sentences.push('Fetch the current state of the resource, resolve the conflict, then send again.');
  } else if (status === 413) {
    sentences.push('Send a smaller body.');
  } else if (status === 415) {
    sentences.push('Send the body as JSON (`Content-Type: application/json`).');
  } else if (entry.retryable) {
    sentences.push(retryAfter ? 'Retry after the seconds in `Retry-After`.' : 'Retry later, with backoff.');
  } else {
    sentences.push('Fix the request before sending it again: the same request gets the same answer.');
  }
  if (params.length > 0) sentences.push(`Read ${params.join(', ')} for the values to act on.`);
  return sentences.join(' ');
}
