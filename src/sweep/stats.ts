/**
 * Summary statistics of one metric at one point, over the runs (replicates) with a value.
 * Values are taken in run order, so sums come out the same on any worker count.
 */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 denominator); 0 when n = 1; NaN when n = 0. */
  readonly sd: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

/**
 * The q-quantile of ascending `sorted` by linear interpolation between order statistics
 * (Hyndman and Fan type 7, numpy's default): h = (n - 1) q, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** mean, sd, p5, p50, p95 of `values` (NaN entries are runs without a value and are skipped). */
export function summarize(values: readonly number[]): Summary {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, p5: NaN, p50: NaN, p95: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return { n, mean, sd, p5: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}
