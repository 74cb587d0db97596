/**
 * The page's codes, declared once. A code's hints (`supported`, `required_tier`/`current_tier`, `field`,
 * `retry_after`) are its params; its `error` on the wire is its title, which for most codes is the status's
 * reason phrase and for RATE_LIMIT_EXCEEDED the page's own "Rate limit exceeded".
 */
import { defineErrors, STANDARD_CODES } from '@errata/core';
import { Type } from '@sinclair/typebox';

export const SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'XRPUSDT',
  'BNBUSDT',
  'DOGEUSDT',
  'ADAUSDT',
  'AVAXUSDT',
  'LINKUSDT',
  'SUIUSDT',
] as const;

export const TIERS = ['STREAM', 'PULSE', 'NEXUS'] as const;
const Tier = Type.Union(TIERS.map((t) => Type.Literal(t)));

export const errors = defineErrors({
  MISSING_PARAMETER: {
    status: 400,
    message: (p) => `The ${p.field} parameter is required.`,
    description: 'Missing or invalid parameter.',
    params: Type.Object({ field: Type.String({ description: 'The parameter to add.' }) }),
  },
  INVALID_SYMBOL: {
    status: 400,
    message: 'This symbol is not supported.',
    description: 'Missing or invalid parameter.',
    params: Type.Object({ supported: Type.Array(Type.String(), { description: 'The symbols that are.' }) }),
  },
  MISSING_API_KEY: {
    status: 401,
    message: 'X-API-Key header is required.',
    description: 'API key missing or invalid.',
  },
  INVALID_API_KEY: {
    status: 401,
    message: 'The provided API key is not recognized.',
    description: 'API key missing or invalid.',
  },
  TIER_INSUFFICIENT: {
    status: 403,
    message: (p) => `This endpoint requires ${p.required_tier} tier.`,
    description: 'API key valid but tier insufficient.',
    params: Type.Object({ required_tier: Tier, current_tier: Tier }),
  },
  NOT_FOUND: {
    status: 404,
    message: 'Endpoint or resource does not exist.',
    description: 'Endpoint or resource does not exist.',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    title: 'Rate limit exceeded',
    message: 'Rate limit exceeded.',
    description: 'Rate limit exceeded.',
    params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
  },
  INTERNAL_ERROR: { status: 500, message: 'Server-side error.', description: 'Server-side error.' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'Temporary maintenance or overload.',
    description: 'Temporary maintenance or overload.',
    retryable: true,
  },
  // The WebSocket feed's: sent as a frame, never as an HTTP answer.
  AUTH_FAILED: {
    status: 401,
    message: 'Invalid or expired API key',
    description: 'The WebSocket connection’s ?token= is missing, invalid or expired.',
  },
});

/**
 * `Symbol INVALIDUSDT is not supported.`, with the supported list as its hint (the symbol itself is not one).
 * @example throw invalidSymbol('INVALIDUSDT')
 */
export function invalidSymbol(symbol: string) {
  return errors.INVALID_SYMBOL({ supported: [...SYMBOLS] }, { message: `Symbol ${symbol} is not supported.` });
}
