import type { CheckedInput, RequestPart } from '@errata/core';

/** Core's input screen (`errata.checkInput`), which the wrapped layers apply to a body a parser left on `req.body`. */
export type Screen = (value: unknown, location: RequestPart) => CheckedInput;

/** What errata keeps about one Express request. */
export interface RequestState {
  /** The request id, decided once. */
  readonly id: string;
  /** The screen of the errata instance whose middleware the request last passed; none before any did. */
  screen: Screen | undefined;
  /** The body as last screened, so a body is screened once. */
  screened: unknown;
}

/**
 * One entry per request, in one map every installed copy of errata shares (as a `Symbol.for` brand would be), never a
 * property of the request: Express gives each request a new prototype (`Object.setPrototypeOf(req, app.request)`),
 * after which V8 (Node 20) gives every property added to that request a map of its own, made at run time; a WeakMap
 * entry costs a fraction of that (bench/RESULTS.md).
 */
const REQUESTS = Symbol.for('errata.express.requests');
const shared = globalThis as { [REQUESTS]?: WeakMap<object, RequestState> };
export const requestStates: WeakMap<object, RequestState> = shared[REQUESTS] ?? new WeakMap<object, RequestState>();
shared[REQUESTS] = requestStates;
