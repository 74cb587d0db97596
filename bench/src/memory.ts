/** Heap before/after pushing many errors through core (run with --expose-gc). */
import { createErrata, defineErrors } from '@errata/core';

const catalog = defineErrors({});
const errata = createErrata({ catalog, onError: () => {} });

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function runCoreMemory(count: number): { count: number; beforeMb: number; afterMb: number } {
  const request = { requestId: 'mem', method: 'GET', path: '/x' };
  for (let i = 0; i < 10_000; i++) errata.respond(catalog.NOT_FOUND(), request); // warm up
  const beforeMb = heapMb();
  for (let i = 0; i < count; i++) {
    const thrown =
      i % 3 === 0
        ? catalog.NOT_FOUND()
        : i % 3 === 1
          ? new Error(`boom ${i}`)
          : catalog.RATE_LIMIT_EXCEEDED({ retry_after: i % 60 });
    errata.respond(thrown, { ...request, requestId: `mem-${i}` });
  }
  return { count, beforeMb, afterMb: heapMb() };
}
