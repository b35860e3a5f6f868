/**
 * The WebAssembly passes (src/yuma/passes.wasm) against the kernel's TypeScript formulas, bit for
 * bit: the vector exp against `expClamped` (including the arguments where Math.round meets a half
 * and, where some x reaches it, the double below 0.5 where floor(y + 0.5) alone would be wrong), and the liquid-alpha EMA
 * against min((1 - a) b + max(a w, 0), 1) with a = `liquidAlpha` per pair, on random rows of odd
 * and even length with zeros, ties w = b and w = c.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expClamped, liquidAlpha } from '../../src/yuma/bonds.ts';
import { createYumaWorkspace, DEFAULT_YUMA_PARAMS, resolveYumaParams } from '../../src/yuma/index.ts';

const C = 92.33248261689366; // 64 / ln 2, as expClamped scales its argument

/** x near (k + 1/2) / C whose product with C is exactly k + 1/2 (Math.round's halves), and the x giving y = 0.5 - 2^-54. */
function awkwardArguments(): number[] {
  const xs: number[] = [];
  const near = (target: number) => {
    const x = target / C;
    const step = Math.abs(x) * 2 ** -52 || 2 ** -1074;
    for (let t = -8; t <= 8; t++) {
      const cand = x + t * step;
      if (cand * C === target && cand >= -20 && cand <= 20) xs.push(cand);
    }
  };
  for (let k = -1846; k <= 1846; k++) near(k + 0.5);
  near(0.49999999999999994);
  return xs;
}

describe('passes.wasm', () => {
  const ws = createYumaWorkspace(64, 64);
  const out = new Float64Array(ws.passes.memory.buffer, ws.colD.byteOffset, 2);
  const expPair = (a: number, b: number) => {
    ws.passes.expPair(a, b, ws.pow2of64th.byteOffset, ws.pow2.byteOffset, ws.colD.byteOffset);
    return [out[0], out[1]];
  };

  it('exp on two lanes is expClamped, bit for bit, at halves and random points', () => {
    const xs = awkwardArguments();
    // Most halves have some x with x * C exactly k + 1/2; they are the cases where rounding matters.
    expect(xs.length).toBeGreaterThan(1000);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      expect(expPair(xs[i], xs[i + 1])).toEqual([expClamped(xs[i]), expClamped(xs[i + 1])]);
    }
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (a, b) => {
        const [ea, eb] = expPair(a, b);
        return Object.is(ea, expClamped(a)) && Object.is(eb, expClamped(b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('the liquid-alpha EMA is the per-pair formula, bit for bit', () => {
    const cell = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: -32768, max: 32767 }),
        fc.array(cell, { minLength: 64 * 3, maxLength: 64 * 3 }),
        (rows, n, seed, lowU16, highU16, steepness, pool) => {
          const p = resolveYumaParams({ ...DEFAULT_YUMA_PARAMS, variant: 'yuma3-liquid', alphaLowU16: Math.min(lowU16, highU16),
            alphaHighU16: Math.max(lowU16, highU16), alphaSigmoidSteepness: steepness });
          const pick = (i: number) => pool[(i * 7 + seed) % pool.length];
          const size = rows * n;
          const c = Float64Array.from({ length: n }, (_, j) => pick(j));
          const keep = Float64Array.from({ length: n }, (_, j) => ((seed >> (j % 31)) & 1 ? 1 : 0));
          const w = Float64Array.from({ length: size }, (_, i) => pick(i + 3));
          // Ties: some bonds equal to the weight, some weights equal to the consensus.
          const b = Float64Array.from({ length: size }, (_, i) => (i % 5 === 0 ? w[i] : pick(i + 11)));
          for (let i = 0; i < size; i += 7) w[i] = c[i % n];
          ws.ema.set(w);
          ws.bondsIn.set(b);
          ws.colConsensus.set(c);
          ws.colB.set(keep);
          ws.colA.fill(0);
          ws.passes.liquidEma(ws.ema.byteOffset, ws.bondsIn.byteOffset, ws.colConsensus.byteOffset, ws.colB.byteOffset, p.alphaLow,
            p.alphaHigh, p.sigmoidScale, ws.pow2of64th.byteOffset, ws.pow2.byteOffset, ws.colA.byteOffset, rows, n);
          const sum = new Float64Array(n);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < n; j++) {
              const wi = w[r * n + j];
              const bi = b[r * n + j] * keep[j];
              const a = liquidAlpha(c[j], wi, bi, p);
              const want = wi === 0 && bi === 0 ? 0 : Math.min((1 - a) * bi + Math.max(a * wi, 0), 1);
              if (!Object.is(ws.ema[r * n + j], want)) return false;
              sum[j] += want;
            }
          }
          for (let j = 0; j < n; j++) if (!Object.is(ws.colA[j], sum[j])) return false;
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
