/**
 * Neurons joining at chosen uids (register-neuron with pruning): agent i of a group is the same
 * agent (id, draws) wherever it lands, placed neurons replace or append, and nothing else moves.
 */
import { describe, expect, it } from 'vitest';
import { buildJoiningNeurons, buildNeuronsAt, buildPopulation, normalTable, placeNeurons } from '../../src/agents/index.ts';
import type { AgentGroupConfig } from '../../src/sim/index.ts';

const SEED = 11;
const NORMALS = normalTable(SEED);
type Group = AgentGroupConfig & { id: string };
const start: Group[] = [
  { kind: 'honest-validator', id: 'v', count: 2, subnets: 'all', stake: 100n * 1_000_000_000n, noise: 0.05 },
  { kind: 'miner', id: 'm', count: 3, subnets: 'all', quality: { dist: 'uniform', min: 0, max: 1 } },
];
const late: Group = { kind: 'miner', id: 'late', count: 3, subnets: [1], quality: { dist: 'uniform', min: 0, max: 1 } };
const lateV: Group = { kind: 'cabal-validator', id: 'lv', count: 2, subnets: [1], stake: 5n, cabal: 'x' };

describe('buildNeuronsAt / placeNeurons', () => {
  it('agent i has the same id and quality draw whatever uid it takes (and as buildJoiningNeurons gives it)', () => {
    const a = buildJoiningNeurons(SEED, late, 1, 5, [], NORMALS);
    const b = buildNeuronsAt(SEED, late, 1, [5, 6, 7], [], NORMALS);
    const c = buildNeuronsAt(SEED, late, 1, [3, 0, 5], [], NORMALS);
    expect(b.agentId).toEqual(['late/1/0', 'late/1/1', 'late/1/2']);
    expect(Array.from(b.minerQuality)).toEqual(Array.from(a.minerQuality));
    expect(Array.from(c.minerQuality)).toEqual(Array.from(a.minerQuality));
    expect(c.miners.map((m) => m.uid)).toEqual([3, 0, 5]);
  });

  it('replaces the neurons at uids below n and appends at n, n + 1, ...; the rest is unchanged', () => {
    const pop = buildPopulation(SEED, start, [1], 0).subnets[0];
    const uids = [5, 1, 3];
    const joined = placeNeurons(pop, buildNeuronsAt(SEED, late, 1, uids, [], NORMALS), uids);
    expect(joined.n).toBe(6);
    expect(joined.agentId).toEqual(['v/1/0', 'late/1/1', 'm/1/0', 'late/1/2', 'm/1/2', 'late/1/0']);
    expect(joined.role).toEqual(['validator', 'miner', 'miner', 'miner', 'miner', 'miner']);
    expect(Array.from(joined.isMiner)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(joined.stakeRao).toEqual([100_000_000_000n, 0n, 0n, 0n, 0n, 0n]);
    // the replaced validator (uid 1) and miner (uid 3) left; the joiners are listed with their uids
    expect(joined.validators.map((v) => v.id)).toEqual(['v/1/0']);
    expect(joined.miners.map((m) => `${m.id}@${m.uid}`).sort()).toEqual(['late/1/0@5', 'late/1/1@1', 'late/1/2@3', 'm/1/0@2', 'm/1/2@4']);
    expect(joined.minerQuality[2]).toBe(pop.minerQuality[2]);
    // the original population is not changed
    expect(pop.agentId).toEqual(['v/1/0', 'v/1/1', 'm/1/0', 'm/1/1', 'm/1/2']);
  });

  it('validators placed at replaced uids carry that uid, stake and cabal', () => {
    const pop = buildPopulation(SEED, start, [1], 0).subnets[0];
    const cabals: string[] = [];
    const joined = placeNeurons(pop, buildNeuronsAt(SEED, lateV, 1, [4, 2], cabals, NORMALS), [4, 2]);
    expect(joined.validators.map((v) => `${v.id}@${v.uid}`)).toEqual(['v/1/0@0', 'v/1/1@1', 'lv/1/0@4', 'lv/1/1@2']);
    expect(joined.stakeRao[4]).toBe(5n);
    expect(joined.cabalOf[2]).toBe(cabals.indexOf('x'));
    expect(joined.isMiner[2]).toBe(0);
  });

  it('a uid placed twice ends with the later agent (the earlier one is not listed)', () => {
    const pop = buildPopulation(SEED, start, [1], 0).subnets[0];
    const joined = placeNeurons(pop, buildNeuronsAt(SEED, { ...late, count: 2 }, 1, [3, 3], [], NORMALS), [3, 3]);
    expect(joined.agentId[3]).toBe('late/1/1');
    expect(joined.miners.map((m) => m.id).sort()).toEqual(['late/1/1', 'm/1/0', 'm/1/2']);
  });

  it('refuses uids that are neither taken nor the next new ones, and a uid count that is not the group size', () => {
    const pop = buildPopulation(SEED, start, [1], 0).subnets[0];
    const more = buildNeuronsAt(SEED, late, 1, [5, 7, 6], [], NORMALS);
    expect(() => placeNeurons(pop, more, [5, 7, 6])).toThrow(/uid 7/);
    expect(() => buildNeuronsAt(SEED, late, 1, [5, 6], [], NORMALS)).toThrow(/2 uids for 3 agents/);
  });
});
