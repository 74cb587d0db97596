/**
 * Core micro-benchmarks (mitata): the cost of making, normalising and formatting errors, and of request ids.
 * Reported as ops/s and as ratios measured side by side in this run.
 */

import { compileValidator, createErrata, defineErrors } from '@errata/core';
import { Boom } from '@hapi/boom';
import { Type } from '@sinclair/typebox';
import createError from 'http-errors';
import { do_not_optimize, measure } from 'mitata';

const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
});
const errata = createErrata({ catalog, onError: () => {} });
const request = { requestId: 'bench-1', method: 'GET', path: '/v1/orderbook/DOGEUSDT' };
const supported = ['BTCUSDT', 'ETHUSDT'];
const Query = Type.Object({
  symbol: Type.Union(supported.map((s) => Type.Literal(s))),
  limit: Type.Integer({ minimum: 1, maximum: 1000 }),
});
const validateQuery = compileValidator(Query, 'query');
const invalid = validateQuery({ symbol: 'X', limit: '0' });
const details = invalid.ok ? [] : invalid.details;

export interface MicroResult {
  name: string;
  opsPerSecond: number;
}

export async function runCoreBench(quick: boolean): Promise<MicroResult[]> {
  const options = quick ? { min_cpu_time: 20e6, max_samples: 200 } : { min_cpu_time: 500e6 };
  const tasks: [string, () => unknown][] = [
    ['create: typed 4xx (errata)', () => catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported })],
    ['create: new Error()', () => new Error('Symbol DOGEUSDT is not listed.')],
    ['create: http-errors createError(404)', () => createError(404, 'Symbol DOGEUSDT is not listed.')],
    ['create: Boom.notFound', () => new Boom('Symbol DOGEUSDT is not listed.', { statusCode: 404 })],
    ['respond: typed 4xx', () => errata.respond(catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported }), request)],
    [
      'respond: pre-made typed 4xx',
      (() => {
        const error = catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported });
        return () => errata.respond(error, request);
      })(),
    ],
    [
      'respond: unknown Error (500)',
      (() => {
        const error = new Error('db down');
        return () => errata.respond(error, request);
      })(),
    ],
    ['respond: validation error (2 details)', () => errata.respond(catalog.VALIDATION_ERROR({ details }), request)],
    ['validate: failing query', () => validateQuery({ symbol: 'X', limit: '0' })],
    ['request id: keep inbound', () => errata.requestId('client-trace-42')],
    ['request id: generate', () => errata.requestId(undefined)],
  ];
  const results: MicroResult[] = [];
  for (const [name, fn] of tasks) {
    const stats = await measure(() => do_not_optimize(fn()), options);
    results.push({ name, opsPerSecond: 1e9 / stats.avg });
  }
  return results;
}
