import { pickHeaders } from './headers';
import type { Recogniser } from './recognised';
import { read, readStatus, readString } from './safe';

/** The message of the HTTPException hono/validator (and validators built on it) throws for a body that is not JSON. */
const HONO_MALFORMED_JSON = 'Malformed JSON in request body';

/**
 * Hono's HTTPException: its message is public for 4xx; safe headers come from its `res`.
 * @example recogniseHono(new HTTPException(401, { message: 'Token expired' }), ['www-authenticate'])
 */
export const recogniseHono: Recogniser = (error, allowed) => {
  const status = readStatus(error);
  if (status === undefined || typeof read(error, 'getResponse') !== 'function') return undefined;
  if (status === 400 && readString(error, 'message', 64) === HONO_MALFORMED_JSON) {
    return { kind: 'standard', code: 'INVALID_JSON' };
  }
  const res = read(error, 'res');
  return {
    kind: 'status',
    status,
    message: status < 500 ? readString(error, 'message') : undefined,
    headers: res === undefined ? {} : pickHeaders(read(res, 'headers'), allowed),
  };
};
