/**
 * The kernel allocates nothing per epoch (issue #4). test/yuma/allocation-probe.ts, in its own
 * process under tsx (as `taosim` and the simulator's workers run the kernel), has V8's sampling
 * heap profiler sample about every 16 bytes, keeping objects the GC has already collected, over
 * 600 epochs of each bond variant on changing weights, a third of them with no consensus guess
 * (the chain's partition search), half storing bonds as u16. An allocation of even 16 bytes per
 * epoch would be sampled in most epochs: the probe's calibration loop, which allocates one small
 * array per iteration, is sampled in over half of them. The kernel's frames get a handful of
 * samples in all (V8 recompiling code when the profiler starts), not one per epoch. This found
 * the one boxing left (the emission passed to a call as a float) before `paidRao` read it in place.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('runYumaEpoch', () => {
  it('allocates nothing per epoch, on changing weights, cold or guessed, classic or Yuma3 with liquid alpha', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'run-ts.js'), join(root, 'test', 'yuma', 'allocation-probe.ts')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { epochs: number; calibration: number; kernel: Record<string, number> };
    expect(got.calibration).toBeGreaterThan(got.epochs / 2);
    expect(Object.keys(got.kernel).sort()).toEqual(['classic', 'yuma3-liquid']);
    // One allocation per epoch is sampled in most epochs (the calibration: ~2.5 per iteration);
    // V8 recompiling code when the profiler starts gives the kernel's frames 0-23 samples in all.
    for (const samples of Object.values(got.kernel)) expect(samples).toBeLessThan(got.epochs / 10);
  }, 60_000);
});
