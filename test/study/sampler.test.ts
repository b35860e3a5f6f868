import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  averageWeightDeviation, nonExtremeFixedRatio, sampleClampedProfile, sampleStandardNormals, sampleStudyDraws,
  studyGraph, weightRowsU16,
} from '../../src/study/index.ts';

/** A scripted uniform stream: returns the given values in order. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('script exhausted');
    return values[i++];
  };
}

describe('set sizes (non_extreme_fixed_ratio)', () => {
  it('floors ratio x total as the chain does for the 512-uid study', () => {
    // 0.51 x 448 = 228.48, 0.51 x 64 = 32.64, 0.75 x 64 = 48 exactly, 0.99 x 64 = 63.36.
    expect(nonExtremeFixedRatio(0.51, 448)).toBe(228);
    expect(nonExtremeFixedRatio(0.51, 64)).toBe(32);
    expect(nonExtremeFixedRatio(0.75, 64)).toBe(48);
    expect(nonExtremeFixedRatio(0.99, 64)).toBe(63);
    expect(nonExtremeFixedRatio(0.6, 448)).toBe(268);
  });
  it('keeps at least one member on each side', () => {
    expect(nonExtremeFixedRatio(0.001, 10)).toBe(1); // 0.01 -> 0 -> 1
    expect(nonExtremeFixedRatio(1, 10)).toBe(9); // 10 -> total - 1
    expect(nonExtremeFixedRatio(0.5, 0)).toBe(0);
  });
  it('is always in 1..total-1 for total >= 2 (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 2, max: 5000 }), (r, t) => {
      const s = nonExtremeFixedRatio(r, t);
      return Number.isInteger(s) && s >= 1 && s <= t - 1;
    }), { numRuns: 200 });
  });
  it('lays out the graph blockwise: validators first, major members first', () => {
    // 4 validators, 8 servers, 0.6: floor(2.4) = 2 major validators, floor(4.8) = 4 major servers.
    expect(studyGraph(0.6, 4, 12)).toEqual({ n: 12, validators: 4, servers: 8, majorValidators: 2, majorServers: 4 });
  });
});

describe('Box-Muller draws (normal)', () => {
  it('pairs u[i] with u[i + size] on u16 uniforms plus 1e-6', () => {
    // rng 0 -> k = 0 -> u1 = 1e-6: sqrt(-2 ln 1e-6) = 5.256521769756932;
    // rng 0.5 -> k = 32767 -> u2 = 32767/65535 + 1e-6: cos(2 pi u2) = -0.99999999913...
    // second pair: u1 = 32767/65535 + 1e-6, u2 = 16383/65535 + 1e-6 (rng 0.25): 7.7266224541e-5.
    const out = sampleStandardNormals(scripted([0, 0.5, 0.5, 0.25]), 2, new Float64Array(4), new Float64Array(2));
    expect(out[0]).toBeCloseTo(-5.256521765196656, 12);
    expect(out[1]).toBeCloseTo(7.726622454155266e-5, 15);
  });
  it('clamps at 0 and normalizes the rest to sum 1', () => {
    // sd 1: the first value is 1 - 5.2565 < 0 -> 0; the second 1.0000773 -> all of the mass.
    const out = new Float64Array(3).fill(9);
    sampleClampedProfile(scripted([0, 0.5, 0.5, 0.25]), 2, 1, new Float64Array(4), new Float64Array(2), out, 1);
    expect(Array.from(out)).toEqual([9, 0, 1]);
  });
  it('with sd 0 every profile is uniform', () => {
    const out = new Float64Array(4);
    sampleClampedProfile(scripted([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), 4, 0, new Float64Array(8), new Float64Array(4), out, 0);
    expect(Array.from(out)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('stake and weights of a small graph (sigma 0, stake sd 0)', () => {
  const g = studyGraph(0.6, 4, 12);
  const rng = (): number => 0.37;
  const d = sampleStudyDraws(g, 0.6, 0, 0, rng);
  it('splits stake by set: 0.6 over 2 major validators, 0.4 over 2 minor ones, servers none', () => {
    expect(Array.from(d.stakeShare)).toEqual([0.3, 0.3, 0.2, 0.2]);
    for (let u = 4; u < 12; u++) expect(d.stakeRao[u]).toBe(0);
    expect(d.stakeRao[0]).toBe(Math.floor(0.3 * 21e15));
    expect(d.stakeRao[3]).toBe(Math.floor(0.2 * 21e15));
  });
  it('sets u16 weights floor(side x profile x 65535), then max-upscales them', () => {
    const w = new Float64Array(4 * 12);
    weightRowsU16(d, 0.7, 0.8, w);
    // Major validator: floor(0.7 x 0.25 x 65535) = 11468 on major servers, floor(0.3 x 0.25 x 65535) = 4915
    // on minor ones; max 11468 -> 65535 and round(4915 x 65535 / 11468) = round(28087.24) = 28087.
    expect(Array.from(w.subarray(0, 12))).toEqual([0, 0, 0, 0, 65535, 65535, 65535, 65535, 28087, 28087, 28087, 28087]);
    // Minor validator: floor(0.2 x 0.25 x 65535) = 3276 on major, 13107 on minor; 65535 / 13107 = 5 exactly.
    expect(Array.from(w.subarray(36, 48))).toEqual([0, 0, 0, 0, 16380, 16380, 16380, 16380, 65535, 65535, 65535, 65535]);
  });
  it('avg_weight_dev by hand: 0.48', () => {
    // Major rows put 0.175 on each major server and 0.075 on each minor; minor rows 0.05 and 0.2.
    // Both server means are 0.125; each deviation is 0.6 x 0.05 + 0.4 x 0.075 = 0.06 (major) and
    // 0.6 x 0.05 + 0.4 x 0.075 = 0.06 (minor): 8 x 0.06 / (8 x 0.125) = 0.48.
    const w = new Float64Array(4 * 12);
    const fixed = new Float64Array(4 * 12);
    weightRowsU16(d, 0.7, 0.8, w, fixed);
    expect(averageWeightDeviation(d.stakeShare, fixed, 4, 12, new Float64Array(12))).toBeCloseTo(0.48, 14);
  });
});
