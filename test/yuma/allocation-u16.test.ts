/**
 * The u16 bonds path allocates nothing per epoch, in the kernel and through the consensus port
 * (checkpoints and rollbacks included): test/yuma/allocation-u16-probe.ts, in its own process
 * under tsx, samples the heap about every 16 bytes as test/yuma/allocation.test.ts explains.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('the u16 bonds path', () => {
  it('allocates nothing per epoch, in runYumaEpoch (classic, Yuma3 + liquid alpha) and in yumaConsensus', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'run-ts.js'), join(root, 'test', 'yuma', 'allocation-u16-probe.ts')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { epochs: number; calibration: number; kernel: Record<string, number>; adapter: number };
    expect(got.calibration).toBeGreaterThan(got.epochs / 2);
    expect(Object.keys(got.kernel).sort()).toEqual(['classic', 'yuma3-liquid']);
    // One allocation per epoch is sampled in most epochs (the calibration: ~2.5 per iteration);
    // V8 recompiling code when the profiler starts gives the kernel's frames 0-23 samples in all.
    for (const samples of Object.values(got.kernel)) expect(samples).toBeLessThan(got.epochs / 10);
    // 1.5 epochs per iteration (a rollback and a rerun every other one): an allocation per epoch
    // would be sampled hundreds of times; V8 recompiling when the profiler starts gives 0-40.
    expect(got.adapter).toBeLessThan(got.epochs / 10);
  }, 60_000);
});
