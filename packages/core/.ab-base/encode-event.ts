/** One Server-Sent Event. */
export interface ServerSentEvent {
  /** The event type (`event:`); clients dispatch it under this name. Must not contain CR or LF. */
  event?: string | undefined;
  /** The payload; each line (split on CRLF, CR or LF) becomes one `data:` line, and clients rejoin them with LF. */
  data: string;
  /** The event id (`id:`), which a reconnecting client sends back as `Last-Event-ID`. Must not contain CR, LF or NUL. */
  id?: string | undefined;
  /** The reconnection delay in milliseconds (`retry:`): a non-negative integer. */
  retry?: number | undefined;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Encodes one event as the `text/event-stream` format (WHATWG HTML, "Server-sent events"): fields, then a blank line.
 * A field that cannot be encoded faithfully (a line break in `event` or `id`, NUL in `id`, which clients ignore)
 * throws a TypeError rather than being altered or letting one event inject another.
 * @example encodeEvent({ event: 'tick', data: '{"price":1}', id: '7' }) // 'event: tick\ndata: {"price":1}\nid: 7\n\n'
 */
export function encodeEvent(message: ServerSentEvent): string {
  let out = '';
  if (message.event !== undefined) {
    if (LINE_BREAK.test(message.event)) throw new TypeError('errata: an SSE event name must not contain CR or LF');
    out += `event: ${message.event}\n`;
  }
  const data = String(message.data);
  // Splitting on every line break keeps a CR from ending the field early (clients treat a lone CR as a line end).
  for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`;
  if (message.id !== undefined) {
    if (LINE_BREAK.test(message.id) || message.id.includes('\0')) {
      throw new TypeError('errata: an SSE id must not contain CR, LF or NUL');
    }
    out += `id: ${message.id}\n`;
  }
  if (message.retry !== undefined) {
    if (!Number.isSafeInteger(message.retry) || message.retry < 0) {
      throw new TypeError('errata: an SSE retry must be a non-negative integer (milliseconds)');
    }
    out += `retry: ${message.retry}\n`;
  }
  return `${out}\n`;
}
