export {
  CHAIN_BLOCK_EMISSION_RAO,
  CHAIN_REWARD_PARAMS,
  CHAIN_TOTAL_SUPPLY_RAO,
  chainBlockReward,
  chainHalvingCount,
  chainHalvingThreshold,
  rewardAfterHalvings,
  type ChainRewardParams,
} from './chainReward.ts';
export {
  FOUR_YEARS_BLOCKS,
  SCHEDULE_NAMES,
  SECONDS_PER_BLOCK,
  makeSchedule,
  regimeAt,
  scheduleReward,
  timeEra,
  type Regime,
  type ScheduleName,
  type ScheduleSpec,
} from './schedule.ts';
export {
  NO_RECYCLING,
  halvingsByBlockLoop,
  projectHalvings,
  type HalvingRow,
  type IssuanceStart,
  type RecycleEvent,
  type Recycling,
} from './projection.ts';
export {
  createIssuanceClock,
  issuanceOf,
  mintBlock,
  recycleRao,
  totalMinted,
  totalRecycled,
  type IssuanceClock,
} from './clock.ts';
