/**
 * The retention threshold: for one major stake S_H and a grid of major ratios E_H(W_H, W_C),
 * the least honest utility W_H from which the major share stays at or above S_H against every
 * cabal self-weight W_C. The chain's plot draws the contour E_H = S_H; this is where that contour
 * leaves the W_C axis on its worst side.
 */

/** One major stake's retention result. */
export interface Retention {
  /** The least grid W_H such that it and every larger grid W_H retain against every W_C; NaN when W_H = 1 does not. */
  majorWeight: number;
  /**
   * The same threshold with the worst-case margin min_W_C(E_H) - S_H interpolated linearly
   * between that grid W_H and the failing one just below it (= majorWeight when none fails).
   */
  majorWeightInterp: number;
  /** The cabal self-weight W_C giving the lowest major ratio at the threshold (NaN with no threshold). */
  worstMinorWeight: number;
}

/**
 * `ratios[i * grid + k]` is E_H at W_H = weights[i], W_C = weights[k], with `weights` in the
 * chain's order (decreasing: weights[0] = 1). Walks W_H down from 1 while the worst W_C still
 * retains; a NaN ratio counts as not retaining.
 */
export function retentionThreshold(ratios: ArrayLike<number>, weights: readonly number[], majorStake: number): Retention {
  const g = weights.length;
  let last = -1;
  let lastMargin = NaN;
  let lastWorstK = -1;
  for (let i = 0; i < g; i++) {
    let worst = Infinity;
    let worstK = -1;
    for (let k = 0; k < g; k++) {
      const r = ratios[i * g + k];
      const v = Number.isNaN(r) ? -Infinity : r;
      if (v < worst) {
        worst = v;
        worstK = k;
      }
    }
    const margin = worst - majorStake;
    if (!(margin >= 0)) {
      if (last < 0) return { majorWeight: NaN, majorWeightInterp: NaN, worstMinorWeight: NaN };
      const wHi = weights[last];
      const wLo = weights[i];
      const interp = Number.isFinite(margin) ? wLo + ((wHi - wLo) * (0 - margin)) / (lastMargin - margin) : wHi;
      return { majorWeight: wHi, majorWeightInterp: interp, worstMinorWeight: weights[lastWorstK] };
    }
    last = i;
    lastMargin = margin;
    lastWorstK = worstK;
  }
  return { majorWeight: weights[last], majorWeightInterp: weights[last], worstMinorWeight: weights[lastWorstK] };
}

/** The lowest major ratio over W_C at grid row i, and the W_C where it occurs (first on ties). */
export function worstCase(ratios: ArrayLike<number>, weights: readonly number[], i: number): { ratio: number; minorWeight: number } {
  const g = weights.length;
  let worst = Infinity;
  let worstK = 0;
  for (let k = 0; k < g; k++) {
    const r = ratios[i * g + k];
    if (r < worst) {
      worst = r;
      worstK = k;
    }
  }
  return { ratio: worst, minorWeight: weights[worstK] };
}
