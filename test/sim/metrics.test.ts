import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { giniCoefficient, meanByKind, memberShare } from '../../src/sim/index.ts';

const gini = (xs: number[]) => giniCoefficient(Float64Array.from(xs), xs.length, new Float64Array(xs.length));

describe('Gini coefficient', () => {
  it('matches hand calculations', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    // one holder of four: sum |xi - xj| = 2 * 3 * 1 = 6; 6 / (2 * 16 * 0.25) = 0.75
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 15);
    // [1,2,3]: pairs |1-2|+|1-3|+|2-3| = 4, doubled 8; 8 / (2 * 9 * 2) = 2/9
    expect(gini([3, 1, 2])).toBeCloseTo(2 / 9, 15);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('equals the pairwise definition', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const n = xs.length;
        const total = xs.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        let pairs = 0;
        for (const a of xs) for (const b of xs) pairs += Math.abs(a - b);
        expect(gini(xs)).toBeCloseTo(pairs / (2 * n * total), 10);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses negative values', () => {
    expect(() => gini([1, -1])).toThrow('GINI_NEGATIVE');
  });
});

describe('member share and mean by kind', () => {
  it('share of members', () => {
    const x = Float64Array.from([10, 30, 60]);
    expect(memberShare(x, Uint8Array.from([1, 0, 1]), 3)).toBeCloseTo(0.7, 15);
    expect(memberShare(new Float64Array(3), Uint8Array.from([1, 0, 1]), 3)).toBe(0);
  });

  it('means per kind, skipping -1 and kinds without entries', () => {
    const v = Float64Array.from([0.9, 0.7, 0.2, 5]);
    const k = Int32Array.from([0, 0, 2, -1]);
    const out = meanByKind(v, k, 4, ['honest', 'copier', 'cabal'], new Float64Array(3), new Float64Array(3));
    expect(out).toEqual({ honest: 0.8, cabal: 0.2 });
  });
});
