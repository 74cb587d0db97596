import type {
  ErrataResponseError,
  NetworkError,
  RequestTimeoutError,
  UnexpectedResponseError,
} from './errata-client-error';

/**
 * What the client reads of a catalog's type, the shape `defineErrors` returns: its codes and one factory per code
 * whose errors carry typed `params`. Read structurally, so the client depends on no server package, not even for types.
 */
interface CatalogType {
  readonly codes: readonly string[];
  describe(): readonly unknown[];
}

type ParamsOfFactory<F> = F extends (...args: never[]) => { readonly params: infer P } ? P : never;

/**
 * Code → params, from a catalog's type (`typeof errors`) or from a map written by hand for an API errata does not
 * serve (`{ TIER_LIMIT_EXCEEDED: { upgrade_url: string } }`). Codes without params map to `undefined`.
 * @example type Params = ErrorParams<typeof errors>; // { TIER_LIMIT_EXCEEDED: { upgrade_url: string, … }, … }
 */
export type ErrorParams<T> = T extends CatalogType
  ? { [C in T['codes'][number] & keyof T]: ParamsOfFactory<T[C]> }
  : { [C in keyof T & string]: T[C] };

/**
 * One `ErrataResponseError` per code: a union discriminated by `code`, so `switch (error.code)` narrows `params`.
 * @example function explain(error: ResponseErrorOf<Params>) { if (error.code === 'TIER_LIMIT_EXCEEDED') error.params.upgrade_url }
 */
export type ResponseErrorOf<M> = { [C in keyof M & string]: ErrataResponseError<C, M[C]> }[keyof M & string];

/**
 * Everything a call can reject with, besides the abort reason of the caller's own signal; discriminated by `kind`.
 * @example if (client.isError(error)) switch (error.kind) { case 'response': …; case 'network': … }
 */
export type ClientErrorOf<M> = ResponseErrorOf<M> | UnexpectedResponseError | NetworkError | RequestTimeoutError;
