/**
 * The page's full catalog, declared once: every code of "Error codes by endpoint" with its status and its "When" text
 * as the description, the params tables of "Errors with structured hints" as TypeBox schemas (pip values are decimal
 * strings, 10,000 pips = $1.00; bps values are numbers), and the retryable codes of "Retry logic". Codes are
 * UPPER_SNAKE here and snake_case on the wire (format.ts).
 */
import { defineErrors, STANDARD_CODES } from '@errata/core';
import { Type } from '@sinclair/typebox';

/** An amount as a decimal string of whole units. */
const decimal = (description: string) => Type.String({ pattern: '^\\d+$', description });
/** A USD amount in pips (10,000 pips = $1.00). */
const pips = decimal;
/** Basis points, as a number. */
const bps = (description: string) => Type.Number({ description });
const Side = Type.Union([Type.Literal('long'), Type.Literal('short')], { description: 'The side of the position.' });

/** The five `*_position_limit_exceeded` codes share one shape. */
const PositionLimit = Type.Object({
  current_notional_usd_pips: pips('The aggregate notional exposure that triggered the limit'),
  limit_usd_pips: pips('The configured limit at this scope'),
  available_capacity_usd_pips: pips('limit − current, clamped at 0'),
});

export const errors = defineErrors({
  // POST /tokens
  CUSTOMER_AUTH_INVALID_WALLET_ADDRESS: {
    status: 400,
    message: 'Wallet address is not a valid EVM or Solana address.',
    description: 'Wallet address is not a valid EVM or Solana address',
  },
  // GET /markets/{ticker}
  CUSTOMER_MARKET_NOT_FOUND: {
    status: 404,
    message: 'No market with that ticker.',
    description: 'No market with that ticker',
  },
  // GET /positions/{position_id}
  CUSTOMER_POSITION_NOT_FOUND: {
    status: 404,
    message: 'No position with that ID for this user.',
    description: 'No position with that ID for this user',
  },
  // POST /quotes — market eligibility
  QUOTE_MARKET_NOT_ELIGIBLE: {
    status: 400,
    message: "Market exists but isn't eligible for leverage.",
    description: "Market exists but isn't eligible for leverage",
  },
  QUOTE_MARKET_NOT_READY: {
    status: 400,
    message: 'Market is not yet ready for trading.',
    description: 'Market is not yet ready for trading',
  },
  QUOTE_EVENT_NOT_STARTED: {
    status: 400,
    message: 'Event has not started yet — trading opens at the scheduled start time.',
    description: 'Event has not started yet — trading opens at the scheduled start time',
  },
  RISK_ENGINE_MARKET_CLOSED: {
    status: 400,
    message: 'Market is no longer accepting new positions.',
    description: 'Market is no longer accepting new positions',
  },
  RISK_ENGINE_MARKET_DISABLED: {
    status: 400,
    message: 'Market has been disabled.',
    description: 'Market has been disabled (see params.reason)',
    params: Type.Object({
      reason: Type.Union([Type.Literal('force_disabled')], {
        description: 'Why the market is disabled: `force_disabled` (admin killswitch).',
      }),
    }),
  },
  RISK_ENGINE_MARKET_SETTLEMENT_DETECTED: {
    status: 400,
    message: 'Market settlement has been detected.',
    description: 'Market settlement has been detected',
  },
  CIRCUIT_BREAKER_PRICE_DIVERGENCE_TRIPPED: {
    status: 400,
    message: 'Price divergence circuit breaker has been triggered.',
    description: 'Price divergence circuit breaker has been triggered',
  },
  QUOTE_POLYMARKET_MARKET_CLOSED: {
    status: 400,
    message: 'Polymarket market is closed.',
    description: 'Polymarket market is closed',
  },
  QUOTE_POLYMARKET_MARKET_INACTIVE: {
    status: 400,
    message: 'Polymarket market is inactive.',
    description: 'Polymarket market is inactive',
  },
  QUOTE_POLYMARKET_MARKET_NOT_ACCEPTING_ORDERS: {
    status: 400,
    message: 'Polymarket market is not accepting orders.',
    description: 'Polymarket market is not accepting orders',
  },
  QUOTE_POLYMARKET_MISSING_TOKEN: {
    status: 400,
    message: 'Polymarket market is missing token configuration.',
    description: 'Polymarket market is missing token configuration',
  },
  QUOTE_MARKET_MISSING_POLYMARKET_CONDITION_ID: {
    status: 400,
    message: 'Market is missing required Polymarket condition ID.',
    description: 'Market is missing required Polymarket condition ID',
  },
  QUOTE_LIQUIDATION_NOT_VIABLE: {
    status: 400,
    message: 'Liquidation price would be too low to maintain a position.',
    description: 'Liquidation price would be too low to maintain a position',
    params: Type.Object({
      side: Side,
      entry_price_usd_pips: pips('The entry price.'),
      liquidation_price_usd_pips: pips('Where the position would be liquidated.'),
      min_tolerance_pct_bps: bps('The least distance to liquidation accepted, as a percentage in bps.'),
    }),
  },
  // leverage validation
  QUOTE_LEVERAGE_BELOW_MINIMUM: {
    status: 400,
    message: 'Leverage is below the minimum allowed for this market.',
    description: 'Leverage is below the minimum (2x)',
    params: Type.Object({
      current_leverage_bps: bps('The leverage requested.'),
      min_leverage_bps: bps('The least leverage accepted (2x = 20000).'),
    }),
  },
  QUOTE_LEVERAGE_EXCEEDS_MAXIMUM: {
    status: 400,
    message: 'Leverage exceeds the absolute maximum.',
    description: 'Leverage exceeds the absolute maximum',
    params: Type.Object({
      current_leverage_bps: bps('The leverage requested.'),
      max_leverage_bps: bps('The absolute maximum.'),
    }),
  },
  QUOTE_LEVERAGE_EXCEEDS_MODEL_MAX: {
    status: 400,
    message: "Leverage exceeds the model's maximum for this market.",
    description: "Leverage exceeds the model's maximum for this market",
    params: Type.Object({
      current_leverage_bps: bps('The leverage requested.'),
      max_leverage_bps: bps('The model’s maximum for this market.'),
    }),
  },
  QUOTE_LEVERAGE_TOO_HIGH_FOR_PRICE: {
    status: 400,
    message: 'Leverage is too high relative to the current entry price.',
    description: 'Leverage is too high relative to the current entry price',
    params: Type.Object({
      current_leverage_bps: bps('The leverage requested.'),
      entry_price_usd_pips: pips('The current entry price.'),
      max_acceptable_leverage_bps: bps('The most leverage this entry price allows.'),
      minimum_buffer_usd_pips: pips('The least price buffer to liquidation required.'),
    }),
  },
  QUOTE_PRICE_TOO_LOW: {
    status: 400,
    message: 'Entry price is too low for a leveraged position.',
    description: 'Entry price is too low for a leveraged position',
  },
  // market quality filters
  QUOTE_ENTRY_DEPTH_TOO_LOW: {
    status: 400,
    message: 'Not enough order book depth.',
    description: 'Not enough order book depth',
    params: Type.Object({
      current_depth_usd_pips: pips('The order book depth now.'),
      min_depth_usd_pips: pips('The least depth required.'),
    }),
  },
  QUOTE_ENTRY_BID_DEPTH_TOO_LOW: {
    status: 400,
    message: 'Minimum bid depth below threshold.',
    description: 'Minimum bid depth below threshold',
    params: Type.Object({
      current_bid_depth_usd_pips: pips('The bid depth now.'),
      threshold_usd_pips: pips('The least bid depth required.'),
    }),
  },
  QUOTE_ENTRY_CAPACITY_EXCEEDED: {
    status: 400,
    message: 'Notional exceeds market capacity.',
    description: 'Notional exceeds market capacity',
  },
  QUOTE_ENTRY_PRICE_OUT_OF_RANGE: {
    status: 400,
    message: 'Current market price is outside tradeable range.',
    description: 'Current market price is outside tradeable range',
    params: Type.Object({
      current_price_usd_pips: pips('The market price now.'),
      min_price_usd_pips: pips('The lowest tradeable price.'),
      max_price_usd_pips: pips('The highest tradeable price.'),
    }),
  },
  QUOTE_ENTRY_SPREAD_TOO_WIDE: {
    status: 400,
    message: 'Market spread exceeds maximum.',
    description: 'Market spread exceeds maximum',
    params: Type.Object({
      current_spread_usd_pips: pips('The spread now.'),
      max_spread_usd_pips: pips('The widest spread allowed.'),
    }),
  },
  QUOTE_ENTRY_ORDER_BOOK_STALE: {
    status: 400,
    message: 'Order book data is stale.',
    description: 'Order book data is stale',
  },
  QUOTE_ENTRY_PRICE_STALE: {
    status: 400,
    message: 'Price data is stale.',
    description: 'Price data is stale',
  },
  QUOTE_ENTRY_CRYPTO_PRICE_STALE: {
    status: 400,
    message: 'Crypto price data is stale.',
    description: 'Crypto price data is stale',
  },
  QUOTE_ENTRY_SPORT_DATA_STALE: {
    status: 400,
    message: 'Sport event data is stale.',
    description: 'Sport event data is stale',
  },
  QUOTE_ENTRY_EXCLUDED_MARKET_TYPE: {
    status: 400,
    message: 'Market type is excluded from trading.',
    description: 'Market type is excluded from trading (see params.market_type)',
    params: Type.Object({
      market_type: Type.String({ description: 'The market type excluded, e.g. `player_props`.' }),
    }),
  },
  QUOTE_ENTRY_EXCLUDED_SPORT: {
    status: 400,
    message: 'Sport type is excluded from trading.',
    description: 'Sport type is excluded from trading (see params.sport)',
    params: Type.Object({ sport: Type.String({ description: 'The sport excluded, e.g. `cricket`.' }) }),
  },
  QUOTE_ENTRY_EXIT_DROP_TOO_HIGH: {
    status: 400,
    message: 'Recent price drop exceeds safe entry threshold.',
    description: 'Recent price drop exceeds safe entry threshold',
    params: Type.Object({
      window: Type.String({ description: 'The window the drop is measured over, e.g. `1h`.' }),
      current_exit_drop: Type.Number({ description: 'The price drop over the window, as a fraction.' }),
      max_exit_drop: Type.Number({ description: 'The largest drop that still allows an entry, as a fraction.' }),
    }),
  },
  QUOTE_ENTRY_MARKET_TOO_ELAPSED: {
    status: 400,
    message: 'Market is too close to expiry.',
    description: 'Market is too close to expiry',
    params: Type.Object({
      pct_elapsed: Type.Number({ description: 'How much of the market’s lifetime has passed, in percent.' }),
      max_pct_elapsed: Type.Number({ description: 'The most that may have passed, in percent.' }),
    }),
  },
  QUOTE_ENTRY_TOP_HOLDER_TOO_HIGH: {
    status: 400,
    message: 'Top holder concentration exceeds maximum.',
    description: 'Top holder concentration exceeds maximum',
  },
  QUOTE_ENTRY_VOLUME_TOO_LOW: {
    status: 400,
    message: '24h trading volume is below minimum.',
    description: '24h trading volume is below minimum',
    params: Type.Object({
      current_volume_24h_usd_pips: pips('The 24h volume.'),
      min_volume_24h_usd_pips: pips('The least 24h volume required.'),
    }),
  },
  QUOTE_MARKET_NO_PRICES: {
    status: 400,
    message: 'No prices available for this market.',
    description: 'No prices available for this market',
  },
  QUOTE_TWAP_DATA_UNAVAILABLE: {
    status: 400,
    message: 'TWAP price data is unavailable for this market.',
    description: 'TWAP price data is unavailable for this market',
  },
  QUOTE_TWAP_DATA_STALE: {
    status: 400,
    message: 'TWAP price data is stale.',
    description: 'TWAP price data is stale',
  },
  NOTIONAL_SELECTOR_INSUFFICIENT_LIQUIDITY: {
    status: 400,
    message: 'Not enough liquidity for the requested size.',
    description: 'Not enough liquidity for the requested size',
    params: Type.Optional(
      Type.Object({
        slippage_max_usd_pips: pips('Maximum notional that fits within the configured slippage budget'),
        min_notional_usd_pips: pips('Minimum order size accepted by the protocol'),
        max_supported_collateral_usd_pips: pips(
          'Maximum collateral the user can submit at their currently selected leverage',
        ),
      }),
    ),
  },
  QUOTE_SIDE_CAPACITY_EXCEEDED: {
    status: 400,
    message: 'Notional exceeds available capacity on this side of the market.',
    description: 'Notional exceeds available capacity on this side of the market',
    params: Type.Object({
      available_capacity_usd_pips: pips('Remaining notional headroom on this side of the market'),
      min_notional_usd_pips: pips('Minimum order size accepted by the protocol'),
      max_supported_collateral_usd_pips: pips(
        "Maximum collateral the user can submit at their currently selected leverage and still fit. This is the value to surface in the UI — it maps directly to the user's collateral input",
      ),
    }),
  },
  // position limits
  QUOTE_USER_POSITION_LIMIT_EXCEEDED: {
    status: 400,
    message: 'User has reached their maximum number of open positions.',
    description: 'User has reached their maximum number of open positions',
    params: PositionLimit,
  },
  QUOTE_MARKET_POSITION_LIMIT_EXCEEDED: {
    status: 400,
    message: 'Market-level position limit reached.',
    description: 'Market-level position limit reached',
    params: PositionLimit,
  },
  QUOTE_SIDE_POSITION_LIMIT_EXCEEDED: {
    status: 400,
    message: 'Too many positions on one side of this market.',
    description: 'Too many positions on one side of this market',
    params: PositionLimit,
  },
  QUOTE_GLOBAL_POSITION_LIMIT_EXCEEDED: {
    status: 400,
    message: 'Platform-wide position limit reached.',
    description: 'Platform-wide position limit reached',
    params: PositionLimit,
  },
  QUOTE_PARTNER_POSITION_LIMIT_EXCEEDED: {
    status: 400,
    message: "Partner's aggregate exposure cap reached.",
    description: "Partner's aggregate exposure cap reached",
    params: PositionLimit,
  },
  // other
  QUOTE_HARD_EXIT_TOO_CLOSE: {
    status: 400,
    message: 'Market is too close to resolution.',
    description: 'Market is too close to resolution',
  },
  QUOTE_SLIPPAGE_TOO_HIGH: {
    status: 400,
    message: 'Slippage tolerance exceeds maximum allowed.',
    description: 'Slippage tolerance exceeds maximum allowed',
    params: Type.Object({
      current_slippage_bps: bps('The slippage tolerance requested.'),
      max_slippage_bps: bps('The most slippage tolerance allowed.'),
    }),
  },
  QUOTE_INVALID_POLYMARKET_WALLET_ADDRESS: {
    status: 400,
    message: 'Polymarket requires a valid EVM address.',
    description: 'Polymarket requires a valid EVM address',
  },
  // Not in the tables: the re-quote hint, and the codes of the retry table
  QUOTE_REVISION_REQUIRED: {
    status: 400,
    message: 'The requested parameters cannot be honored exactly; a revised quote would fit.',
    description:
      'When the requested parameters cannot be honored exactly but a revised quote would fit, this error returns the acceptable parameters so the client can re-quote (or set allow_revision=true upfront)',
    params: Type.Object({
      revision: Type.String({ description: 'What was revised (leverage_reduced, notional_reduced, etc.)' }),
      requested_leverage_bps: bps('The leverage the client asked for'),
      requested_notional_usd_pips: pips('The notional the client asked for'),
      acceptable_leverage_bps: bps('The leverage the protocol can honor'),
      acceptable_notional_usd_pips: pips('The notional the protocol can honor'),
      acceptable_collateral_usdc_units: decimal('The collateral required at the acceptable parameters'),
    }),
  },
  REQUEST_ALREADY_IN_PROGRESS: {
    status: 409,
    message: 'A request with this idempotency key is already in progress.',
    description: 'The same request is still being processed; retry once it has finished.',
    retryable: true,
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Missing or invalid API key / JWT.',
    description: 'Missing or invalid API key / JWT',
  },
  FORBIDDEN: {
    status: 403,
    message: 'This API key / JWT does not allow this request.',
    description: 'The credentials are valid but do not grant this action',
  },
  RATE_LIMIT_EXCEEDED: {
    status: 429,
    message: 'Too many requests.',
    description:
      'Throttled responses include a Retry-After header indicating how many seconds to wait before retrying.',
    params: STANDARD_CODES.RATE_LIMIT_EXCEEDED.params,
    retryable: true,
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'Something went wrong on our side.',
    description: 'An unexpected error on our side. These are always safe to retry with exponential backoff.',
    retryable: true,
  },
});
