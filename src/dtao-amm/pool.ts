/**
 * Subnet pools: TAO (quote, y) against alpha (base, x), behind one interface.
 *
 * - constant-product (dTAO's launch): x * y = k, price = y / x.
 * - weighted (balancer-style, pallets/swap/src/pallet/balancer.rs at subtensor 14bc6f9f):
 *   weights w1 (alpha) + w2 (TAO) = 1, price = (w1 / w2) * (y / x); a buy paying dy in gets
 *   dx = x * (1 - (y / (y + dy))^(w2 / w1)) out, a sell paying dx in gets
 *   dy = y * (1 - (x / (x + dx))^(w1 / w2)); to move the price from p to a limit p' takes
 *   dy = y * ((p'/p)^w1 - 1) (buy) or dx = x * ((p/p')^w2 - 1) (sell). Protocol injections
 *   re-weight the pool so the price does not move (update_weights_for_added_liquidity).
 *   At w1 = w2 = 1/2 the two curves coincide.
 *
 * A swap follows BasicSwapStep (swap_step.rs) and do_swap (impls.rs): the fee
 * floor(amount * rate / 65535) comes off the input; if the full input would carry the price past
 * the limit, only the amount that reaches the limit is swapped, its fee is recomputed as
 * floor(delta * rate / (65535 - rate)), and the rest is refunded. Rounding is in the pool's
 * favour: constant-product (and weighted at w = 1/2) outputs are floor(x * dy / (y + dy))
 * exactly; other weights use float pow and shave a relative 2^-40 (far above its error) before
 * the floor, so no sequence of swaps extracts value.
 *
 * Reserves and amounts are float64 integers below 2^53 (see exact.ts). The kernel writes its
 * results into a caller-owned Float64Array and returns a status code; `quoteSwap` wraps it.
 */
import { floorMulDiv, MAX_EXACT } from './exact.ts';

export const CURVE_NAMES = ['constant-product', 'weighted'] as const;
export type CurveName = (typeof CURVE_NAMES)[number];
export const CURVE_CONSTANT_PRODUCT = 0;
export const CURVE_WEIGHTED = 1;

export const SIDE_STAKE = 0; // TAO in, alpha out (GetAlphaForTao)
export const SIDE_UNSTAKE = 1; // alpha in, TAO out (GetTaoForAlpha)

/** Chain: DefaultFeeRate = 33 (~0.05%), MaxFeeRate = 10000, SwapMinimumReserve = 1e6. */
export const DEFAULT_FEE_RATE_U16 = 33;
export const MAX_FEE_RATE_U16 = 10_000;
export const MINIMUM_RESERVE = 1_000_000;
/** MAX_SWAP_INPUT_RESERVE_MULTIPLIER in swap_step.rs. */
export const MAX_INPUT_RESERVE_MULTIPLIER = 1000;
/** Weights stay within [0.01, 0.99] (balancer.rs MIN_WEIGHT). */
export const MIN_WEIGHT = 0.01;
/** Relative amount shaved off float-pow outputs so rounding stays in the pool's favour. */
export const POW_MARGIN = 2 ** -40;
/** Chain price limits in TAO per alpha: min_price_inner 1e3 rao, max_price_inner 1e15 rao. */
export const MIN_PRICE_LIMIT = 1e-6;
export const MAX_PRICE_LIMIT = 1e6;

export const SWAP_OK = 0;
export const SWAP_ERRORS = [
  'OK',
  'SWAP_INPUT_TOO_LARGE',
  'RESERVES_TOO_LOW',
  'PRICE_LIMIT_EXCEEDED',
  'INSUFFICIENT_LIQUIDITY',
  'ZERO_AMOUNT',
] as const;
export type SwapError = (typeof SWAP_ERRORS)[number];

/** Indices into the kernel's result array. */
export const R_FEE = 0;
export const R_DELTA_IN = 1;
export const R_AMOUNT_OUT = 2;
export const R_REFUND = 3;
export const R_PRICE_BEFORE = 4;
export const R_PRICE_AFTER = 5;
export const R_LIMIT_HIT = 6;
export const SWAP_RESULT_SIZE = 7;

/** Spot price in TAO per alpha: y / x (constant-product) or (w1 / w2)(y / x) (weighted). */
export function spotPrice(curve: number, taoReserve: number, alphaReserve: number, quoteWeight: number): number {
  if (!(alphaReserve > 0)) return 0;
  if (curve === CURVE_CONSTANT_PRODUCT || quoteWeight === 0.5) return taoReserve / alphaReserve;
  return ((1 - quoteWeight) / quoteWeight) * (taoReserve / alphaReserve);
}

/** Alpha out for dy TAO in: floor(x * (1 - (y / (y + dy))^(w2 / w1))), in the pool's favour. */
export function alphaOutForTao(curve: number, y: number, x: number, quoteWeight: number, dy: number): number {
  if (dy <= 0 || x <= 0) return 0;
  if ((curve === CURVE_CONSTANT_PRODUCT || quoteWeight === 0.5) && y + dy <= MAX_EXACT) {
    return floorMulDiv(x, dy, y + dy);
  }
  const w2 = curve === CURVE_CONSTANT_PRODUCT ? 0.5 : quoteWeight;
  const oneMinusE = y > 0 ? -Math.expm1(-(w2 / (1 - w2)) * Math.log1p(dy / y)) : 1;
  return shaveFloor(x * oneMinusE, x);
}

/** TAO out for dx alpha in: floor(y * (1 - (x / (x + dx))^(w1 / w2))), in the pool's favour. */
export function taoOutForAlpha(curve: number, y: number, x: number, quoteWeight: number, dx: number): number {
  if (dx <= 0 || y <= 0) return 0;
  if ((curve === CURVE_CONSTANT_PRODUCT || quoteWeight === 0.5) && x + dx <= MAX_EXACT) {
    return floorMulDiv(y, dx, x + dx);
  }
  const w2 = curve === CURVE_CONSTANT_PRODUCT ? 0.5 : quoteWeight;
  const oneMinusE = x > 0 ? -Math.expm1(-((1 - w2) / w2) * Math.log1p(dx / x)) : 1;
  return shaveFloor(y * oneMinusE, y);
}

function shaveFloor(v: number, reserve: number): number {
  const out = Math.floor(v - v * POW_MARGIN);
  if (out < 0) return 0;
  return out >= reserve ? reserve - 1 : out;
}

/** TAO needed to move the price up from p to pLimit: floor(y * ((pLimit/p)^w1 - 1)); 0 if pLimit <= p. */
export function taoToReachPrice(curve: number, y: number, quoteWeight: number, p: number, pLimit: number): number {
  if (!(pLimit > p) || !(p > 0)) return 0;
  const w1 = curve === CURVE_CONSTANT_PRODUCT ? 0.5 : 1 - quoteWeight;
  return Math.floor(y * Math.expm1(w1 * Math.log(pLimit / p)));
}

/** Alpha needed to move the price down from p to pLimit: floor(x * ((p/pLimit)^w2 - 1)); 0 if pLimit >= p. */
export function alphaToReachPrice(curve: number, x: number, quoteWeight: number, p: number, pLimit: number): number {
  if (!(pLimit < p) || !(pLimit > 0)) return 0;
  const w2 = curve === CURVE_CONSTANT_PRODUCT ? 0.5 : quoteWeight;
  return Math.floor(x * Math.expm1(w2 * Math.log(p / pLimit)));
}

/**
 * One swap, computed without changing the reserves. side: SIDE_STAKE (TAO in) or SIDE_UNSTAKE
 * (alpha in). feeRateU16 in [0, 65535) (0 = fees dropped). limitPrice in TAO per alpha (a buy
 * stops at it from below, a sell from above). Writes R_* into `out` and returns SWAP_OK or an
 * index into SWAP_ERRORS.
 */
export function swapKernel(
  curve: number,
  taoReserve: number,
  alphaReserve: number,
  quoteWeight: number,
  side: number,
  amount: number,
  feeRateU16: number,
  limitPrice: number,
  minimumReserve: number,
  out: Float64Array,
): number {
  const stake = side === SIDE_STAKE;
  const inReserve = stake ? taoReserve : alphaReserve;
  const outReserve = stake ? alphaReserve : taoReserve;
  let fee = feeRateU16 > 0 ? floorMulDiv(amount, feeRateU16, 65535) : 0;
  const requested = amount - fee;
  const p = spotPrice(curve, taoReserve, alphaReserve, quoteWeight);
  out[R_PRICE_BEFORE] = p;
  out[R_PRICE_AFTER] = p;
  out[R_FEE] = 0;
  out[R_DELTA_IN] = 0;
  out[R_AMOUNT_OUT] = 0;
  out[R_REFUND] = amount;
  out[R_LIMIT_HIT] = 0;
  if (requested > inReserve * MAX_INPUT_RESERVE_MULTIPLIER) return 1;
  if (outReserve < minimumReserve) return 2;
  if (stake ? !(p < limitPrice) : !(p > limitPrice)) return 3;
  let deltaIn = requested;
  let deltaOut = stake
    ? alphaOutForTao(curve, taoReserve, alphaReserve, quoteWeight, deltaIn)
    : taoOutForAlpha(curve, taoReserve, alphaReserve, quoteWeight, deltaIn);
  let priceAfter = stake
    ? spotPrice(curve, taoReserve + deltaIn, alphaReserve - deltaOut, quoteWeight)
    : spotPrice(curve, taoReserve - deltaOut, alphaReserve + deltaIn, quoteWeight);
  const pastLimit = stake ? priceAfter > limitPrice : priceAfter < limitPrice;
  if (pastLimit) {
    const toLimit = stake
      ? taoToReachPrice(curve, taoReserve, quoteWeight, p, limitPrice)
      : alphaToReachPrice(curve, alphaReserve, quoteWeight, p, limitPrice);
    deltaIn = toLimit < requested ? toLimit : requested;
    fee = feeRateU16 > 0 ? floorMulDiv(deltaIn, feeRateU16, 65535 - feeRateU16) : 0;
    if (deltaIn + fee > amount) fee = amount - deltaIn;
    deltaOut = stake
      ? alphaOutForTao(curve, taoReserve, alphaReserve, quoteWeight, deltaIn)
      : taoOutForAlpha(curve, taoReserve, alphaReserve, quoteWeight, deltaIn);
    priceAfter = stake
      ? spotPrice(curve, taoReserve + deltaIn, alphaReserve - deltaOut, quoteWeight)
      : spotPrice(curve, taoReserve - deltaOut, alphaReserve + deltaIn, quoteWeight);
    out[R_LIMIT_HIT] = 1;
  }
  if (deltaIn > 0 && deltaOut === 0) return 2;
  if (deltaOut >= outReserve) return 4;
  out[R_FEE] = fee;
  out[R_DELTA_IN] = deltaIn;
  out[R_AMOUNT_OUT] = deltaOut;
  out[R_REFUND] = amount - deltaIn - fee;
  out[R_PRICE_AFTER] = priceAfter;
  return SWAP_OK;
}

/**
 * The quote weight after the protocol adds dTao and dAlpha, keeping the price:
 * w2' = w2 x (y + dy) / (w1 y (x + dx) + w2 x (y + dy)); 1/2 when both terms are zero.
 * Returns NaN when the new weight would leave [MIN_WEIGHT, 1 - MIN_WEIGHT] (the chain then
 * refuses the injection).
 */
export function reweightForInjection(quoteWeight: number, y: number, x: number, dy: number, dx: number): number {
  const w = injectionWeight(quoteWeight, y, x, dy, dx);
  return weightAllowed(w) ? w : NaN;
}

/** The re-weighted quote weight of `reweightForInjection` before its range check. */
export function injectionWeight(quoteWeight: number, y: number, x: number, dy: number, dx: number): number {
  const q1 = (1 - quoteWeight) * y * (x + dx);
  const q2 = quoteWeight * x * (y + dy);
  const sum = q1 + q2;
  return sum > 0 ? q2 / sum : 0.5;
}

/** MIN_WEIGHT <= w <= 1 - MIN_WEIGHT (false for NaN). */
export function weightAllowed(w: number): boolean {
  return w >= MIN_WEIGHT && w <= 1 - MIN_WEIGHT;
}

// ---------------------------------------------------------------------------------------------
// The object-level interface (CLI, tests, scenario code): one PoolState, either curve.

export interface PoolState {
  curve: CurveName;
  /** TAO reserve (rao) and alpha reserve (alpha units), integers below 2^53. */
  taoReserve: number;
  alphaReserve: number;
  /** TAO-side weight w2 (weighted curve only; 0.5 gives the constant-product numbers). */
  quoteWeight: number;
  /** Fee as the chain stores it: rate / 65535. */
  feeRateU16: number;
}

export interface SwapQuote {
  side: 'stake' | 'unstake';
  amountIn: number;
  fee: number;
  /** What entered the pool's reserve (amountIn - fee - refund). */
  deltaIn: number;
  amountOut: number;
  /** Input handed back because the price limit was reached. */
  refund: number;
  priceBefore: number;
  priceAfter: number;
  /** 1 - (amountOut / what amountIn would buy at the spot price before), fee included. */
  slippage: number;
  limitHit: boolean;
}

export class SwapRefused extends Error {
  constructor(readonly code: SwapError, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'SwapRefused';
  }
}

export interface SwapOptions {
  /** Price limit in TAO per alpha; default: no limit (chain max / min price). */
  limitPrice?: number;
  /** Override the pool's fee (0 drops fees, as the chain's drop_fees). */
  feeRateU16?: number;
  minimumReserve?: number;
}

const quoteScratch = new Float64Array(SWAP_RESULT_SIZE);

export function curveCode(curve: CurveName): number {
  return curve === 'constant-product' ? CURVE_CONSTANT_PRODUCT : CURVE_WEIGHTED;
}

/** Validates a pool; throws RangeError naming the field. */
export function validatePool(pool: PoolState): void {
  if (!(CURVE_NAMES as readonly string[]).includes(pool.curve)) throw new RangeError(`curve: '${pool.curve}' is not one of ${CURVE_NAMES.join(', ')}`);
  for (const k of ['taoReserve', 'alphaReserve'] as const) {
    const v = pool[k];
    if (!Number.isInteger(v) || v < 0 || v > MAX_EXACT) throw new RangeError(`${k}: ${v} is not an integer amount in [0, 2^53)`);
  }
  if (!(pool.quoteWeight >= MIN_WEIGHT && pool.quoteWeight <= 1 - MIN_WEIGHT)) {
    throw new RangeError(`quoteWeight: ${pool.quoteWeight} is outside [${MIN_WEIGHT}, ${1 - MIN_WEIGHT}]`);
  }
  if (!Number.isInteger(pool.feeRateU16) || pool.feeRateU16 < 0 || pool.feeRateU16 > MAX_FEE_RATE_U16) {
    throw new RangeError(`feeRateU16: ${pool.feeRateU16} is not an integer in [0, ${MAX_FEE_RATE_U16}]`);
  }
}

/** Quotes a swap against a pool without changing it; throws SwapRefused with the chain's reason. */
export function quoteSwap(pool: PoolState, side: 'stake' | 'unstake', amount: number, opts: SwapOptions = {}): SwapQuote {
  validatePool(pool);
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_EXACT) {
    throw new SwapRefused('ZERO_AMOUNT', `amount ${amount} is not a positive integer below 2^53`);
  }
  const s = side === 'stake' ? SIDE_STAKE : SIDE_UNSTAKE;
  const limit = opts.limitPrice ?? (s === SIDE_STAKE ? Infinity : 0);
  const fee = opts.feeRateU16 ?? pool.feeRateU16;
  const code = swapKernel(
    curveCode(pool.curve),
    pool.taoReserve,
    pool.alphaReserve,
    pool.quoteWeight,
    s,
    amount,
    fee,
    limit,
    opts.minimumReserve ?? MINIMUM_RESERVE,
    quoteScratch,
  );
  if (code !== SWAP_OK) throw new SwapRefused(SWAP_ERRORS[code], swapErrorDetail(code));
  const r = quoteScratch;
  const pb = r[R_PRICE_BEFORE];
  const ideal = s === SIDE_STAKE ? amount / pb : amount * pb;
  return {
    side,
    amountIn: amount,
    fee: r[R_FEE],
    deltaIn: r[R_DELTA_IN],
    amountOut: r[R_AMOUNT_OUT],
    refund: r[R_REFUND],
    priceBefore: pb,
    priceAfter: r[R_PRICE_AFTER],
    slippage: ideal > 0 ? 1 - r[R_AMOUNT_OUT] / ideal : 0,
    limitHit: r[R_LIMIT_HIT] === 1,
  };
}

/** Applies a quote to the pool's reserves (the fee and refund stay outside the pool). */
export function applySwap(pool: PoolState, q: SwapQuote): void {
  if (q.side === 'stake') {
    pool.taoReserve += q.deltaIn;
    pool.alphaReserve -= q.amountOut;
  } else {
    pool.alphaReserve += q.deltaIn;
    pool.taoReserve -= q.amountOut;
  }
}

export function swapErrorDetail(code: number): string {
  switch (code) {
    case 1:
      return `the input (after fee) exceeds ${MAX_INPUT_RESERVE_MULTIPLIER}x the pool's input reserve`;
    case 2:
      return 'the output reserve is below the minimum reserve or the output rounds to zero';
    case 3:
      return 'the current price is already past the price limit';
    case 4:
      return 'the output would empty the pool';
    default:
      return 'the amount must be a positive integer';
  }
}
