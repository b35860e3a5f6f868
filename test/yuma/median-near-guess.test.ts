/**
 * `medianNearGuess` (the search among the scores between a wrong guess and the guess +- delta)
 * against the chain's partition search `weightedMedianOfColumn` on random columns with ties,
 * zeros, equal and unequal stakes, minorities on stake boundaries, guesses at, one ulp from,
 * near and far from the median, and every width from 0 to unbounded (so the median lies in the
 * band, in the second band out or beyond both): whenever it answers, the
 * answer is the partition search's, bit for bit; and it does answer in the easy cases (so a
 * version that always gave up would fail). The same search in passes.wasm (which the kernel runs)
 * must give the same answer, or none where it gives none. Then the kernel over a drifting sequence of epochs
 * (the width carried in the workspace between epochs, shared between two subnets) against
 * cold runs, bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  medianNearGuess,
  medianSumErrorBound,
  NEAR_DELTA,
  NEAR_EPS,
  NEAR_MINORITY,
  runYumaEpoch,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaParams,
} from '../../src/yuma/index.ts';
import { chainMedian, column, type Column } from './columns.ts';
import { EPOCH_FIELDS, expectIdentical } from './results.ts';
import { randomMetagraph } from './metagraph.ts';

/** Stake scoring below and up to g, summed in participant order (as the kernel's sweep). */
function nearGuess(c: Column, g: number, delta: number): number {
  const m = c.stake.length;
  let below = 0;
  let upto = 0;
  for (let p = 0; p < m; p++) {
    below += c.stake[p] * +(c.score[p] < g);
    upto += c.stake[p] * +(c.score[p] <= g);
  }
  const out = Float64Array.of(NaN, NaN);
  const scalars = new Float64Array(3);
  scalars[NEAR_MINORITY] = c.minority;
  scalars[NEAR_EPS] = medianSumErrorBound(m);
  scalars[NEAR_DELTA] = delta;
  // Column 1 of two, to check the index is used.
  const found = medianNearGuess(1, Float64Array.of(NaN, g), Float64Array.of(NaN, below), Float64Array.of(NaN, upto), scalars,
    c.stake, c.score, m, new Int32Array(m), new Int32Array(m), new Int32Array(m), new Int32Array(m), out);
  expect(out[0]).toBeNaN();
  expect(found).toBe(out[1] === out[1]);
  // The same search in passes.wasm (what the kernel runs) gives the same answer, or NaN where this gives none.
  const ws = createYumaWorkspace(Math.max(m, 2), 0);
  ws.colConsensus.set([NaN, g]);
  ws.medianBelow.set([NaN, below]);
  ws.medianUpto.set([NaN, upto]);
  ws.medianStake.set(c.stake);
  ws.medianScore.set(c.score);
  const wasm = ws.passes.nearGuessMedian(1, ws.colConsensus.byteOffset, ws.medianBelow.byteOffset, ws.medianUpto.byteOffset,
    c.minority, medianSumErrorBound(m), delta, ws.medianStake.byteOffset, ws.medianScore.byteOffset, m,
    ws.medianA.byteOffset, ws.medianB.byteOffset, ws.medianC.byteOffset, ws.medianD.byteOffset);
  expect(Object.is(wasm, found ? out[1] : NaN)).toBe(true);
  return out[1];
}

const ulpUp = (x: number) => x + Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
const ulpDown = (x: number) => x - Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);

const columnArb = fc
  .record({
    m: fc.integer({ min: 1, max: 80 }),
    stakeKind: fc.constantFrom('equal', 'random', 'wide', 'someZero'),
    scoreKind: fc.constantFrom('distinct', 'ties', 'zeros', 'noisy'),
    kappa: fc.constantFrom(0, 21845 / 65535, 32767 / 65535, 0.5, 43690 / 65535, 1),
    seed: fc.integer(),
  })
  .map(({ m, stakeKind, scoreKind, kappa, seed }) => {
    let x = seed >>> 0;
    const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const stake: number[] = Array.from({ length: m }, (): number =>
      stakeKind === 'equal' ? 1 : stakeKind === 'random' ? 1 + Math.floor(rand() * 1e6)
        : stakeKind === 'wide' ? Math.floor(rand() * 1e15) + 1 : rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 1000),
    );
    if (!stake.some((s) => s > 0)) stake[0] = 1;
    const q = rand();
    const score = Array.from({ length: m }, () =>
      scoreKind === 'distinct' ? rand() : scoreKind === 'ties' ? [0.1, 0.25, 0.5][Math.floor(rand() * 3)]
        : scoreKind === 'zeros' ? (rand() < 0.5 ? 0 : rand()) : Math.max(0, q + 0.05 * (rand() + rand() + rand() - 1.5)) / 128,
    );
    return { col: column(stake, score, kappa), rand };
  });

describe('medianNearGuess', () => {
  it('answers only with the partition search result, for any guess and width', () => {
    fc.assert(
      fc.property(columnArb, fc.constantFrom(0, 1e-6, 1e-3, 0.05, 0.5, Infinity), ({ col, rand }, delta) => {
        const want = chainMedian(col);
        const m = col.stake.length;
        const pick = () => col.score[Math.floor(rand() * m)];
        const guesses = [want, ulpUp(want), ulpDown(want), pick(), pick(), want + 1e-4 * (rand() - 0.5), want * (1 + 0.1 * (rand() - 0.5)),
          0, 1, -1, rand()];
        for (const g of guesses) {
          const got = nearGuess(col, g, delta);
          if (got === got && !Object.is(got, want)) throw new Error(`guess ${g} delta ${delta}: ${got} != ${want}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('answers when the median is within the width and off any stake boundary', () => {
    // Distinct scores, random stakes: the minority is on a stake boundary with probability 0.
    let answered = 0;
    let tried = 0;
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.integer(), (m, seed) => {
        let x = seed >>> 0;
        const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const col = column(Array.from({ length: m }, () => 1 + rand() * 1e6), Array.from({ length: m }, () => rand()), 0.5);
        const want = chainMedian(col);
        // Another score of the column as the guess (wrong unless it is the median), unbounded width.
        const g = col.score[Math.floor(rand() * m)];
        if (g === want) return;
        tried++;
        const got = nearGuess(col, g, Infinity);
        if (got === got) answered++;
        expect(got === got ? got : want).toBe(want);
        // A width that just reaches the median (the band holds it), widths that stop short of it
        // (the second band, out to 4 widths, holds it at d / 2 and d / 3, just at d / 4, and the
        // rest of the side beyond at d / 8), and none: the same answer.
        const d = Math.abs(want - g);
        for (const width of [d, d / 2, d / 3, d / 4, d / 8, 0]) {
          const got2 = nearGuess(col, g, width);
          if (got2 === got2) answered++;
          tried++;
          expect(got2 === got2 ? got2 : want).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
    expect(answered).toBeGreaterThan(0.95 * tried);
  });

  it('gives up where the minority sits exactly on a stake boundary', () => {
    // Three equal stakes, kappa 1/3: minority = 1 - 1/3 is the boundary between the second and
    // third score. Every guess and width: never an answer other than the search's.
    for (let seed = 0; seed < 200; seed++) {
      let x = seed + 1;
      const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const col = column([1, 1, 1], [rand(), rand(), rand()], 21845 / 65535);
      const want = chainMedian(col);
      for (const g of [...col.score, 0, 1, ulpUp(want), ulpDown(want)]) {
        for (const delta of [1e-9, 0.1, Infinity]) {
          const got = nearGuess(col, g, delta);
          if (got === got) expect(got).toBe(want);
        }
      }
    }
  });
});

const FIELDS = [...EPOCH_FIELDS, 'bonds'] as const;

describe('kernel with drifting weights', () => {
  it('matches cold runs bit for bit while the previous consensus is close but wrong', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 2, max: 96 }),
          seed: fc.integer(),
          validators: fc.integer({ min: 1, max: 40 }),
          noise: fc.constantFrom(0.001, 0.05, 0.5),
          tied: fc.boolean(),
        }),
        ({ n, seed, validators, noise, tied }) => {
          const subnets = [0, 1].map((k) => randomMetagraph({ n, seed: seed + k, density: 1, validators, variant: 'classic', layout: 'compact' }));
          const rows = Math.max(...subnets.map((s) => s.kernel.rows));
          // One workspace shared by both subnets (as the simulator shares one per size), one result each.
          const ws = createYumaWorkspace(n, rows);
          const outs = subnets.map((s) => createYumaEpochResult(n, s.kernel.rows));
          let x = seed >>> 0;
          const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
          const quality = Float64Array.from({ length: n }, () => (tied ? [0.2, 0.5][Math.floor(rand() * 2)] : rand()));
          for (let epoch = 0; epoch < 6; epoch++) {
            subnets.forEach((s, k) => {
              const input: YumaEpochInput = { ...s.kernel, weights: new Float64Array(s.kernel.weights.length) };
              for (let r = 0; r < input.rows; r++) {
                for (let j = 0; j < n; j++) {
                  const z = tied ? Math.floor(rand() * 3) - 1 : rand() + rand() + rand() - 1.5;
                  input.weights[r * n + j] = Math.max(0, quality[j] + noise * z);
                }
              }
              const params: YumaParams = { ...s.params, kappaU16: 32767 };
              const warm = runYumaEpoch(input, params, ws, outs[k]);
              const coldOut = createYumaEpochResult(n, input.rows);
              coldOut.consensus.fill(NaN);
              const cold = runYumaEpoch(input, params, createYumaWorkspace(n, input.rows), coldOut);
              expectIdentical(cold, warm, `epoch ${epoch} subnet ${k}`, FIELDS);
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('the search near a guess in passes.wasm, its sums in two lanes', () => {
  // passes.wasm searches the band with each round's sums in two lanes and trusts a comparison
  // only when it clears the bound on the two orders' difference, else searches again in order.
  // Here the guess is 0 (no score below it), the band holds every participant, and the minority
  // sits exactly on the band search's first ordered sum (and an ulp either side), with stakes of
  // many magnitudes, where the two orders' sums differ. (Within that bound of a stake boundary
  // the final certificate, whose eps is larger, refuses every candidate anyway, so the answer is
  // NaN on both sides there; this checks that the two searches agree on such columns, bit for bit.)
  it('answers as the TypeScript search when the minority sits on the band search\'s ordered sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), (m, seed) => {
        let x = seed >>> 0;
        const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const stakeRaw = Array.from({ length: m }, () => rand() * 10 ** -Math.floor(rand() * 8));
        const score = Array.from({ length: m }, () => (1 + Math.floor(rand() * 6)) / 8);
        const base = column(stakeRaw, score, 0.5);
        const pivot = base.score[m >> 1];
        let loStake = 0;
        for (let p = 0; p < m; p++) loStake += base.stake[p] * +(base.score[p] < pivot);
        const edge = 0 + loStake;
        for (const minority of [edge, edge + Math.max(edge * Number.EPSILON, Number.MIN_VALUE), edge - edge * Number.EPSILON]) {
          if (!(minority > 0)) continue;
          nearGuess({ ...base, minority }, 0, 1);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
