/**
 * Deterministic downsampling for the embedded time series, so a report stays small enough to
 * email however long the run was.
 *
 * A series of at most MAX_SERIES_POINTS rows is kept whole. A longer one is cut, by row index,
 * into MAX_SERIES_POINTS / 4 equal buckets, and each bucket keeps its first and last rows and
 * the rows holding its minimum and maximum of one chosen value (the "M4" rule of Jugel et al.,
 * VLDB 2014): a line drawn through them keeps every spike and step of the full series. Ties go
 * to the earliest row. Kept rows stay in their original order.
 */
export const MAX_SERIES_POINTS = 2000;
const BUCKETS = MAX_SERIES_POINTS / 4;

/** Rows to keep of `rows` (already in time order), by the value `valueOf` (null is skipped for min/max). */
export function downsampleM4<T>(rows: readonly T[], valueOf: (row: T) => number | null, maxPoints = MAX_SERIES_POINTS): T[] {
  const n = rows.length;
  if (n <= maxPoints) return rows.slice();
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const keep = new Uint8Array(n);
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    if (hi <= lo) continue;
    keep[lo] = 1;
    keep[hi - 1] = 1;
    let minAt = -1;
    let maxAt = -1;
    let minV = Infinity;
    let maxV = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = valueOf(rows[i]);
      if (v === null) continue;
      if (v < minV) {
        minV = v;
        minAt = i;
      }
      if (v > maxV) {
        maxV = v;
        maxAt = i;
      }
    }
    if (minAt >= 0) keep[minAt] = 1;
    if (maxAt >= 0) keep[maxAt] = 1;
  }
  const out: T[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(rows[i]);
  return out;
}

export { BUCKETS as M4_BUCKETS };

/**
 * Significant digits kept in the embedded data: 10 resolves 0.01 TAO on an issuance of
 * 21 million TAO (7 would print 10,499,999 TAO as 10,500,000, just before the first halving).
 */
export const SIG_DIGITS = 10;

/** A float rounded to SIG_DIGITS significant digits for the embedded data (exact values stay in the CSVs). */
export function sig(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(SIG_DIGITS));
}
