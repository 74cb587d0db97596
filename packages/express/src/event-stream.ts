import type { Errata, EventProducer } from '@errata/core';
import { createEventStream, eventStreamHeaders } from '@errata/core/adapter';
import type { Response } from 'express';
import { requestInfo } from './request-info';

/**
 * Starts a Server-Sent Events response on `res` and runs `producer`: what it throws is sent as an `error` event
 * (the HTTP error envelope), then the response ends. Checks that fail before it is called answer as usual.
 * @example app.get('/events', (req, res) => e.eventStream(res, async (stream) => { stream.send('tick', price()) }))
 */
export function eventStream(errata: Errata, res: Response, producer: EventProducer): void {
  const request = requestInfo(res.req, errata);
  // writeHead, not res.set: Express would add `; charset=utf-8` to the content type, which the other adapters don't.
  res.writeHead(200, eventStreamHeaders(errata, request.requestId));
  res.flushHeaders();
  const transport = { write: (text: string) => void res.write(text), end: () => void res.end() };
  const session = createEventStream(errata, request, transport, producer);
  res.on('close', () => session.abort()); // the client went away (or the response ended: then a no-op)
  session.start();
}
