/**
 * Weights and consensus over compact rows (subtensor 14bc6f9f,
 * `epoch_dense_mechanism` with math.rs helpers). Short names: k rows, n columns (uids),
 * W the rows x n weights, wn the masked row-normalized weights, c the consensus, as the active stake.
 */
import { copyPrefix } from './bonds.ts';
import { S_DELTA, S_GUESSED, S_KAPPA, S_MISS_SUM, S_MISSED } from './passes.ts';
import type { YumaWorkspace } from './workspace.ts';
import { NEAR_DELTA } from './median.ts';

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
 * The weights are copied into the workspace (given as the chain's u16, copied as u16 and widened
 * there), with the per-uid inputs the passes read. Everything else runs in passes.wasm, in two
 * calls: `weightsAndCertify` (the participants and their stake, each row's masked sum in column
 * order, eight rows at a time, the masked rows divided with their certification sums added four
 * rows and two columns at a time, then the certified flags) and `uncertifiedMedians` (the
 * searches, and the misses that set the next width), with the same arithmetic, in the same
 * order, as this file's TypeScript of them had (`weightedMedian` is the algorithm of
 * `weightedMedianOfColumn`, `nearGuessMedian` that of `medianNearGuess`).
 */
export function weightsAndConsensus(
  ws: YumaWorkspace,
  weights: Float64Array,
  weightsU16: Uint16Array | undefined,
  rows: number,
  n: number,
  kappa: number,
  consensus: Float64Array,
): void {
  const { nearGuess, passes } = ws;
  const wn = ws.weightsNorm;
  const guess = ws.colConsensus;
  if (weightsU16 === undefined) copyPrefix(wn, weights, rows * n);
  else {
    // The chain's u16 weights: 2 bytes a weight to copy from the caller's (cache-cold) rows, then
    // widened exactly in the workspace.
    const len = rows * n;
    const staged = ws.weightsInU16;
    if (weightsU16.length === len) staged.set(weightsU16);
    else for (let i = 0; i < len; i++) staged[i] = weightsU16[i];
    passes.widenWeightsU16(staged.byteOffset, wn.byteOffset, len);
  }
  // The guess: the consensus given (the rows' uids and the per-uid inputs are in the workspace
  // already: runYumaEpoch copied them for its prologue).
  copyPrefix(guess, consensus, n);
  const scalars = ws.scalars;
  scalars[S_KAPPA] = kappa;
  const m = passes.weightsAndCertify(n, rows, ws.activeStake.byteOffset, ws.rowOf.byteOffset, ws.rowUid.byteOffset,
    ws.colLastUpdate.byteOffset, ws.colPermit.byteOffset, ws.colRegisteredAt.byteOffset, wn.byteOffset, scalars.byteOffset,
    ws.medianRow.byteOffset, ws.medianStake.byteOffset, ws.rowLastUpdate.byteOffset, ws.rowSum.byteOffset, ws.rowKind.byteOffset,
    ws.rowCertify.byteOffset, ws.rowDivisor.byteOffset, ws.rowParticipantStake.byteOffset, guess.byteOffset, ws.medianBelow.byteOffset,
    ws.medianUpto.byteOffset, ws.medianCertified.byteOffset);
  if (m > 0) {
    scalars[S_DELTA] = nearGuess[NEAR_DELTA];
    // The medians are written over the guess: certified columns keep it, the others get theirs.
    passes.uncertifiedMedians(n, ws.medianCertified.byteOffset, wn.byteOffset, ws.medianRow.byteOffset, scalars[S_GUESSED] === 1 ? 1 : 0,
      guess.byteOffset, ws.medianBelow.byteOffset, ws.medianUpto.byteOffset, scalars.byteOffset, ws.medianStake.byteOffset,
      ws.medianScore.byteOffset, m, ws.medianA.byteOffset, ws.medianB.byteOffset, ws.medianC.byteOffset, ws.medianD.byteOffset,
      guess.byteOffset);
    // The next epoch's half-width: a few times the mean distance from a wrong guess to its column's
    // median (a speed hint only: any width gives the same consensus).
    const missSum = scalars[S_MISS_SUM];
    const missed = scalars[S_MISSED];
    if (missed > 0 && missSum > 0) nearGuess[NEAR_DELTA] = (NEAR_GUESS_WIDTH_FACTOR * missSum) / missed;
  }
  if (consensus.length === n) consensus.set(guess);
  else for (let j = 0; j < n; j++) consensus[j] = guess[j];
}

