/** What every bench server shares: the catalog, the typed error of route (2), and the ceiling's exact bytes. */
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

export function mode(): 'bare' | 'errata' {
  return process.argv[2] === 'errata' ? 'errata' : 'bare';
}

export function announce(port: number): void {
  console.log(`listening on http://127.0.0.1:${port}`);
}
