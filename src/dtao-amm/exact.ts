/**
 * Exact integer arithmetic on float64 values that hold integers below 2^53 (the ledger's
 * per-subnet fields). Products of two such integers reach 2^106, past what a double holds, so
 * the floor division uses an error-free product (Dekker's two-product with Veltkamp's split):
 * a * b = hi + lo exactly, with hi the rounded product. No allocation: every word is a local.
 */

/** The largest integer every ledger field may hold. */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER; // 2^53 - 1

const SPLIT = 134_217_729; // 2^27 + 1

/**
 * a * b - q * d exactly, for integers below 2^53 with q near a * b / d: each product is split
 * into hi = fl(product) and its exact error lo (Dekker's two-product with Veltkamp's split);
 * the hi words are within a factor of two of each other (Sterbenz: their difference is exact)
 * and every word is an integer. All in locals: nothing is allocated.
 */
function residual(a: number, b: number, q: number, d: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pLo = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = q * d;
  t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLIT * d;
  const dh = t - (t - d);
  const dl = d - dh;
  const sLo = qh * dh - s + qh * dl + ql * dh + ql * dl;
  return p - s + (pLo - sLo);
}

/**
 * floor(a * b / d) exactly, for integers 0 <= a, b and 0 < d, all below 2^53, when the result
 * is below 2^53. A float estimate q is corrected by the exact residual a*b - q*d (`residual`).
 */
export function floorMulDiv(a: number, b: number, d: number): number {
  if (!(d > 0)) throw new RangeError('DIVIDE_BY_ZERO');
  const p = a * b;
  // fl(a*b) <= 2^53 - 1 means the product is exact; then fl(p / d) is below the next integer
  // whenever p / d is (a gap of at least 1/d against a rounding error of at most p/d * 2^-53 < 1/d).
  if (p <= MAX_EXACT) return Math.floor(p / d);
  let q = Math.floor(p / d);
  let r = residual(a, b, q, d);
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return q;
}

/** ceil(a * b / d) exactly, same preconditions as floorMulDiv. */
export function ceilMulDiv(a: number, b: number, d: number): number {
  const q = floorMulDiv(a, b, d);
  return residual(a, b, q, d) > 0 ? q + 1 : q;
}

/** Throws 'UNIT_OVERFLOW' unless x is an integer the ledger can hold exactly. */
export function assertExact(x: number, what: string): number {
  if (!(x >= 0) || x > MAX_EXACT || !Number.isInteger(x)) {
    throw new RangeError(`UNIT_OVERFLOW: ${what} = ${x} is not an integer in [0, 2^53)`);
  }
  return x;
}

/**
 * Splits `total` units among weights by largest remainder (Hamilton): part i is
 * floor(total * w_i / W) plus one unit for the largest fractional remainders until the parts
 * sum to total exactly. Weights are non-negative integers below 2^53 (stakes, u16 takes, ...)
 * or arbitrary non-negative floats (then the remainder order uses the float products). Ties go
 * to the lower index. `out` receives the parts; `scratch` (length >= n) holds remainders.
 * Returns the number of units given (total, or 0 when every weight is zero).
 */
export function apportion(
  total: number,
  weights: Float64Array,
  n: number,
  out: Float64Array,
  scratch: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  if (!(sum > 0) || total === 0) {
    for (let i = 0; i < n; i++) out[i] = 0;
    return 0;
  }
  const integerWeights = sum <= MAX_EXACT && allIntegers(weights, n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    let q: number;
    if (integerWeights) {
      q = floorMulDiv(total, w, sum);
      // remainder (total*w - q*sum) / sum, compared as a float: ties are rare and broken by index
      scratch[i] = (total * w) / sum - q;
    } else {
      const exactShare = (total * w) / sum;
      q = Math.floor(exactShare);
      scratch[i] = exactShare - q;
    }
    out[i] = q;
    given += q;
  }
  let left = total - given;
  // Floats can overshoot by a unit on non-integer weights; take back from the smallest remainders.
  while (left < 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (out[i] > 0 && (best < 0 || scratch[i] < scratch[best])) best = i;
    out[best] -= 1;
    scratch[best] += 1;
    left += 1;
  }
  if (left > 0 && !giveLargestRemainders(left, weights, n, out, scratch)) {
    while (left > 0) {
      let best = -1;
      for (let i = 0; i < n; i++) if (weights[i] > 0 && (best < 0 || scratch[i] > scratch[best])) best = i;
      out[best] += 1;
      scratch[best] -= 1;
      left -= 1;
    }
  }
  return total;
}

/**
 * `apportion` over the non-zero weights only, with the same parts: the weights w_i != 0 are
 * gathered in index order into `packedW` (their indices into `packedAt`), apportioned there, and
 * scattered back; out_i = 0 elsewhere. The same because a zero weight changes neither the float
 * sum W (x + 0 = x), nor the integer test, nor any other part or remainder, gets no part, and is
 * never served by the remainder rounds (they look only at w_i > 0, or out_i > 0 when taking a
 * unit back), whose ties go to the lower index, an order the gathering keeps. For vectors that
 * are mostly zeros (dividends: the validators of a subnet; root weights: its root validators).
 * `packedAt`, `packedW`, `packedOut`, `scratch`: length >= n. Returns what apportion returns.
 */
export function apportionNonzero(
  total: number,
  weights: Float64Array,
  n: number,
  out: Float64Array,
  packedAt: Int32Array,
  packedW: Float64Array,
  packedOut: Float64Array,
  scratch: Float64Array,
): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w !== 0) {
      packedAt[k] = i;
      packedW[k++] = w;
    }
  }
  const given = apportion(total, packedW, k, packedOut, scratch);
  out.fill(0, 0, n);
  for (let j = 0; j < k; j++) out[packedAt[j]] = packedOut[j];
  return given;
}

/** The eligible remainders (grown, never shrunk), reordered in place by `selectKth`. */
let selectBuf = new Float64Array(256);

/**
 * Reorders a[0..e) so that a[k] is the value a sort would put there (Hoare's quickselect,
 * middle-of-range pivot: deterministic, no allocation). The values hold no NaN.
 */
function selectKth(a: Float64Array, e: number, k: number): number {
  let lo = 0;
  let hi = e - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // now a[lo..j] <= pivot <= a[i..hi] and every a[j+1..i-1] equals the pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Buckets of `largestKth` (the top one holds the highest value). */
const BUCKETS = 64;
const bucketCounts = new Int32Array(BUCKETS + 1);
/** The values of the cut's bucket (grown, never shrunk). */
let bucketBuf = new Float64Array(256);

/**
 * The k-th largest of a[0..e) (1 <= k <= e), whose values lie in [lowest, highest] (no NaN);
 * how many values lie strictly above it is left in `largestAbove`.
 * Bucket b(r) = min(B, floor((r - lowest) * B / (highest - lowest))) never decreases as r
 * grows (each step is a monotone rounding), so counting the buckets from the top finds the one
 * holding the k-th largest, and a selection among that bucket's values (a few: remainders are
 * spread out) finds it there. The same value `selectKth` over all of a finds, with a tenth of
 * its unpredictable comparisons; a[0..e) is left as it was.
 */
function largestKth(a: Float64Array, e: number, k: number, lowest: number, highest: number): number {
  const scale = BUCKETS / (highest - lowest);
  if (!(highest > lowest) || !(scale < Infinity)) {
    const cut = selectKth(a, e, e - k);
    let above = 0;
    for (let i = 0; i < e; i++) if (a[i] > cut) above++;
    largestAbove = above;
    return cut;
  }
  const counts = bucketCounts;
  counts.fill(0);
  for (let i = 0; i < e; i++) {
    const b = Math.floor((a[i] - lowest) * scale);
    counts[b < BUCKETS ? b : BUCKETS]++;
  }
  let top = BUCKETS;
  let above = 0;
  while (above + counts[top] < k) above += counts[top--];
  if (bucketBuf.length < counts[top]) bucketBuf = new Float64Array(Math.max(counts[top], bucketBuf.length * 2));
  const inBucket = bucketBuf;
  let m = 0;
  for (let i = 0; i < e; i++) {
    const r = a[i];
    const b = Math.floor((r - lowest) * scale);
    if ((b < BUCKETS ? b : BUCKETS) === top) inBucket[m++] = r;
  }
  const cut = selectKth(inBucket, m, m - (k - above));
  // values above the cut: the higher buckets' and those of its own bucket above it
  for (let i = 0; i < m; i++) if (inBucket[i] > cut) above++;
  largestAbove = above;
  return cut;
}

/** How many of the values `largestKth` last looked at lie strictly above the value it returned. */
let largestAbove = 0;

/**
 * The one-unit-at-a-time loop of `apportion` (the largest remainder gets a unit and drops by
 * one, ties to the lower index) in one pass: the `left` largest remainders by (value desc,
 * index asc) each get one unit. That is the loop's answer whenever no remainder, once lowered
 * by one, can outrank a remainder not yet served: max over the served of (r - 1) < min over all
 * eligible r. Returns false (nothing changed) when that does not hold or `left` exceeds the
 * eligible count; the caller then runs the loop. The cut (the left-th largest remainder) is
 * found by selection, not by sorting.
 */
function giveLargestRemainders(left: number, weights: Float64Array, n: number, out: Float64Array, scratch: Float64Array): boolean {
  if (selectBuf.length < n) selectBuf = new Float64Array(Math.max(n, selectBuf.length * 2));
  const buf = selectBuf;
  let e = 0;
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] > 0)) continue;
    const r = scratch[i];
    buf[e++] = r;
    if (r < lowest) lowest = r;
    if (r > highest) highest = r;
    else if (r !== r) return false; // NaN
  }
  if (left > e) return false;
  // The largest served, lowered, must stay below all.
  if (!(highest - 1 < lowest)) return false;
  const cut = largestKth(buf, e, left, lowest, highest); // the left-th largest remainder
  // Served: every remainder above `cut`, and the first (in index order) of those equal to it.
  const above = largestAbove;
  let atCut = left - above;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] > 0)) continue;
    const r = scratch[i];
    if (r > cut || (r === cut && atCut > 0)) {
      if (r === cut) atCut--;
      out[i] += 1;
      scratch[i] = r - 1;
    }
  }
  return true;
}

function allIntegers(w: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isInteger(w[i])) return false;
  return true;
}
