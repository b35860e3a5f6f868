/**
 * The honest run in WebAssembly (src/agents/rows.ts, asm/agents-rows.ts) against the definition
 * computed here in plain TypeScript: the table and quality it copies in are the current ones
 * (a new table, a renewed stamp, no stamp), the u16 rounding in its vector loop and its tail,
 * and the edge rows (no positive weight, an infinite or a subnormal top).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalTable, NORMAL_TABLE_SIZE } from '../../src/agents/index.ts';
import { honestRunIntoU16 } from '../../src/agents/rows.ts';

/** The row by its definition: x = q + noise * z, v = max(0, x) (+0 for x <= 0), u = round(v * 65535 / max), ties to even. */
function definition(q: Float64Array, normals: Float32Array, noise: number, start: number, stride: number, lo: number, hi: number): number[] {
  const v: number[] = [];
  for (let j = lo; j < hi; j++) {
    const z = normals[(((start + (j + 1) * stride) % NORMAL_TABLE_SIZE) + NORMAL_TABLE_SIZE) % NORMAL_TABLE_SIZE];
    const x = q[j] + noise * z;
    v.push(x > 0 ? x : 0);
  }
  const max = Math.max(0, ...v);
  if (!(max > 0 && max < Infinity)) return v.map(() => 0);
  const scale = 65535 / max;
  return v.map((x) => {
    const y = scale < Infinity ? x * scale : (x / max) * 65535;
    const r = Math.round(y);
    return r - y === 0.5 && r % 2 === 1 ? r - 1 : r;
  });
}

function run(q: Float64Array, stamp: number, normals: Float32Array, noise: number, start: number, stride: number, lo: number, hi: number): number[] {
  const w = new Uint16Array(hi + 3).fill(7);
  honestRunIntoU16(q, stamp, normals, noise, start, stride, lo, hi, w, 1);
  // nothing before lo or from hi is written
  for (let j = 0; j < lo + 1; j++) expect(w[j]).toBe(7);
  for (let j = hi + 1; j < w.length; j++) expect(w[j]).toBe(7);
  return Array.from(w.subarray(lo + 1, hi + 1));
}

const A = normalTable(11);
const B = normalTable(12);

describe('the honest run in WebAssembly', () => {
  it('is the definition for any run, noise and draws (vector loop and tail, 1 to 300 miners)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.integer({ min: 0, max: NORMAL_TABLE_SIZE - 1 }),
        fc.integer({ min: 0, max: NORMAL_TABLE_SIZE / 2 - 1 }),
        (miners, lo, noise, start, half) => {
          const q = new Float64Array(lo + miners.length);
          q.set(miners, lo);
          const stride = 2 * half + 1;
          const hi = lo + miners.length;
          expect(run(q, Number.NaN, A, noise, start, stride, lo, hi)).toEqual(definition(q, A, noise, start, stride, lo, hi));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads the current table and quality: a new table, a renewed stamp, and no stamp are copied in', () => {
    const q = Float64Array.from({ length: 40 }, (_, j) => 0.1 + j / 50);
    const d = (t: Float32Array) => definition(q, t, 0.4, 123, 4097, 5, 40);
    expect(run(q, 1, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    expect(run(q, 1, B, 0.4, 123, 4097, 5, 40)).toEqual(d(B));
    expect(run(q, 1, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    // the quality changed in place under a new stamp: the new values are used
    q[7] = 5;
    expect(run(q, 2, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    // without a stamp: copied every time
    q[9] = 6;
    expect(run(q, Number.NaN, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    q[11] = 7;
    expect(run(q, Number.NaN, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    // another array under the same stamp: copied
    const q2 = Float64Array.from(q, (x) => x / 2 + 0.3);
    expect(run(q2, Number.NaN, A, 0.4, 123, 4097, 5, 40)).toEqual(definition(q2, A, 0.4, 123, 4097, 5, 40));
    expect(run(q, 7, A, 0.4, 123, 4097, 5, 40)).toEqual(d(A));
    expect(run(q2, 7, A, 0.4, 123, 4097, 5, 40)).toEqual(definition(q2, A, 0.4, 123, 4097, 5, 40));
  });

  it('writes the edge rows: all non-positive (zeros), an infinite top (zeros), a subnormal top (the quotient first), ties to even', () => {
    const t = new Float32Array(NORMAL_TABLE_SIZE); // z = 0: x = q
    expect(run(Float64Array.from([-1, 0, -0, -3, -2]), Number.NaN, t, 1, 0, 1, 0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(run(Float64Array.from([1, Infinity, 2, 3, 4]), Number.NaN, t, 1, 0, 1, 0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(run(Float64Array.from([5e-324, 1e-323, 0, 1e-323, 5e-324]), Number.NaN, t, 1, 0, 1, 0, 5)).toEqual([32768, 65535, 0, 65535, 32768]);
    // top 65535: the scale is 1 and 2.5, 3.5, 4.5, 5.5 round to even (in the vector loop), 0.5 in the tail
    expect(run(Float64Array.from([2.5, 3.5, 4.5, 5.5, 0.5, 65535]), Number.NaN, t, 1, 0, 1, 0, 6)).toEqual([2, 4, 4, 6, 0, 65535]);
    expect(run(Float64Array.from([65535, 0, 0, 0, 1.5]), Number.NaN, t, 1, 0, 1, 0, 5)).toEqual([65535, 0, 0, 0, 2]);
    // NaN quality gives +0 for that miner (0 < NaN is false), the rest as defined
    expect(run(Float64Array.from([Number.NaN, 1, 2, 4, 0.5]), Number.NaN, t, 1, 0, 1, 0, 5)).toEqual([0, 16384, 32768, 65535, 8192]);
  });
});
