import { createParser, type EventSourceMessage } from 'eventsource-parser';
import fc from 'fast-check';
import { createErrata, type ErrataErrorEvent } from './create-errata';
import { defineErrors } from './define-errors';
import { createEventStream, type EventProducer, eventStreamHeaders } from './event-stream';

const catalog = defineErrors({ UPSTREAM_ERROR: { status: 503, message: 'Down.', retryable: true } });
const request = { requestId: 'sse-1', method: 'GET', path: '/events', accept: 'application/problem+json' };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function run(producer: EventProducer) {
  const events: ErrataErrorEvent[] = [];
  const errata = createErrata({ catalog, problemDetails: true, onError: (event) => events.push(event) });
  let text = '';
  let ends = 0;
  const session = createEventStream(
    errata,
    request,
    {
      write: (chunk) => {
        text += chunk;
      },
      end: () => {
        ends += 1;
      },
    },
    producer,
  );
  session.start();
  const parsed = () => {
    const out: EventSourceMessage[] = [];
    createParser({ onEvent: (e) => out.push(e) }).feed(text);
    return out;
  };
  return { session, events, errata, parsed, text: () => text, ends: () => ends };
}

describe('createEventStream', () => {
  it('sends JSON events with ids and ends when the producer returns', async () => {
    const stream = run(async (s) => {
      s.send('tick', { symbol: 'BTCUSDT', price: 1 }, { id: '1' });
      await s.sleep(1);
      s.send('tick', { symbol: 'BTCUSDT', price: 2 }, { id: '2' });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.text()).toBe(
      'event: tick\ndata: {"symbol":"BTCUSDT","price":1}\nid: 1\n\nevent: tick\ndata: {"symbol":"BTCUSDT","price":2}\nid: 2\n\n',
    );
    expect(stream.ends()).toBe(1);
  });

  it('sends a failure as an error event carrying the HTTP envelope (never problem+json), then ends', async () => {
    const stream = run(async (s) => {
      s.send('tick', 1);
      await tick();
      throw catalog.UPSTREAM_ERROR();
    });
    await tick();
    await tick();
    const events = stream.parsed();
    expect(events.map((e) => e.event)).toEqual(['tick', 'error']);
    const expected = stream.errata.respond(catalog.UPSTREAM_ERROR(), { ...request, accept: undefined }).body;
    expect(JSON.parse(events[1]?.data as string)).toEqual({ ...JSON.parse(expected), meta: expect.any(Object) });
    expect(JSON.parse(events[1]?.data as string).meta.request_id).toBe('sse-1');
    expect(stream.ends()).toBe(1);
    expect(stream.events).toHaveLength(2); // the producer's, and the one computed for comparison
  });

  it('masks a crash and reports it once', () => {
    const stream = run(() => {
      throw new Error('password=hunter2');
    });
    expect(stream.text()).not.toContain('hunter2');
    expect(JSON.parse(stream.parsed()[0]?.data as string).error.code).toBe('INTERNAL_ERROR');
    expect(stream.events).toHaveLength(1);
    expect(stream.events[0]?.requestId).toBe('sse-1');
  });

  it('fails the stream on data or an event name it cannot send faithfully', () => {
    for (const send of [
      (s: Parameters<EventProducer>[0]) => s.send('tick', 1n),
      (s: Parameters<EventProducer>[0]) => s.send('a\nevent: b', 1),
    ]) {
      const stream = run((s) => send(s));
      expect(stream.parsed().map((e) => [e.event, JSON.parse(e.data).error.code])).toEqual([
        ['error', 'INTERNAL_ERROR'],
      ]);
    }
  });

  it('stops writing once the client went away, wakes a sleeping producer, still reports later errors', async () => {
    let woke = false;
    const stream = run(async (s) => {
      s.send('tick', 1);
      await s.sleep(60_000);
      woke = true;
      s.send('tick', 2);
      throw new Error('after abort');
    });
    stream.session.abort();
    await tick();
    expect(woke).toBe(true);
    expect(stream.parsed()).toHaveLength(1);
    expect(stream.session.stream.signal.aborted).toBe(true);
    expect(stream.events).toHaveLength(1);
  });

  it('writes one well-formed event for any JSON data, read back equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const stream = run((s) => s.send('x', data));
        const events = stream.parsed();
        expect(events).toHaveLength(1);
        expect(JSON.parse(events[0]?.data as string)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });

  it('says text/event-stream, no-store and the request id', () => {
    const errata = createErrata({ catalog });
    expect(eventStreamHeaders(errata, 'sse-1')).toEqual({
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'x-request-id': 'sse-1',
    });
  });
});
