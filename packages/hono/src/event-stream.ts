import type { EventProducer } from '@errata/core';
import { createEventStream, eventStreamHeaders } from '@errata/core/adapter';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requestInfo } from './request-info';

/**
 * Answers with a Server-Sent Events stream (Hono's `streamSSE`) that `producer` writes: what it throws is sent as an
 * `error` event carrying the HTTP error envelope, then the stream ends. Checks that fail before it is called answer
 * as usual.
 * @example app.get('/events', (c) => eventStream(c, async (stream) => { stream.send('tick', price()) }))
 */
export function eventStream(c: Context, producer: EventProducer): Response {
  const { errata, request } = requestInfo(c);
  const response = streamSSE(c, (sse) => {
    // Core encodes every event and catches every error, so streamSSE's own error event (the thrown message) never runs.
    return new Promise<void>((resolve) => {
      const session = createEventStream(
        errata,
        request,
        { write: (text) => void sse.write(text), end: resolve },
        producer,
      );
      sse.onAbort(() => {
        session.abort();
        resolve();
      });
      session.start();
    });
  });
  for (const [name, value] of Object.entries(eventStreamHeaders(errata, request.requestId))) {
    response.headers.set(name, value);
  }
  return response;
}
