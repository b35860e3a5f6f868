/** dTAO markets: the exact ledger, pools, emission routing, staking and subnets. */
export { apportion, apportionNonzero, ceilMulDiv, floorMulDiv, MAX_EXACT } from './exact.ts';
export {
  CHAIN_DTAO_PARAMS,
  SHARE_RULES,
  flowSmoothingFraction,
  taoWeightFraction,
  validateParams,
  type DtaoParams,
  type ShareRule,
} from './params.ts';
export {
  CURVE_NAMES,
  DEFAULT_FEE_RATE_U16,
  MAX_FEE_RATE_U16,
  MINIMUM_RESERVE,
  SwapRefused,
  alphaOutForTao,
  alphaToReachPrice,
  applySwap,
  quoteSwap,
  reweightForInjection,
  spotPrice,
  swapKernel,
  taoOutForAlpha,
  taoToReachPrice,
  validatePool,
  type CurveName,
  type PoolState,
  type SwapError,
  type SwapOptions,
  type SwapQuote,
} from './pool.ts';
export {
  SUBNET_UNIT_LIMIT,
  alphaIssuance,
  createNetwork,
  flushTotals,
  freeBalance,
  hotkeyStakeOnSubnet,
  hotkeyTotal,
  rootStakeOf,
  stakeOf,
  totalFeesTao,
  totalMintedTao,
  totalRecycledTao,
  type CreditCache,
  type HotkeyStake,
  type Network,
  type NetworkOptions,
  type RootHotkeyStake,
  type StakeMap,
} from './network.ts';
export { flowEmaShares, powNormalize, priceBurnShares, priceEmaShares } from './shares.ts';
export { rootProportion, setShareRule, stepBlock, updateMovingPrice } from './step.ts';
export {
  creditEpoch,
  creditEpochInto,
  distributeHotkeyDividends,
  distributeRootDividends,
  drainedEpochs,
  type EpochCredit,
  type EpochDrain,
  type HotkeyDividend,
} from './epoch.ts';
export { addStake, checkAddStake, quoteRemoveStakes, removeStake, setHotkeyTake, transferTao, type StakeOrder, type StakeResult } from './staking.ts';
export {
  deregisterSubnet,
  medianSubnetPrice,
  networkLockCost,
  registerSubnet,
  seedSubnet,
  setEmissionEnabled,
  startSubnet,
  type Deregistration,
  type RegisterOptions,
  type Registration,
  type SeedSubnet,
} from './subnets.ts';
export { conservationReport, type ConservationReport } from './conservation.ts';
export { setSubnetCurve, setSubnetTempo, setTaoWeight } from './settings.ts';
