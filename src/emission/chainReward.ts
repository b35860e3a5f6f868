/**
 * The chain's block reward for a total issuance, bit for bit.
 *
 * Follows `get_block_emission_for_issuance` in
 * pallets/subtensor/src/coinbase/block_emission.rs (subtensor 14bc6f9f): in I96F32 fixed point
 * (32 fractional bits), x = I / (2 * 10.5e15), y = 1 - x, z = 1 / y, k = floor(log2 z) where
 * substrate-fixed's log2 counts how often z can be halved (rounding half up, its `rs`) while
 * it stays >= 2; the reward is floor(DefaultBlockEmission * (1 / 2^k)) with 1 / 2^k itself a
 * fixed-point number (so 0 once k > 32). Division in fixed point truncates, as here.
 */
export interface ChainRewardParams {
  /** DefaultBlockEmission: the reward at zero issuance (rao). Chain: 1e9. */
  readonly initialRewardRao: bigint;
  /** TotalSupply: the cap (rao). Chain: 21e15. */
  readonly capRao: bigint;
}

export const CHAIN_TOTAL_SUPPLY_RAO = 21_000_000_000_000_000n;
export const CHAIN_BLOCK_EMISSION_RAO = 1_000_000_000n;
export const CHAIN_REWARD_PARAMS: ChainRewardParams = {
  initialRewardRao: CHAIN_BLOCK_EMISSION_RAO,
  capRao: CHAIN_TOTAL_SUPPLY_RAO,
};

const FRAC_BITS = 32n;
const ONE_BITS = 1n << FRAC_BITS;
const TWO_BITS = 2n << FRAC_BITS;

/** k = floor(log2(1 / (1 - I / cap))) as the chain's fixed-point code computes it. */
export function chainHalvingCount(issuanceRao: bigint, capRao: bigint): number {
  const xBits = (issuanceRao << FRAC_BITS) / capRao;
  const yBits = ONE_BITS - xBits;
  let zBits = (ONE_BITS << FRAC_BITS) / yBits;
  let k = 0;
  while (zBits >= TWO_BITS) {
    // substrate-fixed `rs`: right shift with rounding, (x >> 1) + (x & lsb)
    zBits = (zBits >> 1n) + (zBits & 1n);
    k++;
  }
  return k;
}

/** The reward after k halvings, as the chain rounds it: floor(R0 * bits(1 / 2^k) / 2^32). */
export function rewardAfterHalvings(k: number, initialRewardRao: bigint): bigint {
  if (k > 32) return 0n;
  const percentBits = ONE_BITS >> BigInt(k);
  return (percentBits * initialRewardRao) >> FRAC_BITS;
}

/** Block reward (rao) for a total issuance (rao): 0 at or above the cap. */
export function chainBlockReward(
  issuanceRao: bigint,
  params: ChainRewardParams = CHAIN_REWARD_PARAMS,
): bigint {
  if (issuanceRao < 0n) throw new RangeError('NEGATIVE_ISSUANCE');
  if (issuanceRao >= params.capRao) return 0n;
  return rewardAfterHalvings(chainHalvingCount(issuanceRao, params.capRao), params.initialRewardRao);
}

/**
 * The least issuance at which the chain's halving count reaches k (k >= 1), or the cap when
 * it never does below the cap. Closed form of the fixed-point steps above: the count reaches k
 * once z >= m_k with m_1 = 2^33, m_k = 2 m_(k-1) - 1 (halving rounds up); z >= m iff
 * y <= floor(2^64 / m); y <= Y iff x >= 2^32 - Y; x >= X iff I >= ceil(X cap / 2^32).
 */
export function chainHalvingThreshold(k: number, capRao: bigint = CHAIN_TOTAL_SUPPLY_RAO): bigint {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('HALVING_INDEX');
  const K = BigInt(k);
  const m = (1n << (32n + K)) - (1n << (K - 1n)) + 1n;
  const yMax = (ONE_BITS << FRAC_BITS) / m;
  const xMin = ONE_BITS - yMax;
  if (xMin >= ONE_BITS) return capRao;
  const t = (xMin * capRao + ONE_BITS - 1n) >> FRAC_BITS;
  return t < capRao ? t : capRao;
}
