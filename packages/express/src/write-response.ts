import type { ErrataResponse } from '@errata/core';
import type { Response } from 'express';

/**
 * Writes an answer core computed: status, headers and the already serialised body (`send` leaves it out for HEAD).
 * @example writeResponse(res, errata.notFound(requestInfo(req, errata)))
 */
export function writeResponse(res: Response, response: ErrataResponse): void {
  res.status(response.status).set(response.headers).send(response.body);
}
