/**
 * passes.wasm `epochPrologue` (the first per-uid steps of the epoch) against stake.ts, which
 * states them in TypeScript, bit for bit: the activity and recent-registration masks, the stake
 * above the threshold normalized, the permits (the hint kept where it holds, else the selection)
 * and the active stake; and the compact rows' uid map, with non-ascending rows refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  S_ACTIVITY_CUTOFF,
  S_BLOCK,
  S_LAST_TEMPO,
  S_MAX_VALIDATORS,
  S_STAKE_THRESHOLD,
} from '../../src/yuma/passes.ts';
import {
  activeMask,
  activeStakeOf,
  lastTempoOf,
  normalizedStakeAboveThreshold,
  recentlyRegisteredMask,
  topKNonzeroPermits,
} from '../../src/yuma/stake.ts';
import { createYumaWorkspace } from '../../src/yuma/index.ts';
import { mulberry, sameBits } from './seeded.ts';

describe('epochPrologue', () => {
  it('gives the masks, stake, permits and active stake of stake.ts, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('top-k', 'random', 'all', 'none', 'not-0-1'),
        (n, seed, hintKind) => {
          const rng = mulberry(seed);
          const ws = createYumaWorkspace(n, n);
          const block = 10_000 + Math.floor(rng() * 1000);
          const cutoff = Math.floor(rng() * 3000);
          const tempo = 1 + Math.floor(rng() * 400);
          const lastEpochBlock = rng() < 0.3 ? 0 : block - Math.floor(rng() * 400);
          const threshold = rng() < 0.5 ? 0 : Math.floor(rng() * 1e12);
          const k = Math.floor(rng() * (n + 3));
          // Stakes of every size (up to 2^60 rao), with zeros, ties and amounts near the threshold.
          const stakeRao = Float64Array.from({ length: n }, () => {
            const r = rng();
            if (r < 0.15) return 0;
            if (r < 0.25) return threshold;
            if (r < 0.35) return 1e12;
            return Math.floor(rng() * 2 ** Math.floor(rng() * 60));
          });
          const lastUpdate = Float64Array.from({ length: n }, () => block - Math.floor(rng() * 4000));
          const registeredAt = Float64Array.from({ length: n }, () => block - Math.floor(rng() * 800));
          const oldPermit = Uint8Array.from({ length: n }, () => (rng() < 0.6 ? 1 : 0));
          // The reference, from stake.ts.
          const active = activeMask(lastUpdate, cutoff, block, n, new Uint8Array(n));
          const recent = recentlyRegisteredMask(registeredAt, block, tempo, lastEpochBlock, n, new Uint8Array(n));
          const stake = normalizedStakeAboveThreshold(stakeRao, threshold, n, new Float64Array(n));
          const hint = new Uint8Array(n);
          if (hintKind === 'top-k') topKNonzeroPermits(stake, k, n, new Float64Array(n), hint);
          else if (hintKind === 'random') for (let i = 0; i < n; i++) hint[i] = rng() < 0.5 ? 1 : 0;
          else if (hintKind === 'all') hint.fill(1);
          else if (hintKind === 'not-0-1') {
            topKNonzeroPermits(stake, k, n, new Float64Array(n), hint);
            hint[Math.floor(rng() * n)] = 2;
          }
          const permit = topKNonzeroPermits(stake, k, n, new Float64Array(n), hint.slice());
          const activeStake = activeStakeOf(stake, active, oldPermit, n, new Float64Array(n));
          // The pass, as runYumaEpoch calls it (every uid a row).
          for (let i = 0; i < n; i++) ws.rowUid[i] = i;
          ws.colLastUpdate.set(lastUpdate);
          ws.colRegisteredAt.set(registeredAt);
          ws.colStakeRao.set(stakeRao);
          ws.colPermit.set(oldPermit);
          ws.colNewPermit.set(hint);
          ws.scalars[S_ACTIVITY_CUTOFF] = cutoff;
          ws.scalars[S_BLOCK] = block;
          ws.scalars[S_LAST_TEMPO] = lastTempoOf(block, tempo, lastEpochBlock);
          ws.scalars[S_STAKE_THRESHOLD] = threshold;
          ws.scalars[S_MAX_VALIDATORS] = k;
          const status = ws.passes.epochPrologue(n, n, ws.rowUid.byteOffset, ws.rowOf.byteOffset, ws.scalars.byteOffset,
            ws.colLastUpdate.byteOffset, ws.colRegisteredAt.byteOffset, ws.colStakeRao.byteOffset, ws.colPermit.byteOffset,
            ws.colActive.byteOffset, ws.recentlyRegistered.byteOffset, ws.colStake.byteOffset, ws.permitKeys.byteOffset,
            ws.colNewPermit.byteOffset, ws.activeStake.byteOffset);
          if (status === 1) return false;
          // Where the pass says the hint held, it must be the answer as it stands.
          if (status === 0 && !sameBits(ws.colNewPermit, permit)) return false;
          if (status === 2) topKNonzeroPermits(ws.colStake, k, n, ws.permitKeys, ws.colNewPermit);
          return sameBits(ws.colActive, active) && sameBits(ws.recentlyRegistered, recent) && sameBits(ws.colStake, stake) &&
            sameBits(ws.colNewPermit, permit) && sameBits(ws.activeStake, activeStake) && sameBits(ws.rowOf, Int32Array.from({ length: n }, (_, i) => i));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps a valid hint without the selection, and asks for it when the hint is wrong', () => {
    const n = 8;
    const ws = createYumaWorkspace(n, n);
    const stakeRao = [5, 1, 7, 3, 0, 9, 2, 4].map((x) => x * 1e9);
    const run = (hint: number[], k: number) => {
      ws.colStakeRao.set(stakeRao);
      ws.colLastUpdate.fill(100);
      ws.colRegisteredAt.fill(0);
      ws.colPermit.fill(1);
      ws.colNewPermit.set(hint);
      ws.scalars[S_ACTIVITY_CUTOFF] = 1000;
      ws.scalars[S_BLOCK] = 100;
      ws.scalars[S_LAST_TEMPO] = 50;
      ws.scalars[S_STAKE_THRESHOLD] = 0;
      ws.scalars[S_MAX_VALIDATORS] = k;
      return ws.passes.epochPrologue(n, 0, ws.rowUid.byteOffset, ws.rowOf.byteOffset, ws.scalars.byteOffset,
        ws.colLastUpdate.byteOffset, ws.colRegisteredAt.byteOffset, ws.colStakeRao.byteOffset, ws.colPermit.byteOffset,
        ws.colActive.byteOffset, ws.recentlyRegistered.byteOffset, ws.colStake.byteOffset, ws.permitKeys.byteOffset,
        ws.colNewPermit.byteOffset, ws.activeStake.byteOffset);
    };
    // Stakes 5 1 7 3 0 9 2 4: the top three are uids 5, 2, 0.
    expect(run([1, 0, 1, 0, 0, 1, 0, 0], 3)).toBe(0);
    // uid 7 (stake 4) in place of uid 0 (stake 5): not the top three.
    expect(run([0, 0, 1, 0, 0, 1, 0, 1], 3)).toBe(2);
    // Four ones for three permits.
    expect(run([1, 0, 1, 0, 0, 1, 0, 1], 3)).toBe(2);
    // More permits than non-zero stakes: the zero-stake uid 4 cannot hold one, so the hint is not taken.
    expect(run([1, 1, 1, 1, 1, 1, 1, 1], 8)).toBe(2);
    // Rows out of order, repeated or out of range are refused.
    const rows = (uids: number[]) => {
      ws.rowUid.set(uids);
      return ws.passes.epochPrologue(n, uids.length, ws.rowUid.byteOffset, ws.rowOf.byteOffset, ws.scalars.byteOffset,
        ws.colLastUpdate.byteOffset, ws.colRegisteredAt.byteOffset, ws.colStakeRao.byteOffset, ws.colPermit.byteOffset,
        ws.colActive.byteOffset, ws.recentlyRegistered.byteOffset, ws.colStake.byteOffset, ws.permitKeys.byteOffset,
        ws.colNewPermit.byteOffset, ws.activeStake.byteOffset);
    };
    expect(rows([1, 3, 6])).not.toBe(1);
    expect(Array.from(ws.rowOf)).toEqual([-1, 0, -1, 1, -1, -1, 2, -1]);
    expect(rows([1, 3, 3])).toBe(1);
    expect(rows([3, 1])).toBe(1);
    expect(rows([2, 8])).toBe(1);
    expect(rows([-1, 2])).toBe(1);
  });
});
