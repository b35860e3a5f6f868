import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contourSegments, retentionThreshold } from '../../src/study/index.ts';

const W11 = Array.from({ length: 11 }, (_, i) => (10 - i) / 10); // 1, 0.9, ..., 0

/** A table E(W_H, W_C) = f(W_H) - c x (1 - W_C): the worst cabal self-weight is W_C = 0. */
function table(f: (wH: number) => number, c = 0.05): Float64Array {
  const t = new Float64Array(121);
  for (let i = 0; i < 11; i++) for (let k = 0; k < 11; k++) t[i * 11 + k] = f(W11[i]) - c * (1 - W11[k]);
  return t;
}

describe('retention threshold on synthetic tables', () => {
  it('finds the grid point where the worst case crosses the stake (monotone)', () => {
    // worst(W_H) = W_H + 0.05 - 0.05 = W_H: retains 0.6 from W_H = 0.6 up.
    const r = retentionThreshold(table((w) => w + 0.05), W11, 0.6);
    expect(r.majorWeight).toBeCloseTo(0.6, 12);
    expect(r.majorWeightInterp).toBeCloseTo(0.6, 12);
    expect(r.worstMinorWeight).toBe(0);
  });
  it('interpolates between grid points', () => {
    // worst = W_H; stake 0.65 lies between 0.6 (fails) and 0.7 (retains): 0.65.
    const r = retentionThreshold(table((w) => w + 0.05), W11, 0.65);
    expect(r.majorWeight).toBeCloseTo(0.7, 12);
    expect(r.majorWeightInterp).toBeCloseTo(0.65, 12);
  });
  it('gives NaN when even W_H = 1 loses stake', () => {
    expect(retentionThreshold(table((w) => 0.5 * w + 0.05), W11, 0.6).majorWeight).toBeNaN();
  });
  it('stops at the first failure walking down from W_H = 1 (a dip is not skipped)', () => {
    // retains at 1, 0.9, fails at 0.8, retains again at 0.7 and below: threshold 0.9.
    const r = retentionThreshold(table((w) => (Math.abs(w - 0.8) < 1e-9 ? 0.5 : 0.9)), W11, 0.6);
    expect(r.majorWeight).toBeCloseTo(0.9, 12);
  });
  it('on any increasing linear worst case, the threshold is the least grid W_H at or above the crossing (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 2, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: 0.51, max: 0.99, noNaN: true }), (a, b, s) => {
        const f = (w: number): number => a * w + b;
        const r = retentionThreshold(table((w) => f(w) + 0.05), W11, s);
        const passing = W11.filter((w) => f(w) >= s);
        if (passing.length === 0) return Number.isNaN(r.majorWeight);
        const least = Math.min(...passing);
        const cross = (s - b) / a;
        return Math.abs(r.majorWeight - least) < 1e-12 && (least === 0 || Math.abs(r.majorWeightInterp - Math.max(cross, 0)) < 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('contour segments (marching squares)', () => {
  it('the level line of f = x at 0.55 is the vertical line x = 0.55', () => {
    const xs = [0, 0.5, 1];
    const f = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) f[i * 3 + k] = xs[i] * 0.9 + 0.1; // 0.55 at x = 0.5
    const segs = contourSegments(f, xs, xs, 0.55);
    expect(segs.length).toBe(2);
    for (const s of segs) {
      expect(s.x).toBeCloseTo(0.5, 12);
      expect(s.x2).toBeCloseTo(0.5, 12);
    }
  });
});
