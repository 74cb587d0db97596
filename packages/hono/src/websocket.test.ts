import { catalog } from '@errata/conformance';
import { Hono } from 'hono';
import type { WSContext, WSEvents } from 'hono/ws';
import { errata } from './errata';
import { websocket } from './websocket';

/** Drives the events like a runtime without an open event (Cloudflare Workers): messages and close only. */
async function withoutOpen(drive: (events: WSEvents, ws: WSContext) => void) {
  const sent: string[] = [];
  const closes: [number | undefined, string | undefined][] = [];
  const ws = {
    send: (data: string) => sent.push(data),
    close: (code?: number, reason?: string) => closes.push([code, reason]),
  } as unknown as WSContext;
  const app = new Hono();
  app.use(errata({ catalog, onError: () => {} }));
  app.get('/ws', (c) => {
    drive(
      websocket({
        open: (socket) => {
          if (socket.request.header('x-api-key') !== 'k') throw catalog.UNAUTHORIZED();
        },
        message: (socket, text) => socket.send('echo', text),
      })(c) as WSEvents,
      ws,
    );
    return c.body(null, 204);
  });
  return { sent, closes, request: (headers: Record<string, string>) => app.request('/ws', { headers }) };
}

describe('websocket (Hono)', () => {
  it('opens on the first message where the runtime has no open event', async () => {
    let events: WSEvents | undefined;
    let context: WSContext | undefined;
    const run = await withoutOpen((e, ws) => {
      events = e;
      context = ws;
    });
    await run.request({ 'x-api-key': 'k', 'x-request-id': 'cf-1' });
    events?.onMessage?.(new MessageEvent('message', { data: 'hi' }), context as WSContext);
    events?.onMessage?.(new MessageEvent('message', { data: 'again' }), context as WSContext);
    expect(run.sent.map((f) => JSON.parse(f))).toEqual([
      { type: 'echo', data: 'hi', meta: { request_id: 'cf-1', timestamp: expect.any(String) } },
      { type: 'echo', data: 'again', meta: { request_id: 'cf-1', timestamp: expect.any(String) } },
    ]);
  });

  it('answers a failed open on that first message, and reads Blob messages in order', async () => {
    let events: WSEvents | undefined;
    let context: WSContext | undefined;
    const run = await withoutOpen((e, ws) => {
      events = e;
      context = ws;
    });
    await run.request({});
    events?.onMessage?.(new MessageEvent('message', { data: new Blob(['x']) }), context as WSContext);
    expect(run.sent.map((f) => JSON.parse(f).error.code)).toEqual(['UNAUTHORIZED']);
    expect(run.closes).toEqual([[4401, 'UNAUTHORIZED']]);

    const ok = await withoutOpen((e, ws) => {
      events = e;
      context = ws;
    });
    await ok.request({ 'x-api-key': 'k' });
    events?.onMessage?.(new MessageEvent('message', { data: new Blob(['one']) }), context as WSContext);
    events?.onMessage?.(new MessageEvent('message', { data: 'two' }), context as WSContext);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ok.sent.map((f) => JSON.parse(f).data)).toEqual(['one', 'two']);
  });
});
