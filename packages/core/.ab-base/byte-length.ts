// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII unit, control characters included, is one byte
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The UTF-8 length of a string, without encoding it: for a `Content-Length` written before the body (a HEAD answer
 * in a runtime that only measures bodies it sends).
 * @example byteLength('é') // 2
 */
export function byteLength(text: string): number {
  if (ASCII.test(text)) return text.length; // every body errata writes, nearly: one regex test, ~8x the loop's speed
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2; // 3 bytes (a lone surrogate becomes U+FFFD, also 3)
  }
  return bytes;
}
