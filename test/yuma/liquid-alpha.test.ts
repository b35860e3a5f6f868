/**
 * `liquidAlpha` (the chain's `alpha_sigmoid`) uses the kernel's own exp on [-20, 20]; here it is
 * compared with the same formula written with Math.exp, over every steepness the chain's i16
 * allows (so exp's argument covers the whole clamped range), within 1e-15 absolute.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liquidAlpha, resolveYumaParams, DEFAULT_YUMA_PARAMS } from '../../src/yuma/index.ts';

function referenceAlpha(c: number, w: number, b: number, low: number, high: number, steepness: number): number {
  const diff = w >= b ? Math.min(Math.max(w - c, 0), 1) : Math.min(Math.max(b - w, 0), 1);
  const x = Math.min(Math.max(-(steepness / 100) * (diff - 0.5), -20), 20);
  const sigmoid = 1 / (1 + Math.exp(x));
  return Math.max(Math.min(low + sigmoid * (high - low), high), low);
}

describe('liquid alpha', () => {
  it('matches the Math.exp formula within 1e-15 for every steepness', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: -32768, max: 32767 }),
        (c, w, b, lowU16, highU16, steepness) => {
          const p = resolveYumaParams({ ...DEFAULT_YUMA_PARAMS, variant: 'yuma3-liquid', alphaLowU16: Math.min(lowU16, highU16),
            alphaHighU16: Math.max(lowU16, highU16), alphaSigmoidSteepness: steepness });
          const got = liquidAlpha(c, w, b, p);
          const want = referenceAlpha(c, w, b, p.alphaLow, p.alphaHigh, steepness);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-15);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('covers exp over the whole clamped range in fine steps', () => {
    // low = 0, high = 1 makes alpha the sigmoid itself; steepness 4000 maps diff in [0, 1] to x in [-20, 20].
    const p = resolveYumaParams({ ...DEFAULT_YUMA_PARAMS, variant: 'yuma3-liquid', alphaLowU16: 0, alphaHighU16: 65535,
      alphaSigmoidSteepness: 4000 });
    let worst = 0;
    for (let i = 0; i <= 20000; i++) {
      const w = i / 20000;
      const got = liquidAlpha(0, w, 0, p);
      const want = referenceAlpha(0, w, 0, 0, 1, 4000);
      worst = Math.max(worst, Math.abs(got - want) / want);
    }
    expect(worst).toBeLessThanOrEqual(4e-16 * 4);
  });
});
