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
 * The weights are copied into the workspace; `maskedRowSums` sums four rows at a time with the
 * outdated mask as a test, and passes.wasm (`divideRow`) masks and divides each row and adds its
 * certification sums two columns at a time; the partition search runs there too
 * (`weightedMedian`, the same algorithm as `weightedMedianOfColumn`).
 */
export function weightsAndConsensus(
  ws: YumaWorkspace,
  weights: Float64Array,
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
  const w = ws.weightsIn;
  copyPrefix(w, weights, rows * n);
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
  // Weights set after the latest registration need no outdated mask (a product by 1 is exact).
  let latestRegistration = -Infinity;
  for (let j = 0; j < n; j++) if (blockAtRegistration[j] > latestRegistration) latestRegistration = blockAtRegistration[j];
  const registeredAt = ws.colRegisteredAt;
  copyPrefix(registeredAt, blockAtRegistration, n);
  maskedRowSums(w, rowUid, rows, n, lastUpdate, registeredAt, latestRegistration, ws.rowSum);
  // Per row, what the weights pass (passes.wasm `divideRows`, one call) needs.
  const { rowKind, rowCertify, rowDivisor, rowLastUpdate, rowParticipantStake } = ws;
  let q = 0; // next participant
  let rowless = 0;
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    const base = r * n;
    // Participants before this row's uid have no row: they score 0 everywhere.
    while (q < m && medianRow[q] < 0) rowless += medianStake[q++];
    const participant = q < m && medianRow[q] === base;
    ws.rowUid[r] = u;
    rowParticipantStake[r] = participant ? medianStake[q++] : 0;
    rowCertify[r] = participant && guessed ? 1 : 0;
    rowKind[r] = permit[u] === 1 ? 1 : 0;
    const rowSum = ws.rowSum[r];
    rowDivisor[r] = rowSum > 0 ? rowSum : 1; // x / 1 = x: a row summing to 0 is left as masked
    rowLastUpdate[r] = lastUpdate[u];
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

/**
 * Per compact row r, the sum of its masked weights: without the diagonal (column rowUid[r]) and
 * without the columns registered at or after the row's last update (the outdated mask), added
 * in column order as the chain's row sum takes them (a masked term adds 0, which leaves a sum of
 * non-negative terms unchanged, as the chain's product by 0 does). Four rows at a time: four
 * independent chains of additions, so the sum is not held to one addition's latency per element.
 * Rows whose last update follows every registration skip the mask's test.
 */
function maskedRowSums(
  weights: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  lastUpdate: Float64Array,
  registeredAt: Float64Array,
  latestRegistration: number,
  out: Float64Array,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * n;
    const b = a + n;
    const c = b + n;
    const d = c + n;
    const ua = rowUid[r];
    const ub = rowUid[r + 1];
    const uc = rowUid[r + 2];
    const ud = rowUid[r + 3];
    const la = lastUpdate[ua];
    const lb = lastUpdate[ub];
    const lc = lastUpdate[uc];
    const ld = lastUpdate[ud];
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    if (la > latestRegistration && lb > latestRegistration && lc > latestRegistration && ld > latestRegistration) {
      for (let j = 0; j < n; j++) {
        sa += j === ua ? 0 : weights[a + j];
        sb += j === ub ? 0 : weights[b + j];
        sc += j === uc ? 0 : weights[c + j];
        sd += j === ud ? 0 : weights[d + j];
      }
    } else {
      for (let j = 0; j < n; j++) {
        const g = registeredAt[j];
        sa += j !== ua && la > g ? weights[a + j] : 0;
        sb += j !== ub && lb > g ? weights[b + j] : 0;
        sc += j !== uc && lc > g ? weights[c + j] : 0;
        sd += j !== ud && ld > g ? weights[d + j] : 0;
      }
    }
    out[r] = sa;
    out[r + 1] = sb;
    out[r + 2] = sc;
    out[r + 3] = sd;
  }
  for (; r < rows; r++) {
    const a = r * n;
    const u = rowUid[r];
    const lu = lastUpdate[u];
    let sum = 0;
    for (let j = 0; j < n; j++) sum += j !== u && lu > registeredAt[j] ? weights[a + j] : 0;
    out[r] = sum;
  }
}
