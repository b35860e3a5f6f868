/**
 * One Yuma Consensus epoch of one subnet, following `epoch_dense_mechanism` in
 * pallets/subtensor/src/epoch/run_epoch.rs (subtensor 14bc6f9f) step by step, in float64 over a
 * compact row layout: only the listed rows (validators with weights or bonds) are stored, so the
 * matrix work is rows x n rather than n x n. Allocates nothing: scratch lives in the workspace,
 * results go to the caller's result object. The per-uid inputs are copied into the workspace's
 * memory, and the epoch's steps run there in WebAssembly (passes.ts: the per-uid prologue, the
 * row-major passes over rows x n, the medians, the classic bonds and the emission split), with the
 * arithmetic of their TypeScript statements (stake.ts, median.ts, emission.ts; the Yuma3 bonds'
 * bookkeeping is still TypeScript here, in bonds.ts); the per-uid results are copied out.
 */
import { classicBondsAndDividends, copyPrefix, yuma3BondsAndDividends } from './bonds.ts';
import { weightsAndConsensus } from './consensus.ts';
import { resolveYumaParams, type ResolvedYumaParams, type YumaParams } from './params.ts';
import { S_ACTIVITY_CUTOFF, S_BLOCK, S_EMISSION, S_LAST_TEMPO, S_MAX_VALIDATORS, S_STAKE_THRESHOLD } from './passes.ts';
import { lastTempoOf, topKNonzeroPermits } from './stake.ts';
import {
  BONDS_CLEARED,
  BONDS_SET,
  BONDS_UNCHANGED,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaWorkspace,
} from './workspace.ts';

/**
 * Runs one epoch; returns `out`. Params may be given resolved (hoist `resolveYumaParams` out of
 * loops). With `storeBondsU16` the rows of `out.bonds` the epoch sets are the chain's stored u16
 * values (floor(b * 65535) / 65535, as `quantizeBondU16`) instead of the proportions before it.
 * With `input.bondsU16` the bonds are read from it and stored into `out.bondsU16` as the chain's
 * u16 (whatever `storeBondsU16` says); `input.bonds` and `out.bonds` are then left alone.
 */
export function runYumaEpoch(
  input: YumaEpochInput,
  params: YumaParams | ResolvedYumaParams,
  ws: YumaWorkspace,
  out: YumaEpochResult,
  storeBondsU16 = false,
): YumaEpochResult {
  const p = 'kappaU16' in params ? resolveYumaParams(params) : params;
  const { n, rows, rowUid, validatorPermit: oldPermit } = input;
  if (n !== ws.n || rows > ws.maxRows) throw new RangeError('YUMA_WORKSPACE_SIZE');
  // The per-uid inputs the passes read, copied into the workspace's memory; then the first
  // steps (rowOf, activity and recent-registration masks, stake, the permits' hint, active stake)
  // in passes.wasm `epochPrologue`, with the operations of stake.ts in the same order.
  copyPrefix(ws.rowUid, rowUid, rows);
  copyPrefix(ws.colLastUpdate, input.lastUpdate, n);
  copyPrefix(ws.colRegisteredAt, input.blockAtRegistration, n);
  copyPrefix(ws.colStakeRao, input.stakeRao, n);
  copyPrefix(ws.colPermit, oldPermit, n);
  copyPrefix(ws.colNewPermit, out.validatorPermit, n); // the hint: the last epoch's permits
  const scalars = ws.scalars;
  scalars[S_ACTIVITY_CUTOFF] = p.activityCutoff;
  scalars[S_BLOCK] = input.block;
  scalars[S_LAST_TEMPO] = lastTempoOf(input.block, input.tempo, input.lastEpochBlock);
  scalars[S_STAKE_THRESHOLD] = p.stakeThresholdRao;
  scalars[S_MAX_VALIDATORS] = p.maxAllowedValidators;
  const status = ws.passes.epochPrologue(n, rows, ws.rowUid.byteOffset, ws.rowOf.byteOffset, scalars.byteOffset,
    ws.colLastUpdate.byteOffset, ws.colRegisteredAt.byteOffset, ws.colStakeRao.byteOffset, ws.colPermit.byteOffset,
    ws.colActive.byteOffset, ws.recentlyRegistered.byteOffset, ws.colStake.byteOffset, ws.permitKeys.byteOffset,
    ws.colNewPermit.byteOffset, ws.activeStake.byteOffset);
  if (status === 1) throw new RangeError('YUMA_ROWS_NOT_ASCENDING');
  if (status === 2) topKNonzeroPermits(ws.colStake, p.maxAllowedValidators, n, ws.permitKeys, ws.colNewPermit);
  copyPrefix(out.active, ws.colActive, n);
  copyPrefix(out.stake, ws.colStake, n);
  copyPrefix(out.validatorPermit, ws.colNewPermit, n);

  const bondsU16 = input.bondsU16;
  const storedU16 = bondsU16 === undefined ? undefined : out.bondsU16;
  if (bondsU16 !== undefined && (storedU16 === undefined || bondsU16.length < rows * n || storedU16.length < rows * n)) {
    throw new RangeError('YUMA_BONDS_U16: input.bondsU16 needs out.bondsU16, both of length >= rows * n');
  }

  if (input.weightsU16 !== undefined && input.weightsU16.length < rows * n) {
    throw new RangeError('YUMA_WEIGHTS_U16: input.weightsU16 needs length >= rows * n');
  }
  weightsAndConsensus(ws, input.weights, input.weightsU16, rows, n, p.kappa, out.consensus);
  // Bonds before the stored rows are written: out.bonds may alias input.bonds. Trust, incentive
  // and dividends go to the workspace (ws.colTrust, ws.colIncentive, ws.colDividends).
  if (p.yuma3) {
    ws.colTrust.fill(0, 0, n);
    yuma3BondsAndDividends(ws, input.bonds, rowUid, rows, n, out.consensus, ws.activeStake, ws.recentlyRegistered,
      ws.colNewPermit, p, ws.colTrust, ws.colIncentive, ws.colDividends, out.bonds, storeBondsU16, bondsU16, storedU16);
  } else {
    classicBondsAndDividends(ws, input.bonds, rows, n, p, out.bonds, storeBondsU16, bondsU16, storedU16);
  }
  // The dividends normalized, the emission shares and the rao paid (emission.ts's steps, in
  // passes.wasm `emissionSplit`); then the per-uid results copied out.
  scalars[S_EMISSION] = input.emissionRao;
  ws.passes.emissionSplit(n, ws.colIncentive.byteOffset, ws.colDividends.byteOffset, ws.colStake.byteOffset, ws.activeStake.byteOffset,
    scalars.byteOffset, ws.colServerShare.byteOffset, ws.colValidatorShare.byteOffset, ws.colServerRao.byteOffset,
    ws.colValidatorRao.byteOffset);
  copyPrefix(out.validatorTrust, ws.colTrust, n);
  copyPrefix(out.incentive, ws.colIncentive, n);
  copyPrefix(out.dividends, ws.colDividends, n);
  copyPrefix(out.serverShare, ws.colServerShare, n);
  copyPrefix(out.validatorShare, ws.colValidatorShare, n);
  copyPrefix(out.serverEmissionRao, ws.colServerRao, n);
  copyPrefix(out.validatorEmissionRao, ws.colValidatorRao, n);

  if (bondsU16 === undefined) storeBondRowActions(input, input.bonds, out.validatorPermit, out, out.bonds);
  else storeBondRowActions(input, bondsU16, out.validatorPermit, out, storedU16 as Uint16Array);
  return out;
}

/**
 * Bonds as the chain stores them: a row whose uid holds a new permit has its EMA row (written by
 * the bonds pass); a row that held a permit and lost it is cleared; any other row is left as it was.
 */
function storeBondRowActions<T extends Float64Array | Uint16Array>(input: YumaEpochInput, bonds: T, newPermit: Uint8Array, out: YumaEpochResult, dst: T): void {
  const { n, rows, rowUid, validatorPermit: oldPermit } = input;
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    const base = r * n;
    if (newPermit[u] === 1) {
      out.bondsRowAction[r] = BONDS_SET;
    } else if (oldPermit[u] === 1) {
      dst.fill(0, base, base + n);
      out.bondsRowAction[r] = BONDS_CLEARED;
    } else {
      if (dst !== bonds) for (let j = 0; j < n; j++) dst[base + j] = bonds[base + j];
      out.bondsRowAction[r] = BONDS_UNCHANGED;
    }
  }
}
