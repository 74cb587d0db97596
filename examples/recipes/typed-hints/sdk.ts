/**
 * Page 004's "SDK note" with `@errata/client`: 429s retried after their `Retry-After`, a 401 answered by fetching a
 * new token (`POST /tokens`) and sending the request again, so that callers handle business errors only. Which codes
 * are retryable comes from the catalog (errors.ts), spelled as the wire spells them (format.ts).
 */
import { type ClientOptions, createClient, type ErrataClient, type ResponseParser } from '@errata/client';
import { errors } from './errors';
import { wireCode } from './format';

/** The page's error body, `{ error: { type, code, message, params? } }`; successes are the resource itself. */
interface ErrorBody {
  error: { code: string; message: string; params?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

export interface SdkOptions {
  baseUrl: string;
  /** The wallet a token is issued for (`POST /tokens`). */
  walletAddress: string;
  /** A token already held; when absent (or once refused with a 401) a new one is fetched. */
  token?: string;
  /** Passed to the client as they are: `fetch`, `onRetry`, `retry`, timeouts. */
  client?: Omit<ClientOptions, 'baseUrl' | 'headers' | 'parse' | 'errors' | 'onUnauthorized'>;
}

export interface Sdk {
  /** The authenticated client: `get`, `post`, … and `isError`. */
  api: ErrataClient<Record<string, unknown>>;
  /** The token the next request sends. */
  token(): string | undefined;
}

const parse: ResponseParser = {
  data: (body) => body,
  error: (body) =>
    isErrorBody(body) ? { code: body.error.code, message: body.error.message, params: body.error.params } : undefined,
};

/** The catalog's retryable flags under the wire's codes (`too_many_requests`, `internal_server_error`, …). */
const listing = errors.describe().map((e) => ({ ...e, code: wireCode(e.code) }));

/**
 * @example const { api } = createSdk({ baseUrl: 'http://127.0.0.1:3000', walletAddress: '0x5290…9EE7' });
 * const market = await api.get('/markets/KXNBA-26-LAL'); // a 429 is waited out, a 401 refreshes the token
 */
export function createSdk(options: SdkOptions): Sdk {
  let token = options.token;
  const common = { ...options.client, baseUrl: options.baseUrl, parse, errors: listing };
  // Tokens are fetched without the bearer header: a refused token must not be sent to get its replacement.
  const auth = createClient(common);
  // Concurrent first requests share one login (the client already shares one refresh between concurrent 401s).
  let pending: Promise<void> | undefined;
  const login = () => {
    pending ??= auth
      .post<{ token: string }>('/tokens', { json: { wallet_address: options.walletAddress } })
      .then((issued) => {
        token = issued.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const api = createClient({
    ...common,
    headers: async () => {
      if (token === undefined) await login();
      return { authorization: `Bearer ${token}` };
    },
    onUnauthorized: async () => {
      await login();
      return true;
    },
  });
  return { api, token: () => token };
}
