/**
 * Stake-weighted median of one column by the chain's mid-pivot partition search.
 *
 * Follows `weighted_median` in pallets/subtensor/src/epoch/math.rs (subtensor 14bc6f9f): the
 * partition starts as every participant in row order; each round takes the score at position
 * len/2 as pivot, splits the rest into lower (score < pivot) and upper (score > pivot), keeping
 * their order, sums their stake in that order, and descends into lower when
 * `minority < lo + loStake`, into upper when `hi - hiStake <= minority`, else answers the pivot.
 * `part` is caller scratch of length >= m; nothing is allocated. Short names: m participants,
 * lo/hi the stake integral bounds of the partition.
 */
export function weightedMedianOfColumn(
  stake: Float64Array,
  score: Float64Array,
  m: number,
  minority: number,
  stakeSum: number,
  part: Int32Array,
): number {
  for (let q = 0; q < m; q++) part[q] = q;
  let len = m;
  let lo = 0;
  let hi = stakeSum;
  let iterations = 0;
  for (;;) {
    if (len === 0) return 0;
    if (len === 1) return score[part[0]];
    const pivot = score[part[len >> 1]];
    let loStake = 0;
    let hiStake = 0;
    let nLo = 0;
    let nHi = 0;
    for (let q = 0; q < len; q++) {
      const p = part[q];
      const v = score[p];
      if (v === pivot) continue;
      if (v < pivot) {
        loStake += stake[p];
        nLo++;
      } else {
        hiStake += stake[p];
        nHi++;
      }
    }
    if (minority < lo + loStake && nLo > 0) {
      let w = 0;
      for (let q = 0; q < len; q++) {
        const p = part[q];
        if (score[p] < pivot) part[w++] = p;
      }
      len = w;
      hi = lo + loStake;
    } else if (hi - hiStake <= minority && nHi > 0) {
      let w = 0;
      for (let q = 0; q < len; q++) {
        const p = part[q];
        if (score[p] > pivot) part[w++] = p;
      }
      len = w;
      lo = hi - hiStake;
    } else {
      return pivot;
    }
    iterations++;
    if (iterations > m) return 0;
  }
}
