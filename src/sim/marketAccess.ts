/**
 * What stakers see and do: a MarketView over the engine's state and the market, and the
 * user's operations, forwarded to the market (refusals are counted by their code; without a
 * market they are counted as not simulated).
 */
import type { MarketView, Operations } from '../agents/index.ts';
import { priceAgo, type RunState } from './engine.ts';

export interface OperationTally {
  executed: number;
  refused: Record<string, number>;
  notSimulated: number;
}

export function createMarketView(state: RunState, block: number): MarketView {
  const market = state.components.market;
  return {
    block,
    netuids: state.subnets.filter((s) => s.active).map((s) => s.netuid),
    priceTao: (netuid) => (market ? market.priceTao(netuid) : Number.NaN),
    priceTaoAgo: (netuid, ago) => priceAgo(state, netuid, block, ago),
    yieldPerEpoch: (netuid) => state.bySubnet.get(netuid)?.yieldEma ?? Number.NaN,
    heldAlpha: (agentId, netuid) => (market ? market.heldAlpha(agentId, netuid) : 0n),
  };
}

function attempt(state: RunState, op: () => void): void {
  if (!state.components.market) {
    state.opTally.notSimulated++;
    return;
  }
  try {
    op();
    state.opTally.executed++;
  } catch (e) {
    const code = e instanceof Error ? e.message : String(e);
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw e;
    state.opTally.refused[code] = (state.opTally.refused[code] ?? 0) + 1;
  }
}

export function createOperations(state: RunState, block: number): Operations {
  const market = state.components.market;
  return {
    stake: (agentId, netuid, taoRao) => attempt(state, () => market?.stake(agentId, netuid, taoRao, block)),
    unstake: (agentId, netuid, alphaRao) => attempt(state, () => market?.unstake(agentId, netuid, alphaRao, block)),
    moveStake: (agentId, from, to, alphaRao) => attempt(state, () => market?.moveStake(agentId, from, to, alphaRao, block)),
  };
}
