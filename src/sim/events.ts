/**
 * Scenario events, applied at their block in file order. The engine applies what it owns
 * (recycling, hyperparameters and Yuma variants the consensus reads, subnets and neurons it
 * schedules, agents); the market gets the rest. Without a market, market events are counted
 * as not simulated in summary.json rather than silently dropped.
 */
import { buildStakers } from '../agents/index.ts';
import { PHASE_AGENT, pushEvent } from './eventQueue.ts';
import { groupOf, recycle, type RunState } from './engine.ts';
import type { MarketEvent } from './ports.ts';
import type { EventConfig } from './scenarioSchema.ts';
import { createSubnetState, growSubnetState, lastEmissionAlpha, neuronsChanged, ownWeights, replaceNeurons, sharesWeights, weightsChanged } from './subnetState.ts';
import { buildNeuronsAt, buildPopulation, placeNeurons } from '../agents/index.ts';
import { uidsToPrune } from './pruning.ts';

export interface EventTally {
  applied: number;
  notSimulated: Record<string, number>;
}

function notSimulated(state: RunState, kind: string): void {
  const t = state.eventTally.notSimulated;
  t[kind] = (t[kind] ?? 0) + 1;
}

function toMarket(state: RunState, event: MarketEvent, block: number): boolean {
  const market = state.components.market;
  if (!market) {
    notSimulated(state, event.kind);
    return false;
  }
  market.applyEvent(event, block);
  return true;
}

export function applyEvent(state: RunState, event: EventConfig, block: number): void {
  const market = state.components.market;
  switch (event.kind) {
    case 'recycle':
      recycleBig(state, event.amount);
      break;
    case 'set-share-rule':
      state.shareRule = event.share_rule.rule;
      toMarket(state, event, block);
      break;
    case 'set-hyperparameter': {
      const s = state.bySubnet.get(event.netuid);
      if (s) s.hyperparameters = { ...s.hyperparameters, [event.name]: event.value };
      if (market) market.applyEvent(event, block);
      break;
    }
    case 'set-yuma-variant': {
      const s = state.bySubnet.get(event.netuid);
      if (s) s.config = { ...s.config, yuma: event.yuma };
      break;
    }
    case 'set-pool-curve':
    case 'set-owner-cut':
    case 'price-shock':
      if (!toMarket(state, event, block)) return;
      break;
    case 'register-subnet': {
      const pop = buildPopulation(state.scenario.seed, [], [event.subnet.netuid], block).subnets[0];
      const s = createSubnetState(event.subnet, pop, block, sharesWeights(state.components.consensus));
      state.subnets.push(s);
      state.bySubnet.set(s.netuid, s);
      market?.addSubnet(event.subnet, block);
      break;
    }
    case 'deregister-subnet': {
      const s = state.bySubnet.get(event.netuid);
      if (s) s.active = false;
      market?.removeSubnet(event.netuid, block);
      state.components.consensus?.resetSubnet(event.netuid);
      break;
    }
    case 'deregister-neuron': {
      const s = state.bySubnet.get(event.netuid);
      if (s && event.uid < s.n) {
        s.validatorAt[event.uid] = null;
        s.pop.isMiner[event.uid] = 0;
        s.pop.minerQuality[event.uid] = 0;
        ownWeights(s);
        s.weights.fill(0, event.uid * s.n, (event.uid + 1) * s.n);
        weightsChanged(s);
        neuronsChanged(s);
        s.lastUpdate[event.uid] = -1;
        market?.deregisterNeuron(event.netuid, event.uid, block);
      }
      break;
    }
    case 'agent-arrive': {
      const group = { ...event.agent, id: event.agent.id ?? event.agent.kind };
      const stakers = buildStakers(state.scenario.seed, group, block);
      for (const st of stakers) pushEvent(state.queue, Math.max(st.firstBlock, block + 1), PHASE_AGENT, { phase: PHASE_AGENT, staker: st });
      if (stakers.length === 0) notSimulated(state, 'agent-arrive(neuron: use register-neuron)');
      break;
    }
    case 'agent-leave':
      if (!agentLeaves(state, event.agent_id)) {
        notSimulated(state, 'agent-leave(unknown agent)');
        return;
      }
      break;
    case 'register-neuron':
      if (!registerNeurons(state, event, block)) return;
      break;
  }
  state.eventTally.applied++;
}

/**
 * Neurons of a group join a subnet, one after another as the chain registers them
 * (`register_neuron`, subnets/registration.rs @ 14bc6f9f): at the next free uid while the subnet
 * has fewer than max_allowed_uids, else replacing the uid `get_neuron_to_prune` picks (pruning.ts:
 * lowest emission at the last epoch, older registration, lower uid; immunity_period and
 * min_non_immune_uids as the chain; the owner's hotkey holds no uid here, so none is immortal).
 * A neuron for which no uid can be pruned is refused (counted as not simulated), as are the
 * ones after it; the event counts as applied when at least one neuron joined.
 */
function registerNeurons(state: RunState, event: Extract<EventConfig, { kind: 'register-neuron' }>, block: number): boolean {
  const old = state.bySubnet.get(event.netuid);
  const g = event.agent;
  if (!old || !old.active || !('subnets' in g)) {
    notSimulated(state, 'register-neuron(not a neuron or no subnet)');
    return false;
  }
  const h = old.hyperparameters;
  const appended = Math.min(g.count, Math.max(0, h.max_allowed_uids - old.n));
  const uids: number[] = [];
  for (let k = 0; k < appended; k++) uids.push(old.n + k);
  // The picks see the neurons appended before them: registered now, no emission yet.
  const n = old.n + appended;
  const emission = new Float64Array(n);
  const registeredAt = new Float64Array(n).fill(block);
  for (let uid = 0; uid < old.n; uid++) {
    emission[uid] = lastEmissionAlpha(old, uid);
    registeredAt[uid] = old.registeredAt[uid];
  }
  const pruned = uidsToPrune(g.count - appended, n, emission, registeredAt, block, h.immunity_period, h.min_non_immune_uids, null);
  uids.push(...pruned);
  for (let k = uids.length; k < g.count; k++) notSimulated(state, 'register-neuron(subnet full, no uid to prune)');
  if (uids.length === 0) return false;
  const group = { ...g, id: g.id ?? g.kind, count: uids.length };
  const joining = buildNeuronsAt(state.scenario.seed, group, event.netuid, uids, state.cabals, state.normals);
  const s = growSubnetState(old, placeNeurons(old.pop, joining, uids), block);
  replaceNeurons(s, pruned, block);
  state.subnets[state.subnets.indexOf(old)] = s;
  state.bySubnet.set(s.netuid, s);
  for (const uid of pruned) state.components.consensus?.clearNeuron?.(s.netuid, uid);
  // In registration order, each with its own hotkey (a uid can be taken twice: with no immunity the
  // chain may prune a neuron registered in the same block). A replaced hotkey keeps its stake and
  // its nominators theirs (the chain moves no stake).
  uids.forEach((uid, k) => state.components.market?.registerNeuron(s.netuid, uid, joining.agentId[k], joining.stakeRao[k], block));
  return true;
}

/**
 * An agent (by id) or a whole group (by group id) leaves: stakers stop acting; validators stop
 * setting weights (their last row stays and ages out under activity_cutoff); miners stop
 * working (quality 0). Neurons stay registered, as on chain until pruned.
 */
function agentLeaves(state: RunState, id: string): boolean {
  state.departed.add(id);
  let found = false;
  for (const s of state.subnets) {
    for (let uid = 0; uid < s.n; uid++) {
      const aid = s.pop.agentId[uid];
      if (aid !== id && groupOf(aid) !== id) continue;
      found = true;
      s.validatorAt[uid] = null;
      s.pop.minerQuality[uid] = 0;
    }
  }
  const stakerGroups = [...state.scenario.agents, ...state.scenario.events.flatMap((e) => (e.kind === 'agent-arrive' ? [e.agent] : []))]
    .filter((g) => !('subnets' in g))
    .map((g) => g.id ?? g.kind);
  return found || stakerGroups.includes(groupOf(id));
}

/** A recycle event's amount may exceed 2^53 rao in principle; recycle it in exact pieces. */
function recycleBig(state: RunState, amountRao: bigint): void {
  const piece = BigInt(Number.MAX_SAFE_INTEGER);
  let left = amountRao;
  while (left > 0n) {
    const take = left > piece ? piece : left;
    recycle(state, Number(take));
    left -= take;
  }
}
