/** A scripted `fetch`: answers each request with the next reply of its list and records what it was sent. */
import type { FakeClock } from './fake-clock';

export type Reply =
  /** `body` is sent as JSON unless it is a string (`text`). */
  | { status: number; headers?: Record<string, string>; body?: unknown; text?: string }
  /** `fetch` rejects as on a refused connection. */
  | { network: true }
  /** No answer until the request's signal aborts. */
  | { hang: true }
  /** The reply, once `ms` of the clock's time have passed. */
  | { delay: number; reply: Reply };

export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  /** The clock's time when it was sent. */
  at: number;
}

export interface FakeApi {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  sent: SentRequest[];
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function fakeApi(clock: FakeClock, replies: readonly Reply[]): FakeApi {
  const queue = [...replies];
  const sent: SentRequest[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    sent.push({
      method: init.method ?? 'GET',
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      at: clock.now(),
    });
    const reply = queue.shift();
    if (reply === undefined) throw new Error(`fakeApi: request #${sent.length} was not expected`);
    return answer(reply, init.signal ?? undefined);
  };

  async function answer(reply: Reply, signal: AbortSignal | undefined): Promise<Response> {
    if ('network' in reply) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    if ('hang' in reply) {
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    }
    if ('delay' in reply) {
      await clock.sleep(reply.delay, signal ?? new AbortController().signal);
      return answer(reply.reply, signal);
    }
    const headers = new Headers(reply.headers);
    let text = reply.text ?? '';
    if (reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      if (!headers.has('content-type')) headers.set('content-type', JSON_TYPE);
    }
    const empty = reply.status === 204 || reply.status === 205 || reply.status === 304; // null-body statuses
    return new Response(empty ? null : text, { status: reply.status, headers });
  }

  return { fetch, sent };
}

/** errata's error envelope. */
export function envelope(code: string, message: string, extra: { params?: unknown; details?: unknown } = {}) {
  return {
    success: false,
    error: { code, message, ...extra },
    meta: { request_id: 'req-1', timestamp: '2026-01-01T00:00:00.000Z' },
  };
}

/** errata's success envelope. */
export function ok(data: unknown) {
  return { success: true, data, meta: { request_id: 'req-ok', timestamp: '2026-01-01T00:00:00.000Z' } };
}
