/**
 * Weights given as the chain stores them (YumaEpochInput.weightsU16: `Weights` holds u16): the
 * widening pass is checked for every u16 value, and whole epochs on the u16 path against the
 * float path fed the same integers, bit for bit, on random metagraphs in every variant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createYumaEpochResult, createYumaWorkspace, runYumaEpoch } from '../../src/yuma/index.ts';
import { EPOCH_FIELDS, firstDifference } from './results.ts';
import { randomMetagraph, shapeFields } from './metagraph.ts';

describe('passes.wasm widenWeightsU16', () => {
  it('writes the float k for all 65,536 u16 k, in its vector loop and in its scalar tail, and nothing past len', () => {
    const ws = createYumaWorkspace(256, 256); // matrices of 65,536 elements
    const src = ws.weightsInU16;
    const dst = ws.weightsNorm;
    for (let k = 0; k <= 65535; k++) src[k] = k;
    dst.fill(NaN);
    ws.passes.widenWeightsU16(src.byteOffset, dst.byteOffset, 65536);
    let bad = 0;
    for (let k = 0; k <= 65535; k++) if (dst[k] !== k) bad++;
    expect(bad).toBe(0);
    // One element a call: the scalar tail only.
    dst.fill(NaN);
    for (let k = 0; k <= 65535; k++) ws.passes.widenWeightsU16(src.byteOffset + 2 * k, dst.byteOffset + 8 * k, 1);
    for (let k = 0; k <= 65535; k++) if (dst[k] !== k) bad++;
    expect(bad).toBe(0);
    // Lengths 0..9 stop at len: vector part and tail together.
    for (let len = 0; len < 10; len++) {
      dst.fill(NaN);
      for (let i = 0; i < 12; i++) src[i] = 65535 - 1000 * i;
      ws.passes.widenWeightsU16(src.byteOffset, dst.byteOffset, len);
      for (let i = 0; i < len; i++) expect(dst[i]).toBe(65535 - 1000 * i);
      expect(dst[len]).toBeNaN();
    }
  });
});

const FIELDS = [...EPOCH_FIELDS, 'active', 'validatorPermit', 'bondsRowAction', 'bonds'] as const;

describe('the u16 weights path', () => {
  it('gives the float path\'s epoch bit for bit when the float weights are the same integers, in every variant', () => {
    fc.assert(
      fc.property(fc.record(shapeFields(70, 30)), fc.boolean(), fc.integer({ min: 0, max: 3 }), (shape, roomy, scale) => {
        const m = randomMetagraph(shape);
        const { n, rows } = m.kernel;
        const len = rows * n;
        // The metagraph's weights max-upscaled to u16 per row (any integers would do: the path
        // must only read them as the float path reads the same numbers); scale varies the top.
        const top = [65535, 1, 7, 40000][scale];
        const k = new Uint16Array(len + (roomy ? 3 : 0)).fill(roomy ? 9 : 0);
        for (let r = 0; r < rows; r++) {
          let max = 0;
          for (let j = 0; j < n; j++) max = Math.max(max, m.kernel.weights[r * n + j]);
          for (let j = 0; j < n; j++) k[r * n + j] = max > 0 ? Math.round((m.kernel.weights[r * n + j] / max) * top) : 0;
        }
        const floats = Float64Array.from(k.subarray(0, len));
        const f = createYumaEpochResult(n, rows);
        runYumaEpoch({ ...m.kernel, weights: floats }, m.params, createYumaWorkspace(n, roomy ? n : rows), f);
        const h = createYumaEpochResult(n, rows);
        // The float weights are not read on the u16 path (NaN there would show), and every weight
        // is widened into the workspace (a stale number left there would show).
        const wsH = createYumaWorkspace(n, roomy ? n : rows);
        wsH.weightsNorm.fill(12345);
        runYumaEpoch({ ...m.kernel, weights: new Float64Array(len).fill(NaN), weightsU16: k }, m.params, wsH, h);
        expect(firstDifference(f, h, FIELDS)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('refuses u16 weights shorter than rows x n', () => {
    const m = randomMetagraph({ n: 8, seed: 3, density: 1, validators: 4, variant: 'classic' });
    const { n, rows } = m.kernel;
    expect(() =>
      runYumaEpoch({ ...m.kernel, weightsU16: new Uint16Array(rows * n - 1) }, m.params, createYumaWorkspace(n, rows), createYumaEpochResult(n, rows)),
    ).toThrow(/YUMA_WEIGHTS_U16/);
  });
});
