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

/**
 * The weighted median of a column whose guess g failed its certificate, searched among the
 * scores between g and g +- delta only, or NaN where that does not prove it (the caller then
 * runs `weightedMedianOfColumn`).
 *
 * `below` and `upto` are the stake of participants scoring < g and <= g (summed in any order).
 * When upto <= minority the median lies above g, among the scores v with 0 < fl(v - g) <= delta
 * if the stake up to g + delta passes the minority, else among those with fl(v - g) > delta;
 * when minority < below it lies below g, likewise with fl(g - v). fl(v - g) is monotone in v, so
 * the collected scores are exactly the column's scores in that interval. They are collected branch-free (indices into `a`), the stake below them is
 * lo = upto (above) or below - their stake (below), and the same mid-pivot partition search runs
 * over them from [lo, lo + their stake]. Its answer v is then certified as in step 6 of the
 * kernel, by one more pass: stakeBelow = the stake scoring < v, stakeUpto = the stake scoring
 * <= v (sums of subsets of the stakes in participant order: within (m + 2) * 2^-53 of the exact
 * sums); v is returned only where stakeBelow <= minority - eps and
 * minority + eps < stakeUpto with eps = `medianSumErrorBound(m)`, which exceeds that error plus
 * the chain's partition search's own (m^2 + 3m + 2) * 2^-53. Exact arithmetic then puts the
 * minority strictly inside v's stake step, so every comparison of the chain's search lands on
 * the exact side and it returns v. a, b, c: scratch of length >= m.
 */
export function medianNearGuess(
  g: number,
  below: number,
  upto: number,
  minority: number,
  eps: number,
  delta: number,
  stake: Float64Array,
  score: Float64Array,
  m: number,
  a: Int32Array,
  b: Int32Array,
  c: Int32Array,
): number {
  let direction: number;
  if (upto <= minority) direction = 1;
  else if (minority < below) direction = -1;
  else return NaN;
  // The band: scores with 0 < direction * (v - g) <= delta.
  let len = collectSide(score, m, g, direction, 0, delta, a);
  const sideStake = stakeOf(stake, a, len);
  let lo: number;
  let hi: number;
  if (direction === 1) {
    lo = upto;
    hi = upto + sideStake;
    if (!(minority < hi)) {
      // Beyond the band: the rest of the side, from the band's upper end.
      len = collectSide(score, m, g, 1, delta, Infinity, a);
      lo = hi;
      hi = lo + stakeOf(stake, a, len);
      if (!(minority < hi)) return NaN;
    }
  } else {
    hi = below;
    lo = below - sideStake;
    if (minority < lo) {
      len = collectSide(score, m, g, -1, delta, Infinity, a);
      hi = lo;
      lo = hi - stakeOf(stake, a, len);
      if (minority < lo) return NaN;
    }
  }
  if (len === 0) return NaN;
  const v = partitionSearch(stake, score, a, len, lo, hi, minority, b, c);
  if (v !== v) return NaN;
  let stakeBelow = 0;
  let stakeUpto = 0;
  for (let p = 0; p < m; p++) {
    const x = score[p];
    const s = stake[p];
    stakeBelow += s * +(x < v);
    stakeUpto += s * +(x <= v);
  }
  return stakeBelow <= minority - eps && minority + eps < stakeUpto ? v : NaN;
}

/**
 * Indices p (into `into`, branch-free) of the scores with from < direction * (v - g) <= to;
 * returns their number.
 */
function collectSide(score: Float64Array, m: number, g: number, direction: number, from: number, to: number, into: Int32Array): number {
  let len = 0;
  for (let p = 0; p < m; p++) {
    const d = direction * (score[p] - g);
    into[len] = p;
    len += +(d > from) & +(d <= to);
  }
  return len;
}

/** Sum of stake[idx[q]] for q < len, in that order. */
function stakeOf(stake: Float64Array, idx: Int32Array, len: number): number {
  let sum = 0;
  for (let q = 0; q < len; q++) sum += stake[idx[q]];
  return sum;
}

/**
 * The mid-pivot partition search of `weightedMedianOfColumn` over the participants cur[0..len)
 * whose stake spans [lo, hi]; NaN where it runs out of rounds. cur, low, high: scratch of
 * length >= len (cur holds the partition on entry and is overwritten).
 */
function partitionSearch(
  stake: Float64Array,
  score: Float64Array,
  cur: Int32Array,
  len: number,
  lo: number,
  hi: number,
  minority: number,
  low: Int32Array,
  high: Int32Array,
): number {
  const rounds = len + 1;
  for (let iterations = 0; iterations <= rounds; iterations++) {
    if (len === 1) return score[cur[0]];
    const pivot = score[cur[len >> 1]];
    let loStake = 0;
    let hiStake = 0;
    let nLo = 0;
    let nHi = 0;
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
  }
  return NaN;
}
