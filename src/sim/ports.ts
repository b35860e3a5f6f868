/**
 * What the engine needs from the dTAO markets (src/dtao-amm) and from Yuma (src/yuma), as the
 * narrowest interfaces the block loop calls. The engine owns issuance (src/emission's clock),
 * the event queue, the agents and the weight matrices; a market owns every balance, pool and
 * pending amount; consensus owns its bonds. See docs/scenarios.md, "Integration".
 */
import type { EventConfig, Hyperparameters, SubnetConfig } from './scenarioSchema.ts';

/** Yuma's input for one subnet's epoch. Arrays are caller-owned and indexed by uid. */
export interface EpochInput {
  readonly netuid: number;
  readonly block: number;
  readonly n: number;
  /**
   * Row-major n x n, row i = uid i's weights as the chain stores them (`Weights` holds u16: each
   * row max-upscaled by set_weights; zero rows for miners).
   */
  readonly weights: Uint16Array;
  /**
   * The uids whose weight row may be non-zero (every uid that has been a validator), ascending,
   * in rowUid[0..rows); every other row of `weights` is zero. Lets consensus work on rows x n.
   */
  readonly rows: number;
  readonly rowUid: Int32Array;
  /** Stake per uid as the market reports it (alpha units, float64). */
  readonly stake: Float64Array;
  /** Block at which each uid last set weights (-1: never). */
  readonly lastUpdate: Float64Array;
  /** Block at which each uid registered. */
  readonly registeredAt: Float64Array;
  /**
   * Optional: a stamp that changes whenever any number in `weights` changes (the engine's
   * subnet state takes a fresh one at every write, see `weightsChanged`). Two inputs over the
   * same `weights` array with the same defined stamp hold the same weights, so a threaded
   * consensus checking a prediction need not compare them. Undefined: compare.
   */
  readonly weightsStamp?: number;
  /**
   * Optional: a stamp that changes whenever any number in `lastUpdate` or `registeredAt` changes
   * (the engine's subnet state takes a fresh one at every write, see `neuronsChanged`). Two inputs
   * over the same two arrays with the same defined stamp hold the same numbers there, so a
   * threaded consensus checking a prediction need not compare them. Undefined: compare.
   */
  readonly neuronsStamp?: number;
  /**
   * Optional: how many float64s (8 bytes each) right before `weights` in its buffer, a SharedArrayBuffer, are
   * free for the consensus's own use (a threaded consensus puts an epoch's other inputs and its
   * result there, so that the weight rows reach a worker without a copy). Undefined: none.
   */
  readonly weightsHeadroom?: number;
  readonly tempo: number;
  readonly hyperparameters: Hyperparameters;
  readonly yuma: SubnetConfig['yuma'];
}

/** Yuma's output for one epoch: caller-owned arrays of length >= n, filled by the consensus. */
export interface EpochResult {
  readonly consensus: Float64Array;
  readonly validatorTrust: Float64Array;
  /** Normalized incentive (sums to 1 over uids, or all 0). */
  readonly incentive: Float64Array;
  /** Normalized dividends (sums to 1 over uids, or all 0). */
  readonly dividends: Float64Array;
  /** 1 where the uid holds a validator permit. */
  readonly validatorPermit: Uint8Array;
}

/** An EpochResult's buffers for n uids, zeroed. */
export function epochResultBuffers(n: number): EpochResult {
  return {
    consensus: new Float64Array(n),
    validatorTrust: new Float64Array(n),
    incentive: new Float64Array(n),
    dividends: new Float64Array(n),
    validatorPermit: new Uint8Array(n),
  };
}

export interface ConsensusPort {
  /** Runs one epoch of `input.yuma` for input.netuid, keeping that subnet's bonds between calls. */
  runEpoch(input: EpochInput, out: EpochResult): void;
  /** Forget a subnet's bonds (deregistration). */
  resetSubnet(netuid: number): void;
  /**
   * A neuron replaced the one at `uid` (registration into a full subnet): forget the uid's bonds
   * row and validator permit, as the chain's `clear_neuron` does (the bonds others hold for the
   * uid are masked by the next epoch, which sees it recently registered). Optional: a consensus
   * that keeps no per-uid state between epochs has nothing to forget.
   */
  clearNeuron?(netuid: number, uid: number): void;
  /**
   * Optional: the input the subnet's next epoch will most likely get (its weights are already
   * set, its stake and block predicted). A threaded consensus starts computing it; `runEpoch`
   * uses that result only when its input is the same in every field, so the output never
   * depends on the prediction. The caller lends `input.weights` until the subnet's next
   * `runEpoch` (or resetSubnet / clearNeuron): it does not write that array in place meanwhile
   * (it writes a copy, with a new stamp), so a port may read the rows where they are.
   */
  prepareEpoch?(input: EpochInput): void;
  /** Optional: release threads (the run is over). */
  close?(): void;
}

/** Per-uid emission written by the market when it distributes an epoch (alpha units, integers). */
export interface EpochEmission {
  readonly minerAlpha: Float64Array;
  readonly validatorAlpha: Float64Array;
}

/** One subnet's numbers for blocks.csv at the current block. Flows are this block's. */
export interface SubnetReading {
  emissionShare: number;
  taoInRao: number | bigint;
  alphaInRao: number | bigint;
  alphaOutRao: number | bigint;
  chainBuyTaoRao: number | bigint;
  price: number;
  movingPrice: number;
  taoReserveRao: number | bigint;
  alphaReserveRao: number | bigint;
  pendingServerAlpha: number | bigint;
  pendingValidatorAlpha: number | bigint;
  pendingOwnerAlpha: number | bigint;
  pendingRootAlpha: number | bigint;
}

/** Events the engine hands to the market unchanged. */
export type MarketEvent = Extract<
  EventConfig,
  { kind: 'set-share-rule' | 'set-pool-curve' | 'set-owner-cut' | 'price-shock' | 'set-hyperparameter' }
>;

export interface MarketPort {
  /** Called once per subnet before the first block, and at `register-subnet` events. */
  addSubnet(subnet: SubnetConfig, block: number): void;
  removeSubnet(netuid: number, block: number): void;
  /** A neuron at `uid` with hotkey `hotkey`, its owner's initial alpha stake on it. */
  registerNeuron(netuid: number, uid: number, hotkey: string, stakeRao: bigint, block: number): void;
  deregisterNeuron(netuid: number, uid: number, block: number): void;
  applyEvent(event: MarketEvent, block: number): void;
  /**
   * After the block's mint: route `mintedRao` to subnets by the share rule, inject into the
   * pools, accumulate pending. Returns the TAO (rao, an integer) the chain recycles in this
   * block; the engine takes it out of issuance.
   */
  onBlock(block: number, mintedRao: number): number;
  /** Writes the netuids whose epoch runs at this block into `out`; returns how many. */
  epochsDue(block: number, out: Int32Array): number;
  /** Stake per uid for the epoch's input (alpha units as float64), uids 0..n-1. */
  readStake(netuid: number, out: Float64Array): void;
  /** Drains the subnet's pending emission by the epoch's result; writes per-uid emission. */
  distribute(netuid: number, block: number, result: EpochResult, n: number, out: EpochEmission): void;
  readSubnet(netuid: number, out: SubnetReading): void;
  priceTao(netuid: number): number;
  /** The alpha (units) a coldkey holds staked on a subnet (0 for an account never seen). */
  heldAlpha(coldkey: string, netuid: number): bigint;
  /** null when total TAO moved by exactly minted - recycled this block; else what broke. */
  checkConservation(block: number, mintedRao: number, recycledRao: number): string | null;
  /** User operations (agents). Throw short codes (e.g. 'INSUFFICIENT_BALANCE') to refuse. */
  stake(coldkey: string, netuid: number, taoRao: bigint, block: number): void;
  unstake(coldkey: string, netuid: number, alphaRao: bigint, block: number): void;
  moveStake(coldkey: string, fromNetuid: number, toNetuid: number, alphaRao: bigint, block: number): void;
}

/** The components a run is wired to; either may be absent (then that part is not simulated). */
export interface Components {
  readonly market?: MarketPort;
  readonly consensus?: ConsensusPort;
}
