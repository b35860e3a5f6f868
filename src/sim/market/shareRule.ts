/** The scenario's share rule in the ledger's terms. */
import type { DtaoParams, ShareRule } from '../../dtao-amm/index.ts';
import type { ShareRuleConfig } from '../scenarioSchema.ts';

const I64_MAX = 9_223_372_036_854_775_807n;

/** Scenario rule names to the ledger's: price-ema-burn is the chain's current rule. */
export function ledgerRule(rule: ShareRuleConfig['rule']): ShareRule {
  if (rule === 'price-ema-burn') return 'price-burn';
  if (rule === 'price-ema') return 'price-ema';
  return 'flow-ema';
}

/**
 * The flow rule's parameters as the chain stores them: FlowEmaSmoothingFactor is the newest
 * block's EMA weight x i64::MAX (rounded to the nearest integer), TaoFlowCutoff, FlowNormExponent,
 * NetTaoFlowEnabled.
 */
export function flowParams(c: ShareRuleConfig): Pick<DtaoParams, 'flowSmoothingI64' | 'flowCutoff' | 'flowExponent' | 'netFlowEnabled'> {
  const f = c.flow;
  // f in (0, 1]: scale in two steps so the product keeps its 53 significant bits.
  const scaled = BigInt(Math.round(f.ema_smoothing_factor * 2 ** 53)) * (I64_MAX + 1n) / 2n ** 53n;
  return {
    flowSmoothingI64: scaled > I64_MAX ? I64_MAX : scaled,
    flowCutoff: f.cutoff,
    flowExponent: f.norm_exponent,
    netFlowEnabled: f.net_flow_enabled,
  };
}
