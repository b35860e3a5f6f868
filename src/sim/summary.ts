/**
 * summary.json's content (docs/outputs.md), computed from the finished run's state. Amounts in
 * rao are bigints (the writer prints them as decimal strings). Gaming metrics are per subnet
 * (alpha of different subnets is not one unit) and their plain mean across subnets at the top.
 */
import { issuanceOf, totalMinted, totalRecycled } from '../emission/index.ts';
import type { RunState } from './engine.ts';
import { giniCoefficient, meanByKind, memberShare } from './metrics.ts';
import type { SubnetState } from './subnetState.ts';

export interface SubnetGaming {
  netuid: number;
  gini_rewards: number | null;
  cabal_reward_share: number | null;
  cabal_stake_share: number | null;
}

export interface RunSummary {
  scenario_name: string;
  seed: number;
  blocks: number;
  start_block: number;
  end_block: number;
  components: { market: boolean; consensus: boolean };
  totals: {
    minted_rao: bigint;
    recycled_rao: bigint;
    issuance_start_rao: bigint;
    issuance_end_rao: bigint;
    epochs: number;
  };
  conservation: { ok: boolean; checked_blocks: number; first_failure: null | { block: number; detail: string } };
  halvings: { index: number; block: number; issuance_rao: bigint }[];
  gaming: {
    cabal_reward_share: number | null;
    cabal_stake_share: number | null;
    gini_rewards: number | null;
    validator_trust_by_kind: Record<string, number>;
    by_subnet: SubnetGaming[];
  };
  events: { applied: number; not_simulated: Record<string, number> };
  operations: { executed: number; refused: Record<string, number>; not_simulated: number };
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function subnetGaming(s: SubnetState, haveRewards: boolean): SubnetGaming {
  const n = s.n;
  const cabalMember = new Uint8Array(n);
  const cabalValidator = new Uint8Array(n);
  const validatorStake = new Float64Array(n);
  let anyCabal = false;
  for (let i = 0; i < n; i++) {
    if (s.pop.cabalOf[i] >= 0) {
      cabalMember[i] = 1;
      anyCabal = true;
    }
    if (s.pop.role[i] === 'validator') {
      validatorStake[i] = s.stakeSum[i];
      if (s.pop.cabalOf[i] >= 0) cabalValidator[i] = 1;
    }
  }
  const ran = s.epochs > 0;
  return {
    netuid: s.netuid,
    gini_rewards: haveRewards && ran ? giniCoefficient(s.rewardAlpha, n, new Float64Array(n)) : null,
    cabal_reward_share: haveRewards && ran && anyCabal ? memberShare(s.rewardAlpha, cabalMember, n) : null,
    cabal_stake_share: ran && anyCabal ? memberShare(validatorStake, cabalValidator, n) : null,
  };
}

function trustByKind(subnets: readonly SubnetState[]): Record<string, number> {
  const names: string[] = [];
  const values: number[] = [];
  const kinds: number[] = [];
  for (const s of subnets) {
    for (let i = 0; i < s.n; i++) {
      if (s.trustCount[i] === 0) continue;
      const kind = s.pop.agentKind[i];
      let k = names.indexOf(kind);
      if (k < 0) k = names.push(kind) - 1;
      values.push(s.trustSum[i] / s.trustCount[i]);
      kinds.push(k);
    }
  }
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : 1));
  const out = meanByKind(Float64Array.from(values), Int32Array.from(kinds), values.length, names, new Float64Array(names.length), new Float64Array(names.length));
  const sorted: Record<string, number> = {};
  for (const i of order) if (names[i] in out) sorted[names[i]] = out[names[i]];
  return sorted;
}

export function summarize(state: RunState): RunSummary {
  const sc = state.scenario;
  const haveRewards = state.components.market !== undefined;
  const bySubnet = state.subnets.map((s) => subnetGaming(s, haveRewards));
  const pick = (f: (g: SubnetGaming) => number | null) => mean(bySubnet.map(f).filter((x): x is number => x !== null));
  return {
    scenario_name: sc.name,
    seed: sc.seed,
    blocks: sc.durationBlocks,
    start_block: sc.startBlock,
    end_block: state.endBlock - 1,
    components: { market: state.components.market !== undefined, consensus: state.components.consensus !== undefined },
    totals: {
      minted_rao: totalMinted(state.clock),
      recycled_rao: totalRecycled(state.clock),
      issuance_start_rao: sc.startIssuanceRao,
      issuance_end_rao: issuanceOf(state.clock),
      epochs: state.epochsRun,
    },
    conservation: {
      ok: state.conservation.ok,
      checked_blocks: state.conservation.checkedBlocks,
      first_failure: state.conservation.firstFailure,
    },
    halvings: state.halvings.map((h) => ({ index: h.index, block: h.block, issuance_rao: h.issuanceRao })),
    gaming: {
      cabal_reward_share: pick((g) => g.cabal_reward_share),
      cabal_stake_share: pick((g) => g.cabal_stake_share),
      gini_rewards: pick((g) => g.gini_rewards),
      validator_trust_by_kind: trustByKind(state.subnets),
      by_subnet: bySubnet,
    },
    events: { applied: state.eventTally.applied, not_simulated: { ...state.eventTally.notSimulated } },
    operations: { executed: state.opTally.executed, refused: { ...state.opTally.refused }, not_simulated: state.opTally.notSimulated },
  };
}
