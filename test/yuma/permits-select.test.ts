/**
 * New permits (`is_topk_nonzero`) now pick the n - k smallest stakes by a selection instead of a
 * full sort. Checked through the kernel against the chain's rule written as a stable sort here:
 * ascending by I32F32 stake, ties by uid, the first n - k lose their permit, zero stakes never hold
 * one; random stakes with many ties and zeros, every k from 0 to past n.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createYumaEpochResult, createYumaWorkspace, runYumaEpoch, DEFAULT_YUMA_PARAMS, type YumaEpochInput } from '../../src/yuma/index.ts';

function referencePermits(stakeRao: number[], k: number): number[] {
  const n = stakeRao.length;
  const total = stakeRao.reduce((s, v) => s + v, 0);
  const fixed = stakeRao.map((s) => (total === 0 ? 0 : Math.floor((s / total) * 2 ** 32)));
  const order = [...Array(n).keys()].sort((a, b) => fixed[a] - fixed[b] || a - b);
  const permit = fixed.map((f) => (f !== 0 ? 1 : 0));
  for (let q = 0; q < Math.max(0, n - k); q++) permit[order[q]] = 0;
  return permit;
}

describe('validator permits by selection', () => {
  it('match the stable-sort rule for any k, with ties and zeros', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        fc.constantFrom('ties', 'distinct', 'sorted', 'reversed'),
        fc.integer({ min: 0, max: 320 }),
        (n, seed, kind, k) => {
          let x = seed >>> 0;
          const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
          const stake = Array.from({ length: n }, (_, i): number =>
            kind === 'ties' ? [0, 1e9, 1e9, 5e9][Math.floor(rand() * 4)] : kind === 'sorted' ? (i + 1) * 1e6
              : kind === 'reversed' ? (n - i) * 1e6 : rand() < 0.1 ? 0 : Math.floor(rand() * 1e12));
          const input: YumaEpochInput = {
            n, block: 1000, tempo: 360, lastEpochBlock: 0, emissionRao: 1e9,
            stakeRao: Float64Array.from(stake), lastUpdate: new Float64Array(n).fill(1000), blockAtRegistration: new Float64Array(n),
            validatorPermit: new Uint8Array(n), rows: 0, rowUid: new Int32Array(0), weights: new Float64Array(0), bonds: new Float64Array(0),
          };
          const out = runYumaEpoch(input, { ...DEFAULT_YUMA_PARAMS, maxAllowedValidators: k, stakeThresholdRao: 0 },
            createYumaWorkspace(n, 0), createYumaEpochResult(n, 0));
          expect(Array.from(out.validatorPermit)).toEqual(referencePermits(stake, k));
        },
      ),
      { numRuns: 300 },
    );
  });
});
