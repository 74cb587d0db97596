import { pickHeaders } from './headers';
import type { Recogniser } from './recognised';
import { read, readStatus, readString } from './safe';

/**
 * @hapi/boom: the public part is `output` (status, payload message for 4xx, headers).
 * @example recogniseBoom(Boom.tooManyRequests(), ['retry-after'])
 */
export const recogniseBoom: Recogniser = (error, allowed) => {
  if (read(error, 'isBoom') !== true) return undefined;
  const output = read(error, 'output');
  const status = readStatus(output) ?? 500;
  return {
    kind: 'status',
    status,
    message: status < 500 ? readString(read(output, 'payload'), 'message') : undefined,
    headers: pickHeaders(read(output, 'headers'), allowed),
  };
};
