/** What `JSON.stringify` writes as is: no quote, backslash, control character or surrogate (paired ones included). */
const NO_ESCAPES = /^[\x20\x21\x23-\x5b\x5d-\ud7ff\ue000-\uffff]*$/;

/**
 * `JSON.stringify` of a string, byte for byte: most strings on a response (codes, messages, request ids) need no
 * escaping, and one regex test is ~2x cheaper than `JSON.stringify` or a `charCodeAt` loop (bench/RESULTS.md).
 * @example jsonString('a"b') // '"a\\"b"'
 */
export function jsonString(text: string): string {
  return NO_ESCAPES.test(text) ? `"${text}"` : JSON.stringify(text);
}
