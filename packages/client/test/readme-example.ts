/**
 * The README's snippets that need surroundings, type-checked by `pnpm typecheck`; the README quotes them as excerpts
 * of this file (conformance's docs-examples.test.ts holds each quoted line to it). Never run.
 */
import { createClient, type ErrorDescription } from '@errata/client';
import { defineErrors } from '@errata/core';
import { Type } from '@sinclair/typebox';

// What the README's snippets take from their surroundings.
const errors = defineErrors({
  TIER_LIMIT_EXCEEDED: {
    status: 403,
    message: 'Upgrade',
    params: Type.Object({ required_tier: Type.String(), current_tier: Type.String(), upgrade_url: Type.String() }),
  },
});
interface Levels {
  levels: number[];
}
declare const apiKey: string;
declare function login(): Promise<string>;
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const api = createClient<typeof errors>({ baseUrl: 'https://api.example.com', headers: { 'x-api-key': apiKey } });
const levels = (symbol: string) =>
  api.get<Levels>('/v2/gex/levels', { query: { symbol } }).catch((error) => {
    if (!api.isError(error, 'NOT_FOUND')) throw error; // typed: error.code, error.requestId, error.status
  }); // resolves with the levels, or undefined when there are none

let token = await login();
const authed = createClient<typeof errors>({
  baseUrl: 'https://api.example.com',
  headers: () => ({ authorization: `Bearer ${token}` }),
  onUnauthorized: async () => {
    token = await login();
    return true; // send the request again, once
  },
  onRetry: ({ retry, delay, error }) => console.warn(`retry ${retry} in ${delay} ms after ${error.message}`),
});

const listing = await createClient({ baseUrl: 'https://api.example.com' }).get<ErrorDescription[]>('/meta/errors');
const market = createClient<typeof errors>({ baseUrl: 'https://api.example.com', errors: listing });

const flat = createClient<{ TIER_LIMIT_EXCEEDED: { upgrade_url: string } }>({
  baseUrl: 'https://api.example.com',
  parse: {
    data: (body) => body,
    error: (body) => {
      if (!isRecord(body)) return undefined;
      const { error: code, message, request_id, ...params } = body;
      if (typeof code !== 'string' || typeof message !== 'string') return undefined;
      return { code, message, params, requestId: typeof request_id === 'string' ? request_id : undefined };
    },
  },
});

// The snippets define these for the reader to use.
export { authed, flat, levels, market };
