/**
 * Bonds and dividends over compact rows (subtensor 14bc6f9f, the bonds branch of
 * `epoch_dense_mechanism`, `compute_bonds`, `alpha_sigmoid`, math.rs `mat_ema*`).
 * Short names: wn masked row-normalized weights, c consensus, as active stake, inc incentive,
 * B previous bonds (proportions), wb weights for bonds = wn + p * (min(wn, c) - wn) with
 * p the bonds penalty (exactly wn when p = 0 and min(wn, c) when p = 1, as `interpolate`).
 */
import type { ResolvedYumaParams } from './params.ts';

/**
 * Classic bonds: B masked on recently registered columns and column-normalized; delta = wb * as
 * (row scale) column-normalized; ema = alpha * delta + (1 - alpha) * B, column-normalized;
 * d_i = sum_j ema_ij * inc_j (normalized by the caller); ema finally column max-upscaled for storage.
 * The first pass also clips weights at consensus for validator trust t_u = sum_j min(wn_uj, c_j)
 * and incentive = normalized ranks r_j = sum_i min(wn_ij, c_j) * as_i (inplace_col_clip, row_sum,
 * matmul), fused here to save passes over rows x n. Three passes, the chain's order of operations.
 * Writes trust, incentive, the unnormalized dividends d, and the stored (max-upscaled) rows of
 * uids with a new permit into `stored`. colA, colB, colC are scratch of length n.
 */
export function classicBondsAndDividends(
  wn: Float64Array,
  bonds: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  activeStake: Float64Array,
  recentlyRegistered: Uint8Array,
  newPermit: Uint8Array,
  p: ResolvedYumaParams,
  colA: Float64Array,
  colB: Float64Array,
  colC: Float64Array,
  ema: Float64Array,
  validatorTrust: Float64Array,
  incentive: Float64Array,
  dividends: Float64Array,
  stored: Float64Array,
): void {
  const penalty = p.bondsPenalty;
  const alpha = p.emaAlpha;
  const oneMinusAlpha = 1 - alpha;
  const bondSum = colA;
  const deltaSum = colB;
  bondSum.fill(0, 0, n);
  deltaSum.fill(0, 0, n);
  const ranks = incentive;
  ranks.fill(0, 0, n);
  // Pass 1: clipped weights give trust and ranks; delta = wb * as goes into ema; column sums of
  // delta and of the masked bonds.
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const u = rowUid[r];
    const s = activeStake[u];
    let trust = 0;
    for (let j = 0; j < n; j++) {
      const w = wn[base + j];
      const c = consensus[j];
      const clipped = c < w ? c : w;
      trust += clipped;
      ranks[j] += s * clipped;
      const wb = penalty === 1 ? clipped : penalty === 0 ? w : w + penalty * (clipped - w);
      const d = wb * s;
      ema[base + j] = d;
      deltaSum[j] += d;
      bondSum[j] += recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
    }
    validatorTrust[u] = trust;
  }
  normalizeRanks(ranks, n);
  // Pass 2: ema = alpha * (delta / sum delta) + (1 - alpha) * (B / sum B), in the chain's order
  // of operations; its column sums and maxima.
  const emaSum = colC;
  emaSum.fill(0, 0, n);
  const emaMax = dividends; // per-column scratch until the dividends are written
  emaMax.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) {
      const ds = deltaSum[j];
      const bs = bondSum[j];
      let d = ema[base + j];
      if (ds !== 0) d = d / ds;
      let b = recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
      if (bs !== 0) b = b / bs;
      const e = alpha * d + oneMinusAlpha * b;
      ema[base + j] = e;
      emaSum[j] += e;
      if (emaMax[j] < e) emaMax[j] = e;
    }
  }
  // The column max of the normalized ema is the raw max over the same sum (division is monotone).
  const normMax = colA;
  for (let j = 0; j < n; j++) {
    const es = emaSum[j];
    normMax[j] = es !== 0 ? emaMax[j] / es : emaMax[j];
  }
  dividends.fill(0, 0, n);
  // Pass 3: normalize, dividends d_i = sum_j e_ij * inc_j, and for rows whose uid holds a new
  // permit the max-upscaled row goes straight to the stored bonds.
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const u = rowUid[r];
    let d = 0;
    if (newPermit[u] === 1) {
      for (let j = 0; j < n; j++) {
        let e = ema[base + j];
        const es = emaSum[j];
        if (es !== 0) e = e / es;
        d += e * incentive[j];
        const mx = normMax[j];
        stored[base + j] = mx !== 0 ? e / mx : e;
      }
    } else {
      for (let j = 0; j < n; j++) {
        let e = ema[base + j];
        const es = emaSum[j];
        if (es !== 0) e = e / es;
        d += e * incentive[j];
      }
    }
    dividends[u] = d;
  }
}

/** ranks normalized in place to sum 1 (left at 0 when all are 0): the incentive. */
function normalizeRanks(ranks: Float64Array, n: number): void {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += ranks[j];
  if (sum !== 0) for (let j = 0; j < n; j++) ranks[j] = ranks[j] / sum;
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
 * d_i = as_i * sum_j (ema_ij / sum_i ema_ij) * inc_j. ema is stored as is (no upscale) into `stored`
 * for rows whose uid holds a new permit. The first pass also yields validator trust and incentive
 * (clipped weights, as in `classicBondsAndDividends`).
 */
export function yuma3BondsAndDividends(
  wn: Float64Array,
  bonds: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  activeStake: Float64Array,
  recentlyRegistered: Uint8Array,
  newPermit: Uint8Array,
  p: ResolvedYumaParams,
  emaSum: Float64Array,
  ema: Float64Array,
  validatorTrust: Float64Array,
  incentive: Float64Array,
  dividends: Float64Array,
  stored: Float64Array,
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
  const ranks = incentive;
  ranks.fill(0, 0, n);
  if (liquid) {
    for (let r = 0; r < rows; r++) {
      const base = r * n;
      const u = rowUid[r];
      const s = activeStake[u];
      let trust = 0;
      for (let j = 0; j < n; j++) {
        const c = consensus[j];
        const wj = wn[base + j];
        const clipped = c < wj ? c : wj;
        trust += clipped;
        ranks[j] += s * clipped;
        const w = penalty === 1 ? clipped : penalty === 0 ? wj : wj + penalty * (clipped - wj);
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
      validatorTrust[u] = trust;
    }
  } else {
    const alpha = p.emaAlpha;
    const oneMinusAlpha = 1 - alpha;
    for (let r = 0; r < rows; r++) {
      const base = r * n;
      const u = rowUid[r];
      const s = activeStake[u];
      let trust = 0;
      for (let j = 0; j < n; j++) {
        const c = consensus[j];
        const wj = wn[base + j];
        const clipped = c < wj ? c : wj;
        trust += clipped;
        ranks[j] += s * clipped;
        const w = penalty === 1 ? clipped : penalty === 0 ? wj : wj + penalty * (clipped - wj);
        const b = recentlyRegistered[j] === 0 ? bonds[base + j] : 0;
        const e = alpha * w + oneMinusAlpha * b;
        ema[base + j] = e;
        emaSum[j] += e;
      }
      validatorTrust[u] = trust;
    }
  }
  normalizeRanks(ranks, n);
  const incFactor = emaSum;
  for (let j = 0; j < n; j++) {
    const es = emaSum[j];
    incFactor[j] = es !== 0 ? incentive[j] / es : incentive[j];
  }
  dividends.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let total = 0;
    if (newPermit[rowUid[r]] === 1) {
      for (let j = 0; j < n; j++) {
        const e = ema[base + j];
        total += e * incFactor[j];
        stored[base + j] = e;
      }
    } else {
      for (let j = 0; j < n; j++) total += ema[base + j] * incFactor[j];
    }
    const u = rowUid[r];
    dividends[u] = total * activeStake[u];
  }
}
