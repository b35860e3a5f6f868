/**
 * The kernel reads `out.consensus` as a guess and keeps a column's guess only where it can prove
 * the chain's partition search returns exactly that value. These tests check that the guess never
 * changes any output, bit for bit: against a cold run (guess NaN, so every column runs the
 * partition search) with guesses that are right, off by one ulp, another participant's score in
 * the same column (a real score on the wrong side), zero and random, on random metagraphs and on
 * columns whose minority falls exactly on a stake boundary (where the search's float rounding
 * decides and a guess must not be trusted).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  runYumaEpoch,
  YUMA_VARIANTS,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaParams,
} from '../../src/yuma/index.ts';
import { EPOCH_FIELDS, expectIdentical } from './results.ts';
import { randomMetagraph, shapeFields } from './metagraph.ts';

const FIELDS = [...EPOCH_FIELDS, 'bonds'] as const;

function runWithGuess(input: YumaEpochInput, params: YumaParams, guess: (out: YumaEpochResult) => void): YumaEpochResult {
  const ws = createYumaWorkspace(input.n, input.rows);
  const out = createYumaEpochResult(input.n, input.rows);
  guess(out);
  return runYumaEpoch(input, params, ws, out);
}

/** Every guess family, given the cold result and the input. */
function guesses(input: YumaEpochInput, cold: YumaEpochResult, seed: number): Array<[string, (c: Float64Array) => void]> {
  const { n } = input;
  let x = seed >>> 0;
  const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return [
    ['right', (c) => c.set(cold.consensus.subarray(0, n))],
    ['one ulp up', (c) => { for (let j = 0; j < n; j++) c[j] = cold.consensus[j] + Math.max(Number.EPSILON * cold.consensus[j], Number.MIN_VALUE); }],
    ['one ulp down', (c) => { for (let j = 0; j < n; j++) c[j] = cold.consensus[j] - Number.EPSILON * cold.consensus[j]; }],
    ['zero', (c) => c.fill(0)],
    ['random', (c) => { for (let j = 0; j < n; j++) c[j] = rand(); }],
    ['another score in the column', (c) => {
      for (let j = 0; j < n; j++) {
        const r = input.rows > 0 ? Math.floor(rand() * input.rows) : -1;
        const w = r < 0 ? 0 : input.weights[r * n + j];
        let rowSum = 0;
        if (r >= 0) for (let k = 0; k < n; k++) rowSum += input.weights[r * n + k];
        c[j] = rowSum > 0 ? w / rowSum : 0;
      }
    }],
  ];
}

describe('consensus guess', () => {
  it('never changes any output on random metagraphs (bit for bit)', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...shapeFields(120, 40),
          tiedWeights: fc.boolean(),
          kappaU16: fc.constantFrom(undefined, 0, 21845, 32767, 43690, 65535),
        }),
        ({ kappaU16, ...shape }) => {
          const m = randomMetagraph(shape);
          const params = kappaU16 === undefined ? m.params : { ...m.params, kappaU16 };
          const cold = runWithGuess(m.kernel, params, (out) => out.consensus.fill(NaN));
          for (const [name, fill] of guesses(m.kernel, cold, shape.seed)) {
            expectIdentical(cold, runWithGuess(m.kernel, params, (out) => fill(out.consensus)), name, FIELDS);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is not trusted where the minority sits exactly on a stake boundary', () => {
    // Three validators with equal stake and kappa = 21845 / 65535 = 1/3: minority = 1 - 1/3 lies
    // on the boundary between the second and third scores of every column, where only the
    // partition search's own rounding decides. Each validator's scores in turn are the guess.
    for (let seed = 0; seed < 30; seed++) {
      const n = 6;
      let x = seed + 1;
      const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const rows = 3;
      const weights = new Float64Array(rows * n);
      for (let i = 0; i < weights.length; i++) weights[i] = seed % 3 === 0 ? 1 + Math.floor(rand() * 3) : Math.floor(rand() * 65536);
      const input: YumaEpochInput = {
        n, block: 1000, tempo: 360, lastEpochBlock: 0, emissionRao: 1e9,
        stakeRao: Float64Array.from([1e9, 1e9, 1e9, 0, 0, 0]),
        lastUpdate: new Float64Array(n).fill(1000),
        blockAtRegistration: new Float64Array(n),
        validatorPermit: Uint8Array.from([1, 1, 1, 0, 0, 0]),
        rows, rowUid: Int32Array.from([0, 1, 2]), weights, bonds: new Float64Array(rows * n),
      };
      for (const variant of YUMA_VARIANTS) {
        const params: YumaParams = {
          kappaU16: 21845, bondsPenaltyU16: 65535, bondsMovingAverage: 900_000, activityCutoff: 5000,
          maxAllowedValidators: 64, stakeThresholdRao: 0, variant, alphaLowU16: 45875, alphaHighU16: 58982,
          alphaSigmoidSteepness: 1000,
        };
        const cold = runWithGuess(input, params, (out) => out.consensus.fill(NaN));
        for (let r = 0; r < rows; r++) {
          const warm = runWithGuess(input, params, (out) => {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              for (let k = 0; k < n; k++) sum += k === r ? 0 : weights[r * n + k];
              out.consensus[j] = j === r || sum === 0 ? 0 : weights[r * n + j] / sum;
            }
          });
          expectIdentical(cold, warm, `seed ${seed} ${variant} row ${r}`, FIELDS);
        }
      }
    }
    expect(true).toBe(true);
  });
});
