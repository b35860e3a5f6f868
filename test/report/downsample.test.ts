/** The deterministic M4 downsampling of long series. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleM4, sig } from '../../src/report/index.ts';

describe('downsampleM4', () => {
  it('keeps a series of at most maxPoints whole', () => {
    const rows = [3, 1, 2];
    expect(downsampleM4(rows, (x) => x, 4)).toEqual([3, 1, 2]);
  });

  it('8 rows into 1 bucket of 4 points: first, min, max, last', () => {
    // rows (index:value) 0:5 1:9 2:1 3:7 4:7 5:0 6:9 7:4 -> first 0, min at 5, max at 1 (earliest 9), last 7.
    const rows = [5, 9, 1, 7, 7, 0, 9, 4].map((v, i) => ({ i, v }));
    expect(downsampleM4(rows, (r) => r.v, 4).map((r) => r.i)).toEqual([0, 1, 5, 7]);
  });

  it('properties: at most maxPoints, an ordered subset, keeps the ends and the global extremes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 600 }), fc.integer({ min: 4, max: 64 }), (values, maxPoints) => {
        const rows = values.map((v, i) => ({ i, v }));
        const kept = downsampleM4(rows, (r) => r.v, maxPoints);
        expect(kept.length).toBeLessThanOrEqual(Math.max(maxPoints, 0) < values.length ? maxPoints : values.length);
        for (let k = 1; k < kept.length; k++) expect(kept[k].i).toBeGreaterThan(kept[k - 1].i);
        expect(kept[0].i).toBe(0);
        expect(kept[kept.length - 1].i).toBe(values.length - 1);
        expect(Math.min(...kept.map((r) => r.v))).toBe(Math.min(...values));
        expect(Math.max(...kept.map((r) => r.v))).toBe(Math.max(...values));
        expect(downsampleM4(rows, (r) => r.v, maxPoints)).toEqual(kept);
      }),
      { numRuns: 150 },
    );
  });
});

describe('sig', () => {
  it('rounds to 10 significant digits and maps non-finite to null', () => {
    expect(sig(10_499_999.123456789)).toBe(10_499_999.12);
    expect(sig(0.1 + 0.2)).toBe(0.3);
    expect(sig(Number.NaN)).toBeNull();
    expect(sig(0)).toBe(0);
  });
});
