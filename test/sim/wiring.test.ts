import { describe, expect, it } from 'vitest';
import { checkScenario, runScenario, type Scenario } from '../../src/sim/index.ts';
import { fakeConsensus } from '../helpers/fakeConsensus.ts';
import { fakeMarket } from '../helpers/fakeMarket.ts';
import { column, memoryRecorder } from '../helpers/recorder.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

function scenario(doc: Record<string, unknown>): Scenario {
  const r = checkScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('engine wiring through the market port (test doubles, not dTAO or Yuma)', () => {
  it('registers subnets and neurons, records blocks.csv, takes the market’s recycling out of issuance', () => {
    const market = fakeMarket({ recyclePerBlock: 1000 });
    const rec = memoryRecorder();
    const s = runScenario(scenario(tinyScenario({ outputs: { every_blocks: 10 } })), rec, { components: { market, consensus: fakeConsensus() } });
    expect(market.log[0]).toBe('add 1');
    expect(market.log.filter((l) => l.startsWith('add'))).toEqual(['add 1', 'add 2']);
    expect(market.log).toContain('neuron 1/0 honest-validator/1/0 100000000000');
    expect(column(rec, 'blocks', 'netuid')).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
    expect(column(rec, 'blocks', 'tao_reserve_rao')[0]).toBe(10n ** 12n);
    // 40 blocks x 1000 rao from the market plus the scenario's 5 TAO event
    expect(s.totals.recycled_rao).toBe(40_000n + 5_000_000_000n);
    expect(s.conservation.ok).toBe(true);
    expect(s.components).toEqual({ market: true, consensus: true });
    expect(s.operations.executed).toBe(4);
    expect(s.gaming.gini_rewards).not.toBeNull();
    expect(s.gaming.cabal_stake_share).not.toBeNull();
    const emission = column(rec, 'epochs', 'miner_emission_alpha');
    expect(emission.every((x) => typeof x === 'number')).toBe(true);
  });

  it('reports the first block at which the market’s conservation check fails', () => {
    const s = runScenario(scenario(tinyScenario()), memoryRecorder(), { components: { market: fakeMarket({ failAt: 117 }) } });
    expect(s.conservation.ok).toBe(false);
    expect(s.conservation.first_failure).toEqual({ block: 117, detail: 'TAO went missing' });
  });

  it('momentum traders see the price history; refused operations are counted by code', () => {
    const market = fakeMarket();
    const sc = scenario(
      tinyScenario({
        duration: 60,
        agents: [
          { kind: 'miner', count: 2 },
          { kind: 'momentum-trader', count: 1, amount: 1, every_blocks: 10, lookback_blocks: 5, threshold: 0.001, netuids: [1] },
          { kind: 'whale', amount: 3, netuid: 2, block: 120, action: 'unstake' },
        ],
      }),
    );
    const s = runScenario(sc, memoryRecorder(), { components: { market } });
    // the price rises 0.001 a block from ~1.1: over 5 blocks ~0.45% > 0.1%, so each action after the first 5 blocks stakes
    expect(market.ops.length).toBeGreaterThan(3);
    expect(market.ops.every((o) => o.startsWith('stake momentum-trader/0 1 '))).toBe(true);
    expect(s.operations.refused).toEqual({ INSUFFICIENT_STAKE: 1 });
  });

  it('agent-leave stops a staker group and a validator', () => {
    const consensus = fakeConsensus();
    const sc = scenario(
      tinyScenario({
        agents: [
          { kind: 'honest-validator', count: 2 },
          { kind: 'miner', count: 2 },
          { kind: 'yield-chaser', count: 1, every_blocks: 5 },
        ],
        events: [
          { kind: 'agent-leave', block: 112, agent_id: 'honest-validator/1/1' },
          { kind: 'agent-leave', block: 112, agent_id: 'yield-chaser' },
        ],
      }),
    );
    const market = fakeMarket();
    const s = runScenario(sc, memoryRecorder(), { components: { consensus, market } });
    const sub1 = consensus.calls.filter((c) => c.netuid === 1);
    expect(sub1.map((c) => c.lastUpdate.slice(0, 2))).toEqual([
      // weights are set right after each epoch for the next; 1/1 left at 112, after setting them at 109
      [109, 109],
      [109, 109],
      [118, 109],
      [127, 109],
    ]);
    expect(s.events.applied).toBe(2);
    // the chaser acted at most until block 112
    expect(market.ops.length).toBeLessThanOrEqual(1);
  });
});

describe('neurons joining', () => {
  it('register-neuron appends uids, keeps the old ones, and the new validators set weights', () => {
    const consensus = fakeConsensus();
    const sc = scenario(
      tinyScenario({
        events: [{ kind: 'register-neuron', block: 112, netuid: 1, agent: { kind: 'honest-validator', id: 'late', count: 1, stake: 7 } }],
      }),
    );
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { consensus } });
    const sub1 = consensus.calls.filter((c) => c.netuid === 1);
    expect(sub1.map((c) => c.n)).toEqual([6, 7, 7, 7]);
    // the old validators set these right after the epoch at 109; the newcomer (joined at 112) at 118
    expect(sub1[1].lastUpdate).toEqual([109, 109, 109, -1, -1, -1, 118]);
    expect(s.events.applied).toBe(1); // the registration (this scenario's events replace the recycle)
    const ids = column(rec, 'epochs', 'agent_id');
    expect(ids).toContain('late/1/0');
  });

  it('refuses arriving groups whose id is taken, or of the wrong kind', () => {
    const r = checkScenario(
      tinyScenario({
        events: [
          { kind: 'register-neuron', block: 112, netuid: 1, agent: { kind: 'miner' } },
          { kind: 'agent-arrive', block: 112, agent: { kind: 'miner', id: 'm2' } },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path.join('.'))).toEqual(['events.0.agent.id', 'events.1.agent.kind']);
  });
});
