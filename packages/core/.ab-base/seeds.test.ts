/** A user formatter can reproduce, exactly, each of the envelopes real APIs document. */
import { Type } from '@sinclair/typebox';
import { createErrata } from './create-errata';
import { defineErrors } from './define-errors';
import type { Formatter } from './formats';

const catalog = defineErrors({
  LEVERAGE_EXCEEDS_MAXIMUM: {
    status: 400,
    message: (p) => `Leverage ${p.current_leverage}x exceeds the maximum of ${p.max_leverage}x.`,
    params: Type.Object({ current_leverage: Type.Integer(), max_leverage: Type.Integer() }),
  },
});
const now = () => new Date('2026-11-22T12:00:00.000Z');
const request = { requestId: 'req-7', method: 'POST', path: '/v1/orders' };
const details = [
  { field: 'body.quantity', message: 'must be > 0', rule: 'exclusiveMinimum', path: ['body', 'quantity'], expected: 0 },
];
const answer = (format: Formatter, thrown: unknown) =>
  JSON.parse(createErrata({ catalog, now, format, onError: () => {} }).respond(thrown, request).body);

describe('user formatters reproduce documented envelopes', () => {
  it('{ success, error: { code, message, details: { errors: [{ type, loc, msg }] } }, meta: { version, timestamp, request_id } }', () => {
    const format: Formatter = (p, c) => ({
      success: false,
      error: {
        code: p.code,
        message: p.message,
        details: { errors: (p.details ?? []).map((d) => ({ type: d.rule, loc: d.path, msg: d.message })) },
      },
      meta: { version: '1.4.0', timestamp: c.timestamp, request_id: c.requestId },
    });
    expect(answer(format, catalog.VALIDATION_ERROR({ details }))).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'The request is invalid.',
        details: { errors: [{ type: 'exclusiveMinimum', loc: ['body', 'quantity'], msg: 'must be > 0' }] },
      },
      meta: { version: '1.4.0', timestamp: '2026-11-22T12:00:00.000Z', request_id: 'req-7' },
    });
  });

  it('flat { error: CODE, message, request_id, ...extras }', () => {
    const format: Formatter = (p, c) => ({ error: p.code, message: p.message, request_id: c.requestId, ...p.params });
    expect(answer(format, catalog.LEVERAGE_EXCEEDS_MAXIMUM({ current_leverage: 50, max_leverage: 20 }))).toEqual({
      error: 'LEVERAGE_EXCEEDS_MAXIMUM',
      message: 'Leverage 50x exceeds the maximum of 20x.',
      request_id: 'req-7',
      current_leverage: 50,
      max_leverage: 20,
    });
  });

  it('{ success, error: { message, code, details: [{ field, message }] }, statusCode, timestamp }', () => {
    const format: Formatter = (p, c) => ({
      success: false,
      error: {
        message: p.message,
        code: p.code,
        details: (p.details ?? []).map(({ field, message }) => ({ field, message })),
      },
      statusCode: p.status,
      timestamp: c.timestamp,
    });
    expect(answer(format, catalog.VALIDATION_ERROR({ details }))).toEqual({
      success: false,
      error: {
        message: 'The request is invalid.',
        code: 'VALIDATION_ERROR',
        details: [{ field: 'body.quantity', message: 'must be > 0' }],
      },
      statusCode: 400,
      timestamp: '2026-11-22T12:00:00.000Z',
    });
  });

  it('{ error: { type, code, message, params } } with type from the status class', () => {
    const typeOf = (status: number) =>
      status === 401 || status === 403
        ? 'AUTHENTICATION_ERROR'
        : status === 429
          ? 'RATE_LIMIT_ERROR'
          : status < 500
            ? 'INVALID_REQUEST_ERROR'
            : 'API_ERROR';
    const format: Formatter = (p) => ({
      error: { type: typeOf(p.status), code: p.code, message: p.message, params: p.params ?? {} },
    });
    expect(answer(format, catalog.RATE_LIMIT_EXCEEDED({ retry_after: 12 }))).toEqual({
      error: {
        type: 'RATE_LIMIT_ERROR',
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Too many requests. Retry after the delay given in Retry-After.',
        params: { retry_after: 12 },
      },
    });
    expect(answer(format, catalog.UNAUTHORIZED()).error.type).toBe('AUTHENTICATION_ERROR');
    expect(answer(format, catalog.LEVERAGE_EXCEEDS_MAXIMUM({ current_leverage: 3, max_leverage: 2 })).error.type).toBe(
      'INVALID_REQUEST_ERROR',
    );
    expect(answer(format, new Error('x')).error).toEqual({
      type: 'API_ERROR',
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred.',
      params: {},
    });
  });
});

describe('a user frame formatter reproduces a documented WebSocket error frame', () => {
  it('{ type: "ERROR", payload: { code, message } } (seed 003), in one line of configuration', () => {
    const errata = createErrata({
      catalog,
      onError: () => {},
      frame: (p) => ({ type: 'ERROR', payload: { code: p.code, message: p.message } }),
    });
    const frame = errata.errorFrame(catalog.UNAUTHORIZED({ message: 'Invalid or expired API key' }), request, {
      fatal: true,
    });
    expect(JSON.parse(frame.data)).toEqual({
      type: 'ERROR',
      payload: { code: 'UNAUTHORIZED', message: 'Invalid or expired API key' },
    });
    expect(frame.close).toEqual({ code: 4401, reason: 'UNAUTHORIZED' });
  });
});
