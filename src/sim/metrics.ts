/**
 * Gaming metrics for summary.json, as pure functions over flat arrays.
 */

/**
 * Gini coefficient of non-negative values x[0..n): G = sum_i sum_j |x_i - x_j| / (2 n^2 mean),
 * computed from the sorted values as (2 sum_k k x_(k)) / (n sum x) - (n + 1) / n, k = 1..n.
 * `scratch` (length >= n) receives the sorted copy. 0 for n = 0 or all zeros.
 */
export function giniCoefficient(x: Float64Array, n: number, scratch: Float64Array): number {
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(x[i] >= 0)) throw new RangeError('GINI_NEGATIVE');
    scratch[i] = x[i];
    total += x[i];
  }
  if (total === 0) return 0;
  const s = scratch.subarray(0, n).sort();
  let weighted = 0;
  for (let k = 0; k < n; k++) weighted += (k + 1) * s[k];
  // Equal values give 0 up to rounding (about -2e-16): clamp, as the coefficient is never negative.
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}

/** share = sum of x over members / sum of x (0 when the total is 0). */
export function memberShare(x: Float64Array, member: Uint8Array, n: number): number {
  let all = 0;
  let mine = 0;
  for (let i = 0; i < n; i++) {
    all += x[i];
    if (member[i] !== 0) mine += x[i];
  }
  return all === 0 ? 0 : mine / all;
}

/**
 * Mean of `value` per kind: kind[i] indexes `names` (-1 = not counted). Kinds with no entry
 * are left out. `sums` and `counts` are scratch of length >= names.length.
 */
export function meanByKind(
  value: Float64Array,
  kind: Int32Array,
  n: number,
  names: readonly string[],
  sums: Float64Array,
  counts: Float64Array,
): Record<string, number> {
  sums.fill(0, 0, names.length);
  counts.fill(0, 0, names.length);
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    if (k < 0) continue;
    sums[k] += value[i];
    counts[k] += 1;
  }
  const out: Record<string, number> = {};
  for (let k = 0; k < names.length; k++) if (counts[k] > 0) out[names[k]] = sums[k] / counts[k];
  return out;
}
