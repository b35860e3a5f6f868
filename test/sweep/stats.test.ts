import { describe, expect, it } from 'vitest';
import { quantileSorted, summarize } from '../../src/sweep/index.ts';

describe('summary statistics', () => {
  it('quantiles interpolate between order statistics (type 7), hand-computed', () => {
    const xs = [1, 2, 3, 4];
    // h = 3q: p5 -> 0.15 -> 1.15; p50 -> 1.5 -> 2.5; p95 -> 2.85 -> 3.85
    expect(quantileSorted(xs, 0.05)).toBeCloseTo(1.15, 12);
    expect(quantileSorted(xs, 0.5)).toBe(2.5);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
  });

  it('mean and sample sd of 2,4,4,4,5,5,7,9 are 5 and sqrt(32/7)', () => {
    const s = summarize([9, 2, 4, 4, 5, 4, 5, 7]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.p50).toBe(4.5);
  });

  it('NaN values (runs without a value) are left out and counted out of n', () => {
    const s = summarize([NaN, 3, NaN, 1]);
    expect(s.n).toBe(2);
    expect(s.mean).toBe(2);
    expect(summarize([NaN]).n).toBe(0);
    expect(Number.isNaN(summarize([NaN]).mean)).toBe(true);
    expect(summarize([4]).sd).toBe(0);
  });
});
