/**
 * The ConsensusPort over src/yuma: each subnet's epoch runs the chain-exact Yuma kernel on the
 * engine's weight rows. Per subnet it keeps what the chain keeps between epochs: bonds (stored
 * as u16, as `Bonds` holds them, in a Uint16Array: the kernel copies 2 bytes a bond in and out of
 * the subnet's cache-cold arrays instead of 8), the validator permits of the previous epoch and
 * the block of the last epoch. Buffers are sized once per subnet (and again only when the subnet's size or
 * its set of weight rows changes, at events), so an epoch allocates nothing.
 */
import {
  DEFAULT_YUMA_PARAMS,
  createYumaEpochResult,
  createYumaWorkspace,
  resolveYumaParams,
  runYumaEpoch,
  type ResolvedYumaParams,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaWorkspace,
} from '../yuma/index.ts';
import type { ConsensusPort, EpochInput, EpochResult } from './ports.ts';
import { activityCutoffBlocks, type Hyperparameters } from './scenarioSchema.ts';

/** The chain's default AlphaSigmoidSteepness; scenarios do not set it yet. */
const ALPHA_SIGMOID_STEEPNESS = 1000;

/** A subnet's bonds between epochs: the chain's u16 (the default), or the same values as float64 proportions k / 65535. */
type Bonds = Uint16Array | Float64Array;

interface SubnetConsensus {
  n: number;
  /** Bonds kept as u16 (`bonds`, `spare` are Uint16Array) or as float64 proportions. */
  u16: boolean;
  rows: number;
  input: YumaEpochInput;
  ws: YumaWorkspace;
  out: YumaEpochResult;
  params: ResolvedYumaParams;
  /** What the resolved params were derived from, to re-derive only on a change. */
  paramsFrom: Hyperparameters | null;
  paramsVariant: string;
  paramsTempo: number;
  started: boolean;
  /** rowUid is one run of consecutive uids: the rows are one block of the engine's matrix. */
  contiguousRows: boolean;
  /** The engine's u16 weight matrix last seen (its rows are the kernel's weights when contiguous). */
  weightsFrom: Uint16Array | null;
  /** The kernel's own u16 weight buffer (used when the rows are not one run of uids). */
  weightsOwn: Uint16Array;
  /** The bonds stored by the last epoch (rows x n), the next epoch's input. */
  bonds: Bonds;
  /**
   * The other bonds buffer: an epoch writes its bonds here, then the two swap, so the bonds it
   * read stay as they were (a checkpoint keeps them by reference, without a copy).
   */
  spare: Bonds;
}

/**
 * The kernel's workspace is scratch (nothing in it that can change a result outlives an epoch;
 * it keeps only a speed hint for the median search), so a run's subnets of
 * one size share one, keyed by (n, rows): a single hot workspace instead of one cold one per
 * subnet.
 */
type Workspaces = Map<number, YumaWorkspace>;

function workspaceFor(shared: Workspaces, n: number, rows: number): YumaWorkspace {
  const key = n * 65_536 + rows;
  let ws = shared.get(key);
  if (ws === undefined) {
    ws = createYumaWorkspace(n, rows);
    shared.set(key, ws);
  }
  return ws;
}

const NO_FLOATS = new Float64Array(0);

function createSubnetConsensus(shared: Workspaces, n: number, rows: number, rowUid: Int32Array, u16: boolean): SubnetConsensus {
  const input: YumaEpochInput = {
    n,
    block: 0,
    tempo: 1,
    lastEpochBlock: 0,
    emissionRao: 0,
    stakeRao: new Float64Array(n),
    lastUpdate: new Float64Array(n),
    blockAtRegistration: new Float64Array(n),
    validatorPermit: new Uint8Array(n),
    rows,
    rowUid: Int32Array.from(rowUid.subarray(0, rows)),
    // The engine's weights are the chain's u16: the kernel reads them through weightsU16.
    weights: NO_FLOATS,
    weightsU16: new Uint16Array(rows * n),
    bonds: NO_FLOATS,
  };
  const out = createYumaEpochResult(n, rows);
  out.bonds = NO_FLOATS;
  const bonds = u16 ? new Uint16Array(rows * n) : new Float64Array(rows * n);
  const spare = u16 ? new Uint16Array(rows * n) : new Float64Array(rows * n);
  return {
    n,
    u16,
    rows,
    input,
    ws: workspaceFor(shared, n, rows),
    out,
    params: resolveYumaParams(DEFAULT_YUMA_PARAMS),
    paramsFrom: null,
    paramsVariant: '',
    paramsTempo: -1,
    started: false,
    contiguousRows: isOneRun(input.rowUid, rows),
    weightsFrom: null,
    weightsOwn: input.weightsU16 as Uint16Array,
    bonds,
    spare,
  };
}

function isOneRun(rowUid: Int32Array, rows: number): boolean {
  for (let r = 1; r < rows; r++) if (rowUid[r] !== rowUid[0] + r) return false;
  return true;
}

/** A new state for a new size or row set, carrying bonds and permits over by uid. */
function resized(shared: Workspaces, old: SubnetConsensus, n: number, rows: number, rowUid: Int32Array): SubnetConsensus {
  const s = createSubnetConsensus(shared, n, rows, rowUid, old.u16);
  const m = Math.min(old.n, n);
  s.input.validatorPermit.set(old.input.validatorPermit.subarray(0, m));
  s.input.lastEpochBlock = old.input.lastEpochBlock;
  s.started = old.started;
  for (let r = 0; r < rows; r++) {
    const uid = s.input.rowUid[r];
    const o = old.input.rowUid.indexOf(uid);
    if (o < 0 || o >= old.rows) continue;
    for (let j = 0; j < m; j++) s.bonds[r * n + j] = old.bonds[o * old.n + j];
  }
  return s;
}

function sameRows(s: SubnetConsensus, n: number, rows: number, rowUid: Int32Array): boolean {
  if (s.n !== n || s.rows !== rows) return false;
  const mine = s.input.rowUid;
  for (let r = 0; r < rows; r++) if (mine[r] !== rowUid[r]) return false;
  return true;
}

function refreshParams(s: SubnetConsensus, h: Hyperparameters, variant: EpochInput['yuma'], tempo: number): void {
  if (s.paramsFrom === h && s.paramsVariant === variant && s.paramsTempo === tempo) return;
  s.params = resolveYumaParams({
    kappaU16: h.kappa,
    bondsPenaltyU16: h.bonds_penalty,
    bondsMovingAverage: h.bonds_moving_average,
    activityCutoff: activityCutoffBlocks(h, tempo),
    maxAllowedValidators: h.max_allowed_validators,
    stakeThresholdRao: 0,
    variant,
    alphaLowU16: h.alpha_low,
    alphaHighU16: h.alpha_high,
    alphaSigmoidSteepness: ALPHA_SIGMOID_STEEPNESS,
  });
  s.paramsFrom = h;
  s.paramsVariant = variant;
  s.paramsTempo = tempo;
}

/**
 * Loads the engine's input into the kernel's: stake in rao, and the weight rows. When the rows
 * are one run of uids they are one block of the engine's matrix, and the kernel (which only
 * reads its weights) reads that block in place; otherwise they are gathered into its own buffer.
 */
function loadInput(s: SubnetConsensus, e: EpochInput): void {
  const { n, rows } = s;
  const k = s.input;
  k.block = e.block;
  k.tempo = e.tempo;
  for (let i = 0; i < n; i++) {
    k.stakeRao[i] = e.stake[i] * 1e9;
    k.blockAtRegistration[i] = e.registeredAt[i];
    // A uid that never set weights counts from its registration, as the chain sets LastUpdate then.
    k.lastUpdate[i] = e.lastUpdate[i] < 0 ? e.registeredAt[i] : e.lastUpdate[i];
  }
  const src = e.weights;
  if (s.contiguousRows && rows > 0) {
    if (s.weightsFrom !== src) {
      s.weightsFrom = src;
      k.weightsU16 = src.subarray(k.rowUid[0] * n, (k.rowUid[0] + rows) * n);
    }
    return;
  }
  const w = s.weightsOwn;
  k.weightsU16 = w;
  for (let r = 0; r < rows; r++) {
    const from = k.rowUid[r] * n;
    const to = r * n;
    for (let j = 0; j < n; j++) w[to + j] = src[from + j];
  }
}

/** The kernel's per-uid outputs (arrays of exactly n: `createYumaEpochResult`) into the caller's (length >= n), one block copy each. */
function copyResult(s: SubnetConsensus, out: EpochResult): void {
  const o = s.out;
  out.consensus.set(o.consensus);
  out.validatorTrust.set(o.validatorTrust);
  out.incentive.set(o.incentive);
  out.dividends.set(o.dividends);
  out.validatorPermit.set(o.validatorPermit);
}

/**
 * A new neuron at `uid`: its bonds row is removed and its permit reset (`clear_neuron`,
 * subnets/uids.rs @ 14bc6f9f: Bonds::remove(netuid, uid), ValidatorPermit[uid] = false). The
 * bonds others hold for the uid stay stored, as on chain; the next epoch masks them (the uid
 * registered since the last epoch). Writes the current bonds buffer in place: a checkpoint taken
 * before this shares it, which is right only when nothing rolls back past this point (the
 * threaded port rolls a speculated epoch back before it clears).
 */
function clearUid(s: SubnetConsensus, uid: number): void {
  if (!(uid >= 0 && uid < s.n)) return;
  s.input.validatorPermit[uid] = 0;
  const rowUid = s.input.rowUid;
  for (let r = 0; r < s.rows; r++) {
    if (rowUid[r] === uid) {
      s.bonds.fill(0, r * s.n, (r + 1) * s.n);
      return;
    }
  }
}

/**
 * Yuma as the engine's consensus. The first epoch a subnet sees starts from the permits a
 * running subnet would already hold: the top-k by stake, taken from one kernel pass whose bonds
 * are then discarded (the chain's subnets hand permits from epoch to epoch; a simulation that
 * starts mid-life needs them on its first epoch, as the chain's own study runs a first epoch
 * to set permits before it measures).
 */
export interface CheckpointedConsensus extends ConsensusPort {
  /** Remembers a subnet's state between epochs (bonds, permits, last epoch block). */
  checkpoint(netuid: number): void;
  /** Returns the subnet to its last checkpoint (an epoch run on a wrong guess is undone). */
  rollback(netuid: number): void;
  clearNeuron(netuid: number, uid: number): void;
}

interface Saved {
  s: SubnetConsensus | undefined;
  /** The subnet's two bonds buffers at the checkpoint (the epoch after it writes only the spare). */
  bonds: Bonds;
  spare: Bonds;
  permit: Uint8Array;
  lastEpochBlock: number;
  started: boolean;
}

/**
 * The kernel's epoch over the subnet's bonds: the current ones in, the stored ones into the
 * spare buffer (as u16 through the kernel's u16 path, or as float64 proportions rounded to u16).
 */
function runKernel(s: SubnetConsensus, storeU16: boolean): void {
  if (s.u16) {
    s.input.bondsU16 = s.bonds as Uint16Array;
    s.out.bondsU16 = s.spare as Uint16Array;
  } else {
    s.input.bonds = s.bonds as Float64Array;
    s.out.bonds = s.spare as Float64Array;
  }
  runYumaEpoch(s.input, s.params, s.ws, s.out, storeU16);
}

export interface YumaConsensusOptions {
  /**
   * How each subnet keeps its bonds between epochs: 'u16' (default) as the chain's u16, or
   * 'f64' as the same values in float64 (k / 65535; four times the bytes to copy per epoch). The
   * results are the same bits either way (test/sim/consensusAdapter-u16.test.ts).
   */
  bonds?: 'u16' | 'f64';
}

export function yumaConsensus(options: YumaConsensusOptions = {}): CheckpointedConsensus {
  const u16 = (options.bonds ?? 'u16') === 'u16';
  const bySubnet = new Map<number, SubnetConsensus>();
  const workspaces: Workspaces = new Map();
  const saved = new Map<number, Saved>();
  return {
    checkpoint(netuid: number): void {
      const s = bySubnet.get(netuid);
      let k = saved.get(netuid);
      if (k === undefined) {
        k = { s: undefined, bonds: NO_FLOATS, spare: NO_FLOATS, permit: new Uint8Array(0), lastEpochBlock: 0, started: false };
        saved.set(netuid, k);
      }
      k.s = s;
      if (s === undefined) return;
      if (k.permit.length !== s.n) k.permit = new Uint8Array(s.n);
      k.bonds = s.bonds;
      k.spare = s.spare;
      k.permit.set(s.input.validatorPermit);
      k.lastEpochBlock = s.input.lastEpochBlock;
      k.started = s.started;
    },
    rollback(netuid: number): void {
      const k = saved.get(netuid);
      if (k === undefined) throw new Error(`rollback: subnet ${netuid} has no checkpoint`);
      const s = k.s;
      if (s === undefined) {
        bySubnet.delete(netuid);
        return;
      }
      bySubnet.set(netuid, s);
      s.bonds = k.bonds;
      s.spare = k.spare;
      s.input.validatorPermit.set(k.permit);
      s.input.lastEpochBlock = k.lastEpochBlock;
      s.started = k.started;
    },
    resetSubnet(netuid: number): void {
      bySubnet.delete(netuid);
    },
    clearNeuron(netuid: number, uid: number): void {
      const s = bySubnet.get(netuid);
      if (s !== undefined) clearUid(s, uid);
    },
    runEpoch(e: EpochInput, result: EpochResult): void {
      const { n } = e;
      const rows = e.rows;
      let s = bySubnet.get(e.netuid);
      if (s === undefined) {
        s = createSubnetConsensus(workspaces, n, rows, e.rowUid, u16);
        bySubnet.set(e.netuid, s);
      } else if (!sameRows(s, n, rows, e.rowUid)) {
        s = resized(workspaces, s, n, rows, e.rowUid);
        bySubnet.set(e.netuid, s);
      }
      refreshParams(s, e.hyperparameters, e.yuma, e.tempo);
      loadInput(s, e);
      if (!s.started) {
        // Only the permits are kept: the next run writes every row of the spare bonds again.
        runKernel(s, false);
        s.input.validatorPermit.set(s.out.validatorPermit);
        s.bonds.fill(0);
        s.started = true;
      }
      // The chain stores bonds as u16: the kernel rounds the rows it sets (BONDS_SET); a row left
      // unchanged already holds u16 values, and a cleared row zeros.
      runKernel(s, true);
      const read = s.bonds;
      s.bonds = s.spare;
      s.spare = read;
      s.input.validatorPermit.set(s.out.validatorPermit);
      s.input.lastEpochBlock = e.block;
      copyResult(s, result);
    },
  };
}
