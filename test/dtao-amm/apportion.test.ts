/**
 * apportion (largest remainder) against its definition, written out independently here: floor
 * shares by exact bigint arithmetic (integer weights) or by the float share (other weights),
 * then one unit at a time to the largest remainder (ties to the lower index), that remainder
 * lowered by one. The fast path of `apportion` must give the same parts on every input,
 * including ties, zeros, and totals that leave many units to hand out. floorMulDiv against
 * bigint floor division, on both sides of its exact-product shortcut.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportion, apportionNonzero, floorMulDiv } from '../../src/dtao-amm/index.ts';

function reference(total: number, w: number[]): number[] {
  const n = w.length;
  const sum = w.reduce((a, b) => a + b, 0);
  if (!(sum > 0) || total === 0) return w.map(() => 0);
  const ints = sum <= Number.MAX_SAFE_INTEGER && w.every((x) => Number.isInteger(x));
  const out: number[] = [];
  const rem: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = ints ? Number((BigInt(total) * BigInt(w[i])) / BigInt(sum)) : Math.floor((total * w[i]) / sum);
    out.push(q);
    rem.push((total * w[i]) / sum - q);
    given += q;
  }
  let left = total - given;
  while (left < 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (out[i] > 0 && (best < 0 || rem[i] < rem[best])) best = i;
    out[best] -= 1;
    rem[best] += 1;
    left += 1;
  }
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (w[i] > 0 && (best < 0 || rem[i] > rem[best])) best = i;
    out[best] += 1;
    rem[best] -= 1;
    left -= 1;
  }
  return out;
}

function run(total: number, w: number[]): number[] {
  const n = w.length;
  const out = new Float64Array(n);
  apportion(total, Float64Array.from(w), n, out, new Float64Array(n));
  return Array.from(out);
}

describe('apportion', () => {
  it('hands out the leftover units to the largest remainders, ties to the lower index (by hand)', () => {
    // 10 over [1,1,1]: 3 each, remainders all 1/3, the one unit left goes to index 0
    expect(run(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 over [0, 2, 2, 3]: floors 0, 2, 2, 3 -> all given
    expect(run(7, [0, 2, 2, 3])).toEqual([0, 2, 2, 3]);
    // 5 over [0.5, 0.5, 1]: shares 1.25, 1.25, 2.5 -> floors 1, 1, 2; one unit: largest remainder 0.5 at index 2
    expect(run(5, [0.5, 0.5, 1])).toEqual([1, 1, 3]);
    // 2 over four equal weights: units to indexes 0 and 1
    expect(run(2, [3, 3, 3, 3])).toEqual([1, 1, 0, 0]);
  });

  it('equals the one-unit-at-a-time definition on integer weights (with ties and zeros)', () => {
    const w = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 2 ** 40 })), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), w, (total, ws) => {
        expect(run(total, ws)).toEqual(reference(total, ws));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the one-unit-at-a-time definition on float weights (Yuma vectors)', () => {
    const w = fc.array(fc.oneof(fc.constant(0), fc.constant(0.25), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), w, (total, ws) => {
        expect(run(total, ws)).toEqual(reference(total, ws));
      }),
      { numRuns: 300 },
    );
  });
  it('equals the definition on long vectors full of ties (the selection of the cut, not a sort)', () => {
    // Few distinct weights over up to 300 entries: many remainders equal the cut.
    const w = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 }), fc.constantFrom(0.1, 0.3, 1 / 3, 0.7)), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), w, (total, ws) => {
        expect(run(total, ws)).toEqual(reference(total, ws));
      }),
      { numRuns: 200 },
    );
  });
  it('equals the definition when the leftover units stop inside a tight cluster of remainders, distinct or tied', () => {
    // Weights 1, a cluster of m near 10^6 (distinct) and one near 1.9 10^6; total = k S + d with
    // d = round(S / (2 10^6)): remainders are frac(d w / S), about 0, m values within ~1e-4 of
    // 0.5, and ~0.95, so about m/2 units stop inside the cluster, which the cut's search can only
    // tell apart value by value.
    const arb = fc.record({
      // distinct, or a few values repeated (ties at the cut, with values above it in its bucket)
      offsets: fc.oneof(fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 5, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 5, maxLength: 60 })),
      k: fc.integer({ min: 0, max: 1000 }),
      order: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    });
    fc.assert(
      fc.property(arb, ({ offsets, k, order }) => {
        const ws = [1, ...offsets.map((o) => 1_000_000 + o), 1_900_000];
        // a deterministic shuffle, so the cluster is not in index order
        for (let i = ws.length - 1, r = order; i > 0; i--, r = (r * 48271) % 2147483647) {
          const j = r % (i + 1);
          [ws[i], ws[j]] = [ws[j], ws[i]];
        }
        const sum = ws.reduce((a, b) => a + b, 0);
        const total = k * sum + Math.round(sum / 2_000_000);
        expect(run(total, ws)).toEqual(reference(total, ws));
      }),
      { numRuns: 200 },
    );
  });
});

describe('apportionNonzero', () => {
  function runNonzero(total: number, w: number[]): number[] {
    const n = w.length;
    // buffers longer than n, pre-filled with junk: only [0, n) of out is written, all of it
    const out = new Float64Array(n + 2).fill(9);
    apportionNonzero(total, Float64Array.from(w), n, out, new Int32Array(n + 2).fill(7), new Float64Array(n + 2).fill(5), new Float64Array(n + 2).fill(3), new Float64Array(n + 2).fill(1));
    expect([out[n], out[n + 1]]).toEqual([9, 9]);
    return Array.from(out.subarray(0, n));
  }
  it('gives the definition’s parts on vectors that are mostly zeros, float or integer weights, with ties', () => {
    const weight = fc.oneof(
      { arbitrary: fc.constant(0), weight: 6 },
      { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 1 },
      { arbitrary: fc.constantFrom(0.1, 1 / 3, 0.25), weight: 1 },
      { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(weight, { minLength: 1, maxLength: 300 }), (total, ws) => {
        expect(runNonzero(total, ws)).toEqual(reference(total, ws));
      }),
      { numRuns: 300 },
    );
  });
  it('gives all zeros when every weight is zero, and everything to a lone weight (by hand)', () => {
    expect(runNonzero(17, [0, 0, 0])).toEqual([0, 0, 0]);
    expect(runNonzero(17, [0, 0, 2.5, 0])).toEqual([0, 0, 17, 0]);
  });
});

describe('floorMulDiv', () => {
  it('is floor(a * b / d) on both sides of 2^53', () => {
    const big = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    const small = fc.integer({ min: 0, max: 2 ** 26 });
    fc.assert(
      fc.property(fc.oneof(big, small), fc.oneof(big, small), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b, d) => {
        const exact = (BigInt(a) * BigInt(b)) / BigInt(d);
        fc.pre(exact <= BigInt(Number.MAX_SAFE_INTEGER));
        expect(floorMulDiv(a, b, d)).toBe(Number(exact));
      }),
      { numRuns: 500 },
    );
  });
});
