/** What every bench server shares: the catalog, the routes' data, the typed error of route (2), the ceiling's bytes. */
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

/** The query of `GET /quote`, the validation row: `?symbol=BTCUSDT&limit=5000` fails one rule (maximum). */
export const Query = Type.Object({
  symbol: Type.Union(SUPPORTED.map((s) => Type.Literal(s))),
  limit: Type.Integer({ minimum: 1, maximum: 1000 }),
});

/**
 * `errata`: the adapter. `handmade`: the same wire contract written by hand, the framework's way, without errata.
 * `peer`: what users run instead today (http-errors, HTTPException, @fastify/sensible), with the framework's own
 * handlers; its bytes differ. `floor`: route (2) throws the typed error and the app's error handler writes the
 * ceiling's bytes — what a thrown error costs the framework before errata does anything — and `/ceiling` writes them
 * directly.
 */
export type Mode = 'errata' | 'handmade' | 'peer' | 'floor';
export const MODES: readonly Mode[] = ['errata', 'handmade', 'peer', 'floor'];
export const FRAMEWORKS = ['express', 'hono', 'fastify'] as const;
/**
 * The rows the bench measures: one request each, answered by every mode; the peer stacks have no 405 (they say 404).
 * `plain` is a route errata's helpers do not write (`res.json`, `c.json`, a returned object): the same handler in every
 * mode, so it measures what the adapter costs the routes an app leaves alone.
 */
export const ROWS = [
  { key: 'success', label: 'success (small JSON)', method: 'GET', path: '/ok', status: 200, peer: 200 },
  { key: 'plain', label: "framework's own JSON", method: 'GET', path: '/plain', status: 200, peer: 200 },
  { key: 'typed', label: 'thrown typed 4xx', method: 'GET', path: '/typed', status: 404, peer: 404 },
  { key: 'crash', label: 'unexpected Error → 500', method: 'GET', path: '/crash', status: 500, peer: 500 },
  { key: 'unknown', label: 'unknown route → 404', method: 'GET', path: '/nope', status: 404, peer: 404 },
  { key: 'method', label: 'wrong method → 405', method: 'DELETE', path: '/items', status: 405, peer: 404 },
  {
    key: 'validation',
    label: 'validation failure → 400',
    method: 'GET',
    path: '/quote?symbol=BTCUSDT&limit=5000',
    status: 400,
    peer: 400,
  },
] as const;
export type RowKey = (typeof ROWS)[number]['key'];
export type Framework = (typeof FRAMEWORKS)[number];

/** The exact response errata sends for route (2), computed once: the floor server writes these bytes. */
export const CEILING = createErrata(options).respond(
  catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED }),
  {
    requestId: '3b241101-e2bb-4255-8caf-4136c566a962',
    method: 'GET',
    path: '/typed',
  },
);

/**
 * The ceiling's body cut around its request id: the id floor (`/id/typed` on the floor server) writes errata's bytes
 * with the id its request-id middleware resolved, as cheaply as bytes can be written.
 */
export const CEILING_AROUND_ID = CEILING.body.split('3b241101-e2bb-4255-8caf-4136c566a962') as [string, string];

/** The ceiling's bytes with another request id: status, headers (the id's included) and body. */
export function ceilingWithId(requestId: string) {
  return {
    status: CEILING.status,
    headers: { ...CEILING.headers, 'x-request-id': requestId },
    body: `${CEILING_AROUND_ID[0]}${requestId}${CEILING_AROUND_ID[1]}`,
  };
}

/** The typed error of route (2), made afresh for each request as a handler would. */
export function typedError(): Error {
  return catalog.SYMBOL_NOT_FOUND({ symbol: 'DOGEUSDT', supported: SUPPORTED });
}
