import type { Context } from 'hono';
import { requestInfo } from './request-info';

/**
 * A response body that reports its own failure: when `body` errors mid-stream, the error reaches onError once (with
 * the request id), then the body fails too, so the server cuts the response and the client sees it is incomplete.
 * Hono never hears of a failing body (the server cuts it silently), hence this wrapper for streaming routes.
 * @example return c.body(reportStreamErrors(c, readable))
 */
export function reportStreamErrors<T>(c: Context, body: ReadableStream<T>): ReadableStream<T> {
  const { errata, request } = requestInfo(c);
  const reader = body.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<T>;
      try {
        chunk = await reader.read();
      } catch (error) {
        errata.respond(error, request); // only for onError: the head is out
        controller.error(error);
        return;
      }
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
