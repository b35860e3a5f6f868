/**
 * The weighted median against pallets/subtensor/src/tests/math.rs (subtensor 14bc6f9f):
 * `test_math_weighted_median` and `test_math_weighted_median_col`. Inputs go through the chain's
 * `vec_to_fixed` (f32, then truncated to I32F32); float64 holds those values and their few-term
 * sums exactly, so the chosen score is compared exactly (tolerance 0). Every case also runs the
 * search in passes.wasm, which must answer the same bits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createYumaWorkspace, weightedMedianOfColumn } from '../../src/yuma/index.ts';
import { weightedMedianCol } from './naive.ts';

/** I32F32::saturating_from_num(f32): the chain's `fixed` / `vec_to_fixed`. */
const fixed = (x: number) => Math.floor(Math.fround(x) * 2 ** 32) / 2 ** 32;
const fx = (xs: number[]) => Float64Array.from(xs, fixed);

/**
 * The TypeScript search, and the same search in passes.wasm (which the kernel runs), which must
 * pick the same score (Object.is: bit for bit) on every case here.
 */
function median(stake: Float64Array, score: Float64Array, minority: number, total: number): number {
  const m = stake.length;
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const c = new Int32Array(m);
  const want = weightedMedianOfColumn(stake, score, m, minority, total, a, b, c);
  const ws = createYumaWorkspace(m, 0);
  ws.medianStake.set(stake);
  ws.medianScore.set(score);
  const got = ws.passes.weightedMedian(ws.medianStake.byteOffset, ws.medianScore.byteOffset, m, minority, total,
    ws.medianA.byteOffset, ws.medianB.byteOffset, ws.medianC.byteOffset);
  expect(Object.is(got, want)).toBe(true);
  return want;
}

const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
const one = 1;

describe('weighted_median (math.rs test_math_weighted_median, fixed cases)', () => {
  const majority = fixed(0.51);
  const cases: [string, number[], number[], number][] = [
    ['empty', [], [], 0],
    ['single [0.51] normalized', [1], [1], 1],
    ['[0.49, 0.51] / [0.5, 1]', [0.49, 0.51], [0.5, 1], 1],
    ['[0.51, 0.49] / [0.5, 1]', [0.51, 0.49], [0.5, 1], fixed(0.5)],
    ['[0.49, 0, 0.51]', [0.49, 0, 0.51], [0.5, 0.7, 1], 1],
    ['[0.49, 0.01, 0.5]', [0.49, 0.01, 0.5], [0.5, 0.7, 1], fixed(0.7)],
    ['[0.49, 0.51, 0]', [0.49, 0.51, 0], [0.5, 0.7, 1], fixed(0.7)],
    ['[0, 0.49, 0.51]', [0, 0.49, 0.51], [0.5, 0.7, 1], 1],
    ['[0, 0.49, 0, 0.51]', [0, 0.49, 0, 0.51], [0.5, 0.5, 1, 1], 1],
    ['[0, 0.49, 0, 0.51, 0]', [0, 0.49, 0, 0.51, 0], [0.5, 0.5, 1, 1, 0.5], 1],
    ['five 0.2', [0.2, 0.2, 0.2, 0.2, 0.2], [0.8, 0.2, 1, 0.6, 0.4], fixed(0.6)],
    ['ten 0.1', Array(10).fill(0.1), [0.8, 0.8, 0.2, 0.2, 1.0, 1.0, 0.6, 0.6, 0.4, 0.4], fixed(0.6)],
  ];
  for (const [name, st, sc, want] of cases) {
    it(`${name} -> ${want}`, () => {
      const stake = fx(st);
      expect(median(stake, fx(sc), one - majority, sum(stake))).toBe(want);
    });
  }
});

/**
 * The random part of test_math_weighted_median: 100 uids, unit stakes or 0/1 stakes with
 * non-decreasing scores, each majority of the test; the result must be one of the medians the
 * test's own scan accepts, for the sorted order and for shuffles of it.
 */
describe('weighted_median (math.rs test_math_weighted_median, randomized)', () => {
  const majorities = [0, 0.0000001, 0.25, 0.49, 0.5, 0.51, 0.9999999, 1].map(fixed);
  it('returns an accepted median for every majority, order and tie pattern', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...majorities),
        fc.boolean(),
        fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 100, maxLength: 100 }),
        fc.array(fc.nat(), { minLength: 100, maxLength: 100 }),
        (majority, allowEqual, coins, shuffleKeys) => {
          const n = 100;
          const stakeRaw: number[] = [];
          const score: number[] = [];
          let last = 0;
          for (let i = 0; i < n; i++) {
            if (allowEqual) {
              stakeRaw.push(coins[i][0] ? 1 : 0);
              if (coins[i][1]) last += 1;
              score.push(last);
            } else {
              stakeRaw.push(1);
              score.push(i);
            }
          }
          // inplace_normalize in I32F32: each stake divided by the sum, truncated to 2^-32.
          const total0 = stakeRaw.reduce((s, v) => s + v, 0);
          const stake = stakeRaw.map((v) => (total0 === 0 ? v : Math.floor((v / total0) * 2 ** 32) / 2 ** 32));
          const total = stake.reduce((s, v) => s + v, 0);
          const minority = Math.max(0, total - majority);
          // The test's acceptance scan.
          const medians: number[] = [];
          let medianStake = 0;
          let set = false;
          let acc = 0;
          for (let i = 0; i < n; i++) {
            acc += stake[i];
            if (!set && acc >= minority) {
              medianStake = acc;
              set = true;
            }
            if (set) {
              if (medianStake < acc) {
                if (medianStake === minority && !medians.includes(score[i])) medians.push(score[i]);
                break;
              }
              if (!medians.includes(score[i])) medians.push(score[i]);
            }
          }
          if (medians.length === 0) medians.push(0);
          expect(medians).toContain(median(Float64Array.from(stake), Float64Array.from(score), minority, total));
          const order = [...Array(n).keys()].sort((a, b) => shuffleKeys[a] - shuffleKeys[b] || a - b);
          const ps = Float64Array.from(order, (i) => stake[i]);
          const pc = Float64Array.from(order, (i) => score[i]);
          expect(medians).toContain(median(ps, pc, minority, total));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('weighted_median_col (math.rs test_math_weighted_median_col)', () => {
  // Kernel median per column, with use_stake as weighted_median_col builds it: rows with stake > 0, normalized.
  function kernelCol(stakeIn: number[], rows: number[][], majority: number): number[] {
    const cols = rows[0]?.length ?? 0;
    const keep = stakeIn.map((s, r) => [s, r] as const).filter(([s]) => s > 0);
    const st = Float64Array.from(keep, ([s]) => s);
    const t = sum(st);
    if (t !== 0) for (let q = 0; q < st.length; q++) st[q] = st[q] / t;
    const total = sum(st);
    return [...Array(cols).keys()].map((c) =>
      keep.length === 0 ? 0 : median(st, Float64Array.from(keep, ([, r]) => rows[r][c]), total - majority, total),
    );
  }
  const mat = (xs: number[], rows: number) => {
    const cols = xs.length / rows;
    return [...Array(rows).keys()].map((r) => xs.slice(r * cols, (r + 1) * cols).map(fixed));
  };
  const w1 = mat([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0.4, 0.5], 4);
  const w2 = mat([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0, 0.5], 4);
  const cases: [string, number[], number[][], number, number[]][] = [
    ['zero stake', [0, 0], mat([0, 0, 0, 0], 2), 0.5, [0, 0]],
    ['[0, .75, .25, 0] majority 0.24', [0, 0.75, 0.25, 0], w1, 0.24, [0, 0.3, 0.4]],
    ['[0, .75, .25, 0] majority 0.26', [0, 0.75, 0.25, 0], w1, 0.26, [0, 0.2, 0.4]],
    ['[0, .75, .25, 0] majority 0.76', [0, 0.75, 0.25, 0], w1, 0.76, [0, 0.2, 0.1]],
    ['[0, .3, .2, .5] majority 0.51', [0, 0.3, 0.2, 0.5], w2, 0.51, [0, 0, 0.4]],
  ];
  for (const [name, stake, w, maj, want] of cases) {
    it(`${name}`, () => {
      const expected = want.map(fixed);
      expect(kernelCol(stake.map(fixed), w, fixed(maj))).toEqual(expected);
      expect(weightedMedianCol(stake.map(fixed), w, fixed(maj))).toEqual(expected);
    });
  }
});

describe('the search in passes.wasm with its sums in two lanes', () => {
  // passes.wasm first runs the search with each round's stake sums taken in two lanes (another
  // order than the chain's, so other bits), trusting a comparison only when it is farther from
  // the minority than the two orders can differ, and runs the ordered search where it is not.
  // These columns put the minority exactly on the ordered sums the first round compares with
  // (and one ulp either side), with stakes of many magnitudes so that the two orders round
  // differently: a lane search that trusted every comparison would answer other scores here.
  it('answers as the ordered search when the minority sits on an ordered sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (m, seed) => {
          let x = seed >>> 0;
          const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
          const stake = Float64Array.from({ length: m }, () => rand() * 10 ** -Math.floor(rand() * 8));
          const total = sum(stake);
          for (let i = 0; i < m; i++) stake[i] /= total;
          const stakeSum = sum(stake);
          const score = Float64Array.from({ length: m }, () => Math.floor(rand() * 6) / 5);
          // The first round's ordered sums: participants in order, below and above the pivot.
          const pivot = score[m >> 1];
          let loStake = 0;
          let hiStake = 0;
          for (let p = 0; p < m; p++) {
            loStake += stake[p] * +(score[p] < pivot);
            hiStake += stake[p] * +(score[p] > pivot);
          }
          const down = 0 + loStake;
          const up = stakeSum - hiStake;
          for (const edge of [down, up]) {
            for (const minority of [edge, edge + Math.max(Math.abs(edge) * Number.EPSILON, Number.MIN_VALUE),
              edge - Math.max(Math.abs(edge) * Number.EPSILON, Number.MIN_VALUE)]) {
              median(stake, score, minority, stakeSum);
            }
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
