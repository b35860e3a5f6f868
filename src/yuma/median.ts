/**
 * Stake-weighted median of one column by the chain's mid-pivot partition search.
 * The kernel runs this search, and `medianNearGuess` below, as compiled in passes.wasm
 * (asm/yuma-passes.ts `weightedMedian`, `nearGuessMedian`), step for step; the tests hold the two
 * to the same bits, so these TypeScript functions are the readable statement and the reference.
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
  // The partition starts as every participant in row order.
  for (let p = 0; p < m; p++) a[p] = p;
  let cur = a;
  let low = b;
  let high = c;
  let len = m;
  let pivot = score[m >> 1];
  for (let iterations = 1; ; iterations++) {
    partitionRound(cur, len, pivot, score, stake, low, high);
    const nLo = ROUND[ROUND_LOW];
    const nHi = ROUND[ROUND_HIGH];
    const loStake = ROUND[ROUND_LOW_STAKE];
    const hiStake = ROUND[ROUND_HIGH_STAKE];
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
  }
}

/** The last `partitionRound`'s counts and stake sums. */
const ROUND = new Float64Array(4);
const ROUND_LOW = 0;
const ROUND_HIGH = 1;
const ROUND_LOW_STAKE = 2;
const ROUND_HIGH_STAKE = 3;

/**
 * One round of the chain's mid-pivot partition over the indices cur[0 .. len): those scoring
 * below the pivot to `low`, above it to `high`, in order (branch-free: `+(v < pivot)` is a flag),
 * their counts and stake sums into ROUND (summed in that order, adding s * 0 for the other side,
 * which leaves the sums the same bits as the chain's).
 */
function partitionRound(
  cur: Int32Array,
  len: number,
  pivot: number,
  score: Float64Array,
  stake: Float64Array,
  low: Int32Array,
  high: Int32Array,
): void {
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
  ROUND[ROUND_LOW] = nLo;
  ROUND[ROUND_HIGH] = nHi;
  ROUND[ROUND_LOW_STAKE] = loStake;
  ROUND[ROUND_HIGH_STAKE] = hiStake;
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

/** Layout of the scalars of `medianNearGuess` (a Float64Array; the workspace keeps the search width at NEAR_DELTA). */
export const NEAR_MINORITY = 0;
export const NEAR_EPS = 1;
export const NEAR_DELTA = 2;
/**
 * Where the median lies beyond the band (0, delta] from its guess, the next band out is
 * (delta, NEAR_SECOND_BAND * delta], and only beyond that the rest of the side: a median that
 * moved farther than delta usually moved less than a few times delta, and the search then runs
 * over that band's scores instead of half the column's (passes.wasm has the same constant).
 */
export const NEAR_SECOND_BAND = 4;

/**
 * The stake of the participants listed in a[0 .. len) (ascending), summed as passes.wasm's
 * two-lane pass over all m participants does: even participants p < m - (m & 1) in lane 0, odd
 * ones in lane 1, each in order, lane 0 + lane 1, then the last participant when m is odd.
 */
function laneSum(a: Int32Array, len: number, stake: Float64Array, m: number): number {
  const pairsEnd = m - (m & 1);
  let even = 0;
  let odd = 0;
  let tail = 0;
  for (let q = 0; q < len; q++) {
    const p = a[q];
    if (p >= pairsEnd) tail = stake[p];
    else if ((p & 1) === 0) even += stake[p];
    else odd += stake[p];
  }
  return even + odd + tail;
}

/**
 * The weighted median of column j whose guess g = guess[j] failed its certificate, searched among
 * the scores between g and g +- delta only: written to out[j] with true returned where it is
 * proven, false (out untouched) where not (the caller then runs `weightedMedianOfColumn`).
 * Scalars come in `scalars` (minority, eps, delta at NEAR_MINORITY, NEAR_EPS, NEAR_DELTA) and the
 * result goes out through `out` (the shape it had when the kernel ran it; the kernel now runs
 * passes.wasm's `nearGuessMedian`, and this is its reference).
 *
 * below[j] and upto[j] are the stake of participants scoring < g and <= g (summed in any order).
 * When upto <= minority the median lies above g, among the scores v with 0 < fl(v - g) <= delta
 * if the stake up to g + delta passes the minority, else among those with
 * delta < fl(v - g) <= 4 delta (NEAR_SECOND_BAND) if the stake up to g + 4 delta passes it, else
 * among those with fl(v - g) > 4 delta; when minority < below it lies below g, likewise with
 * fl(g - v). fl(v - g) is monotone in v, so each band's scores are exactly the column's scores
 * in that interval. They are collected branch-free (indices into `a`), the stake below them is
 * lo = upto (above g) plus the stake of the bands before, or below g, hi = below minus it, and
 * the same mid-pivot partition search as `weightedMedianOfColumn` runs over them from
 * [lo, lo + their stake]. Its answer v is then certified as in step 6 of the kernel:
 * stakeBelow = the stake scoring < v, stakeUpto = the stake scoring <= v, formed from the guess's
 * sums and the candidates only (every score between g and v is a candidate or in a band before),
 * e.g. above g stakeBelow = upto(g) [+ band stakes] + the candidates' stake below v. Each is the
 * guess's sum (within (m + 1) * 2^-53 of exact) plus or minus at most three sums over disjoint
 * sets of at most m stakes (together within m * 2^-53 each of the stake they sum, which is at
 * most 1) and three roundings: within (3m + 7) * 2^-53 of the exact sums. v is returned only
 * where stakeBelow <= minority - eps and minority + eps < stakeUpto with
 * eps = `medianSumErrorBound(m)` = (2m^2 + 8m + 16) * 2^-53, which exceeds that error plus the
 * chain's partition search's own (m^2 + 3m + 2) * 2^-53 (by m^2 + 2m + 7). Exact arithmetic
 * then puts the minority strictly inside v's stake step, so every comparison of the chain's
 * search lands on the exact side and it returns v.
 * a, b, c, d: scratch of length >= m.
 */
export function medianNearGuess(
  j: number,
  guess: Float64Array,
  below: Float64Array,
  upto: Float64Array,
  scalars: Float64Array,
  stake: Float64Array,
  score: Float64Array,
  m: number,
  a: Int32Array,
  b: Int32Array,
  c: Int32Array,
  d: Int32Array,
  out: Float64Array,
): boolean {
  const g = guess[j];
  const minority = scalars[NEAR_MINORITY];
  const eps = scalars[NEAR_EPS];
  const delta = scalars[NEAR_DELTA];
  const stakeBelowG = below[j];
  const stakeUptoG = upto[j];
  let direction: number;
  if (stakeUptoG <= minority) direction = 1;
  else if (minority < stakeBelowG) direction = -1;
  else return false;
  // The band, then (when the median lies beyond it) the next band out, then the rest: scores with
  // edge_k < direction * (v - g) <= edge_(k+1), edges 0, delta, NEAR_SECOND_BAND * delta, +inf.
  // Each band's stake is summed as passes.wasm sums it, in two lanes (even and odd participants,
  // each in order), added, then a last odd one (any order serves the certificate; this one has
  // no chain of one addition per participant). [lo, hi] is the stake below and up to the band
  // (lo = upto(g) + the stake of the bands before, above g; hi likewise below g).
  let len = 0;
  let lo = 0;
  let hi = 0;
  let inBand = false;
  for (let band = 0; band < 3 && !inBand; band++) {
    const lowEdge = band === 0 ? 0 : band === 1 ? delta : NEAR_SECOND_BAND * delta;
    const highEdge = band === 0 ? delta : band === 1 ? NEAR_SECOND_BAND * delta : Infinity;
    len = 0;
    for (let p = 0; p < m; p++) {
      const d = direction * (score[p] - g);
      a[len] = p;
      len += +(d > lowEdge) & +(d <= highEdge);
    }
    const bandStake = laneSum(a, len, stake, m);
    if (direction === 1) {
      lo = band === 0 ? stakeUptoG : hi;
      hi = lo + bandStake;
    } else {
      hi = band === 0 ? stakeBelowG : lo;
      lo = hi - bandStake;
    }
    inBand = lo <= minority && minority < hi;
  }
  if (!inBand) return false;
  // The stake on g's side of the band: the certificate's starting point.
  const base = direction === 1 ? lo : hi;
  if (len === 0) return false;
  // The candidates, kept for the certificate (the search reorders a, b and c).
  for (let q = 0; q < len; q++) d[q] = a[q];
  const candidates = len;
  // The mid-pivot partition search over a[0 .. len) (as `weightedMedianOfColumn`), stake in [lo, hi].
  let cur = a;
  let low = b;
  let high = c;
  let found = -1;
  const rounds = len + 1;
  for (let iterations = 0; iterations <= rounds; iterations++) {
    if (len === 1) {
      found = cur[0];
      break;
    }
    const at = cur[len >> 1];
    partitionRound(cur, len, score[at], score, stake, low, high);
    const nLo = ROUND[ROUND_LOW];
    const nHi = ROUND[ROUND_HIGH];
    const loStake = ROUND[ROUND_LOW_STAKE];
    const hiStake = ROUND[ROUND_HIGH_STAKE];
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
      found = at;
      break;
    }
  }
  if (found < 0) return false;
  const v = score[found];
  // The certificate: the stake below v and up to v. Every score between g and v is a candidate
  // (or, beyond the band, a candidate or in the band), so both come from the guess's sums and the
  // candidates: above g, upto(g) [+ band] + the candidates' stake below (up to) v; below g,
  // below(g) [- band] - the candidates' stake at or above (above) v.
  // In two chains, even and odd list positions, added after (as passes.wasm sums them).
  let nearE = 0;
  let nearO = 0;
  let strictE = 0;
  let strictO = 0;
  for (let q = 0; q < candidates; q++) {
    const p = d[q];
    const x = score[p];
    const s = stake[p];
    const upto = s * +(direction === 1 ? x <= v : x > v);
    const below = s * +(direction === 1 ? x < v : x >= v);
    if ((q & 1) === 0) {
      nearE += upto;
      strictE += below;
    } else {
      nearO += upto;
      strictO += below;
    }
  }
  const near = nearE + nearO;
  const nearStrict = strictE + strictO;
  let stakeBelow: number;
  let stakeUpto: number;
  if (direction === 1) {
    stakeBelow = base + nearStrict;
    stakeUpto = base + near;
  } else {
    stakeBelow = base - nearStrict;
    stakeUpto = base - near;
  }
  if (!(stakeBelow <= minority - eps && minority + eps < stakeUpto)) return false;
  out[j] = v;
  return true;
}
