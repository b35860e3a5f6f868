/**
 * New permits (`is_topk_nonzero`) now pick the n - k smallest stakes by a selection instead of a
 * full sort. Checked through the kernel against the chain's rule written as a stable sort here:
 * ascending by I32F32 stake, ties by uid, the first n - k lose their permit, zero stakes never hold
 * one; random stakes with many ties and zeros, every k from 0 to past n.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createYumaEpochResult, createYumaWorkspace, runYumaEpoch, DEFAULT_YUMA_PARAMS, type YumaEpochInput } from '../../src/yuma/index.ts';
import { topKNonzeroPermits } from '../../src/yuma/stake.ts';

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

  // The permits array on entry is only a hint (the last epoch's permits): whatever it holds, the
  // answer is the rule's. Hints: the right answer, the last answer before the stakes moved, a
  // answer with a 2 where a 0 should be, the k largest stakes counting zero stakes (the answer
  // when fewer than k are non-zero, were zero stakes allowed a permit), a random set of k, random
  // bytes (2s and 255s included), all ones and all zeros.
  it('ignore what the permits array held before, whatever it was', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer(),
        fc.integer({ min: 0, max: 130 }),
        fc.constantFrom('answer', 'moved', 'dirty', 'top-k-with-zeros', 'random-k', 'bytes', 'ones', 'zeros'),
        (n, seed, k, hintKind) => {
          let x = seed >>> 0;
          const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
          const stakeOf = () => Array.from({ length: n }, () => (rand() < 0.15 ? 0 : [1e9, 2e9, Math.floor(rand() * 1e12)][Math.floor(rand() * 3)]));
          let stake = stakeOf();
          const normalized = (s: number[]) => {
            const t = s.reduce((a, b) => a + b, 0);
            return Float64Array.from(s, (v) => (t === 0 ? 0 : v / t));
          };
          const permit = new Uint8Array(n);
          const keys = new Float64Array(n);
          if (hintKind === 'answer' || hintKind === 'moved') {
            permit.set(referencePermits(stake, k));
            if (hintKind === 'moved') stake = stake.map((v) => (rand() < 0.3 ? Math.floor(rand() * 1e12) : v));
          } else if (hintKind === 'dirty') {
            permit.set(referencePermits(stake, k));
            const zero = permit.indexOf(0);
            if (zero >= 0) permit[zero] = 2;
          } else if (hintKind === 'top-k-with-zeros') {
            const fixed = normalized(stake).map((v) => Math.floor(v * 2 ** 32));
            const order = [...Array(n).keys()].sort((a, b) => fixed[b] - fixed[a] || b - a);
            for (let q = 0; q < Math.min(k, n); q++) permit[order[q]] = 1;
          } else if (hintKind === 'random-k') {
            const order = [...Array(n).keys()].sort(() => rand() - 0.5);
            for (let q = 0; q < Math.min(k, n); q++) permit[order[q]] = 1;
          } else if (hintKind === 'bytes') {
            for (let i = 0; i < n; i++) permit[i] = [0, 1, 2, 255][Math.floor(rand() * 4)];
          } else if (hintKind === 'ones') permit.fill(1);
          topKNonzeroPermits(normalized(stake), k, n, keys, permit);
          expect(Array.from(permit)).toEqual(referencePermits(stake, k));
        },
      ),
      { numRuns: 600 },
    );
  });
});
