/**
 * Type tests for the real-time handlers, checked by `pnpm typecheck`; each @ts-expect-error fails the typecheck if
 * the line it guards ever compiles. The runtime `it` only keeps jest from reporting an empty file.
 */
import { Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import type { ErrataEventStream, EventProducer } from './event-stream';
import type { ErrataSocket, SocketHandlers } from './socket-session';

const Subscribe = Type.Object({ op: Type.Literal('subscribe'), symbols: Type.Array(Type.String()) });

function typeChecks(): void {
  const withSchema: SocketHandlers<typeof Subscribe> = {
    schema: Subscribe,
    message: (socket, message) => {
      expectTypeOf(socket).toEqualTypeOf<ErrataSocket>();
      expectTypeOf(message).toEqualTypeOf<{ op: 'subscribe'; symbols: string[] }>();
    },
  };
  const text: SocketHandlers = {
    message: (_socket, message) => {
      expectTypeOf(message).toEqualTypeOf<string>();
    },
  };
  // @ts-expect-error: a schema is a TypeBox schema
  const wrong: SocketHandlers<typeof Subscribe> = { schema: { type: 'object' } };
  const producer: EventProducer = (stream) => {
    expectTypeOf(stream).toEqualTypeOf<ErrataEventStream>();
    // @ts-expect-error: an id is a string
    stream.send('tick', 1, { id: 1 });
  };
  void [withSchema, text, wrong, producer];
}

it('type-checks (see pnpm typecheck)', () => {
  expect(typeof typeChecks).toBe('function');
});
