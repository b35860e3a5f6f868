/**
 * The one small interface between agents and the engine. Agents see public state through a
 * view and act through operations a user has on chain (set weights, stake, unstake, move
 * stake); each holds its own random stream.
 */
import type { Rng } from './rng.ts';

/** What a validator sees of its subnet at an epoch. Arrays are indexed by uid, length n. */
export interface SubnetView {
  readonly netuid: number;
  readonly n: number;
  /** Epochs this subnet has run so far in the simulation. */
  readonly epochs: number;
  /** 1 where the uid is a miner. */
  readonly isMiner: Uint8Array;
  /**
   * The miners' uids, ascending, in minerUids[0..minerCount): derived from isMiner (see
   * `listMiners`), refreshed by the engine before validators write, so a row visits only them.
   */
  readonly minerUids: Int32Array;
  readonly minerCount: number;
  /** The miners' true quality (their work as validators observe it); 0 for non-miners. */
  readonly minerQuality: Float64Array;
  /**
   * Optional: a number the engine renews (never reusing one) whenever it refreshes the miners,
   * so whenever minerQuality may have changed since; an agent may keep what it derived from
   * minerQuality under the same stamp. Undefined: no such promise.
   */
  readonly minerStamp?: number;
  /** Cabal index per uid (-1: none). */
  readonly cabalOf: Int32Array;
  /** Consensus of the last epoch (zeros before the first). */
  readonly lastConsensus: Float64Array;
}

/**
 * A validator writes its weight row into the caller's buffer, w[offset + j] for uid j < n, as
 * the chain stores weights (`Weights` holds u16: the row max-upscaled, its top weight 65535;
 * `upscaleRowToU16`), and returns true; or returns false to leave its last row in place (stale weights, whose
 * last-update block then ages out under activity_cutoff).
 */
export interface ValidatorAgent {
  readonly id: string;
  readonly kind: string;
  readonly netuid: number;
  readonly uid: number;
  readonly stakeRao: bigint;
  readonly rng: Rng;
  writeWeights(view: SubnetView, w: Uint16Array, offset: number): boolean;
}

export interface MinerAgent {
  readonly id: string;
  readonly kind: string;
  readonly netuid: number;
  readonly uid: number;
  readonly quality: number;
  /** Cabal name or null. */
  readonly cabal: string | null;
}

/** Public market state for stakers. Prices are TAO per alpha; NaN when no market is connected. */
export interface MarketView {
  readonly block: number;
  readonly netuids: readonly number[];
  priceTao(netuid: number): number;
  /** The price `blocksAgo` blocks ago (NaN when unknown). */
  priceTaoAgo(netuid: number, blocksAgo: number): number;
  /** Recent validator yield: alpha emitted to validators per alpha staked, per epoch (EMA). */
  yieldPerEpoch(netuid: number): number;
  /** The alpha (units) this agent holds staked on a subnet: public on chain, its own position. */
  heldAlpha(agentId: string, netuid: number): bigint;
}

/** The user's operations. Amounts are integer rao (TAO) or alpha units; netuid 0 is root. */
export interface Operations {
  stake(agentId: string, netuid: number, taoRao: bigint): void;
  unstake(agentId: string, netuid: number, alphaRao: bigint): void;
  moveStake(agentId: string, fromNetuid: number, toNetuid: number, alphaRao: bigint): void;
}

/** A staker acts at blocks it chooses: `act` returns its next block (Infinity: never). */
export interface StakerAgent {
  readonly id: string;
  readonly kind: string;
  readonly rng: Rng;
  readonly firstBlock: number;
  act(view: MarketView, ops: Operations): number;
}
