import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { yumaConsensus } from '../../src/sim/consensusAdapter.ts';
import { epochResultBuffers, type EpochInput, type EpochResult } from '../../src/sim/ports.ts';
import { hyperparameters, activityCutoffBlocks } from '../../src/sim/scenarioSchema.ts';
import { naiveEpoch, type NaiveParams } from '../yuma/naive.ts';

const TEMPO = 10;

interface Graph {
  n: number;
  validators: number[];
  stake: number[];
  weights: number[][];
  variant: 'classic' | 'yuma3' | 'yuma3-liquid';
  kappa: number;
}

const graphArb = fc
  .record({
    n: fc.integer({ min: 2, max: 14 }),
    variant: fc.constantFrom('classic' as const, 'yuma3' as const, 'yuma3-liquid' as const),
    kappa: fc.constantFrom(32767, 45000, 20000),
    seedWeights: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 196, maxLength: 196 }),
    seedStake: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 14, maxLength: 14 }),
    seedValidators: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
  })
  .map(({ n, variant, kappa, seedWeights, seedStake, seedValidators }): Graph => {
    const validators = [...Array(n).keys()].filter((i) => seedValidators[i] || i === 0);
    const weights = [...Array(n)].map((_, i) =>
      [...Array(n)].map((_, j) => (validators.includes(i) ? seedWeights[(i * 14 + j) % 196] : 0)),
    );
    return { n, validators, stake: seedStake.slice(0, n).map((s) => s * 1e6), weights, variant, kappa };
  });

function engineInput(g: Graph, block: number): EpochInput {
  const h = hyperparameters.parse({ kappa: g.kappa, max_allowed_validators: 4 });
  const flat = new Uint16Array(g.n * g.n);
  g.weights.forEach((row, i) => row.forEach((w, j) => (flat[i * g.n + j] = w)));
  return {
    netuid: 1,
    block,
    n: g.n,
    weights: flat,
    rows: g.validators.length,
    rowUid: Int32Array.from(g.validators),
    stake: Float64Array.from(g.stake.map((s) => s / 1e9)),
    lastUpdate: Float64Array.from([...Array(g.n)].map((_, i) => (g.validators.includes(i) ? block : -1))),
    registeredAt: new Float64Array(g.n),
    tempo: TEMPO,
    hyperparameters: h,
    yuma: g.variant,
  };
}

const u16 = (b: number) => Math.min(65535, Math.max(0, Math.floor(b * 65535))) / 65535;

/** Two validators (5/8 and 3/8 of the stake) weighting two miners 1:3 and 3:1. */
function twoValidators(): Graph {
  return {
    n: 4,
    validators: [0, 1],
    stake: [5e9, 3e9, 0, 0],
    weights: [
      [0, 0, 1, 3],
      [0, 0, 3, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
    variant: 'classic',
    kappa: 32767,
  };
}

describe('the Yuma consensus port', () => {
  it('equals the naive dense reference over consecutive epochs: permits carried, bonds stored as u16', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const port = yumaConsensus();
        const h = hyperparameters.parse({ kappa: g.kappa, max_allowed_validators: 4 });
        const p: NaiveParams = {
          kappaU16: g.kappa,
          bondsPenaltyU16: h.bonds_penalty,
          bondsMovingAverage: h.bonds_moving_average,
          activityCutoff: activityCutoffBlocks(h, TEMPO),
          maxAllowedValidators: 4,
          stakeThresholdRao: 0,
          yuma3: g.variant !== 'classic',
          liquidAlpha: g.variant === 'yuma3-liquid',
          alphaLowU16: h.alpha_low,
          alphaHighU16: h.alpha_high,
          alphaSigmoidSteepness: 1000,
        };
        // The reference sequence, written out: a first pass only for the permits, then epochs
        // every TEMPO blocks with bonds fed back as the chain stores them (u16).
        const n = g.n;
        const zero = () => [...Array(n)].map(() => new Array<number>(n).fill(0));
        const lastUpdate = (b: number) => [...Array(n)].map((_, i) => (g.validators.includes(i) ? b : 0));
        let permits = new Array<boolean>(n).fill(false);
        let bonds = zero();
        let lastEpoch = 0;
        for (let e = 0; e < 3; e++) {
          const block = 100 + e * TEMPO;
          const base = {
            block,
            tempo: TEMPO,
            emissionRao: 0,
            stake: g.stake,
            lastUpdate: lastUpdate(block),
            blockAtRegistration: new Array<number>(n).fill(0),
            weights: g.weights,
          };
          if (e === 0) permits = naiveEpoch({ ...base, lastEpochBlock: 0, validatorPermit: permits, bonds: zero() }, p).validatorPermit;
          const ref = naiveEpoch({ ...base, lastEpochBlock: lastEpoch, validatorPermit: permits, bonds }, p);
          // A bond that lies on a u16 step (28/51 * 65535 = 35980, say) is stored as floor(b * 65535),
          // and 1e-16 of float noise on either side decides the floor: beyond this epoch the two
          // implementations may then hold bonds one u16 apart, so the comparison stops after it.
          const onStep = ref.bonds.some(
            (row) => Array.isArray(row) && row.some((b) => b > 0 && b < 1 && Math.abs(b * 65535 - Math.round(b * 65535)) < 1e-6),
          );
          bonds = ref.bonds.map((row, i) => (row === 'cleared' ? new Array(n).fill(0) : row === 'unchanged' ? bonds[i] : row.map(u16)));
          permits = ref.validatorPermit;
          lastEpoch = block;

          const out = epochResultBuffers(n);
          port.runEpoch(engineInput(g, block), out);
          for (let i = 0; i < n; i++) {
            expect(out.incentive[i]).toBeCloseTo(ref.incentive[i], 9);
            expect(out.dividends[i]).toBeCloseTo(ref.dividends[i], 9);
            expect(out.consensus[i]).toBeCloseTo(ref.consensus[i], 9);
            expect(out.validatorTrust[i]).toBeCloseTo(ref.validatorTrust[i], 9);
            expect(out.validatorPermit[i]).toBe(ref.validatorPermit[i] ? 1 : 0);
          }
          if (onStep) break;
        }
      }),
      { numRuns: 150, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });

  it('keeps subnets apart and forgets a subnet on reset', () => {
    const g = twoValidators();
    const port = yumaConsensus();
    const a = epochResultBuffers(4);
    port.runEpoch(engineInput(g, 100), a);
    // by hand: validator 0 (5/8 of stake) puts 1/4, 3/4; validator 1 puts 3/4, 1/4. The
    // stake-weighted median at kappa ~ 1/2 is validator 0's weight on each column.
    expect(a.consensus[2]).toBeCloseTo(0.25, 9);
    expect(a.consensus[3]).toBeCloseTo(0.75, 9);
    expect(a.incentive[2] + a.incentive[3]).toBeCloseTo(1, 12);
    const other = yumaConsensus();
    const b = epochResultBuffers(4);
    other.runEpoch(engineInput(g, 100), b);
    expect(Array.from(b.dividends)).toEqual(Array.from(a.dividends));
    port.resetSubnet(1);
    const c = epochResultBuffers(4);
    port.runEpoch(engineInput(g, 100), c);
    expect(Array.from(c.dividends)).toEqual(Array.from(a.dividends));
  });

  it('a replaced neuron (clearNeuron) starts with no bonds row and no permit: the next epoch equals the naive reference fed the chain\'s cleared state', () => {
    // Two validators (uids 0, 1) weight miners 2 and 3 for two epochs (100, 110); at block 113 a
    // new validator replaces uid 1 (replace_neuron + clear_neuron: Bonds row 1 removed,
    // ValidatorPermit[1] = false, weights row 1 gone and column 1 zeroed, registered at 113). It
    // sets its row at the epoch of 120: weights 2:1 on miners 2 and 3.
    for (const variant of ['classic', 'yuma3'] as const) {
      const g = { ...twoValidators(), variant };
      const h = hyperparameters.parse({ kappa: g.kappa, max_allowed_validators: 4 });
      const p: NaiveParams = {
        kappaU16: g.kappa,
        bondsPenaltyU16: h.bonds_penalty,
        bondsMovingAverage: h.bonds_moving_average,
        activityCutoff: activityCutoffBlocks(h, TEMPO),
        maxAllowedValidators: 4,
        stakeThresholdRao: 0,
        yuma3: variant !== 'classic',
        liquidAlpha: false,
        alphaLowU16: h.alpha_low,
        alphaHighU16: h.alpha_high,
        alphaSigmoidSteepness: 1000,
      };
      const n = 4;
      const zero = () => [...Array(n)].map(() => new Array<number>(n).fill(0));
      const port = yumaConsensus();
      let permits = new Array<boolean>(n).fill(false);
      let bonds = zero();
      let lastEpoch = 0;
      for (const block of [100, 110]) {
        const base = { block, tempo: TEMPO, emissionRao: 0, stake: g.stake, lastUpdate: [block, block, 0, 0], blockAtRegistration: [0, 0, 0, 0], weights: g.weights };
        if (block === 100) permits = naiveEpoch({ ...base, lastEpochBlock: 0, validatorPermit: permits, bonds: zero() }, p).validatorPermit;
        const ref = naiveEpoch({ ...base, lastEpochBlock: lastEpoch, validatorPermit: permits, bonds }, p);
        bonds = ref.bonds.map((row, i) => (row === 'cleared' ? new Array(n).fill(0) : row === 'unchanged' ? bonds[i] : row.map(u16)));
        permits = ref.validatorPermit;
        lastEpoch = block;
        port.runEpoch(engineInput(g, block), epochResultBuffers(n));
      }
      expect(bonds[1].some((b) => b > 0)).toBe(true);
      // the chain's replace at 113
      port.clearNeuron(1, 1);
      bonds[1] = new Array(n).fill(0);
      permits = permits.map((x, i) => (i === 1 ? false : x));
      const weights = [
        [0, 0, 1, 3],
        [0, 0, 2, 1],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ];
      const ref = naiveEpoch(
        { block: 120, tempo: TEMPO, emissionRao: 0, stake: g.stake, lastUpdate: [110, 120, 0, 0], blockAtRegistration: [0, 113, 0, 0], weights, lastEpochBlock: 110, validatorPermit: permits, bonds },
        p,
      );
      const input = engineInput({ ...g, weights }, 120);
      const out = epochResultBuffers(n);
      port.runEpoch({ ...input, lastUpdate: Float64Array.from([110, 120, -1, -1]), registeredAt: Float64Array.from([0, 113, 0, 0]) }, out);
      for (let i = 0; i < n; i++) {
        expect(out.dividends[i]).toBeCloseTo(ref.dividends[i], 9);
        expect(out.incentive[i]).toBeCloseTo(ref.incentive[i], 9);
        expect(out.validatorTrust[i]).toBeCloseTo(ref.validatorTrust[i], 9);
        expect(out.validatorPermit[i]).toBe(ref.validatorPermit[i] ? 1 : 0);
      }
    }
  });

  it('reads the engine matrix in place without changing it, and sees rows rewritten in the same matrix', () => {
    // Contiguous rows (uids 0 and 1): the port reads the rows where the engine keeps them.
    const g = twoValidators();
    const port = yumaConsensus();
    const input = engineInput(g, 100);
    const before = Array.from(input.weights);
    port.runEpoch(input, epochResultBuffers(4));
    expect(Array.from(input.weights)).toEqual(before);
    // Validator 0 (the stake majority) now prefers uid 2: rewrite its row in the same matrix.
    const w = input.weights;
    w[2] = 3;
    w[3] = 1;
    const next = { ...input, block: 110, lastUpdate: Float64Array.from([110, 110, -1, -1]) };
    const a = epochResultBuffers(4);
    port.runEpoch(next, a);
    // The same two epochs through a port that is handed a fresh matrix each time.
    const fresh = yumaConsensus();
    fresh.runEpoch(engineInput(g, 100), epochResultBuffers(4));
    const b = epochResultBuffers(4);
    fresh.runEpoch({ ...next, weights: Uint16Array.from(w) }, b);
    expect(Array.from(a.consensus)).toEqual(Array.from(b.consensus));
    expect(Array.from(a.dividends)).toEqual(Array.from(b.dividends));
    // and the rewrite mattered: validator 0's weight on uid 2 is now 3/4.
    expect(a.consensus[2]).toBeCloseTo(0.75, 9);
  });
});

