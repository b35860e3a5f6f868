/**
 * Emission schedules, chosen by name.
 * - `chain`: the reward follows total issuance (halving as issuance crosses 10.5M, 15.75M, ...
 *   TAO), exactly as `get_block_emission_for_issuance` computes it (see chainReward.ts).
 * - `time`: the seed's story: a fixed reward that halves every `halvingIntervalBlocks` blocks
 *   counted from block 0, never minting past the cap.
 * A regime is a stretch over which the reward is constant; the projection and the per-block
 * clock both move regime by regime, so neither does big-integer work per block.
 */
import {
  CHAIN_BLOCK_EMISSION_RAO,
  CHAIN_TOTAL_SUPPLY_RAO,
  chainHalvingCount,
  chainHalvingThreshold,
  rewardAfterHalvings,
} from './chainReward.ts';

export const SECONDS_PER_BLOCK = 12;
/** Four years of 12 s blocks (365.25-day years). */
export const FOUR_YEARS_BLOCKS = Math.round((4 * 365.25 * 86_400) / SECONDS_PER_BLOCK);

export type ScheduleName = 'chain' | 'time';
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['chain', 'time'];

export interface ScheduleSpec {
  readonly name: ScheduleName;
  readonly initialRewardRao: bigint;
  readonly capRao: bigint;
  readonly blockTimeSeconds: number;
  /** Used by `time` only. */
  readonly halvingIntervalBlocks: number;
}

export function makeSchedule(name: ScheduleName, overrides: Partial<Omit<ScheduleSpec, 'name'>> = {}): ScheduleSpec {
  const spec: ScheduleSpec = {
    name,
    initialRewardRao: overrides.initialRewardRao ?? CHAIN_BLOCK_EMISSION_RAO,
    capRao: overrides.capRao ?? CHAIN_TOTAL_SUPPLY_RAO,
    blockTimeSeconds: overrides.blockTimeSeconds ?? SECONDS_PER_BLOCK,
    halvingIntervalBlocks: overrides.halvingIntervalBlocks ?? FOUR_YEARS_BLOCKS,
  };
  if (spec.initialRewardRao <= 0n) throw new RangeError('INITIAL_REWARD_NOT_POSITIVE');
  if (spec.capRao <= 0n) throw new RangeError('CAP_NOT_POSITIVE');
  if (!(spec.blockTimeSeconds > 0)) throw new RangeError('BLOCK_TIME_NOT_POSITIVE');
  if (!Number.isInteger(spec.halvingIntervalBlocks) || spec.halvingIntervalBlocks < 1) {
    throw new RangeError('HALVING_INTERVAL_NOT_POSITIVE');
  }
  return spec;
}

/** A stretch of constant reward: it holds while low <= issuance < high and block < blockEnd. */
export interface Regime {
  readonly rewardRao: bigint;
  /** Era index: chain = halvings so far by issuance; time = halvings so far by block. */
  readonly era: number;
  readonly lowRao: bigint;
  readonly highRao: bigint;
  readonly blockEnd: number;
}

export function timeEra(block: number, spec: ScheduleSpec): number {
  return Math.floor(block / spec.halvingIntervalBlocks);
}

/** The regime in force at (issuance, block). */
export function regimeAt(spec: ScheduleSpec, issuanceRao: bigint, block: number): Regime {
  if (issuanceRao < 0n) throw new RangeError('NEGATIVE_ISSUANCE');
  const cap = spec.capRao;
  if (spec.name === 'chain') {
    if (issuanceRao >= cap) {
      return { rewardRao: 0n, era: Infinity, lowRao: cap, highRao: 1n << 128n, blockEnd: Infinity };
    }
    const k = chainHalvingCount(issuanceRao, cap);
    return {
      rewardRao: rewardAfterHalvings(k, spec.initialRewardRao),
      era: k,
      lowRao: k === 0 ? 0n : chainHalvingThreshold(k, cap),
      highRao: chainHalvingThreshold(k + 1, cap),
      blockEnd: Infinity,
    };
  }
  const k = timeEra(block, spec);
  const full = k >= 64 ? 0n : spec.initialRewardRao >> BigInt(k);
  const blockEnd = (k + 1) * spec.halvingIntervalBlocks;
  if (issuanceRao + full <= cap) {
    return { rewardRao: full, era: k, lowRao: 0n, highRao: cap - full + 1n, blockEnd };
  }
  // Near the cap the reward is what is left below it: a regime of one issuance value.
  return { rewardRao: cap - issuanceRao, era: k, lowRao: issuanceRao, highRao: issuanceRao + 1n, blockEnd };
}

/** The reward minted by block `block` when issuance before it is `issuanceRao`. */
export function scheduleReward(spec: ScheduleSpec, issuanceRao: bigint, block: number): bigint {
  return regimeAt(spec, issuanceRao, block).rewardRao;
}
