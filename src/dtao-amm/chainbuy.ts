/**
 * The protocol's chain buy (inject_and_maybe_swap's swap at subtensor 14bc6f9f: TAO in, fee-less,
 * no price limit), applied to subnet s by `applyChainBuy(net, s, excess)` for `stepBlock`. The
 * alpha it buys is exactly the R_AMOUNT_OUT of
 * `swapKernel(curve, y, x, w, SIDE_STAKE, excess, 0, Infinity, 0, out)`, and it refuses exactly
 * where that call returns an error code; swapKernel's other outputs are fixed in this case
 * (delta in = excess, refund 0, fee 0), so the step needs nothing else.
 *
 * Why not swapKernel: it is too large for V8 to inline into the step, so each call passed its
 * floats boxed (heap numbers), and computed two prices the step never reads; a call to exact.ts's
 * floorMulDiv from the step is not reliably inlined either, so its floats would be boxed too.
 * This kernel is one function on purpose: it takes the network and a netuid (no float crosses
 * the call, inlined or not), the exact product is in locals, and it uses numeric literals rather
 * than module constants (V8 reads a module binding as a tagged value; merged with a float, it
 * boxes the float). Nothing is allocated.
 *
 * The amount out, alphaOutForTao(curve, y, x, w, dy), by two exact fast paths:
 *  - constant-product, or weighted at weight exactly 1/2, with y + dy <= 2^53 - 1:
 *    floor(x dy / (y + dy)): the float quotient's floor when the quotient is clear of an integer
 *    by more than its rounding error, else exact.ts's floorMulDiv algorithm (the quotient
 *    corrected by the exact residual x dy - q (y + dy) from two Dekker products);
 *  - weighted at any other weight: the reference evaluates, in floats, floor(v - v 2^-40) with
 *    v = x (-expm1(-c log1p(u))), c = w / (1 - w), u = dy / y (then clamps to x - 1). When
 *    u (c + 5) <= 2^-11 (every ordinary chain buy: a block's TAO against thousands of TAO in the
 *    pool) the kernel evaluates 1 - (1 + u)^-c by its binomial series
 *    c u - c(c+1)/2 u^2 + c(c+1)(c+2)/6 u^3 - ... (five terms, nested) with the same float c and
 *    u, and keeps the floor only if it is the same across a band of relative half-width 2^-46
 *    around the value; otherwise it computes the reference.
 *
 * Why the band decides the reference's floor (relative errors, ulp = 2^-53): the reference's
 * log1p and expm1 are fdlibm's (V8 ports them), each within 1 ulp of the result (2^-52
 * relative); -c L, x * (...) and the shave subtraction round once each; expm1's condition number
 * t e^t / (e^t - 1) is below 1 for t < 0, so the reference ends within 7 ulp of the true value.
 * The series: c u, each nested level 1 - g_k h (g_k = (c + k - 1) u / k <= 2^-11, so errors from
 * inner levels shrink by g_k), x * E and the shave: within 6 ulp; the first omitted term is below
 * 2^-55 of the sum. Both are within 13 ulp (< 2^-49) of the true value, so a band of 2^-46 holds
 * both (8x margin): one floor across the band is the reference's floor.
 */
import type { Network } from './network.ts';
import { alphaOutForTao, spotPrice } from './pool.ts';

/** Reference results pass through a typed cell: a call's result is a tagged value too. */
const referenceCell = new Float64Array(1);
const SPLIT = 134_217_729; // 2^27 + 1 (Veltkamp)

/**
 * Applies subnet s's chain buy of `excess` > 0 TAO on its current reserves and weight: the TAO
 * joins the TAO reserve, the alpha bought leaves the alpha reserve as the protocol's
 * (SubnetProtocolAlpha, counted in alpha out), and the TAO counts as protocol inflow. Returns
 * false, changing nothing, where swapKernel refuses the swap (input above 1000 x the TAO
 * reserve, price not finite, nothing out, or the pool emptied); the caller recycles the TAO.
 */
export function applyChainBuy(net: Network, s: number, excess: number): boolean {
  // The common case inline (small enough for V8 to inline into the step's loop): a weighted pool
  // away from 1/2 whose price is finite by its bounds — w in [0.01, 0.99] makes (1 - w) / w at
  // most 99, and 0 < y <= 2^53 - 1 with x >= 1 makes y / x at most 2^53, so spotPrice is finite —
  // and an amount the series decides. There the general kernel below passes every check and
  // takes the series branch with the same floats: the same amount, refused where it is 0 or
  // empties the pool. Anything else goes to the general kernel.
  const y = net.taoReserve[s];
  const x = net.alphaIn[s];
  const w = net.quoteWeight[s];
  const dy = excess;
  if (
    net.curve[s] === 1 && w !== 0.5 && w >= 0.01 && w <= 0.99 && x >= 1 && y > 0 && y <= 9007199254740991 && dy > 0 && !(dy > y * 1000)
  ) {
    const bought = seriesAlphaOut(y, x, w, dy);
    if (bought >= 0) {
      // The booking below is written out here as well as at the end of applyChainBuyGeneral, not
      // shared through a function: with the call, the year ran 120.4 s against 118.4 s.
      if (bought === 0 || bought >= x) return false;
      net.taoReserve[s] = y + dy;
      net.alphaIn[s] = x - bought;
      net.protocolAlpha[s] += bought;
      net.alphaOut[s] += bought;
      net.protocolFlow[s] += dy;
      net.lastChainBought[s] = bought;
      return true;
    }
  }
  return applyChainBuyGeneral(net, s, excess);
}

/**
 * The weighted pool's alpha out for dy TAO in by the binomial series (see the file's comment),
 * when u (c + 5) <= 2^-11 and one floor holds across the band, clamped to x - 1; else -1.
 * Preconditions: y > 0, the curve weighted.
 */
function seriesAlphaOut(y: number, x: number, w: number, dy: number): number {
  const c = w / (1 - w);
  const u = dy / y;
  if (!(u * (c + 5) <= 0.00048828125)) return -1;
  // Inner levels multiply by reciprocals (their rounding reaches E scaled by g_k <= 2^-11).
  let h = 1 - (c + 4) * 0.2 * u;
  h = 1 - (c + 3) * 0.25 * u * h;
  h = 1 - (c + 2) * 0.3333333333333333 * u * h;
  h = 1 - (c + 1) * 0.5 * u * h;
  const v = x * (c * u * h);
  const shaved = v - v * 9.094947017729282e-13; // POW_MARGIN = 2^-40
  const lo = Math.floor(shaved - shaved * 1.4210854715202004e-14); // band 2^-46
  if (lo !== Math.floor(shaved + shaved * 1.4210854715202004e-14)) return -1;
  return lo >= x ? x - 1 : lo;
}

/** applyChainBuy for any pool and amount (the general kernel). */
function applyChainBuyGeneral(net: Network, s: number, excess: number): boolean {
  const curve = net.curve[s];
  const y = net.taoReserve[s];
  const x = net.alphaIn[s];
  const w = net.quoteWeight[s];
  const dy = excess;
  if (dy > y * 1000) return false; // MAX_INPUT_RESERVE_MULTIPLIER
  if (!(spotPrice(curve, y, x, w) < Infinity)) return false;
  if (!(dy > 0) || x <= 0) return false;
  let bought = -1;
  const d = y + dy;
  if ((curve === 0 || w === 0.5) && d <= 9007199254740991) {
    // CURVE_CONSTANT_PRODUCT or weight 1/2, y + dy <= MAX_EXACT: floor(x dy / d) exactly.
    const p = x * dy;
    const r0 = p / d;
    let q = Math.floor(r0);
    // r0 is within 2^-51 (relative) of x dy / d: when it is at least 2^-50 r0 away from both
    // neighbouring integers, q is the floor; otherwise (or when p is inexact and near one)
    // correct q by the exact residual.
    const band = r0 * 8.881784197001252e-16; // 2^-50
    if (p > 9007199254740991 && !(r0 - q >= band && q + 1 - r0 >= band)) {
      let t = SPLIT * x;
      const xh = t - (t - x);
      const xl = x - xh;
      t = SPLIT * dy;
      const yh = t - (t - dy);
      const yl = dy - yh;
      const pLo = xh * yh - p + xh * yl + xl * yh + xl * yl; // x dy = p + pLo exactly
      const m = q * d;
      t = SPLIT * q;
      const qh = t - (t - q);
      const ql = q - qh;
      t = SPLIT * d;
      const dh = t - (t - d);
      const dl = d - dh;
      const mLo = qh * dh - m + qh * dl + ql * dh + ql * dl; // q d = m + mLo exactly
      let r = p - m + (pLo - mLo);
      while (r < 0) {
        q -= 1;
        r += d;
      }
      while (r >= d) {
        q += 1;
        r -= d;
      }
    }
    bought = q;
  } else if (curve === 1 && y > 0) {
    // CURVE_WEIGHTED: the series while u (c + 5) <= 2^-11 (each term <= 2^-11 of the last).
    bought = seriesAlphaOut(y, x, w, dy);
  }
  if (bought < 0) {
    referenceCell[0] = alphaOutForTao(curve, y, x, w, dy);
    bought = referenceCell[0];
  }
  if (bought === 0 || bought >= x) return false;
  net.taoReserve[s] = y + dy;
  net.alphaIn[s] = x - bought;
  net.protocolAlpha[s] += bought;
  net.alphaOut[s] += bought;
  net.protocolFlow[s] += dy;
  net.lastChainBought[s] = bought;
  return true;
}
