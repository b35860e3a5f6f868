/**
 * The Yuma consensus port keeps each subnet's bonds as the chain's u16 (Uint16Array) by default;
 * `yumaConsensus({ bonds: 'f64' })` keeps the same values as float64 proportions. Random runs of
 * epochs, speculated epochs (checkpoint), rollbacks, replaced neurons (clearNeuron), weight
 * changes and changes of the row set (a resize) on two subnets must give the same results bit for
 * bit through both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yumaConsensus, type CheckpointedConsensus } from '../../src/sim/consensusAdapter.ts';
import { epochResultBuffers, type EpochInput, type EpochResult } from '../../src/sim/ports.ts';
import { hyperparameters } from '../../src/sim/scenarioSchema.ts';

const TEMPO = 10;

interface Subnet {
  netuid: number;
  n: number;
  variant: 'classic' | 'yuma3' | 'yuma3-liquid';
  weights: Uint16Array;
  validators: number[];
  stake: Float64Array;
  lastUpdate: Float64Array;
  registeredAt: Float64Array;
  block: number;
}

type Op =
  | { kind: 'epoch'; subnet: number; speculate: boolean }
  | { kind: 'redo'; subnet: number }
  | { kind: 'clear'; subnet: number; uid: number; rollback: boolean }
  | { kind: 'weights'; subnet: number; row: number; col: number; value: number }
  | { kind: 'validator'; subnet: number; uid: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('epoch' as const), subnet: fc.integer({ min: 0, max: 1 }), speculate: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redo' as const), subnet: fc.integer({ min: 0, max: 1 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('clear' as const), subnet: fc.integer({ min: 0, max: 1 }), uid: fc.integer({ min: 0, max: 15 }), rollback: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('weights' as const),
      subnet: fc.integer({ min: 0, max: 1 }),
      row: fc.integer({ min: 0, max: 15 }),
      col: fc.integer({ min: 0, max: 15 }),
      value: fc.integer({ min: 0, max: 65535 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('validator' as const), subnet: fc.integer({ min: 0, max: 1 }), uid: fc.integer({ min: 0, max: 15 }) }) },
);

const subnetArb = fc.record({
  n: fc.integer({ min: 2, max: 16 }),
  variant: fc.constantFrom('classic' as const, 'yuma3' as const, 'yuma3-liquid' as const),
  validators: fc.integer({ min: 1, max: 6 }),
  seed: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 16 * 16 + 16, maxLength: 16 * 16 + 16 }),
});

function makeSubnet(netuid: number, a: { n: number; variant: Subnet['variant']; validators: number; seed: number[] }): Subnet {
  const { n } = a;
  const validators = [...Array(Math.min(a.validators, n)).keys()];
  const weights = new Uint16Array(n * n);
  for (const i of validators) for (let j = 0; j < n; j++) weights[i * n + j] = a.seed[i * 16 + j] % 7 === 0 ? 0 : a.seed[i * 16 + j];
  const stake = Float64Array.from({ length: n }, (_, i) => (a.seed[256 + i] % 5 === 0 ? 0 : a.seed[256 + i] / 100));
  return {
    netuid,
    n,
    variant: a.variant,
    weights,
    validators,
    stake,
    lastUpdate: Float64Array.from({ length: n }, (_, i) => (validators.includes(i) ? 1 : -1)),
    registeredAt: new Float64Array(n),
    block: 0,
  };
}

function input(s: Subnet): EpochInput {
  return {
    netuid: s.netuid,
    block: s.block,
    n: s.n,
    weights: s.weights,
    rows: s.validators.length,
    rowUid: Int32Array.from(s.validators),
    stake: s.stake,
    lastUpdate: s.lastUpdate,
    registeredAt: s.registeredAt,
    tempo: TEMPO,
    hyperparameters: hyperparameters.parse({ max_allowed_validators: 4, bonds_moving_average: 500_000 }),
    yuma: s.variant,
  };
}

function firstDifference(a: EpochResult, b: EpochResult): string | undefined {
  for (const f of ['consensus', 'validatorTrust', 'incentive', 'dividends', 'validatorPermit'] as const) {
    for (let i = 0; i < a[f].length; i++) if (!Object.is(a[f][i], b[f][i])) return `${f}[${i}]: ${a[f][i]} != ${b[f][i]}`;
  }
  return undefined;
}

describe('the consensus port\'s u16 bonds', () => {
  it('give the float64 bonds\' results bit for bit through epochs, checkpoints, rollbacks, clearNeuron and resizes', () => {
    let splitDividends = 0;
    fc.assert(
      fc.property(subnetArb, subnetArb, fc.array(opArb, { minLength: 5, maxLength: 40 }), (a0, a1, ops) => {
        const subnets = [makeSubnet(1, a0), makeSubnet(2, a1)];
        const f64: CheckpointedConsensus = yumaConsensus({ bonds: 'f64' });
        const u16: CheckpointedConsensus = yumaConsensus();
        const checkpointed = new Set<number>();
        let epochs = 0;
        const both = (f: (c: CheckpointedConsensus) => void) => {
          f(f64);
          f(u16);
        };
        const runBoth = (s: Subnet) => {
          s.block += TEMPO;
          const x = epochResultBuffers(s.n);
          const y = epochResultBuffers(s.n);
          f64.runEpoch(input(s), x);
          u16.runEpoch(input(s), y);
          expect(firstDifference(x, y)).toBeUndefined();
          epochs++;
          if (x.dividends.some((d) => d > 0 && d < 1)) splitDividends++;
        };
        for (const op of ops) {
          const s = subnets[op.subnet];
          switch (op.kind) {
            case 'epoch':
              if (op.speculate) {
                both((c) => c.checkpoint(s.netuid));
                checkpointed.add(s.netuid);
              }
              runBoth(s);
              break;
            case 'redo':
              if (!checkpointed.has(s.netuid)) break;
              both((c) => c.rollback(s.netuid));
              runBoth(s);
              break;
            case 'clear':
              if (op.rollback && checkpointed.has(s.netuid)) both((c) => c.rollback(s.netuid));
              both((c) => c.clearNeuron(s.netuid, op.uid % s.n));
              s.registeredAt[op.uid % s.n] = s.block + 1;
              break;
            case 'weights': {
              const r = s.validators[op.row % s.validators.length];
              s.weights[r * s.n + (op.col % s.n)] = op.value;
              s.lastUpdate[r] = s.block + 1;
              break;
            }
            case 'validator': {
              const uid = op.uid % s.n;
              if (!s.validators.includes(uid)) {
                s.validators = [...s.validators, uid].sort((p, q) => p - q);
                for (let j = 0; j < s.n; j++) s.weights[uid * s.n + j] = (j * 7919 + uid) % 5;
                s.lastUpdate[uid] = s.block + 1;
                s.stake[uid] += 50;
              }
              break;
            }
          }
        }
        runBoth(subnets[0]);
        runBoth(subnets[1]);
        expect(epochs).toBeGreaterThan(1);
      }),
      { numRuns: 80 },
    );
    // The runs reach epochs whose dividends are shared between validators (bonds at work).
    expect(splitDividends).toBeGreaterThan(50);
  });

  it('hold bonds that change the dividends: two validators over several epochs, then a rollback and a cleared validator', () => {
    // Validators 0 and 1 weight miners 2 and 3 oppositely; bonds build up over epochs, so the
    // dividends move from epoch to epoch (they would not if the bonds were lost).
    const s = makeSubnet(1, { n: 4, variant: 'classic', validators: 2, seed: new Array(272).fill(1) });
    s.weights.set([0, 0, 1, 3, 0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    s.stake.set([50, 30, 0, 0]);
    const f64 = yumaConsensus({ bonds: 'f64' });
    const u16 = yumaConsensus();
    const divs: number[] = [];
    const step = (kind: 'run' | 'speculate' | 'redo') => {
      if (kind === 'speculate') {
        f64.checkpoint(1);
        u16.checkpoint(1);
      }
      if (kind === 'redo') {
        f64.rollback(1);
        u16.rollback(1);
      } else s.block += TEMPO;
      s.lastUpdate[0] = s.block;
      s.lastUpdate[1] = s.block;
      const x = epochResultBuffers(4);
      const y = epochResultBuffers(4);
      f64.runEpoch(input(s), x);
      u16.runEpoch(input(s), y);
      expect(firstDifference(x, y)).toBeUndefined();
      divs.push(y.dividends[0]);
    };
    for (let e = 0; e < 4; e++) step('run');
    s.weights.set([0, 0, 3, 1], 0); // validator 0 turns to miner 2
    step('speculate');
    step('redo');
    expect(divs[5]).toBe(divs[4]); // the redo from the checkpoint repeats the speculated epoch
    step('run');
    f64.clearNeuron(1, 1);
    u16.clearNeuron(1, 1);
    s.registeredAt[1] = s.block + 1;
    step('run');
    step('run');
    expect(new Set(divs).size).toBeGreaterThan(2);
  });
});
