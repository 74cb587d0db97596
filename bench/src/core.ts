/**
 * Core micro-benchmarks: the cost of making, normalising and formatting errors, and of request ids, as ops/s of CPU
 * time (process.cpuUsage, median of batches). CPU time, unlike wall time, does not count the time the machine's
 * other load takes the CPU away: on a shared machine the wall-clock average moved 2× between runs, this ±3%.
 */

import { compileValidator, createErrata, defineErrors } from '@errata/core';
import { Boom } from '@hapi/boom';
import { Type } from '@sinclair/typebox';
import createError from 'http-errors';
import { do_not_optimize } from 'mitata';

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
  for (const [name, fn] of tasks) results.push({ name, opsPerSecond: 1e9 / cpuNanosPerCall(fn, quick) });
  return results;
}

/** CPU ns per call: warmed up (so the JIT has optimised it), then the median of batches of ~20 ms each. */
function cpuNanosPerCall(fn: () => unknown, quick: boolean): number {
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) * 1000;
  };
  let calls = 0;
  const warmUntil = cpuNow() + (quick ? 5e6 : 100e6);
  while (cpuNow() < warmUntil) {
    for (let i = 0; i < 1000; i++) do_not_optimize(fn());
    calls += 1000;
  }
  const batch = Math.max(1000, Math.round(calls / (quick ? 1 : 5))); // ~5 ms quick, ~20 ms otherwise
  const perCall: number[] = [];
  for (let b = 0; b < (quick ? 3 : 25); b++) {
    const start = cpuNow();
    for (let i = 0; i < batch; i++) do_not_optimize(fn());
    perCall.push((cpuNow() - start) / batch);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)] ?? 0;
}
