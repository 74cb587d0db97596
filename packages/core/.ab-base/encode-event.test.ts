import { createParser, type EventSourceMessage } from 'eventsource-parser';
import fc from 'fast-check';
import { encodeEvent } from './encode-event';

/** What a spec-compliant client (eventsource-parser, which the `eventsource` package uses) reads from the text. */
function parse(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(text);
  return events;
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('a', ' ', ':', '\r', '\n', '\r\n', 'data: x', 'é', '\u2028', '\0') }),
);

describe('encodeEvent', () => {
  it('writes event, data, id and retry fields, then a blank line', () => {
    expect(encodeEvent({ event: 'tick', data: '{"price":1}', id: '7', retry: 1000 })).toBe(
      'event: tick\ndata: {"price":1}\nid: 7\nretry: 1000\n\n',
    );
    expect(encodeEvent({ data: 'a\r\nb\rc\nd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('is read back as exactly one event with the same data (line breaks as LF) for any data', () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':') })), (data, event) => {
        const text = encodeEvent({ data, event: event ?? undefined, id: '1' });
        const events = parse(text);
        expect(events).toEqual([
          { data: data.replace(/\r\n|\r/g, '\n'), event: event === null || event === '' ? undefined : event, id: '1' },
        ]);
      }),
    );
  });

  it('never lets a field inject another event: a line break in event or id, or NUL in id, throws', () => {
    fc.assert(
      fc.property(anyText, anyText, (event, id) => {
        let text: string;
        try {
          text = encodeEvent({ event, id, data: 'x' });
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          expect(/[\r\n]/.test(event) || /[\r\n\0]/.test(id)).toBe(true);
          return;
        }
        expect(parse(text)).toEqual([{ data: 'x', event: event === '' ? undefined : event, id }]);
      }),
    );
  });

  it('rejects a retry that is not a non-negative integer', () => {
    for (const retry of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeEvent({ data: 'x', retry })).toThrow(TypeError);
    }
  });
});
