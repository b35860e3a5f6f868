import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { NORMAL_TABLE_SIZE, buildPopulation, normalTable, sample, streamRng, streamSeed } from '../../src/agents/index.ts';
import { checkScenario } from '../../src/sim/index.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

function draws(seed: number, id: string, k = 5): number[] {
  const r = streamRng(seed, id);
  return Array.from({ length: k }, () => r());
}

describe('agent streams', () => {
  it('draw what seedrandom\'s Alea draws from the same seed text, bit for bit', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, id) => {
        const ours = streamRng(seed, id);
        const theirs = seedrandom.alea(streamSeed(seed, id));
        for (let k = 0; k < 2000; k++) {
          const a = ours();
          const b = theirs();
          if (!Object.is(a, b)) throw new Error(`draw ${k}: ${a} != ${b}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('depend only on (seed, id)', () => {
    expect(draws(1, 'miner/1/0')).toEqual(draws(1, 'miner/1/0'));
    expect(draws(1, 'miner/1/0')).not.toEqual(draws(2, 'miner/1/0'));
    expect(draws(1, 'miner/1/0')).not.toEqual(draws(1, 'miner/1/1'));
    // the derivation is sha256 of "<seed>\0<id>" (an independent check of its first bytes)
    expect(streamSeed(0, 'a')).toMatch(/^[0-9a-f]{64}$/);
    expect(streamSeed(1, '2/3')).not.toBe(streamSeed(12, '/3'));
  });

  it('adding an agent group never changes another agent’s draws', () => {
    const base = checkScenario(tinyScenario());
    const more = checkScenario(
      tinyScenario({
        agents: [
          { kind: 'miner', id: 'newcomers', count: 4 },
          ...(tinyScenario().agents as unknown[]),
          { kind: 'honest-validator', id: 'late', count: 2 },
        ],
      }),
    );
    if (!base.ok || !more.ok) throw new Error('invalid');
    const a = buildPopulation(5, base.scenario.agents, [1, 2], 0);
    const b = buildPopulation(5, more.scenario.agents, [1, 2], 0);
    for (const [i, sa] of a.subnets.entries()) {
      const sb = b.subnets[i];
      for (const m of sa.miners) {
        const other = sb.miners.find((x) => x.id === m.id)!;
        expect(other.quality).toBe(m.quality);
      }
    }
    // the newcomers took the first uids, yet the original miners kept their qualities
    expect(b.subnets[0].agentId[0]).toBe('newcomers/1/0');
  });
});

describe('distributions', () => {
  const r = streamRng(3, 'dist');
  const mean = (f: () => number, k = 20000) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += f();
    return s / k;
  };
  it('have the right means (within 4 standard errors)', () => {
    expect(sample({ dist: 'constant', value: 0.3 }, r)).toBe(0.3);
    // uniform(2, 4): mean 3, sd 2/sqrt(12) = 0.577 -> se 0.0041
    expect(Math.abs(mean(() => sample({ dist: 'uniform', min: 2, max: 4 }, r)) - 3)).toBeLessThan(4 * 0.0041);
    // normal(1, 2): se 2/sqrt(20000) = 0.0141
    expect(Math.abs(mean(() => sample({ dist: 'normal', mean: 1, sd: 2 }, r)) - 1)).toBeLessThan(4 * 0.0141);
    // beta(2, 5): mean 2/7, var ab/((a+b)^2 (a+b+1)) = 10/392 -> sd 0.1597, se 0.00113
    expect(Math.abs(mean(() => sample({ dist: 'beta', a: 2, b: 5 }, r)) - 2 / 7)).toBeLessThan(4 * 0.00113);
    // beta(0.5, 0.5) exercises the shape < 1 branch: mean 1/2, sd 1/sqrt(8) -> se 0.0025
    expect(Math.abs(mean(() => sample({ dist: 'beta', a: 0.5, b: 0.5 }, r)) - 0.5)).toBeLessThan(4 * 0.0025);
  });
});

describe('the shared normal table', () => {
  it('holds standard normals, depends on the seed only', () => {
    const t = normalTable(9);
    expect(t.length).toBe(NORMAL_TABLE_SIZE);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const v = t.reduce((a, b) => a + (b - mean) ** 2, 0) / (t.length - 1);
    // se of the mean 1/256; sd of the variance ~ sqrt(2/65536) = 0.0055
    expect(Math.abs(mean)).toBeLessThan(4 / 256);
    expect(Math.abs(v - 1)).toBeLessThan(4 * 0.0055);
    expect(normalTable(9)).toEqual(t);
    expect(normalTable(10)[0]).not.toBe(t[0]);
  });
  it('holds the "#normals" stream\'s Box-Muller draws, each rounded to float32', () => {
    const t = normalTable(9);
    const r = streamRng(9, '#normals');
    for (let i = 0; i < 2000; i++) {
      let u = r();
      while (u === 0) u = r();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
      expect(t[i]).toBe(Math.fround(z));
      expect(Math.abs(t[i] - z)).toBeLessThanOrEqual(Math.abs(z) * 2 ** -24);
    }
  });
});
