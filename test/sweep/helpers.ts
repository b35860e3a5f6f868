import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { mergeSweepDirs, runSweep } from '../../src/sweep/index.ts';
import type { CliIO } from '../../src/cli/io.ts';

const made: string[] = [];

/** A temporary directory removed after each test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'taosim-sweep-test-'));
  made.push(d);
  return d;
}

afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
});

export function writeSweep(dir: string, text: string, name = 'sweep.yaml'): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export function bufferIO(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTTY: false,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

/** A small emission sweep: 2 x 3 grid, 3 draws, 3 replicates, noise so replicates differ = 54 runs. */
export const EMISSION_SWEEP = `
name: test-emission
runner: emission
seed: 77
base:
  schedule: chain
  horizon_blocks: 30000000
parameters:
  schedule: [chain, time]
  recycle_per_block: [0, 0.1, 0.3]
  start_issuance: { dist: uniform, min: 0, max: 9000000 }
derived:
  recycle_noise: "recycle_per_block / 5 + 0.01"
samples: 3
replicates: 3
metrics: [first_halving_block, first_halving_years, issuance_at_first_halving_rao, recycle_per_block_rao]
`;

export const SWEEP_FILES = ['runs.csv', 'summary.csv', 'sweep.resolved.yaml'];

/**
 * Runs the sweep on 1 worker, on 2 workers and as 3 shards merged, and expects the same bytes in
 * every output file; returns the 1-worker output folder for further checks.
 */
export async function expectSameBytesAcrossWorkersAndShards(file: string, dir: string, shardWorkers = 2): Promise<string> {
  const one = join(dir, 'one');
  const two = join(dir, 'two');
  const sharded = join(dir, 'sharded');
  await runSweep({ file, outDir: one, workers: 1 });
  await runSweep({ file, outDir: two, workers: 2 });
  for (let i = 1; i <= 3; i++) await runSweep({ file, outDir: sharded, workers: shardWorkers, shard: { index: i, count: 3, source: 't' } });
  mergeSweepDirs([1, 2, 3].map((i) => join(sharded, `shard-${i}-of-3`)), sharded);
  for (const f of SWEEP_FILES) {
    expect(read(two, f)).toBe(read(one, f));
    expect(read(sharded, f)).toBe(read(one, f));
  }
  return one;
}
