/** What every bench server shares: the catalog, the typed error of route (2), the ceiling's exact bytes, the modes. */
import { createErrata, defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';

export const catalog = defineErrors({
  SYMBOL_NOT_FOUND: {
    status: 404,
    message: (p) => `Symbol ${p.symbol} is not listed.`,
    params: Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) }),
  },
});

export const SUPPORTED = ['BTCUSDT', 'ETHUSDT'];
export const DATA = { symbol: 'BTCUSDT', price: 97_000 };
export const options = { catalog, onError: () => {} };

/** The exact response errata sends for route (2), computed once: the ceiling server writes these bytes directly. */
export const CEILING = createErrata(options).respond(
  catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED }),
  {
    requestId: '3b241101-e2bb-4255-8caf-4136c566a962',
    method: 'GET',
    path: '/typed',
  },
);

/** The typed error of route (2), made afresh for each request as a handler would. */
export function typedError(): Error {
  return catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED });
}

/**
 * `bare`: the framework alone, its own errors and error handling. `errata`: the adapter. `floor`: the framework alone
 * with route (2) throwing the typed error and the app's error handler writing the ceiling's bytes — what a thrown
 * error costs in the framework before errata does anything.
 */
export type Mode = 'bare' | 'errata' | 'floor';

export function mode(): Mode {
  const arg = process.argv[2];
  return arg === 'errata' || arg === 'floor' ? arg : 'bare';
}

/** Tells the harness the server is up, and answers its heap queries (IPC) for the memory check. */
export function announce(port: number): void {
  process.on('message', (message) => {
    if (message !== 'heap') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.(); // a second pass collects what the first one's finalizers released
    process.send?.({ heapUsed: process.memoryUsage().heapUsed, gc: gc !== undefined });
  });
  console.log(`listening on http://127.0.0.1:${port}`);
}
