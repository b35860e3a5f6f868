/** The emission split of `epoch_dense_mechanism` (subtensor 14bc6f9f) and its rao truncation. */

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

/** floor(share * emission) for each uid, the chain's truncation to integer rao (emission <= 2^53). */
export function truncatedRao(share: Float64Array, emissionRao: number, n: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const v = Math.floor(share[i] * emissionRao);
    out[i] = v > 0 ? v : 0;
  }
  return out;
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
