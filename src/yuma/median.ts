/**
 * Stake-weighted median of one column by the chain's mid-pivot partition search.
 *
 * Follows `weighted_median` in pallets/subtensor/src/epoch/math.rs (subtensor 14bc6f9f): the
 * partition starts as every participant in row order; each round takes the score at position
 * len/2 as pivot, splits the rest into lower (score < pivot) and upper (score > pivot), keeping
 * their order, sums their stake in that order, and descends into lower when
 * `minority < lo + loStake`, into upper when `hi - hiStake <= minority`, else answers the pivot.
 * Each round is one branch-free pass (`+(v < pivot)` compiles to a flag, not a jump) writing both halves (adding 0 for the other half leaves the
 * float sums bit-identical to the chain's order). Short names: m participants, lo/hi the stake
 * integral bounds of the partition; a, b, c caller scratch of length >= m.
 */
export function weightedMedianOfColumn(
  stake: Float64Array,
  score: Float64Array,
  m: number,
  minority: number,
  stakeSum: number,
  a: Int32Array,
  b: Int32Array,
  c: Int32Array,
): number {
  if (m === 0) return 0;
  if (m === 1) return score[0];
  let lo = 0;
  let hi = stakeSum;
  // Round 1 runs over the identity partition without materializing it.
  let pivot = score[m >> 1];
  let loStake = 0;
  let hiStake = 0;
  let nLo = 0;
  let nHi = 0;
  for (let p = 0; p < m; p++) {
    const v = score[p];
    const s = stake[p];
    const lt = +(v < pivot);
    const gt = +(v > pivot);
    b[nLo] = p;
    c[nHi] = p;
    nLo += lt;
    nHi += gt;
    loStake += s * lt;
    hiStake += s * gt;
  }
  let cur = a;
  let low = b;
  let high = c;
  let len: number;
  for (let iterations = 1; ; iterations++) {
    if (minority < lo + loStake && nLo > 0) {
      const t = cur;
      cur = low;
      low = t;
      len = nLo;
      hi = lo + loStake;
    } else if (hi - hiStake <= minority && nHi > 0) {
      const t = cur;
      cur = high;
      high = t;
      len = nHi;
      lo = hi - hiStake;
    } else {
      return pivot;
    }
    if (iterations > m) return 0;
    if (len === 1) return score[cur[0]];
    pivot = score[cur[len >> 1]];
    loStake = 0;
    hiStake = 0;
    nLo = 0;
    nHi = 0;
    for (let q = 0; q < len; q++) {
      const p = cur[q];
      const v = score[p];
      const s = stake[p];
      const lt = +(v < pivot);
      const gt = +(v > pivot);
      low[nLo] = p;
      high[nHi] = p;
      nLo += lt;
      nHi += gt;
      loStake += s * lt;
      hiStake += s * gt;
    }
  }
}

/**
 * A margin that covers the rounding of every stake sum `weightedMedianOfColumn` forms plus that of
 * a sum of the same m stakes in any other order, relative to the exact sums of the same float
 * stakes (each at most 1, summing to about 1). The partition search sums at most m terms per
 * round and adds 2 roundings to its bounds per round, over at most m rounds, from a total that
 * itself carries m roundings: below (m^2 + 3m + 2) * 2^-53; another order adds (m + 2) * 2^-53.
 * We use (2m^2 + 8m + 16) * 2^-53.
 */
export function medianSumErrorBound(m: number): number {
  return (2 * m * m + 8 * m + 16) * 2 ** -53;
}
