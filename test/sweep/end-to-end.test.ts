/**
 * Whole sweeps on the worker pool: the output bytes do not depend on the worker count or on
 * sharding, and merge refuses missing or duplicated runs by name.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { MergeError, mergeSweepDirs, runSweep, runSeed } from '../../src/sweep/index.ts';
import { EMISSION_SWEEP, bufferIO, expectSameBytesAcrossWorkersAndShards, read, tempDir, writeSweep } from './helpers.ts';


describe('sweeps end to end', () => {
  it('1 worker, 2 workers and 3 shards merged give identical bytes', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, EMISSION_SWEEP);
    const one = await expectSameBytesAcrossWorkersAndShards(file, dir);
    const rows = read(one, 'runs.csv').trimEnd().split('\n');
    expect(rows[0]).toBe(
      'run,point,replicate,seed,schedule,recycle_per_block,start_issuance,recycle_noise,' +
        'first_halving_block,first_halving_years,issuance_at_first_halving_rao,recycle_per_block_rao',
    );
    expect(rows).toHaveLength(1 + 2 * 3 * 3 * 3);
    // run 5 = point 1, replicate 2; its seed is the hash of (sweep seed, run index).
    expect(rows[6].split(',').slice(0, 4)).toEqual(['5', '1', '2', String(runSeed(77, 5))]);
    const summary = read(one, 'summary.csv').trimEnd().split('\n');
    expect(summary[0]).toBe('point,schedule,recycle_per_block,start_issuance,recycle_noise,metric,n,mean,sd,p5,p50,p95');
    expect(summary).toHaveLength(1 + 18 * 4);
    // a shard writes runs only: the summary exists once, after the merge
    expect(existsSync(join(dir, 'sharded', 'shard-1-of-3', 'summary.csv'))).toBe(false);
  });

  it('summary.csv holds n, mean, sd and quantiles of the replicates of each point', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, EMISSION_SWEEP);
    await runSweep({ file, outDir: dir, workers: 2 });
    const runs = read(dir, 'runs.csv').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const point4 = runs.filter((r) => r[1] === '4').map((r) => Number(r[8])); // first_halving_block
    expect(point4).toHaveLength(3);
    const mean = (point4[0] + point4[1] + point4[2]) / 3;
    const line = read(dir, 'summary.csv').split('\n').find((l) => l.startsWith('4,') && l.includes(',first_halving_block,'))!;
    const cells = line.split(',');
    expect(Number(cells[6])).toBe(3);
    expect(Number(cells[7])).toBeCloseTo(mean, 6);
    expect(Number(cells[10])).toBe([...point4].sort((a, b) => a - b)[1]); // p50 of 3 values: the middle one
  });

  it('merge refuses missing and duplicated runs, naming them', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, EMISSION_SWEEP);
    for (let i = 1; i <= 3; i++) await runSweep({ file, outDir: dir, workers: 1, shard: { index: i, count: 3, source: 't' } });
    const s = (i: number) => join(dir, `shard-${i}-of-3`);
    expect(() => mergeSweepDirs([s(1), s(2)], join(dir, 'm'))).toThrow(MergeError);
    expect(() => mergeSweepDirs([s(1), s(2)], join(dir, 'm'))).toThrow(/18 of 54 runs are missing \(runs 2, 5, 8, 11,/);
    const whole = join(dir, 'whole');
    await runSweep({ file, outDir: whole, workers: 1 });
    expect(() => mergeSweepDirs([s(1), s(2), s(3), whole], join(dir, 'm'))).toThrow(
      /54 run\(s\) appear in more than one directory \(runs 0-53\): run 0 in .*shard-1-of-3 and .*whole/,
    );
    expect(() => mergeSweepDirs([s(1), s(1)], join(dir, 'm'))).toThrow(/is named twice/);
    expect(() => mergeSweepDirs([join(dir, 'nothing')], join(dir, 'm'))).toThrow(/has no sweep.resolved.yaml/);
    expect(existsSync(join(dir, 'm'))).toBe(false);
  });

  it('merge refuses directories of different sweeps', async () => {
    const dir = tempDir();
    const a = writeSweep(dir, EMISSION_SWEEP, 'a.yaml');
    const b = writeSweep(dir, EMISSION_SWEEP.replace('seed: 77', 'seed: 78'), 'b.yaml');
    await runSweep({ file: a, outDir: join(dir, 'a'), workers: 1, shard: { index: 1, count: 2, source: 't' } });
    await runSweep({ file: b, outDir: join(dir, 'b'), workers: 1, shard: { index: 2, count: 2, source: 't' } });
    expect(() => mergeSweepDirs([join(dir, 'a', 'shard-1-of-2'), join(dir, 'b', 'shard-2-of-2')], dir)).toThrow(
      /holds a different sweep than/,
    );
  });

  it('the CLI refuses bad shard specs, workers and sweep files with one line, before any run', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, EMISSION_SWEEP);
    const out = join(dir, 'out');
    const cases: [string[], RegExp][] = [
      [['--shard', '3/2'], /^taosim: --shard: '3\/2' is not allowed: shards count from 1/],
      [['--shard', '0/0'], /^taosim: --shard: '0\/0' has 0 shards/],
      [['--workers', '0'], /^taosim: --workers: '0' is not allowed: give a whole number >= 1/],
    ];
    for (const [extra, expected] of cases) {
      const io = bufferIO();
      expect(await main(['sweep', file, '--out', out, ...extra], io)).toBe(2);
      expect(io.stderr).toMatch(expected);
      expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    const bad = writeSweep(dir, EMISSION_SWEEP.replace('"recycle_per_block / 5 + 0.01"', '"recycle_per_blok / 5"'), 'bad.yaml');
    let io = bufferIO();
    expect(await main(['sweep', bad, '--out', out], io)).toBe(2);
    expect(io.stderr).toContain(`derived["recycle_noise"]: 'recycle_per_blok / 5' uses recycle_per_blok, which is not a parameter`);
    const badMetric = writeSweep(dir, EMISSION_SWEEP.replace('recycle_per_block_rao]', 'recycled]'), 'bad2.yaml');
    io = bufferIO();
    expect(await main(['sweep', badMetric, '--out', out], io)).toBe(2);
    expect(io.stderr).toContain("metrics[3]: 'recycled' is not a metric of the emission runner");
    const badPoint = writeSweep(dir, EMISSION_SWEEP.replace('max: 9000000', 'max: 90000000'), 'bad3.yaml');
    io = bufferIO();
    expect(await main(['sweep', badPoint, '--out', out], io)).toBe(2);
    expect(io.stderr).toMatch(/the emission runner refuses point \d+ \(.*start_issuance=\d.*\): start_issuance: is above cap/);
    io = bufferIO();
    expect(await main(['sweep', 'merge', '--out', out], io)).toBe(2);
    expect(io.stderr).toContain('sweep merge: name the shard directories to merge');
    expect(existsSync(out)).toBe(false);
  });

  it('the CLI runs a sweep and reports it on stdout; a rerun resumes everything', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, EMISSION_SWEEP);
    let io = bufferIO();
    expect(await main(['sweep', file, '--out', dir, '--workers', '2'], io)).toBe(0);
    expect(io.stdout).toMatch(/^sweep test-emission: 54 runs \(54 run now, 0 resumed\) on 2 workers/);
    expect(io.stderr).toBe('');
    io = bufferIO();
    expect(await main(['sweep', file, '--out', dir, '--workers', '1'], io)).toBe(0);
    expect(io.stdout).toContain('54 runs (0 run now, 54 resumed)');
  });

  it('a run that throws stops the sweep with one line naming the run; the other runs are kept for the resume', async () => {
    const dir = tempDir();
    const runner = join(import.meta.dirname, 'fixtures/slow-runner.ts');
    const file = writeSweep(dir, `runner: ${runner}\nseed: 3\nbase: {}\nparameters:\n  x: [1, 2, -1, 4]\nmetrics: [value]\n`);
    const io = bufferIO();
    expect(await main(['sweep', file, '--out', dir, '--workers', '1'], io)).toBe(2);
    expect(io.stderr).toBe(`taosim: run 2 (seed ${runSeed(3, 2)}) failed: x below 0 (completed runs are kept: rerun the same command to resume)\n`);
    expect(existsSync(join(dir, 'runs.csv'))).toBe(false);
    expect(read(dir, 'runs.journal').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3); // header + runs 0 and 1
  });
});
