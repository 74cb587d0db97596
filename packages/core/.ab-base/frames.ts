import type { Formatter } from './formats';
import { wireDetails } from './formats';

/** How a WebSocket connection ends after an error frame: the close code and its reason. */
export interface SocketClose {
  /** 4000 + the HTTP status for an application error, 1011 for a server failure, 1009 for a message too large. */
  code: number;
  /** The error code, at most 123 bytes of UTF-8 (what a close frame can carry). */
  reason: string;
}

/** One WebSocket message computed by core: the serialised frame, and whether the connection ends after it. */
export interface ErrataFrame {
  /** The frame, already serialised (JSON text). */
  data: string;
  /** Set when the connection must close after this frame. */
  close: SocketClose | undefined;
}

/**
 * errata's default WebSocket error frame: `{ type: 'error', error: { code, message, details?, params? }, meta }`, the
 * `error` object being the one the HTTP envelope carries.
 * @example createErrata({ catalog, frame: (p) => ({ type: 'ERROR', payload: { code: p.code, message: p.message } }) })
 */
export const formatFrame: Formatter = (problem, context) => {
  const error: Record<string, unknown> = { code: problem.code, message: problem.message };
  if (problem.details !== undefined) error.details = wireDetails(problem.details);
  if (problem.params !== undefined) error.params = problem.params;
  if (context.stack !== undefined) error.stack = context.stack;
  return { type: 'error', error, meta: { request_id: context.requestId, timestamp: context.timestamp } };
};

/** RFC 6455 §5.5: a control frame carries at most 125 bytes, 2 of which are the close code. */
const MAX_REASON_BYTES = 123;

/**
 * The close code and reason for a problem that ends a connection: 1009 (Message Too Big) for a 413, 1011 (Internal
 * Error) for any 5xx, else 4000 + the status (the private-use range, so a client reads the HTTP status back).
 * @example closeFor({ status: 401, code: 'UNAUTHORIZED' }) // { code: 4401, reason: 'UNAUTHORIZED' }
 */
export function closeFor(problem: { status: number; code: string }): SocketClose {
  const { status } = problem;
  const code = status === 413 ? 1009 : status >= 500 || !(status >= 400) ? 1011 : 4000 + status;
  return { code, reason: truncateUtf8(String(problem.code), MAX_REASON_BYTES) };
}

/**
 * Whether a problem met while a connection is open ends it: a message too large, or a server failure a client cannot
 * retry (an unexpected error). Client mistakes and retryable failures (an upstream outage) leave it open.
 */
export function isFatal(problem: { status: number; retryable: boolean }): boolean {
  return problem.status === 413 || (problem.status >= 500 && !problem.retryable);
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let size: number;
    let width = 1;
    if (unit < 0x80) size = 1;
    else if (unit < 0x800) size = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      size = 4; // a surrogate pair: one 4-byte character
      width = 2;
    } else size = 3; // the BMP, and a lone surrogate (encoded as U+FFFD, 3 bytes)
    if (bytes + size > maxBytes) return text.slice(0, i);
    bytes += size;
    i += width - 1;
  }
  return text;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
