/**
 * Weights and consensus over compact rows (subtensor 14bc6f9f,
 * `epoch_dense_mechanism` with math.rs helpers). Short names: k rows, n columns (uids),
 * W the rows x n weights, wn the masked row-normalized weights, c the consensus, as the active stake.
 */
import { certifyConsensusGuess, weightedMedianOfColumn } from './median.ts';

/**
 * wn[r] = W[r] with the row zeroed when uid u = rowUid[r] holds no (previous) permit, the diagonal
 * wn[r][u] zeroed, and w[r][j] zeroed where lastUpdate_u <= registeredAt_j (weights set before j
 * registered); then each row divided by its sum when the sum is positive.
 * Chain: inplace_mask_rows, inplace_mask_diag, inplace_mask_matrix(outdated), inplace_row_normalize.
 */
export function maskedNormalizedWeights(
  weights: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  permit: Uint8Array,
  lastUpdate: Float64Array,
  blockAtRegistration: Float64Array,
  wn: Float64Array,
): Float64Array {
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    const base = r * n;
    if (permit[u] !== 1) {
      wn.fill(0, base, base + n);
      continue;
    }
    const lu = lastUpdate[u];
    // The diagonal splits the row in two; the outdated mask is a product by a 0/1 flag (weights are
    // finite), so the row sum sees the same terms in the same order as masking by a branch.
    let sum = maskedRowPart(weights, base, 0, u, lu, blockAtRegistration, wn, 0);
    wn[base + u] = 0;
    sum = maskedRowPart(weights, base, u + 1, n, lu, blockAtRegistration, wn, sum);
    if (sum > 0) for (let j = 0; j < n; j++) wn[base + j] = wn[base + j] / sum;
  }
  return wn;
}

/** wn[base + j] = W[base + j] where lu > registeredAt_j, else 0, for j in [from, to); returns sum + their sum in order. */
function maskedRowPart(
  weights: Float64Array,
  base: number,
  from: number,
  to: number,
  lu: number,
  blockAtRegistration: Float64Array,
  wn: Float64Array,
  sum: number,
): number {
  let j = from;
  for (; j + 1 < to; j += 2) {
    const w0 = weights[base + j] * +(lu > blockAtRegistration[j]);
    const w1 = weights[base + j + 1] * +(lu > blockAtRegistration[j + 1]);
    wn[base + j] = w0;
    wn[base + j + 1] = w1;
    sum += w0;
    sum += w1;
  }
  if (j < to) {
    const w = weights[base + j] * +(lu > blockAtRegistration[j]);
    wn[base + j] = w;
    sum += w;
  }
  return sum;
}

/**
 * c_j = stake-weighted median of column j over uids with active stake > 0 (their stake
 * re-normalized), minority = sum - kappa, by the chain's partition search (`weighted_median_col`).
 * Uids with active stake but no compact row take part with score 0, as their zero weight rows do on chain.
 * `consensus` comes in holding a guess (whatever it held: the previous epoch's consensus when the
 * result object is reused for the same subnet); columns where `certifyConsensusGuess` proves the
 * guess is what the partition search returns keep it, the others run the search. Either way
 * the output is the partition search's, bit for bit. A guess of all NaN skips the certification
 * sweep. below, upto, certified: scratch of length n.
 */
export function consensusColumns(
  wn: Float64Array,
  rowOf: Int32Array,
  n: number,
  activeStake: Float64Array,
  kappa: number,
  medianRow: Int32Array,
  medianStake: Float64Array,
  medianScore: Float64Array,
  medianA: Int32Array,
  medianB: Int32Array,
  medianC: Int32Array,
  below: Float64Array,
  upto: Float64Array,
  certified: Uint8Array,
  consensus: Float64Array,
): Float64Array {
  let m = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = activeStake[i];
    if (s > 0) {
      const r = rowOf[i];
      medianRow[m] = r < 0 ? -1 : r * n;
      medianStake[m] = s;
      sum += s;
      m++;
    }
  }
  if (m === 0) {
    consensus.fill(0, 0, n);
    return consensus;
  }
  if (sum !== 0) for (let q = 0; q < m; q++) medianStake[q] = medianStake[q] / sum;
  let stakeSum = 0;
  for (let q = 0; q < m; q++) stakeSum += medianStake[q];
  const minority = stakeSum - kappa;
  // A guess of all NaN (a caller saying it has none) skips the sweep.
  let guessed = false;
  for (let j = 0; j < n; j++) {
    if (consensus[j] === consensus[j]) {
      guessed = true;
      break;
    }
  }
  if (guessed) certifyConsensusGuess(wn, n, medianRow, medianStake, m, minority, consensus, below, upto, certified);
  else certified.fill(0, 0, n);
  for (let j = 0; j < n; j++) {
    if (certified[j] === 1) continue;
    for (let q = 0; q < m; q++) {
      const off = medianRow[q];
      medianScore[q] = off < 0 ? 0 : wn[off + j];
    }
    consensus[j] = weightedMedianOfColumn(medianStake, medianScore, m, minority, stakeSum, medianA, medianB, medianC);
  }
  return consensus;
}
