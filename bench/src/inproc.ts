/**
 * `pnpm --filter @errata/bench inproc [framework] [row] [modes]`: two bench servers of one framework answering one
 * row in this process, through light-my-request's fake sockets (no kernel, no network): batches of 50 requests,
 * interleaved in alternating order, wall-clock time; the median of the paired ratios and their interquartile range. The
 * kernel write (a third of a real request's time, RESULTS.md) is left out, so a difference here is larger than over
 * HTTP; on a shared machine this holds where whole-server runs do not. Default modes: `errata,handmade`; besides the
 * servers' modes, `idfloor` is the floor server's `/id` routes (its request-id middleware first), typed row only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { inject } from 'light-my-request';
import { expressApp } from './servers/express';
import { fastifyApp } from './servers/fastify';
import { honoApp } from './servers/hono';
import { FRAMEWORKS, type Framework, MODES, type Mode, ROWS } from './servers/shared';

const BATCH = 50;
type Send = (method: string, path: string) => Promise<number>;

async function sender(framework: Framework, mode: Mode): Promise<Send> {
  if (framework === 'fastify') {
    const app = await fastifyApp(mode);
    await app.ready();
    return async (method, url) => (await app.inject({ method: method as 'GET', url })).statusCode;
  }
  const handler = (framework === 'express' ? expressApp(mode) : getRequestListener(honoApp(mode).fetch)) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
  ) => void;
  return async (method, url) => (await inject(handler, { method: method as 'GET', url })).statusCode;
}

// Wall-clock time: process.cpuUsage() moves in scheduler ticks here (milliseconds), too coarse for a batch; the
// machine's other load shows in the IQR
const cpuMicros = () => performance.now() * 1000;
async function perRequest(send: Send, method: string, path: string, n: number): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await send(method, path);
  // light-my-request frees a request's objects in a later macrotask (heap grows ~10 KB per request without one); the
  // work deferred so is counted in the batch that caused it
  await new Promise((resolve) => setImmediate(resolve));
  return (cpuMicros() - start) / n;
}
const at = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * q)] ?? 0;

/** `idfloor`: the floor server's `/id` routes, behind the framework's usual request-id middleware. */
type Side = Mode | 'idfloor';
const [only, rowArg, modesArg] = process.argv.slice(2);
const [modeA, modeB] = (modesArg ?? 'errata,handmade').split(',') as [Side, Side];
const sides: readonly Side[] = [...MODES, 'idfloor'];
if (!sides.includes(modeA) || !sides.includes(modeB)) throw new Error(`modes: two of ${sides.join(', ')}`);
const floors = ['floor', 'idfloor'];
for (const framework of FRAMEWORKS) {
  if (only !== undefined && only !== 'all' && only !== framework) continue;
  const serverOf = (side: Side): Mode => (side === 'idfloor' ? 'floor' : side);
  const a = await sender(framework, serverOf(modeA));
  const b = await sender(framework, serverOf(modeB));
  for (const row of ROWS) {
    if (rowArg !== undefined && rowArg !== 'all' && rowArg !== row.key) continue;
    // the floors answer the typed row only
    if ((floors.includes(modeA) || floors.includes(modeB)) && row.key !== 'typed') continue;
    const pathA = modeA === 'idfloor' ? `/id${row.path}` : row.path;
    const pathB = modeB === 'idfloor' ? `/id${row.path}` : row.path;
    const statusA = await a(row.method, pathA);
    const statusB = await b(row.method, pathB);
    for (let i = 0; i < 60; i++) {
      await perRequest(a, row.method, pathA, BATCH);
      await perRequest(b, row.method, pathB, BATCH);
    }
    const as: number[] = [];
    const bs: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < 400; round++) {
      const first = round % 2 === 0;
      const x = first ? await perRequest(a, row.method, pathA, BATCH) : 0;
      const y = await perRequest(b, row.method, pathB, BATCH);
      const xs = first ? x : await perRequest(a, row.method, pathA, BATCH);
      as.push(xs);
      bs.push(y);
      ratios.push(y / xs);
    }
    console.log(
      `${framework.padEnd(8)} ${row.key.padEnd(11)} ${modeA} ${at(as, 0.5).toFixed(1)} µs (${statusA}), ${modeB} ${at(bs, 0.5).toFixed(1)} µs (${statusB}): ${modeA}/${modeB} ${(100 * at(ratios, 0.5)).toFixed(1)}% (IQR ${(100 * at(ratios, 0.25)).toFixed(1)}-${(100 * at(ratios, 0.75)).toFixed(1)}%)`,
    );
  }
}
