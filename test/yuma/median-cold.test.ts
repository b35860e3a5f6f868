/**
 * passes.wasm `coldMedian`: the median of a column without a guess (the first epoch), found near
 * the weighted median of 16 sampled participants and proven by the same certificate as the search
 * near a guess, or NaN. Against the chain's partition search (`weightedMedianOfColumn`, the
 * TypeScript reference the kernel's `weightedMedian` is tested against) on random columns with
 * ties, zeros, zero-stake samples, wide and equal stakes, every kappa, and minorities exactly on
 * a stake boundary and an ulp either side: whenever it answers, the answer is the chain's, bit for
 * bit; and on columns off any boundary it answers (so a version that always gave up would fail).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createYumaWorkspace, medianSumErrorBound } from '../../src/yuma/index.ts';
import { chainMedian, column } from './columns.ts';

interface Cold {
  coldMedian(stake: number, score: number, m: number, minority: number, stakeSum: number, eps: number, a: number, b: number,
    c: number, d: number): number;
}

/** The chain's answer and coldMedian's (NaN where it proves nothing) for one column. */
function both(stakeRaw: number[], score: number[], kappa: number, minorityShift = 0): { want: number; got: number } {
  const c = column(stakeRaw, score, kappa);
  c.minority += minorityShift;
  const m = stakeRaw.length;
  const want = chainMedian(c);
  const ws = createYumaWorkspace(m, 0);
  ws.medianStake.set(c.stake);
  ws.medianScore.set(c.score);
  const passes = ws.passes as unknown as Cold;
  const got = passes.coldMedian(ws.medianStake.byteOffset, ws.medianScore.byteOffset, m, c.minority, c.total, medianSumErrorBound(m),
    ws.medianA.byteOffset, ws.medianB.byteOffset, ws.medianC.byteOffset, ws.medianD.byteOffset);
  return { want, got };
}

const lcg = (seed: number) => {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
};

describe('coldMedian', () => {
  it('answers only with the chain\'s partition search result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        fc.constantFrom('equal', 'random', 'wide', 'someZero', 'sampledZero'),
        fc.constantFrom('distinct', 'ties', 'zeros', 'noisy', 'allEqual'),
        fc.constantFrom(0, 21845 / 65535, 32767 / 65535, 0.5, 43690 / 65535, 1),
        (m, seed, stakeKind, scoreKind, kappa) => {
          const rand = lcg(seed);
          const stake = Array.from({ length: m }, (_, p): number =>
            stakeKind === 'equal' ? 1 : stakeKind === 'random' ? 1 + Math.floor(rand() * 1e6)
              : stakeKind === 'wide' ? Math.floor(rand() * 1e15) + 1
                : stakeKind === 'sampledZero' ? ((p * 16) % m < 16 ? 0 : 1 + Math.floor(rand() * 1000))
                  : rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 1000));
          if (!stake.some((s) => s > 0)) stake[m - 1] = 1;
          const q = rand();
          const score = Array.from({ length: m }, () =>
            scoreKind === 'distinct' ? rand() : scoreKind === 'ties' ? [0.1, 0.25, 0.5][Math.floor(rand() * 3)]
              : scoreKind === 'zeros' ? (rand() < 0.7 ? 0 : rand()) : scoreKind === 'allEqual' ? 0.25
                : Math.max(0, q + 0.05 * (rand() + rand() + rand() - 1.5)) / 128);
          const { want, got } = both(stake, score, kappa);
          if (got === got) expect(Object.is(got, want)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers on columns off any stake boundary, and gives the chain\'s answer on and next to one', () => {
    let answered = 0;
    let tried = 0;
    for (let seed = 0; seed < 200; seed++) {
      const rand = lcg(seed + 7);
      const m = 128 + Math.floor(rand() * 200);
      const stake = Array.from({ length: m }, () => 1 + rand() * 1e6);
      const score = Array.from({ length: m }, () => rand());
      const { want, got } = both(stake, score, 0.5);
      tried++;
      if (got === got) answered++;
      expect(got === got ? got : want).toBe(want);
      // The minority moved onto the cumulative stake just below the median's score (a stake
      // boundary, summed in the chain's order) and an ulp either side: never another answer.
      const order = [...Array(m).keys()].sort((x, y) => score[x] - score[y]);
      const total = stake.reduce((s, v) => s + v, 0);
      let below = 0;
      for (const p of order) {
        if (score[p] >= want) break;
        below += stake[p] / total;
      }
      const minority0 = 1 - 0.5;
      for (const shift of [below - minority0, below - minority0 + 2 ** -53, below - minority0 - 2 ** -53]) {
        const r = both(stake, score, 0.5, shift);
        if (r.got === r.got) expect(r.got).toBe(r.want);
      }
    }
    expect(answered).toBeGreaterThan(0.95 * tried);
  });
});
