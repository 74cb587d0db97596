import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { createErrata, type ErrataErrorEvent } from './create-errata';
import { defineErrors } from './define-errors';
import { createSocketSession, type SocketHandlers } from './socket-session';

const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
});
const request = { requestId: 'conn-1', method: 'GET', path: '/stream' };
const upgrade = { url: '/stream?key=k', header: () => undefined };
const Subscribe = Type.Object({
  op: Type.Literal('subscribe'),
  symbols: Type.Array(Type.String({ pattern: '^[A-Z]+$' })),
});

/** A session over a recording transport; `sent` holds parsed frames, `closes` the closes, `events` the hook's reports. */
function connect<S extends Parameters<typeof createSocketSession>[4]>(handlers: S, maxMessageBytes?: number) {
  const events: ErrataErrorEvent[] = [];
  const errata = createErrata({ catalog, onError: (event) => events.push(event) });
  const sent: { type: string; error?: { code: string; details?: unknown; params?: unknown }; data?: unknown }[] = [];
  const closes: [number, string][] = [];
  const session = createSocketSession(
    errata,
    request,
    upgrade,
    { send: (data) => sent.push(JSON.parse(data)), close: (code, reason) => closes.push([code, reason]) },
    {
      ...handlers,
      ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    } as unknown as SocketHandlers<undefined>,
  );
  return { session, sent, closes, events, errata };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createSocketSession', () => {
  it('sends one fatal frame and closes with 4000 + status when open throws', () => {
    const { session, sent, closes, events } = connect({
      open: () => {
        throw catalog.UNAUTHORIZED();
      },
    });
    session.open();
    expect(sent.map((f) => f.error?.code)).toEqual(['UNAUTHORIZED']);
    expect(closes).toEqual([[4401, 'UNAUTHORIZED']]);
    expect(events.map((e) => e.requestId)).toEqual(['conn-1']);
  });

  it('holds messages until an async open succeeds, and drops them when it fails', async () => {
    const seen: string[] = [];
    const ok = connect({ open: async () => tick(), message: (_s: unknown, m: string) => void seen.push(m) });
    ok.session.open();
    ok.session.receive('first');
    expect(seen).toEqual([]);
    await tick();
    await tick();
    ok.session.receive('second');
    expect(seen).toEqual(['first', 'second']);

    const failed = connect({
      open: async () => {
        await tick();
        throw catalog.UNAUTHORIZED();
      },
      message: () => seen.push('never'),
    });
    failed.session.open();
    failed.session.receive('dropped');
    await tick();
    await tick();
    expect(failed.closes).toEqual([[4401, 'UNAUTHORIZED']]);
    expect(seen).toEqual(['first', 'second']);
  });

  it('answers malformed JSON and schema failures with frames, staying open', () => {
    const { session, sent, closes } = connect({ schema: Subscribe, message: () => {} });
    session.open();
    session.receive('{"op":');
    session.receive('{"op":"subscribe","symbols":["OK","no-t ok",3]}');
    expect(sent.map((f) => f.error?.code)).toEqual(['INVALID_JSON', 'VALIDATION_ERROR']);
    expect(sent[1]?.error?.details).toEqual([
      { field: 'message.symbols[1]', message: expect.stringMatching(/pattern/), rule: 'pattern' },
      { field: 'message.symbols[2]', message: 'must be a string', rule: 'type' },
    ]);
    expect(closes).toEqual([]);
  });

  it('gives the handler the validated value, and says "message" in the frames’ messages', () => {
    const got: unknown[] = [];
    const { session, sent } = connect({ schema: Subscribe, message: (_s: unknown, m: unknown) => void got.push(m) });
    session.open();
    session.receive(Buffer.from('{"op":"subscribe","symbols":["BTC"]}'));
    session.receive('nope');
    expect(got).toEqual([{ op: 'subscribe', symbols: ['BTC'] }]);
    expect(sent).toEqual([
      expect.objectContaining({ error: { code: 'INVALID_JSON', message: 'The message is not valid JSON.' } }),
    ]);
  });

  it('answers a message over the limit with PAYLOAD_TOO_LARGE and closes with 1009, counting UTF-8 bytes', () => {
    const handled: unknown[] = [];
    const { session, sent, closes } = connect({ message: (_s: unknown, m: unknown) => void handled.push(m) }, 8);
    session.open();
    session.receive('12345678');
    session.receive('1234567é'); // 9 bytes
    session.receive('after');
    expect(handled).toEqual(['12345678']);
    expect(sent.map((f) => f.error?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(closes).toEqual([[1009, 'PAYLOAD_TOO_LARGE']]);
  });

  it('decodes fragmented bytes that split a character', () => {
    const got: unknown[] = [];
    const { session } = connect({ message: (_s: unknown, m: unknown) => void got.push(m) });
    session.open();
    const bytes = Buffer.from('é€');
    session.receive([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]);
    expect(got).toEqual(['é€']);
  });

  it('masks a crash in a handler (sync or async), closes with 1011 and sends nothing after', async () => {
    for (const message of [
      () => {
        throw new Error('password=hunter2');
      },
      async () => {
        await tick();
        throw new Error('password=hunter2');
      },
    ]) {
      const { session, sent, closes, events } = connect({ message });
      session.open();
      session.receive('x');
      await tick();
      await tick();
      session.socket.send('tick', 1);
      session.receive('y');
      expect(sent).toEqual([
        expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'INTERNAL_ERROR' }) }),
      ]);
      expect(JSON.stringify(sent)).not.toContain('hunter2');
      expect(closes).toEqual([[1011, 'INTERNAL_ERROR']]);
      expect(events).toHaveLength(1);
    }
  });

  it('aborts the signal and runs close once, whoever closes; later errors are only reported', async () => {
    const closed: unknown[] = [];
    const { session, sent, events } = connect({ close: (_s: unknown, e: unknown) => void closed.push(e) });
    session.open();
    session.closed(1001, 'going away');
    session.socket.close();
    session.closed(1000, '');
    expect(session.socket.signal.aborted).toBe(true);
    expect(closed).toEqual([{ code: 1001, reason: 'going away' }]);
    session.socket.fail(new Error('late'));
    session.socket.run(async () => {
      throw new Error('later');
    });
    await tick();
    expect(sent).toEqual([]);
    expect(events.map((e) => (e.error as Error).message)).toEqual(['late', 'later']);
  });

  it('sends exactly the frame core computes, reported once, for any value a handler throws', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true }), (thrown) => {
        const { session, sent, events, errata } = connect({
          message: () => {
            throw thrown;
          },
        });
        session.open();
        session.receive('x');
        const expected = errata.errorFrame(thrown, request);
        expect(sent).toHaveLength(1);
        expect({ ...sent[0], meta: undefined }).toEqual({ ...JSON.parse(expected.data), meta: undefined });
        expect(events).toHaveLength(2); // the handler's error, and the one computed here for comparison
      }),
      { numRuns: 200 },
    );
  });
});
