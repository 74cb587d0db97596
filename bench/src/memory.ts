/** Heap before/after pushing many errors through core (run with --expose-gc). */
import { createErrata, defineErrors } from '@errata/core';

const catalog = defineErrors({});
const errata = createErrata({ catalog, onError: () => {} });

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.(); // a second pass collects what the first one's finalizers released
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function thrownAt(i: number): unknown {
  if (i % 3 === 0) return catalog.NOT_FOUND();
  return i % 3 === 1 ? new Error(`boom ${i}`) : catalog.RATE_LIMIT_EXCEEDED({ retry_after: i % 60 });
}

export function runCoreMemory(count: number): { count: number; beforeMb: number; afterMb: number } {
  const request = { requestId: 'mem', method: 'GET', path: '/x' };
  for (let i = 0; i < 10_000; i++) errata.respond(thrownAt(i), request); // warm up every path first
  const beforeMb = heapMb();
  for (let i = 0; i < count; i++) errata.respond(thrownAt(i), { ...request, requestId: `mem-${i}` });
  return { count, beforeMb, afterMb: heapMb() };
}
