/**
 * The epochs of one study grid point, as `init_run_epochs` runs them (consensus.rs, subtensor
 * 14bc6f9f): uids registered at block 0 with the sampled stake, a first epoch that only hands out
 * validator permits (top k = validator count by stake), weights set at block 1, then the study's
 * epoch(s) with 1e9 rao. Server self-weights are set on chain but masked (no permit, diagonal), so
 * only the validators' compact rows are listed.
 *
 * Memory is owned by a `StudyEpochContext`, created once per graph shape and reused.
 */
import {
  createYumaEpochResult, createYumaWorkspace, quantizeBondU16, resolveYumaParams, runYumaEpoch,
  type ResolvedYumaParams, type YumaEpochInput, type YumaEpochResult, type YumaParams, type YumaVariant, type YumaWorkspace,
} from '../yuma/index.ts';
import { averageWeightDeviation, U16_MAX, weightRowsU16, type StudyDraws } from './sampler.ts';

/** The emission of the study's epoch (`SubtensorModule::epoch(netuid, 1_000_000_000)`). */
export const STUDY_EMISSION_RAO = 1_000_000_000;
/** `add_network(netuid, u16::MAX - 1, 0)`: a tempo so long no epoch runs on its own. */
export const STUDY_TEMPO = U16_MAX - 1;

/** The hyperparameters the study varies, in user units. */
export interface StudyParams {
  readonly kappa: number;
  /** In [0, 1]: the chain's test sets (x * (65535 - 1)) as u16 in f32. */
  readonly bondsPenalty: number;
  readonly variant: YumaVariant;
  /** Epochs run with the weights set (1 = the chain's study); bonds carry over between them. */
  readonly epochs: number;
}

/** `(x * f32::from(u16::MAX - 1)) as u16` in f32, as map_consensus_guarantees reads its argument. */
export function bondsPenaltyU16(x: number): number {
  const v = Math.fround(Math.fround(x) * (U16_MAX - 1));
  return Math.min(U16_MAX, Math.max(0, Math.floor(v)));
}

/** Kappa as u16: floor(x * 65535), so 0.5 gives the mock's default 32767. */
export function kappaU16(x: number): number {
  return Math.min(U16_MAX, Math.max(0, Math.floor(x * U16_MAX)));
}

/** The chain's mock defaults (tests/mock.rs) with the study's kappa, penalty, variant and k. */
export function studyYumaParams(p: StudyParams, validators: number): YumaParams {
  return {
    kappaU16: kappaU16(p.kappa),
    bondsPenaltyU16: bondsPenaltyU16(p.bondsPenalty),
    bondsMovingAverage: 900_000,
    activityCutoff: 5000,
    maxAllowedValidators: validators,
    stakeThresholdRao: 0,
    variant: p.variant,
    alphaLowU16: 45875,
    alphaHighU16: 58982,
    alphaSigmoidSteepness: 1000,
  };
}

/** Buffers for one graph shape (n uids, V validator rows). */
export interface StudyEpochContext {
  readonly n: number;
  readonly validators: number;
  readonly params: ResolvedYumaParams;
  readonly epochs: number;
  readonly input: YumaEpochInput;
  readonly ws: YumaWorkspace;
  readonly out: YumaEpochResult;
  /** The permits after the first (permit-only) epoch of the current draws. */
  readonly firstPermit: Uint8Array;
  /** V x n weights before u16 (row-normalized), for avg_weight_dev. */
  readonly weightsFixed: Float64Array;
  readonly meanScratch: Float64Array;
  /** The draws the permits were computed for. */
  draws: StudyDraws | null;
}

export function createStudyEpochContext(n: number, validators: number, p: StudyParams): StudyEpochContext {
  const input: YumaEpochInput = {
    n,
    block: 1,
    tempo: STUDY_TEMPO,
    lastEpochBlock: 0,
    emissionRao: STUDY_EMISSION_RAO,
    stakeRao: new Float64Array(n),
    lastUpdate: new Float64Array(n).fill(1),
    blockAtRegistration: new Float64Array(n),
    validatorPermit: new Uint8Array(n),
    rows: validators,
    rowUid: Int32Array.from({ length: validators }, (_, i) => i),
    weights: new Float64Array(validators * n),
    bonds: new Float64Array(validators * n),
  };
  return {
    n,
    validators,
    params: resolveYumaParams(studyYumaParams(p, validators)),
    epochs: p.epochs,
    input,
    ws: createYumaWorkspace(n, validators),
    out: createYumaEpochResult(n, validators),
    firstPermit: new Uint8Array(n),
    weightsFixed: new Float64Array(validators * n),
    meanScratch: new Float64Array(n),
    draws: null,
  };
}

/**
 * The first epoch of `init_run_epochs`: stake set, no weights, no permits yet, at block 1 (uids
 * registered at 0, never updated). Only its new permits matter: they gate the study's epoch.
 */
function preparePermits(ctx: StudyEpochContext, draws: StudyDraws): void {
  const { input, out } = ctx;
  input.stakeRao.set(draws.stakeRao);
  input.validatorPermit.fill(0);
  input.lastUpdate.fill(0);
  input.rows = 0;
  input.block = 1;
  input.lastEpochBlock = 0;
  runYumaEpoch(input, ctx.params, ctx.ws, out);
  ctx.firstPermit.set(out.validatorPermit);
  input.rows = ctx.validators;
  input.lastUpdate.fill(1);
  ctx.draws = draws;
}

/** One grid point's outcome. */
export interface StudyPoint {
  /** Major emission (validators + servers, rao) over the total emission of the last epoch. */
  majorRatio: number;
  avgWeightDev: number;
}

/**
 * Runs the grid point (majorWeight, minorWeight) on `draws`: weights as set_weights stores them,
 * bonds from empty, `ctx.epochs` epochs (bonds quantized to u16 and permits carried between
 * them). Epoch k (0-based) runs at block 1 + k with the previous epoch at block k, so from the
 * second epoch on bonds are not masked as recently registered (the chain's own loop never moves
 * the block, which would mask every bond column again). Writes `point` and returns it.
 */
export function runStudyPoint(
  ctx: StudyEpochContext, draws: StudyDraws, majorWeight: number, minorWeight: number, point: StudyPoint,
): StudyPoint {
  if (draws.graph.n !== ctx.n || draws.graph.validators !== ctx.validators) throw new RangeError('STUDY_SHAPE_MISMATCH');
  if (ctx.draws !== draws) preparePermits(ctx, draws);
  const { input, out, n, validators: V } = ctx;
  weightRowsU16(draws, majorWeight, minorWeight, input.weights, ctx.weightsFixed);
  point.avgWeightDev = averageWeightDeviation(draws.stakeShare, ctx.weightsFixed, V, n, ctx.meanScratch);
  input.bonds.fill(0);
  input.validatorPermit.set(ctx.firstPermit);
  for (let k = 0; k < ctx.epochs; k++) {
    input.block = 1 + k;
    input.lastEpochBlock = k;
    runYumaEpoch(input, ctx.params, ctx.ws, out);
    if (k + 1 < ctx.epochs) {
      const b = input.bonds;
      const ob = out.bonds;
      for (let i = 0; i < b.length; i++) b[i] = quantizeBondU16(ob[i]);
      input.validatorPermit.set(out.validatorPermit);
    }
  }
  const { majorValidators: mv, majorServers: ms } = draws.graph;
  let major = 0;
  let total = 0;
  for (let u = 0; u < n; u++) {
    const e = out.serverEmissionRao[u] + out.validatorEmissionRao[u];
    total += e;
    if (u < mv || (u >= V && u < V + ms)) major += e;
  }
  point.majorRatio = total > 0 ? major / total : NaN;
  return point;
}
