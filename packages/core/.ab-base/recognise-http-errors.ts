import { pickHeaders } from './headers';
import type { Recogniser } from './recognised';
import { read, readStatus, readString } from './safe';

/**
 * http-errors and look-alikes (any Error with a `status`/`statusCode`): the message is public only when `expose` is
 * true, and never for a 5xx.
 * @example recogniseHttpErrors(createError(404, 'No such book'), [])
 */
export const recogniseHttpErrors: Recogniser = (error, allowed) => {
  const status = readStatus(error);
  if (status === undefined) return undefined;
  const expose = read(error, 'expose') === true && status < 500;
  return {
    kind: 'status',
    status,
    message: expose ? readString(error, 'message') : undefined,
    headers: pickHeaders(read(error, 'headers'), allowed),
  };
};
