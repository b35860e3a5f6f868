/**
 * Yuma Consensus hyperparameters in the chain's own units, and the floats the kernel derives
 * from them once per call (`resolveYumaParams`), so the hot loop reads plain numbers.
 */

/** Which bonds rule runs: the chain's `Yuma3On` and `LiquidAlphaOn` flags folded into one name. */
export type YumaVariant = 'classic' | 'yuma3' | 'yuma3-liquid';
export const YUMA_VARIANTS: readonly YumaVariant[] = ['classic', 'yuma3', 'yuma3-liquid'];

/** Hyperparameters as the chain stores them (u16 proportions, millionths, blocks, rao). */
export interface YumaParams {
  /** Consensus majority as u16: kappa = kappaU16 / 65535. */
  readonly kappaU16: number;
  /** 0 = bonds from raw weights, 65535 = bonds from clipped weights (u16). */
  readonly bondsPenaltyU16: number;
  /** Bonds EMA in millionths: alpha = 1 - value / 1e6. */
  readonly bondsMovingAverage: number;
  /** Blocks after its last weight update before a uid counts as inactive. */
  readonly activityCutoff: number;
  /** k of the top-k validator permits. */
  readonly maxAllowedValidators: number;
  /** Stake (rao) below which a uid's stake counts as zero. */
  readonly stakeThresholdRao: number;
  /** classic (Yuma3On = false), yuma3 (Yuma3On, LiquidAlphaOn = false), yuma3-liquid (both on). */
  readonly variant: YumaVariant;
  /** Liquid alpha bounds as u16 proportions (only read by yuma3-liquid). */
  readonly alphaLowU16: number;
  readonly alphaHighU16: number;
  /** i16 on chain; the sigmoid is 1 / (1 + exp(-(steepness / 100) * (diff - 0.5))). */
  readonly alphaSigmoidSteepness: number;
}

/** The chain's defaults (mainnet initial values at commit 14bc6f9f). */
export const DEFAULT_YUMA_PARAMS: YumaParams = {
  kappaU16: 32767,
  bondsPenaltyU16: 65535,
  bondsMovingAverage: 900_000,
  activityCutoff: 5000,
  maxAllowedValidators: 64,
  stakeThresholdRao: 0,
  variant: 'classic',
  alphaLowU16: 45875,
  alphaHighU16: 58982,
  alphaSigmoidSteepness: 1000,
};

export const U16_MAX = 65535;

/** Floats derived from the params, as `get_float_kappa` and friends compute them. */
export interface ResolvedYumaParams {
  readonly kappa: number;
  readonly bondsPenalty: number;
  /** EMA coefficient of the new observation: 1 - bondsMovingAverage / 1e6. */
  readonly emaAlpha: number;
  readonly activityCutoff: number;
  readonly maxAllowedValidators: number;
  readonly stakeThresholdRao: number;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly alphaLow: number;
  readonly alphaHigh: number;
  /** steepness / -100: the factor in front of (diff - 0.5) inside exp(). */
  readonly sigmoidScale: number;
}

export function resolveYumaParams(p: YumaParams): ResolvedYumaParams {
  return {
    kappa: p.kappaU16 / U16_MAX,
    bondsPenalty: p.bondsPenaltyU16 / U16_MAX,
    emaAlpha: 1 - p.bondsMovingAverage / 1_000_000,
    activityCutoff: p.activityCutoff,
    maxAllowedValidators: p.maxAllowedValidators,
    stakeThresholdRao: p.stakeThresholdRao,
    yuma3: p.variant !== 'classic',
    liquidAlpha: p.variant === 'yuma3-liquid',
    alphaLow: p.alphaLowU16 / U16_MAX,
    alphaHigh: p.alphaHighU16 / U16_MAX,
    sigmoidScale: p.alphaSigmoidSteepness / -100,
  };
}
