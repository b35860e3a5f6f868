/**
 * The emission split of `epoch_dense_mechanism` (subtensor 14bc6f9f) and its rao truncation. The
 * kernel runs `normalizeInPlace` (of the dividends), `emissionShares` and `paidRao` in passes.wasm
 * (`emissionSplit`, the same operations in the same order; test/yuma/emission-split.test.ts
 * compares the two bit for bit); this file states them. `shareToRao` is for callers.
 */

/** x normalized to sum 1 in place (left as is when the sum is 0): `inplace_normalize`. */
export function normalizeInPlace(x: Float64Array, n: number): Float64Array {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  if (sum !== 0) for (let i = 0; i < n; i++) x[i] = x[i] / sum;
  return x;
}

/**
 * server_i = inc_i / S, validator_i = d_i / S with S = sum_i (inc_i + d_i). When S = 0 (no
 * weights, outdated or self weights only) validators get the active stake instead, or the plain
 * stake when no stake is active; servers keep their (zero) incentive.
 */
export function emissionShares(
  incentive: Float64Array,
  dividends: Float64Array,
  stake: Float64Array,
  activeStake: Float64Array,
  n: number,
  serverShare: Float64Array,
  validatorShare: Float64Array,
): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += incentive[i] + dividends[i];
  if (total !== 0) {
    for (let i = 0; i < n; i++) {
      serverShare[i] = incentive[i] / total;
      validatorShare[i] = dividends[i] / total;
    }
    return;
  }
  let activeSum = 0;
  for (let i = 0; i < n; i++) activeSum += activeStake[i];
  const fallback = activeSum === 0 ? stake : activeStake;
  for (let i = 0; i < n; i++) {
    serverShare[i] = incentive[i];
    validatorShare[i] = fallback[i];
  }
}

/**
 * The epoch's emission in rao: floor(share * emission) for each uid, server and validator parts
 * (the chain's truncation to integer rao; emission <= 2^53), then what float rounding paid beyond
 * the emission taken back: shares that sum to 1 + 2^-52, or a product share * emission rounded up
 * to the next integer, can make the floors add up to a rao or two more than the emission. The
 * chain's fixed point truncates and never overpays, so the excess (a few rao at most) comes off
 * the largest amounts, the lowest uid first among equals. The emission is read from `of` inside:
 * a float passed to a call V8 does not inline is boxed, an allocation per epoch.
 */
export function paidRao(
  of: { readonly emissionRao: number },
  serverShare: Float64Array,
  validatorShare: Float64Array,
  n: number,
  server: Float64Array,
  validator: Float64Array,
): void {
  const emissionRao = of.emissionRao;
  let paid = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.floor(serverShare[i] * emissionRao);
    const v = Math.floor(validatorShare[i] * emissionRao);
    server[i] = s > 0 ? s : 0;
    validator[i] = v > 0 ? v : 0;
  }
  for (let i = 0; i < n; i++) paid += server[i] + validator[i];
  let excess = paid - emissionRao;
  while (excess > 0) {
    let best = -1;
    let bestAmount = 0;
    let inServer = true;
    for (let i = 0; i < n; i++) {
      if (server[i] > bestAmount) {
        best = i;
        bestAmount = server[i];
        inServer = true;
      }
      if (validator[i] > bestAmount) {
        best = i;
        bestAmount = validator[i];
        inServer = false;
      }
    }
    if (best < 0) return;
    const take = excess < bestAmount ? excess : bestAmount;
    if (inServer) server[best] -= take;
    else validator[best] -= take;
    excess -= take;
  }
}

/**
 * floor(share * emissionRao) exactly, for any emission (bigint): the float share is split into
 * its integer mantissa and power of two so the product is formed without rounding.
 */
export function shareToRao(share: number, emissionRao: bigint): bigint {
  if (!(share > 0) || emissionRao <= 0n) return 0n;
  let mantissa = share;
  let exponent = 0;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    exponent++;
  }
  return (BigInt(mantissa) * emissionRao) >> BigInt(exponent);
}
