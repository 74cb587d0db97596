const JSON_MEDIA_TYPE = /^application\/([\w.!#$&^-]+\+)?json$/;

/** `application/json` and every `application/…+json` flavour, lower-cased, without parameters. */
function isJsonMediaType(mediaType: string): boolean {
  return JSON_MEDIA_TYPE.test(mediaType);
}

/**
 * Whether an HTTP/1.1 request has a body, from its framing headers (RFC 9112 §6.3): a `Transfer-Encoding`, or a
 * `Content-Length` other than 0.
 * @example hasBody('0', undefined) // false
 */
export function hasBody(
  contentLength: string | null | undefined,
  transferEncoding: string | null | undefined,
): boolean {
  if (transferEncoding !== undefined && transferEncoding !== null) return true;
  return contentLength !== undefined && contentLength !== null && contentLength.trim() !== '0';
}

/**
 * The one rule every adapter applies to a body that must be JSON, before reading it: a body of another media type, or
 * JSON in a charset other than UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8), is
 * UNSUPPORTED_MEDIA_TYPE; a JSON content type with an empty body is INVALID_JSON (nothing to parse is not JSON);
 * no body and no content type passes (the schema decides whether a body is required).
 * @example jsonBodyProblem('text/plain', true) // 'UNSUPPORTED_MEDIA_TYPE'
 */
export function jsonBodyProblem(
  contentType: string | null | undefined,
  withBody: boolean,
  accepts: (mediaType: string) => boolean = isJsonMediaType,
): 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_JSON' | undefined {
  const [type = '', ...parameters] = (contentType ?? '').split(';');
  const mediaType = type.trim().toLowerCase();
  if (mediaType === '') return withBody ? 'UNSUPPORTED_MEDIA_TYPE' : undefined;
  if (!accepts(mediaType)) return 'UNSUPPORTED_MEDIA_TYPE';
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return 'UNSUPPORTED_MEDIA_TYPE';
  }
  return withBody ? undefined : 'INVALID_JSON';
}
