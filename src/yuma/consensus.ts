/**
 * Weights and consensus over compact rows (subtensor 14bc6f9f,
 * `epoch_dense_mechanism` with math.rs helpers). Short names: k rows, n columns (uids),
 * W the rows x n weights, wn the masked row-normalized weights, c the consensus, as the active stake.
 */
import { copyPrefix } from './bonds.ts';
import { S_DELTA, S_EPS, S_MINORITY, S_STAKE_SUM } from './passes.ts';
import type { YumaWorkspace } from './workspace.ts';
import { medianSumErrorBound, NEAR_DELTA } from './median.ts';

/** The next epoch's search half-width around a wrong guess: this many times the mean miss. */
const NEAR_GUESS_WIDTH_FACTOR = 1.5;

/**
 * Masked, row-normalized weights and the consensus, with the certification of the guessed
 * consensus (see `consensusColumns`) done while the weights are written.
 *
 * wn[r] = W[r] with the row zeroed when uid u = rowUid[r] holds no (previous) permit, the diagonal
 * wn[r][u] zeroed, and w[r][j] zeroed where lastUpdate_u <= registeredAt_j (weights set before j
 * registered); then each row divided by its sum when the sum is positive.
 * Chain: inplace_mask_rows, inplace_mask_diag, inplace_mask_matrix(outdated), inplace_row_normalize.
 *
 * c_j = stake-weighted median of column j over uids with active stake > 0 (their stake
 * re-normalized), minority = sum - kappa, by the chain's partition search (`weighted_median_col`).
 * Uids with active stake but no compact row take part with score 0, as their zero weight rows do on chain.
 * `consensus` comes in holding a guess (whatever it held: the previous epoch's consensus when the
 * result object is reused for the same subnet); columns where the guess is proven to be what the
 * partition search returns keep it, the others run the search. Either way the output is the
 * partition search's, bit for bit. A guess of all NaN skips the certification.
 *
 * The certification (one row-major sweep) sums, for guess g_j, below_j = stake of participants
 * scoring < g_j and upto_j = stake scoring <= g_j. Where below_j <= minority - eps and
 * minority + eps < upto_j (eps = `medianSumErrorBound(m)`), g_j is a score of the column
 * (upto > below) and exact arithmetic puts the minority strictly inside its stake step, so every
 * comparison of the chain's partition search, each off by less than eps, falls on the exact side
 * and the search returns exactly g_j. The sweep is fused into the pass writing each participant's
 * normalized row (participants in uid order, as rows are), so wn is not read back for it.
 * A column whose guess fails tries the search near the guess first (`medianNearGuess`) (the scores between the guess and the
 * guess +- delta on the median's side, which the sums tell, under the same certificate) before
 * the partition search. delta (`nearGuess[NEAR_DELTA]`, carried between calls) is a few times the mean
 * miss of the previous call's wrong guesses.
 * The weights are copied into the workspace (given as the chain's u16, copied as u16 and widened there); passes.wasm sums each row's masked weights in column
 * order (`maskedRowSums`, four rows at a time), masks and divides each row (`divideRow`) and adds its
 * certification sums two columns at a time; the partition search runs there too
 * (`weightedMedian`, the same algorithm as `weightedMedianOfColumn`).
 */
export function weightsAndConsensus(
  ws: YumaWorkspace,
  weights: Float64Array,
  weightsU16: Uint16Array | undefined,
  rowUid: Int32Array,
  rows: number,
  n: number,
  permit: Uint8Array,
  lastUpdate: Float64Array,
  blockAtRegistration: Float64Array,
  kappa: number,
  consensus: Float64Array,
): void {
  const { rowOf, activeStake, medianRow, medianStake, medianScore, medianA, medianB, medianC, nearGuess, passes } = ws;
  const below = ws.medianBelow;
  const upto = ws.medianUpto;
  const certified = ws.medianCertified;
  const wn = ws.weightsNorm;
  const guess = ws.colConsensus;
  const w = wn; // normalized in place (divideRows reads each element before it writes it)
  if (weightsU16 === undefined) copyPrefix(w, weights, rows * n);
  else {
    // The chain's u16 weights: 2 bytes a weight to copy from the caller's (cache-cold) rows, then
    // widened exactly in the workspace.
    const len = rows * n;
    const staged = ws.weightsInU16;
    if (weightsU16.length === len) staged.set(weightsU16);
    else for (let i = 0; i < len; i++) staged[i] = weightsU16[i];
    passes.widenWeightsU16(staged.byteOffset, w.byteOffset, len);
  }
  // Participants: uids with active stake, in uid order, their stake normalized.
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
  if (sum !== 0) for (let q = 0; q < m; q++) medianStake[q] = medianStake[q] / sum;
  let stakeSum = 0;
  for (let q = 0; q < m; q++) stakeSum += medianStake[q];
  const minority = stakeSum - kappa;
  // A guess of all NaN (a caller saying it has none) skips the certification.
  let guessed = false;
  if (m > 0) {
    for (let j = 0; j < n; j++) {
      if (consensus[j] === consensus[j]) {
        guessed = true;
        break;
      }
    }
  }
  if (guessed) copyPrefix(guess, consensus, n);
  below.fill(0, 0, n);
  upto.fill(0, 0, n);
  const registeredAt = ws.colRegisteredAt;
  copyPrefix(registeredAt, blockAtRegistration, n);
  // Per row, what the row sums and the weights pass (passes.wasm `maskedRowSums`, `divideRows`) need.
  const { rowKind, rowCertify, rowDivisor, rowLastUpdate, rowParticipantStake } = ws;
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    ws.rowUid[r] = u;
    rowLastUpdate[r] = lastUpdate[u];
  }
  passes.maskedRowSums(w.byteOffset, rows, n, ws.rowUid.byteOffset, rowLastUpdate.byteOffset, registeredAt.byteOffset,
    ws.rowSum.byteOffset);
  let q = 0; // next participant
  let rowless = 0;
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    const base = r * n;
    // Participants before this row's uid have no row: they score 0 everywhere.
    while (q < m && medianRow[q] < 0) rowless += medianStake[q++];
    const participant = q < m && medianRow[q] === base;
    rowParticipantStake[r] = participant ? medianStake[q++] : 0;
    rowCertify[r] = participant && guessed ? 1 : 0;
    rowKind[r] = permit[u] === 1 ? 1 : 0;
    const rowSum = ws.rowSum[r];
    rowDivisor[r] = rowSum > 0 ? rowSum : 1; // x / 1 = x: a row summing to 0 is left as masked
  }
  passes.divideRows(w.byteOffset, wn.byteOffset, rows, n, ws.rowUid.byteOffset, rowKind.byteOffset, rowCertify.byteOffset,
    rowDivisor.byteOffset, rowParticipantStake.byteOffset, rowLastUpdate.byteOffset, guess.byteOffset, below.byteOffset,
    upto.byteOffset, registeredAt.byteOffset);
  while (q < m) rowless += medianStake[q++];
  if (m === 0) {
    consensus.fill(0, 0, n);
    return;
  }
  const eps = medianSumErrorBound(m);
  if (guessed) {
    const lowBound = minority - eps;
    const highBound = minority + eps;
    for (let j = 0; j < n; j++) {
      const g = consensus[j];
      const b = below[j] + (0 < g ? rowless : 0);
      const up = upto[j] + (0 <= g ? rowless : 0);
      below[j] = b;
      upto[j] = up;
      certified[j] = b <= lowBound && highBound < up ? 1 : 0;
    }
  } else certified.fill(0, 0, n);
  const delta = nearGuess[NEAR_DELTA];
  // The guess copy must hold NaN where no guess was given (it is only read where guessed).
  if (!guessed) guess.fill(NaN, 0, n);
  const medians = ws.colRanks; // free until the bonds pass
  const scalars = ws.scalars;
  scalars[S_MINORITY] = minority;
  scalars[S_EPS] = eps;
  scalars[S_DELTA] = delta;
  scalars[S_STAKE_SUM] = stakeSum;
  passes.uncertifiedMedians(n, certified.byteOffset, wn.byteOffset, medianRow.byteOffset, guessed ? 1 : 0, guess.byteOffset,
    below.byteOffset, upto.byteOffset, scalars.byteOffset, medianStake.byteOffset, medianScore.byteOffset, m,
    medianA.byteOffset, medianB.byteOffset, medianC.byteOffset, ws.medianD.byteOffset, medians.byteOffset);
  let missSum = 0;
  let missed = 0;
  for (let j = 0; j < n; j++) {
    if (certified[j] === 1) continue;
    const g = consensus[j];
    consensus[j] = medians[j];
    if (g === g) {
      missSum += Math.abs(medians[j] - g);
      missed++;
    }
  }
  // The next epoch's half-width: a few times the mean distance from a wrong guess to its column's
  // median (a speed hint only: any width gives the same consensus).
  if (missed > 0 && missSum > 0) nearGuess[NEAR_DELTA] = (NEAR_GUESS_WIDTH_FACTOR * missSum) / missed;
}
