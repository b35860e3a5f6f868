/**
 * register-neuron into a full subnet, end to end with the dTAO market and Yuma: the new neurons
 * replace the uids get_neuron_to_prune picks (lowest emission at the last epoch, then older
 * registration, then lower uid), start from cleared weights, and earn once validators weight them.
 * Expected values are worked by hand from the scenario (honest validators with no noise weight
 * each miner by its quality).
 */
import { describe, expect, it } from 'vitest';
import { hotkeyStakeOnSubnet } from '../../src/dtao-amm/index.ts';
import { checkScenario, createDtaoMarket, createRun, runScenario, stepRun, yumaConsensus, type Scenario } from '../../src/sim/index.ts';
import { column, memoryRecorder } from '../helpers/recorder.ts';

function scenario(doc: Record<string, unknown>): Scenario {
  const r = checkScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

/**
 * Subnet 1 full at 6 uids: validators at uids 0-1 (1000 alpha each, no noise), miners of quality
 * 0.9 at uids 2-3 and 0.1 at uids 4-5; epochs every 20 blocks from block 1019.
 */
function fullSubnet(hyperparameters: Record<string, number>, events: unknown[], duration = 200): Scenario {
  return scenario({
    name: 'prune',
    seed: 7,
    duration,
    start: { issuance: 1_000_000, block: 1000 },
    subnets: [{ netuid: 1, tempo: 20, hyperparameters: { max_allowed_uids: 6, immunity_period: 30, min_non_immune_uids: 0, ...hyperparameters }, initial_reserves: { tao: 1000, alpha: 1000 } }],
    agents: [
      { kind: 'honest-validator', id: 'v', count: 2, stake: 1000, noise: 0 },
      { kind: 'miner', id: 'good', count: 2, quality: { dist: 'constant', value: 0.9 } },
      { kind: 'miner', id: 'bad', count: 2, quality: { dist: 'constant', value: 0.1 } },
    ],
    events,
  });
}

const newMiners = (block: number, count: number) => ({ kind: 'register-neuron', block, netuid: 1, agent: { kind: 'miner', id: 'new', count, quality: { dist: 'constant', value: 1 } } });

type Rows = ReturnType<typeof rowsOf>;
function rowsOf(rec: ReturnType<typeof memoryRecorder>) {
  const block = column(rec, 'epochs', 'block') as number[];
  const uid = column(rec, 'epochs', 'uid') as number[];
  const id = column(rec, 'epochs', 'agent_id') as string[];
  const incentive = column(rec, 'epochs', 'incentive') as number[];
  const miner = column(rec, 'epochs', 'miner_emission_alpha') as number[];
  return block.map((b, i) => ({ block: b, uid: uid[i], id: id[i], incentive: incentive[i], miner: miner[i] }));
}
const at = (rows: Rows, block: number) => rows.filter((r) => r.block === block);

describe('register-neuron into a full subnet prunes as the chain does', () => {
  it('two new miners replace the two lowest-emission miners (uids 4 and 5), and earn from the epoch after next', () => {
    const sc = fullSubnet({}, [newMiners(1090, 2)]);
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { market: createDtaoMarket(sc, { fullCheckEvery: 1 }), consensus: yumaConsensus() } });
    expect(s.conservation.ok).toBe(true);
    expect(s.events).toEqual({ applied: 1, not_simulated: {} });
    const rows = rowsOf(rec);
    // Before: incentive by quality, 0.9 / 2 = 0.45 and 0.1 / 2 = 0.05; the bad miners earn the least.
    const before = at(rows, 1079);
    expect(before.map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'bad/1/0', 'bad/1/1']);
    expect(before[4].miner).toBe(before[5].miner);
    expect(before[4].miner).toBeLessThan(before[2].miner);
    // The first pick: uids 4 and 5 tie on emission and registration block, so uid 4 (agent new/1/0);
    // then uid 4 is immune (registered now, immunity 30) and uid 5 is the lowest: new/1/1.
    const first = at(rows, 1099);
    expect(first.map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'new/1/0', 'new/1/1']);
    // At 1099 the validators' weights are the ones set at 1079, before the registration: the
    // columns of uids 4 and 5 were cleared, so only the good miners have incentive (0.5 each).
    expect(first.map((r) => r.incentive)).toEqual([0, 0, 0.5, 0.5, 0, 0]);
    expect(first[4].miner).toBe(0);
    // From 1119 the weights set at 1099 see the new miners: 0.9, 0.9, 1, 1, stored as the chain's
    // u16 (max-upscaled: 1 -> 65535, 0.9 -> 0.9 * 65535 = 58981.5, a tie, to even 58982), so
    // 65535 and 58982 over 2 * 58982 + 2 * 65535 = 249034.
    const later = at(rows, 1119);
    expect(later[4].incentive).toBeCloseTo(65535 / 249034, 12);
    expect(later[2].incentive).toBeCloseTo(58982 / 249034, 12);
    expect(later[4].miner).toBeGreaterThan(later[2].miner);
    expect(later[5].miner).toBe(later[4].miner);
  });

  it('with immunity_period 0 the second registration replaces the first (emission 0 is the lowest), as the chain would', () => {
    const sc = fullSubnet({ immunity_period: 0 }, [newMiners(1090, 2)]);
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { market, consensus: yumaConsensus() } });
    expect(s.conservation.ok).toBe(true);
    expect(at(rowsOf(rec), 1099).map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'new/1/1', 'bad/1/1']);
    expect(market.hotkeyAt(1, 4)).toBe(market.idOf('new/1/1'));
    // new/1/0 registered (the ledger knows its hotkey) and was pruned in the same block
    expect(market.accounts.ids.has('new/1/0')).toBe(true);
  });

  it('chain defaults (immunity 4096, floor 10), before the first epoch: every uid is immune with no emission, so uid 0 goes', () => {
    const sc = fullSubnet({ immunity_period: 4096, min_non_immune_uids: 10 }, [newMiners(1005, 1)]);
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { market: createDtaoMarket(sc), consensus: yumaConsensus() } });
    expect(s.events).toEqual({ applied: 1, not_simulated: {} });
    expect(at(rowsOf(rec), 1019).map((r) => r.id)).toEqual(['new/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'bad/1/0', 'bad/1/1']);
  });

  it('same seed, same scenario with pruning: identical tables', () => {
    const run = () => {
      const sc = fullSubnet({}, [newMiners(1090, 2)]);
      const rec = memoryRecorder();
      runScenario(sc, rec, { components: { market: createDtaoMarket(sc), consensus: yumaConsensus() } });
      return JSON.stringify([...rec.tables].map(([k, t]) => [k, t.rows]), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    };
    expect(run()).toBe(run());
  });

  it('at the chain default min_non_immune_uids (10) a 6-uid subnet has nothing to prune: the neurons are refused', () => {
    const sc = fullSubnet({ min_non_immune_uids: 10 }, [newMiners(1090, 2)]);
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { market: createDtaoMarket(sc), consensus: yumaConsensus() } });
    expect(s.events).toEqual({ applied: 0, not_simulated: { 'register-neuron(subnet full, no uid to prune)': 2 } });
    expect(at(rowsOf(rec), 1099).map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'bad/1/0', 'bad/1/1']);
  });

  it('with room for one: the first neuron takes the next uid (6), the second replaces uid 4', () => {
    const sc = fullSubnet({ max_allowed_uids: 7 }, [newMiners(1090, 2)]);
    const rec = memoryRecorder();
    runScenario(sc, rec, { components: { market: createDtaoMarket(sc), consensus: yumaConsensus() } });
    // the appended uid 6 is immune (registered now) and has no emission; uid 4 is the lowest non-immune
    expect(at(rowsOf(rec), 1099).map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'new/1/1', 'bad/1/1', 'new/1/0']);
  });

  it('without a market no uid has emission: the oldest registration, then the lowest uid, goes', () => {
    const sc = fullSubnet({}, [newMiners(1090, 1)]);
    const rec = memoryRecorder();
    runScenario(sc, rec, { components: { consensus: yumaConsensus() } });
    // without a market epochs run every tempo from the start: 1020, 1040, ..., 1100
    const rows = rowsOf(rec);
    expect(at(rows, 1080).map((r) => r.id)).toEqual(['v/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'bad/1/0', 'bad/1/1']);
    expect(at(rows, 1100).map((r) => r.id)).toEqual(['new/1/0', 'v/1/1', 'good/1/0', 'good/1/1', 'bad/1/0', 'bad/1/1']);
  });

  it('a replaced validator: its hotkey keeps its stake in the ledger, its uid reads the new neuron, its weights and bonds start over', () => {
    // Validator uid 1 is deregistered at 1061: the epoch at 1079 pays it nothing, so at 1090 it has the
    // lowest emission (0, against 410,002,288 for each bad miner) and the new validator replaces it.
    const sc = fullSubnet({}, [{ kind: 'deregister-neuron', block: 1061, netuid: 1, uid: 1 }, { kind: 'register-neuron', block: 1090, netuid: 1, agent: { kind: 'honest-validator', id: 'nv', count: 1, stake: 10, noise: 0 } }]);
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    const rec = memoryRecorder();
    const state = createRun(sc, rec, { market, consensus: yumaConsensus() });
    stepRun(state, 90); // blocks 1000..1089
    const oldHotkey = market.idOf('v/1/1');
    const oldStake = hotkeyStakeOnSubnet(market.net, 1, oldHotkey);
    expect(oldStake).toBeGreaterThanOrEqual(1000e9);
    stepRun(state, 1); // block 1090: the registration
    expect(market.hotkeyAt(1, 1)).toBe(market.idOf('nv/1/0'));
    expect(hotkeyStakeOnSubnet(market.net, 1, oldHotkey)).toBe(oldStake);
    const s = state.bySubnet.get(1)!;
    expect(s.registeredAt[1]).toBe(1090);
    expect(s.lastUpdate[1]).toBe(1090);
    for (let j = 0; j < s.n; j++) {
      expect(s.weights[1 * s.n + j]).toBe(0);
      expect(s.weights[j * s.n + 1]).toBe(0);
    }
    while (!stepRun(state, 4096));
    const rows = rowsOf(rec);
    expect(at(rows, 1079)[1].id).toBe('v/1/1');
    expect(at(rows, 1099)[1].id).toBe('nv/1/0');
  });
});
