/**
 * Markets and the quote engine. The request-dependent checks are real (leverage bounds, slippage, side capacity,
 * liquidity within the slippage budget, a Polymarket market's wallet); the market-state rejections come from demo
 * markets, `demo_<code>`, each in the one state that makes the risk engine answer that code, with its hints.
 */
import type { ErrataError } from '@errata/core';
import { type Static, Type } from '@sinclair/typebox';
import { errors } from './errors';

export const QuoteBody = Type.Object({
  ticker: Type.String({ minLength: 1 }),
  side: Type.Union([Type.Literal('long'), Type.Literal('short')]),
  collateral_usd_pips: Type.String({ pattern: '^\\d{1,18}$' }),
  leverage_bps: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  slippage_bps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  allow_revision: Type.Optional(Type.Boolean()),
});
export type QuoteRequest = Static<typeof QuoteBody>;

export interface Market {
  ticker: string;
  venue: 'polymarket' | 'kalshi';
  entry_price_usd_pips: string;
  /** The model's maximum leverage for this market. */
  model_max_leverage_bps: number;
  /** Notional headroom left on each side. */
  side_capacity_usd_pips: bigint;
  /** The most notional the order book fills within the slippage budget; undefined: an empty book. */
  liquidity_usd_pips: bigint | undefined;
  /** What the risk engine answers for this market whatever the request, if anything. */
  rejection?: () => ErrataError;
}

const MIN_LEVERAGE_BPS = 20_000; // 2x
const MAX_LEVERAGE_BPS = 100_000; // 10x
const MAX_SLIPPAGE_BPS = 300;
const MIN_NOTIONAL_USD_PIPS = 50_000n; // $5

const market = (ticker: string, overrides: Partial<Market> = {}): Market => ({
  ticker,
  venue: 'kalshi',
  entry_price_usd_pips: '6200',
  model_max_leverage_bps: 50_000,
  side_capacity_usd_pips: 10_000_000_000n,
  liquidity_usd_pips: 10_000_000_000n,
  ...overrides,
});

/** The demo market whose state rejects every quote with `error`. */
const rejecting = (code: string, error: () => ErrataError) => market(`demo_${code}`, { rejection: error });

const positionLimit = {
  current_notional_usd_pips: '250000000',
  limit_usd_pips: '250000000',
  available_capacity_usd_pips: '0',
};

const MARKETS = new Map<string, Market>(
  [
    market('KXNBA-26-LAL', { model_max_leverage_bps: 40_000 }),
    market('POLY-FED-CUT-JUN', {
      venue: 'polymarket',
      side_capacity_usd_pips: 2_000_000n,
      liquidity_usd_pips: 1_500_000n,
    }),
    market('KXEMPTY-BOOK', { liquidity_usd_pips: undefined }),
    rejecting('quote_market_not_eligible', () => errors.QUOTE_MARKET_NOT_ELIGIBLE()),
    rejecting('quote_market_not_ready', () => errors.QUOTE_MARKET_NOT_READY()),
    rejecting('quote_event_not_started', () => errors.QUOTE_EVENT_NOT_STARTED()),
    rejecting('risk_engine_market_closed', () => errors.RISK_ENGINE_MARKET_CLOSED()),
    rejecting('risk_engine_market_disabled', () => errors.RISK_ENGINE_MARKET_DISABLED({ reason: 'force_disabled' })),
    rejecting('risk_engine_market_settlement_detected', () => errors.RISK_ENGINE_MARKET_SETTLEMENT_DETECTED()),
    rejecting('circuit_breaker_price_divergence_tripped', () => errors.CIRCUIT_BREAKER_PRICE_DIVERGENCE_TRIPPED()),
    rejecting('quote_polymarket_market_closed', () => errors.QUOTE_POLYMARKET_MARKET_CLOSED()),
    rejecting('quote_polymarket_market_inactive', () => errors.QUOTE_POLYMARKET_MARKET_INACTIVE()),
    rejecting('quote_polymarket_market_not_accepting_orders', () =>
      errors.QUOTE_POLYMARKET_MARKET_NOT_ACCEPTING_ORDERS(),
    ),
    rejecting('quote_polymarket_missing_token', () => errors.QUOTE_POLYMARKET_MISSING_TOKEN()),
    rejecting('quote_market_missing_polymarket_condition_id', () =>
      errors.QUOTE_MARKET_MISSING_POLYMARKET_CONDITION_ID(),
    ),
    rejecting('quote_liquidation_not_viable', () =>
      errors.QUOTE_LIQUIDATION_NOT_VIABLE({
        side: 'long',
        entry_price_usd_pips: '400',
        liquidation_price_usd_pips: '390',
        min_tolerance_pct_bps: 500,
      }),
    ),
    rejecting('quote_leverage_too_high_for_price', () =>
      errors.QUOTE_LEVERAGE_TOO_HIGH_FOR_PRICE({
        current_leverage_bps: 50_000,
        entry_price_usd_pips: '9500',
        max_acceptable_leverage_bps: 20_000,
        minimum_buffer_usd_pips: '300',
      }),
    ),
    rejecting('quote_price_too_low', () => errors.QUOTE_PRICE_TOO_LOW()),
    rejecting('quote_entry_depth_too_low', () =>
      errors.QUOTE_ENTRY_DEPTH_TOO_LOW({ current_depth_usd_pips: '1200000', min_depth_usd_pips: '5000000' }),
    ),
    rejecting('quote_entry_bid_depth_too_low', () =>
      errors.QUOTE_ENTRY_BID_DEPTH_TOO_LOW({ current_bid_depth_usd_pips: '800000', threshold_usd_pips: '2000000' }),
    ),
    rejecting('quote_entry_capacity_exceeded', () => errors.QUOTE_ENTRY_CAPACITY_EXCEEDED()),
    rejecting('quote_entry_price_out_of_range', () =>
      errors.QUOTE_ENTRY_PRICE_OUT_OF_RANGE({
        current_price_usd_pips: '9800',
        min_price_usd_pips: '500',
        max_price_usd_pips: '9500',
      }),
    ),
    rejecting('quote_entry_spread_too_wide', () =>
      errors.QUOTE_ENTRY_SPREAD_TOO_WIDE({ current_spread_usd_pips: '700', max_spread_usd_pips: '300' }),
    ),
    rejecting('quote_entry_order_book_stale', () => errors.QUOTE_ENTRY_ORDER_BOOK_STALE()),
    rejecting('quote_entry_price_stale', () => errors.QUOTE_ENTRY_PRICE_STALE()),
    rejecting('quote_entry_crypto_price_stale', () => errors.QUOTE_ENTRY_CRYPTO_PRICE_STALE()),
    rejecting('quote_entry_sport_data_stale', () => errors.QUOTE_ENTRY_SPORT_DATA_STALE()),
    rejecting('quote_entry_excluded_market_type', () =>
      errors.QUOTE_ENTRY_EXCLUDED_MARKET_TYPE({ market_type: 'player_props' }),
    ),
    rejecting('quote_entry_excluded_sport', () => errors.QUOTE_ENTRY_EXCLUDED_SPORT({ sport: 'cricket' })),
    rejecting('quote_entry_exit_drop_too_high', () =>
      errors.QUOTE_ENTRY_EXIT_DROP_TOO_HIGH({ window: '1h', current_exit_drop: 0.18, max_exit_drop: 0.1 }),
    ),
    rejecting('quote_entry_market_too_elapsed', () =>
      errors.QUOTE_ENTRY_MARKET_TOO_ELAPSED({ pct_elapsed: 97.5, max_pct_elapsed: 90 }),
    ),
    rejecting('quote_entry_top_holder_too_high', () => errors.QUOTE_ENTRY_TOP_HOLDER_TOO_HIGH()),
    rejecting('quote_entry_volume_too_low', () =>
      errors.QUOTE_ENTRY_VOLUME_TOO_LOW({
        current_volume_24h_usd_pips: '90000000',
        min_volume_24h_usd_pips: '250000000',
      }),
    ),
    rejecting('quote_market_no_prices', () => errors.QUOTE_MARKET_NO_PRICES()),
    rejecting('quote_twap_data_unavailable', () => errors.QUOTE_TWAP_DATA_UNAVAILABLE()),
    rejecting('quote_twap_data_stale', () => errors.QUOTE_TWAP_DATA_STALE()),
    rejecting('quote_user_position_limit_exceeded', () => errors.QUOTE_USER_POSITION_LIMIT_EXCEEDED(positionLimit)),
    rejecting('quote_market_position_limit_exceeded', () => errors.QUOTE_MARKET_POSITION_LIMIT_EXCEEDED(positionLimit)),
    rejecting('quote_side_position_limit_exceeded', () => errors.QUOTE_SIDE_POSITION_LIMIT_EXCEEDED(positionLimit)),
    rejecting('quote_global_position_limit_exceeded', () => errors.QUOTE_GLOBAL_POSITION_LIMIT_EXCEEDED(positionLimit)),
    rejecting('quote_partner_position_limit_exceeded', () =>
      errors.QUOTE_PARTNER_POSITION_LIMIT_EXCEEDED(positionLimit),
    ),
    rejecting('quote_hard_exit_too_close', () => errors.QUOTE_HARD_EXIT_TOO_CLOSE()),
    rejecting('quote_revision_required', () =>
      errors.QUOTE_REVISION_REQUIRED({
        revision: 'leverage_reduced',
        requested_leverage_bps: 50_000,
        requested_notional_usd_pips: '5000000',
        acceptable_leverage_bps: 30_000,
        acceptable_notional_usd_pips: '3000000',
        acceptable_collateral_usdc_units: '1000000',
      }),
    ),
    rejecting('request_already_in_progress', () => errors.REQUEST_ALREADY_IN_PROGRESS()),
    // A risk engine that fails on this market's data: any unexpected error is a 500, its message kept server-side.
    rejecting('internal_server_error', () => {
      throw new TypeError("risk-engine: Cannot read properties of undefined (reading 'best_bid') at 10.0.7.3");
    }),
  ].map((m) => [m.ticker, m]),
);

export function findMarket(ticker: string): Market {
  const found = MARKETS.get(ticker);
  if (found === undefined) throw errors.CUSTOMER_MARKET_NOT_FOUND();
  return found;
}

export function marketView({ ticker, venue, entry_price_usd_pips, model_max_leverage_bps }: Market) {
  return { ticker, venue, entry_price_usd_pips, max_leverage_bps: model_max_leverage_bps };
}

const EVM = /^0x[0-9a-fA-F]{40}$/;
const SOLANA = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** A wallet address the platform accepts: EVM or Solana. */
export function walletAddress(value: unknown): string {
  if (typeof value !== 'string' || !(EVM.test(value) || SOLANA.test(value))) {
    throw errors.CUSTOMER_AUTH_INVALID_WALLET_ADDRESS();
  }
  return value;
}

/**
 * A quote for `request` on behalf of the user with `wallet`, or the risk engine's reason not to.
 * @example quote({ ticker: 'KXNBA-26-LAL', side: 'long', collateral_usd_pips: '1000000', leverage_bps: 30000 }, wallet)
 */
export function quote(request: QuoteRequest, wallet: string, quoteId: string) {
  const m = findMarket(request.ticker);
  if (m.rejection !== undefined) throw m.rejection();
  if (m.venue === 'polymarket' && !EVM.test(wallet)) throw errors.QUOTE_INVALID_POLYMARKET_WALLET_ADDRESS();
  const leverage = request.leverage_bps;
  if (leverage < MIN_LEVERAGE_BPS) {
    throw errors.QUOTE_LEVERAGE_BELOW_MINIMUM({ current_leverage_bps: leverage, min_leverage_bps: MIN_LEVERAGE_BPS });
  }
  if (leverage > MAX_LEVERAGE_BPS) {
    throw errors.QUOTE_LEVERAGE_EXCEEDS_MAXIMUM({ current_leverage_bps: leverage, max_leverage_bps: MAX_LEVERAGE_BPS });
  }
  if (leverage > m.model_max_leverage_bps) {
    throw errors.QUOTE_LEVERAGE_EXCEEDS_MODEL_MAX({
      current_leverage_bps: leverage,
      max_leverage_bps: m.model_max_leverage_bps,
    });
  }
  const slippage = request.slippage_bps ?? 100;
  if (slippage > MAX_SLIPPAGE_BPS) {
    throw errors.QUOTE_SLIPPAGE_TOO_HIGH({ current_slippage_bps: slippage, max_slippage_bps: MAX_SLIPPAGE_BPS });
  }
  const collateral = BigInt(request.collateral_usd_pips);
  const notional = (collateral * BigInt(leverage)) / 10_000n;
  /** The most collateral that fits a notional at this leverage. */
  const collateralFor = (maxNotional: bigint) => String((maxNotional * 10_000n) / BigInt(leverage));
  if (notional > m.side_capacity_usd_pips) {
    throw errors.QUOTE_SIDE_CAPACITY_EXCEEDED({
      available_capacity_usd_pips: String(m.side_capacity_usd_pips),
      min_notional_usd_pips: String(MIN_NOTIONAL_USD_PIPS),
      max_supported_collateral_usd_pips: collateralFor(m.side_capacity_usd_pips),
    });
  }
  if (m.liquidity_usd_pips === undefined) throw errors.NOTIONAL_SELECTOR_INSUFFICIENT_LIQUIDITY(); // an empty book
  if (notional > m.liquidity_usd_pips) {
    throw errors.NOTIONAL_SELECTOR_INSUFFICIENT_LIQUIDITY({
      slippage_max_usd_pips: String(m.liquidity_usd_pips),
      min_notional_usd_pips: String(MIN_NOTIONAL_USD_PIPS),
      max_supported_collateral_usd_pips: collateralFor(m.liquidity_usd_pips),
    });
  }
  return {
    quote_id: quoteId,
    ticker: m.ticker,
    side: request.side,
    collateral_usd_pips: request.collateral_usd_pips,
    leverage_bps: leverage,
    notional_usd_pips: String(notional),
    entry_price_usd_pips: m.entry_price_usd_pips,
  };
}
