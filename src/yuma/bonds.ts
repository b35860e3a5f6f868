/**
 * Bonds and dividends over compact rows (subtensor 14bc6f9f, the bonds branch of
 * `epoch_dense_mechanism`, `compute_bonds`, `alpha_sigmoid`, math.rs `mat_ema*`).
 * Short names: wn masked row-normalized weights, c consensus, as active stake, inc incentive,
 * B previous bonds (proportions), wb weights for bonds = wn + p * (min(wn, c) - wn) with
 * p the bonds penalty (exactly wn when p = 0 and min(wn, c) when p = 1, as `interpolate`).
 */
import type { ResolvedYumaParams } from './params.ts';

/** wb_ij for one cell: the `interpolate(weights, clipped, bonds_penalty)` element. */
function weightForBond(w: number, c: number, penalty: number): number {
  const clipped = c < w ? c : w;
  if (penalty === 0) return w;
  if (penalty === 1) return clipped;
  return w + penalty * (clipped - w);
}

/**
 * Classic bonds: B masked on recently registered columns and column-normalized; delta = wb * as
 * (row scale) column-normalized; ema = alpha * delta + (1 - alpha) * B, column-normalized;
 * d_i = sum_j ema_ij * inc_j (normalized by the caller); ema finally column max-upscaled for storage.
 * Writes ema (rows x n) and the unnormalized dividends d (per uid).
 */
export function classicBondsAndDividends(
  wn: Float64Array,
  bonds: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  activeStake: Float64Array,
  incentive: Float64Array,
  recentlyRegistered: Uint8Array,
  p: ResolvedYumaParams,
  bondSum: Float64Array,
  deltaSum: Float64Array,
  ema: Float64Array,
  dividends: Float64Array,
): void {
  const penalty = p.bondsPenalty;
  const alpha = p.emaAlpha;
  const oneMinusAlpha = 1 - alpha;
  bondSum.fill(0, 0, n);
  deltaSum.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const s = activeStake[rowUid[r]];
    for (let j = 0; j < n; j++) {
      if (recentlyRegistered[j] === 0) bondSum[j] += bonds[base + j];
      deltaSum[j] += weightForBond(wn[base + j], consensus[j], penalty) * s;
    }
  }
  // ema (before its own column normalization); reuse bondSum's slot afterwards for the ema sums.
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const s = activeStake[rowUid[r]];
    for (let j = 0; j < n; j++) {
      let delta = weightForBond(wn[base + j], consensus[j], penalty) * s;
      const ds = deltaSum[j];
      if (ds !== 0) delta = delta / ds;
      let b = recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
      const bs = bondSum[j];
      if (bs !== 0) b = b / bs;
      ema[base + j] = alpha * delta + oneMinusAlpha * b;
    }
  }
  const emaSum = bondSum;
  emaSum.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) emaSum[j] += ema[base + j];
  }
  const colMax = deltaSum;
  colMax.fill(0, 0, n);
  dividends.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let d = 0;
    for (let j = 0; j < n; j++) {
      let e = ema[base + j];
      const es = emaSum[j];
      if (es !== 0) e = e / es;
      ema[base + j] = e;
      d += e * incentive[j];
      if (colMax[j] < e) colMax[j] = e;
    }
    dividends[rowUid[r]] = d;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) {
      const m = colMax[j];
      if (m !== 0) ema[base + j] = ema[base + j] / m;
    }
  }
}

/**
 * Liquid alpha of one validator-miner pair (`alpha_sigmoid`): diff = clamp(w - c, 0, 1) when
 * w >= b, else clamp(b - w, 0, 1); sigmoid = 1 / (1 + exp(clamp(-(steepness / 100) * (diff - 0.5),
 * -20, 20))); alpha = clamp(low + sigmoid * (high - low), low, high).
 */
export function liquidAlpha(c: number, w: number, b: number, p: ResolvedYumaParams): number {
  let diff: number;
  if (w >= b) diff = w - c;
  else diff = b - w;
  if (diff < 0) diff = 0;
  else if (diff > 1) diff = 1;
  let x = p.sigmoidScale * (diff - 0.5);
  if (x < -20) x = -20;
  else if (x > 20) x = 20;
  const sigmoid = 1 / (1 + Math.exp(x));
  const a = p.alphaLow + sigmoid * (p.alphaHigh - p.alphaLow);
  const capped = a < p.alphaHigh ? a : p.alphaHigh;
  return capped > p.alphaLow ? capped : p.alphaLow;
}

/**
 * Yuma3 bonds: B masked on recently registered columns; with liquid alpha on and some c_j != 0,
 * ema_ij = min((1 - a_ij) * B_ij + max(a_ij * wb_ij, 0), 1) with a_ij = liquidAlpha(c_j, wb_ij, B_ij);
 * otherwise ema = alpha * wb + (1 - alpha) * B. Dividends before normalization:
 * d_i = as_i * sum_j (ema_ij / sum_i ema_ij) * inc_j. ema is stored as is (no upscale).
 */
export function yuma3BondsAndDividends(
  wn: Float64Array,
  bonds: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  activeStake: Float64Array,
  incentive: Float64Array,
  recentlyRegistered: Uint8Array,
  p: ResolvedYumaParams,
  emaSum: Float64Array,
  ema: Float64Array,
  dividends: Float64Array,
): void {
  const penalty = p.bondsPenalty;
  let liquid = false;
  if (p.liquidAlpha) {
    for (let j = 0; j < n; j++) {
      if (consensus[j] !== 0) {
        liquid = true;
        break;
      }
    }
  }
  emaSum.fill(0, 0, n);
  if (liquid) {
    for (let r = 0; r < rows; r++) {
      const base = r * n;
      for (let j = 0; j < n; j++) {
        const c = consensus[j];
        const w = weightForBond(wn[base + j], c, penalty);
        const b = recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
        let e = 0;
        if (w !== 0 || b !== 0) {
          const a = liquidAlpha(c, w, b, p);
          const decayed = (1 - a) * b;
          let inc = a * w;
          if (inc < 0) inc = 0;
          e = decayed + inc;
          if (e > 1) e = 1;
        }
        ema[base + j] = e;
        emaSum[j] += e;
      }
    }
  } else {
    const alpha = p.emaAlpha;
    const oneMinusAlpha = 1 - alpha;
    for (let r = 0; r < rows; r++) {
      const base = r * n;
      for (let j = 0; j < n; j++) {
        const w = weightForBond(wn[base + j], consensus[j], penalty);
        const b = recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
        const e = alpha * w + oneMinusAlpha * b;
        ema[base + j] = e;
        emaSum[j] += e;
      }
    }
  }
  dividends.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let total = 0;
    for (let j = 0; j < n; j++) {
      let e = ema[base + j];
      const es = emaSum[j];
      if (es !== 0) e = e / es;
      total += e * incentive[j];
    }
    const u = rowUid[r];
    dividends[u] = total * activeStake[u];
  }
}
