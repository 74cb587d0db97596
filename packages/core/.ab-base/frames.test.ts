import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import createError from 'http-errors';
import { createErrata, type ErrataErrorEvent } from './create-errata';
import { defineErrors } from './define-errors';
import { closeFor, formatFrame, isFatal, truncateUtf8 } from './frames';

const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
  UPSTREAM_ERROR: { status: 503, message: 'The price service is unavailable.', retryable: true },
});
const now = () => new Date('2026-11-22T12:00:00.000Z');
const request = { requestId: 'conn-1', method: 'GET', path: '/v1/stream' };
const META = '"meta":{"request_id":"conn-1","timestamp":"2026-11-22T12:00:00.000Z"}';

describe('errata.errorFrame', () => {
  it('sends the HTTP envelope’s error object inside { type: "error", error, meta }', () => {
    const errata = createErrata({ catalog, now, onError: () => {} });
    const thrown = catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: ['BTCUSDT'] });
    const frame = errata.errorFrame(thrown, request);
    const envelope = JSON.parse(errata.respond(thrown, request).body);
    expect(JSON.parse(frame.data)).toEqual({ type: 'error', error: envelope.error, meta: envelope.meta });
    expect(frame.data).toBe(
      `{"type":"error","error":{"code":"SYMBOL_NOT_FOUND","message":"Symbol DOGEUSDT is not listed.","params":{"symbol":"DOGEUSDT","supported":["BTCUSDT"]}},${META}}`,
    );
    expect(frame.close).toBeUndefined();
  });

  it('takes the seed’s WebSocket frame shape in one line of configuration', () => {
    const errata = createErrata({
      catalog,
      onError: () => {},
      frame: (p) => ({ type: 'ERROR', payload: { code: p.code, message: p.message } }),
    });
    expect(errata.errorFrame(catalog.UNAUTHORIZED(), request, { fatal: true })).toEqual({
      data: '{"type":"ERROR","payload":{"code":"UNAUTHORIZED","message":"Authentication is required."}}',
      close: { code: 4401, reason: 'UNAUTHORIZED' },
    });
  });

  it('masks an unexpected error, reports it once with the connection’s id, and closes with 1011', () => {
    const events: ErrataErrorEvent[] = [];
    const errata = createErrata({ catalog, now, onError: (event) => events.push(event) });
    const crash = new Error('db password=hunter2 at 10.0.0.5');
    const frame = errata.errorFrame(crash, request);
    expect(frame.data).toBe(
      `{"type":"error","error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred."},${META}}`,
    );
    expect(frame.close).toEqual({ code: 1011, reason: 'INTERNAL_ERROR' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ error: crash, requestId: 'conn-1', path: '/v1/stream' });
  });

  it('keeps the connection open after client mistakes and retryable failures, unless told the error is fatal', () => {
    const errata = createErrata({ catalog, onError: () => {} });
    for (const thrown of [catalog.INVALID_JSON(), catalog.UPSTREAM_ERROR(), createError(404)]) {
      expect(errata.errorFrame(thrown, request).close).toBeUndefined();
    }
    expect(errata.errorFrame(catalog.PAYLOAD_TOO_LARGE(), request).close).toEqual({
      code: 1009,
      reason: 'PAYLOAD_TOO_LARGE',
    });
    expect(errata.errorFrame(catalog.UPSTREAM_ERROR(), request, { fatal: true }).close?.code).toBe(1011);
    expect(errata.errorFrame(catalog.INTERNAL_ERROR(), request, { fatal: false }).close).toBeUndefined();
  });

  it('answers a static frame, closing with 1011, when the frame formatter or the hook throws', () => {
    const failing = [
      createErrata({
        catalog,
        now,
        onError: () => {},
        frame: () => {
          throw new Error('hunter2');
        },
      }),
      createErrata({
        catalog,
        now,
        onError: () => {
          throw new Error('hunter2');
        },
      }),
    ];
    const log = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const errata of failing) {
        expect(errata.errorFrame(catalog.CONFLICT(), request)).toEqual({
          data: `{"type":"error","error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred."},${META}}`,
          close: { code: 1011, reason: 'INTERNAL_ERROR' },
        });
      }
    } finally {
      log.mockRestore();
    }
  });

  it('never throws and never leaks, whatever is thrown', () => {
    const events: unknown[] = [];
    const errata = createErrata({ catalog, onError: (event) => events.push(event) });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true }),
          fc.string().map((m) => new Error(`${m}hunter2`)),
        ),
        (thrown) => {
          events.length = 0;
          const frame = errata.errorFrame(thrown, request);
          const parsed = JSON.parse(frame.data);
          expect(parsed.type).toBe('error');
          expect(parsed.meta.request_id).toBe('conn-1');
          expect(frame.data).not.toContain('hunter2');
          expect(events).toHaveLength(1);
        },
      ),
    );
  });
});

describe('errata.dataFrame', () => {
  it('sends { type, data, meta }', () => {
    const errata = createErrata({ catalog, now, onError: () => {} });
    expect(errata.dataFrame('tick', { symbol: 'BTCUSDT', price: 97000 }, request)).toEqual({
      data: `{"type":"tick","data":{"symbol":"BTCUSDT","price":97000},${META}}`,
      close: undefined,
    });
  });

  it('is byte for byte JSON.stringify({ type, data, meta }) for any JSON value', () => {
    const errata = createErrata({ catalog, now, onError: () => {} });
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (type, data) => {
        const meta = { request_id: 'conn-1', timestamp: '2026-11-22T12:00:00.000Z' };
        expect(errata.dataFrame(type, data, request).data).toBe(JSON.stringify({ type, data, meta }));
      }),
    );
  });

  it('answers the masked error frame for data that cannot be serialised', () => {
    const errata = createErrata({ catalog, onError: () => {} });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const data of [10n, cyclic]) {
      const frame = errata.dataFrame('tick', data, request);
      expect(JSON.parse(frame.data).error.code).toBe('INTERNAL_ERROR');
      expect(frame.close?.code).toBe(1011);
    }
  });
});

/** Any text: whole code points, and lone surrogates too. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 200 }),
);

describe('closeFor', () => {
  it('maps 4xx to 4000 + status, 413 to 1009 and 5xx to 1011', () => {
    expect(closeFor({ status: 401, code: 'UNAUTHORIZED' })).toEqual({ code: 4401, reason: 'UNAUTHORIZED' });
    expect(closeFor({ status: 429, code: 'RATE_LIMIT_EXCEEDED' }).code).toBe(4429);
    expect(closeFor({ status: 413, code: 'PAYLOAD_TOO_LARGE' }).code).toBe(1009);
    expect(closeFor({ status: 500, code: 'INTERNAL_ERROR' }).code).toBe(1011);
    expect(closeFor({ status: 503, code: 'UPSTREAM_ERROR' }).code).toBe(1011);
  });

  it('keeps any code as a reason of at most 123 UTF-8 bytes, cut only between characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), anyText, (status, code) => {
        const { code: closeCode, reason } = closeFor({ status, code });
        expect(closeCode === 1009 || closeCode === 1011 || (closeCode >= 4400 && closeCode <= 4499)).toBe(true);
        const bytes = new TextEncoder().encode(reason);
        expect(bytes.length).toBeLessThanOrEqual(123);
        expect(code.startsWith(reason)).toBe(true);
        // the longest prefix that fits: one more code point would not
        const next = code.slice(reason.length, reason.length + 2);
        const point = next === '' ? '' : String.fromCodePoint(next.codePointAt(0) as number);
        if (point !== '') expect(new TextEncoder().encode(reason + point).length).toBeGreaterThan(123);
        expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(
          (reason as unknown as { toWellFormed(): string }).toWellFormed(),
        );
      }),
    );
  });

  it('never splits a surrogate pair', () => {
    expect(truncateUtf8(`${'a'.repeat(121)}😀`, 123)).toBe('a'.repeat(121));
    expect(truncateUtf8(`${'a'.repeat(119)}😀`, 123)).toBe(`${'a'.repeat(119)}😀`);
    expect(truncateUtf8('é'.repeat(70), 123)).toBe('é'.repeat(61));
  });
});

describe('isFatal', () => {
  it('ends the connection for a message too large and for non-retryable server failures only', () => {
    expect(isFatal({ status: 400, retryable: false })).toBe(false);
    expect(isFatal({ status: 429, retryable: true })).toBe(false);
    expect(isFatal({ status: 413, retryable: false })).toBe(true);
    expect(isFatal({ status: 500, retryable: false })).toBe(true);
    expect(isFatal({ status: 503, retryable: true })).toBe(false);
  });
});

describe('formatFrame', () => {
  it('adds the stack only when the context has one (debug)', () => {
    const problem = {
      status: 500,
      code: 'X',
      title: 'Internal Server Error',
      message: 'm',
      details: undefined,
      params: undefined,
      retryable: false,
    };
    const context = { requestId: 'r', timestamp: 't', method: 'GET', path: '/' };
    expect(formatFrame(problem, context)).toEqual({
      type: 'error',
      error: { code: 'X', message: 'm' },
      meta: { request_id: 'r', timestamp: 't' },
    });
    expect((formatFrame(problem, { ...context, stack: 's' }) as { error: { stack: string } }).error.stack).toBe('s');
  });
});
