/**
 * The chain's parameters for dTAO markets, with their values in the runtime at subtensor
 * 14bc6f9f (runtime/src/lib.rs, pallets/subtensor/src/lib.rs defaults). Fractions the chain
 * stores as u16 / u64 integers keep that form, so a value can be compared with the chain's.
 */
export const SHARE_RULES = ['price-ema', 'flow-ema', 'price-burn'] as const;
export type ShareRule = (typeof SHARE_RULES)[number];

export interface DtaoParams {
  /** SubnetOwnerCut, / 65535. Runtime: 11_796 (18%). */
  ownerCutU16: number;
  /** TaoWeight, / 2^64 - 1. Runtime: 971_718_665_099_567_868 (~5.27%). */
  taoWeightU64: bigint;
  /** SubnetMovingAlpha (DefaultMovingAlpha): 0.000003. */
  movingAlpha: number;
  /** EMAPriceHalvingBlocks (InitialEmaPriceHalvingPeriod): 201_600 (4 weeks). */
  emaPriceHalvingBlocks: number;
  /** FlowEmaSmoothingFactor, / i64::MAX. Default 29_597_889_189_277 (~1 month half-life). */
  flowSmoothingI64: bigint;
  /** TaoFlowCutoff (lower limit A), rao per block. Default 0. */
  flowCutoff: number;
  /** FlowNormExponent p >= 1. Default 1. */
  flowExponent: number;
  /** NetTaoFlowEnabled: net flow = user flow - normalized protocol flow. Default true. */
  netFlowEnabled: boolean;
  /** MaxEpochsPerBlock. Runtime: 2 (fast-runtime 32). */
  maxEpochsPerBlock: number;
  /** Tempo for new subnets. Runtime: 360. */
  defaultTempo: number;
  /** NetworkMinLockCost, rao. Runtime: 1000 TAO. */
  minLockRao: bigint;
  /** NetworkLockReductionInterval, blocks. Runtime: 14 * 7200. */
  lockReductionInterval: number;
  /** Default delegate take, / 65535. Runtime: 11_796 (18%). */
  defaultTakeU16: number;
  /** Swap FeeRate, / 65535. Default 33 (~0.05%). */
  feeRateU16: number;
  /** SwapMinimumReserve. Runtime: 1_000_000. */
  minimumReserve: number;
  /** Alpha block reward at zero alpha issuance (same schedule as TAO). 1e9. */
  alphaInitialRewardRao: bigint;
  /** Alpha total supply cap: 21e15. */
  alphaCapRao: bigint;
}

export const CHAIN_DTAO_PARAMS: Readonly<DtaoParams> = Object.freeze({
  ownerCutU16: 11_796,
  taoWeightU64: 971_718_665_099_567_868n,
  movingAlpha: 0.000003,
  emaPriceHalvingBlocks: 201_600,
  flowSmoothingI64: 29_597_889_189_277n,
  flowCutoff: 0,
  flowExponent: 1,
  netFlowEnabled: true,
  maxEpochsPerBlock: 2,
  defaultTempo: 360,
  minLockRao: 1_000_000_000_000n,
  lockReductionInterval: 14 * 7200,
  defaultTakeU16: 11_796,
  feeRateU16: 33,
  minimumReserve: 1_000_000,
  alphaInitialRewardRao: 1_000_000_000n,
  alphaCapRao: 21_000_000_000_000_000n,
});

export const U64_MAX = 18_446_744_073_709_551_615n;
export const I64_MAX = 9_223_372_036_854_775_807n;

/** The named conversion from the chain's u64 TAO weight to a float fraction. */
export function taoWeightFraction(p: DtaoParams): number {
  return Number(p.taoWeightU64) / Number(U64_MAX);
}

export function flowSmoothingFraction(p: DtaoParams): number {
  return Number(p.flowSmoothingI64) / Number(I64_MAX);
}

/** Checks every parameter; throws RangeError naming the field and the allowed range. */
export function validateParams(p: DtaoParams): void {
  const int = (k: keyof DtaoParams, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${k}: ${v} is not an integer in [${lo}, ${hi}]`);
  };
  int('ownerCutU16', p.ownerCutU16, 0, 65535);
  int('defaultTakeU16', p.defaultTakeU16, 0, 65535);
  int('feeRateU16', p.feeRateU16, 0, 10_000);
  int('maxEpochsPerBlock', p.maxEpochsPerBlock, 1, 255);
  int('defaultTempo', p.defaultTempo, 1, 65535);
  int('lockReductionInterval', p.lockReductionInterval, 1, Number.MAX_SAFE_INTEGER);
  int('emaPriceHalvingBlocks', p.emaPriceHalvingBlocks, 0, Number.MAX_SAFE_INTEGER);
  int('minimumReserve', p.minimumReserve, 0, Number.MAX_SAFE_INTEGER);
  if (p.taoWeightU64 < 0n || p.taoWeightU64 > U64_MAX) throw new RangeError('taoWeightU64: must be in [0, 2^64 - 1]');
  if (p.flowSmoothingI64 < 0n || p.flowSmoothingI64 > I64_MAX) throw new RangeError('flowSmoothingI64: must be in [0, 2^63 - 1]');
  if (!(p.movingAlpha >= 0 && p.movingAlpha <= 1)) throw new RangeError(`movingAlpha: ${p.movingAlpha} is not in [0, 1]`);
  if (!(p.flowExponent >= 1 && Number.isFinite(p.flowExponent))) throw new RangeError(`flowExponent: ${p.flowExponent} must be a finite number >= 1`);
  if (!Number.isFinite(p.flowCutoff)) throw new RangeError('flowCutoff: must be finite');
  if (p.minLockRao < 0n) throw new RangeError('minLockRao: must be >= 0');
  if (p.alphaInitialRewardRao < 0n || p.alphaCapRao <= 0n) throw new RangeError('alphaInitialRewardRao / alphaCapRao: must be positive');
}
