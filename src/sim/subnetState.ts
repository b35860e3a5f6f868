/**
 * The engine's per-subnet state: the agents' neurons, the weight matrix they write into, the
 * epoch's input and output buffers (allocated once per subnet size, reused every epoch), and
 * the run's reward tallies for the summary.
 */
import { listMiners, type SubnetPopulation, type SubnetView, type ValidatorAgent } from '../agents/index.ts';
import { epochResultBuffers, type ConsensusPort, type EpochEmission, type EpochInput, type EpochResult } from './ports.ts';
import type { Hyperparameters, SubnetConfig } from './scenarioSchema.ts';

export interface SubnetState {
  readonly netuid: number;
  config: SubnetConfig;
  hyperparameters: Hyperparameters;
  active: boolean;
  pop: SubnetPopulation;
  n: number;
  /** Validators by uid (null for miners and empty slots). */
  validatorAt: (ValidatorAgent | null)[];
  /** n x n u16, as the chain stores weights; over a SharedArrayBuffer with headroom before it when `sharedWeights` (`weightMatrix`). */
  weights: Uint16Array;
  /** The consensus may read the weights from another thread (it predicts epochs): see `weightMatrix`. */
  readonly sharedWeights: boolean;
  /** Changes at every write to `weights` (`weightsChanged`); never reused, even across subnets. */
  weightsStamp: number;
  /**
   * `weights` was handed to the consensus with a prediction (`prepareEpoch`) and may be read by
   * a worker until the subnet's next epoch: a write then goes to a copy (`ownWeights`).
   */
  weightsLent: boolean;
  /** Changes at every write to `lastUpdate` or `registeredAt` (`neuronsChanged`); never reused. */
  neuronsStamp: number;
  /** Uids that have been validators (their weight rows may be non-zero), ascending. */
  weightRows: number;
  weightRowUid: Int32Array;
  lastUpdate: Float64Array;
  registeredAt: Float64Array;
  stake: Float64Array;
  view: {
    netuid: number;
    n: number;
    epochs: number;
    isMiner: Uint8Array;
    minerUids: Int32Array;
    minerCount: number;
    minerQuality: Float64Array;
    minerStamp: number;
    cabalOf: Int32Array;
    lastConsensus: Float64Array;
  };
  result: EpochResult;
  emission: EpochEmission;
  /** The consensus input over the buffers above, refreshed (not rebuilt) each epoch. */
  input: Mutable<EpochInput>;
  /** Run totals per uid: alpha earned (miner + validator), sum of stake at epochs. */
  rewardAlpha: Float64Array;
  stakeSum: Float64Array;
  trustSum: Float64Array;
  trustCount: Float64Array;
  lastEpochBlock: number;
  epochs: number;
  /** EMA of validator emission per alpha staked per epoch (for yield chasers). */
  yieldEma: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The last weights stamp handed out (module-wide, so no two weight states share one). */
let lastWeightsStamp = 0;

/**
 * Records that `s.weights` changed (call at every write): the epoch input carries the new stamp,
 * so a prediction made over the old weights is compared number by number again.
 */
export function weightsChanged(s: SubnetState): void {
  s.weightsStamp = ++lastWeightsStamp;
}

/**
 * Records that `s.lastUpdate` or `s.registeredAt` changed (call at every write to either): the
 * epoch input carries the new stamp, so a prediction made over the old numbers compares them
 * again. Stamps come from the same counter as the weights' (never reused).
 */
export function neuronsChanged(s: SubnetState): void {
  s.neuronsStamp = ++lastWeightsStamp;
}

/** The float64s free before each subnet's weight matrix: 9 per uid, at least a job's head (8n + rows, rows <= n). */
const WEIGHTS_HEADROOM_PER_UID = 9;

/**
 * An n x n u16 weight matrix. `shared`: over a SharedArrayBuffer with 9n float64s of headroom
 * before it (EpochInput.weightsHeadroom), where a threaded consensus writes the rest of an epoch's
 * job and hands the rows to its worker where they are, without a copy; the buffer ends on a whole
 * float64 after the matrix (a job views it as float64s, src/sim/consensusJob.ts). Else a plain one
 * (an in-thread consensus reads and validators write it a little faster).
 */
function weightMatrix(n: number, shared: boolean): Uint16Array {
  if (!shared) return new Uint16Array(n * n);
  const headroom = WEIGHTS_HEADROOM_PER_UID * n;
  return new Uint16Array(new SharedArrayBuffer(8 * (headroom + Math.ceil((n * n) / 4))), 8 * headroom, n * n);
}

/** Whether subnet states for this consensus share their weights (it predicts epochs, so it may run on threads). */
export function sharesWeights(consensus: ConsensusPort | undefined): boolean {
  return typeof consensus?.prepareEpoch === 'function';
}

/**
 * Makes `s.weights` safe to write in place: when it is lent to the consensus (a prediction is
 * out), the matrix is copied first and the copy becomes the subnet's (the lent one is never
 * written again). Call before every write to `weights`; events and newcomers only copy.
 */
export function ownWeights(s: SubnetState): void {
  if (!s.weightsLent) return;
  const w = weightMatrix(s.n, s.sharedWeights);
  w.set(s.weights);
  s.weights = w;
  s.input.weights = w;
  s.weightsLent = false;
}

export function createSubnetState(config: SubnetConfig, pop: SubnetPopulation, block: number, sharedWeights = false): SubnetState {
  const n = pop.n;
  const validatorAt: (ValidatorAgent | null)[] = new Array(n).fill(null);
  for (const v of pop.validators) validatorAt[v.uid] = v;
  const stake = new Float64Array(n);
  for (let i = 0; i < n; i++) stake[i] = Number(pop.stakeRao[i]) / 1e9;
  const view: SubnetView & SubnetState['view'] = {
    netuid: config.netuid,
    n,
    epochs: 0,
    isMiner: pop.isMiner,
    minerUids: new Int32Array(n),
    minerCount: 0,
    minerQuality: pop.minerQuality,
    minerStamp: Number.NaN,
    cabalOf: pop.cabalOf,
    lastConsensus: new Float64Array(n),
  };
  const state: SubnetState = {
    netuid: config.netuid,
    config,
    hyperparameters: { ...config.hyperparameters },
    active: true,
    pop,
    n,
    validatorAt,
    weights: weightMatrix(n, sharedWeights),
    sharedWeights,
    weightsStamp: ++lastWeightsStamp,
    weightsLent: false,
    neuronsStamp: ++lastWeightsStamp,
    weightRows: 0,
    weightRowUid: new Int32Array(n),
    lastUpdate: new Float64Array(n).fill(-1),
    registeredAt: new Float64Array(n).fill(block),
    stake,
    view,
    result: epochResultBuffers(n),
    emission: { minerAlpha: new Float64Array(n), validatorAlpha: new Float64Array(n) },
    rewardAlpha: new Float64Array(n),
    stakeSum: new Float64Array(n),
    trustSum: new Float64Array(n),
    trustCount: new Float64Array(n),
    lastEpochBlock: block,
    epochs: 0,
    yieldEma: Number.NaN,
    input: undefined as unknown as Mutable<EpochInput>,
  };
  markWeightRows(state);
  state.input = {
    netuid: state.netuid,
    block,
    n,
    weights: state.weights,
    rows: state.weightRows,
    rowUid: state.weightRowUid,
    stake: state.stake,
    lastUpdate: state.lastUpdate,
    registeredAt: state.registeredAt,
    weightsStamp: state.weightsStamp,
    neuronsStamp: state.neuronsStamp,
    weightsHeadroom: sharedWeights ? WEIGHTS_HEADROOM_PER_UID * n : 0,
    tempo: config.tempo,
    hyperparameters: state.hyperparameters,
    yuma: config.yuma,
  };
  return state;
}

/** Adds every current validator's uid to the weight rows (rows are never dropped: a departed
 * validator's last row stays until it ages out). Runs at creation and at events. */
export function markWeightRows(s: SubnetState, keep?: Int32Array, keepCount = 0): void {
  const mark = new Uint8Array(s.n);
  for (let r = 0; r < keepCount; r++) if (keep![r] < s.n) mark[keep![r]] = 1;
  for (let uid = 0; uid < s.n; uid++) if (s.validatorAt[uid] !== null) mark[uid] = 1;
  let rows = 0;
  for (let uid = 0; uid < s.n; uid++) if (mark[uid]) s.weightRowUid[rows++] = uid;
  s.weightRows = rows;
}

/** The epoch input for this block: the same object each epoch, its fields refreshed. */
export function epochInput(s: SubnetState, block: number): EpochInput {
  const input = s.input;
  input.block = block;
  input.rows = s.weightRows;
  input.rowUid = s.weightRowUid;
  input.weightsStamp = s.weightsStamp;
  input.neuronsStamp = s.neuronsStamp;
  input.tempo = s.config.tempo;
  input.hyperparameters = s.hyperparameters;
  input.yuma = s.config.yuma;
  return input;
}

/** The last miner stamp handed out (module-wide, so no two views share one). */
let lastMinerStamp = 0;

/**
 * The view's miner list from isMiner as it is now
 * (events change them between epochs), under a fresh stamp (SubnetView.minerStamp).
 */
function refreshMiners(s: SubnetState): void {
  const v = s.view;
  v.minerStamp = ++lastMinerStamp;
  v.minerCount = listMiners(v.isMiner, s.n, v.minerUids);
}

/** Each validator writes its row; a row it does not update keeps its old values and block. */
export function collectWeights(s: SubnetState, block: number): void {
  const n = s.n;
  ownWeights(s);
  weightsChanged(s);
  neuronsChanged(s);
  refreshMiners(s);
  for (let uid = 0; uid < n; uid++) {
    const v = s.validatorAt[uid];
    if (v === null) continue;
    if (v.writeWeights(s.view, s.weights, uid * n)) s.lastUpdate[uid] = block;
  }
}

/** Validators registered after the last epoch's weights were set write their rows now. */
export function collectWeightsOfNewcomers(s: SubnetState, block: number): void {
  const n = s.n;
  const since = s.lastEpochBlock;
  for (let uid = 0; uid < n; uid++) {
    const v = s.validatorAt[uid];
    if (v === null || !(s.registeredAt[uid] > since)) continue;
    ownWeights(s);
    weightsChanged(s);
    neuronsChanged(s);
    refreshMiners(s);
    if (v.writeWeights(s.view, s.weights, uid * n)) s.lastUpdate[uid] = block;
  }
}

/** Adds one epoch's emission, stake and trust to the run totals; updates the yield EMA. */
export function tallyEpoch(s: SubnetState, haveEmission: boolean): void {
  const n = s.n;
  const { minerAlpha, validatorAlpha } = s.emission;
  const { rewardAlpha, stake, stakeSum, trustSum, trustCount } = s;
  const role = s.pop.role;
  const trust = s.result.validatorTrust;
  let vEmission = 0;
  let stakeTotal = 0;
  for (let i = 0; i < n; i++) {
    if (haveEmission) rewardAlpha[i] += minerAlpha[i] + validatorAlpha[i];
    vEmission += validatorAlpha[i];
    const st = stake[i];
    stakeTotal += st;
    stakeSum[i] += st;
    if (role[i] === 'validator') {
      trustSum[i] += trust[i];
      trustCount[i] += 1;
    }
  }
  const consensus = s.result.consensus;
  const last = s.view.lastConsensus;
  for (let i = 0; i < n; i++) last[i] = consensus[i];
  s.epochs++;
  s.view.epochs = s.epochs;
  if (haveEmission && stakeTotal > 0) {
    const y = vEmission / 1e9 / stakeTotal;
    s.yieldEma = Number.isNaN(s.yieldEma) ? y : 0.8 * s.yieldEma + 0.2 * y;
  }
}

/**
 * The state after neurons join (register-neuron): buffers for the larger size, with the old
 * weights, update blocks, consensus and tallies copied over. Runs at events only.
 */
export function growSubnetState(old: SubnetState, pop: SubnetPopulation, block: number): SubnetState {
  const s = createSubnetState(old.config, pop, block, old.sharedWeights);
  const m = old.n;
  const n = s.n;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) s.weights[i * n + j] = old.weights[i * m + j];
    // agents that left keep their empty slot
    s.validatorAt[i] = old.validatorAt[i];
  }
  s.lastUpdate.set(old.lastUpdate);
  s.registeredAt.set(old.registeredAt);
  s.stake.set(old.stake);
  s.view.lastConsensus.set(old.view.lastConsensus);
  // the last epoch's emission per uid: what pruning ranks by until the next epoch
  s.emission.minerAlpha.set(old.emission.minerAlpha);
  s.emission.validatorAlpha.set(old.emission.validatorAlpha);
  s.rewardAlpha.set(old.rewardAlpha);
  s.stakeSum.set(old.stakeSum);
  s.trustSum.set(old.trustSum);
  s.trustCount.set(old.trustCount);
  markWeightRows(s, old.weightRowUid, old.weightRows);
  s.hyperparameters = old.hyperparameters;
  s.active = old.active;
  s.lastEpochBlock = old.lastEpochBlock;
  s.epochs = old.epochs;
  s.view.epochs = old.epochs;
  s.yieldEma = old.yieldEma;
  return s;
}

/** A uid's emission at the subnet's last epoch (alpha units), as the chain's `Emission` holds it. */
export function lastEmissionAlpha(s: SubnetState, uid: number): number {
  return s.emission.minerAlpha[uid] + s.emission.validatorAlpha[uid];
}

/**
 * Neurons of `s.pop` now at `uids` replaced the neurons there at `block` (register-neuron into
 * a full subnet), as the chain's `replace_neuron` and `clear_neuron` do (subnets/uids.rs @
 * 14bc6f9f): the uid's weight row is removed and the weights others set for it zeroed; its
 * emission, consensus, incentive, dividends, trust and permit are reset; BlockAtRegistration and
 * LastUpdate become `block`. Its bonds are the consensus's (`clearNeuron`). The run's per-uid
 * totals (rewards, stake, trust for the summary) carry on: they are per uid. Runs at events only.
 */
export function replaceNeurons(s: SubnetState, uids: readonly number[], block: number): void {
  const n = s.n;
  ownWeights(s);
  const w = s.weights;
  const r = s.result;
  weightsChanged(s);
  neuronsChanged(s);
  for (const uid of uids) {
    w.fill(0, uid * n, (uid + 1) * n);
    for (let i = 0; i < n; i++) w[i * n + uid] = 0;
    s.validatorAt[uid] = null;
    s.lastUpdate[uid] = block;
    s.registeredAt[uid] = block;
    s.stake[uid] = Number(s.pop.stakeRao[uid]) / 1e9;
    s.view.lastConsensus[uid] = 0;
    s.emission.minerAlpha[uid] = 0;
    s.emission.validatorAlpha[uid] = 0;
    r.consensus[uid] = 0;
    r.validatorTrust[uid] = 0;
    r.incentive[uid] = 0;
    r.dividends[uid] = 0;
    r.validatorPermit[uid] = 0;
  }
  for (const v of s.pop.validators) if (uids.includes(v.uid)) s.validatorAt[v.uid] = v;
  markWeightRows(s, s.weightRowUid, s.weightRows);
}
