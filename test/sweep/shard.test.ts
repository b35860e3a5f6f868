import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ShardError, parseShardFlag, resolveShard, runsOfShard, shardFromEnv } from '../../src/sweep/index.ts';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ShardError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('shard specs', () => {
  it('I/N counts from 1', () => {
    expect(parseShardFlag('2/3')).toMatchObject({ index: 2, count: 3 });
    expect(parseShardFlag(' 1 / 1 ')).toMatchObject({ index: 1, count: 1 });
  });

  it.each([
    ['3/2', "--shard: '3/2' is not allowed: shards count from 1, so give I/N with 1 <= I <= 2"],
    ['0/0', "--shard: '0/0' has 0 shards: N must be at least 1"],
    ['0/3', "--shard: '0/3' is not allowed: shards count from 1"],
    ['a/b', "--shard: 'a/b' is not a shard: write I/N"],
    ['2', "--shard: '2' is not a shard"],
    ['-1/3', "--shard: '-1/3' is not a shard"],
    ['1.5/3', "--shard: '1.5/3' is not a shard"],
  ])('refuses %s', (text, expected) => {
    expect(refusal(() => parseShardFlag(text)).startsWith(expected)).toBe(true);
  });

  it('comes from SLURM array variables (0-based ids, or offset by SLURM_ARRAY_TASK_MIN)', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 1, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 4, count: 4 });
    expect(refusal(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' }))).toContain('SLURM_ARRAY_TASK_ID=4 is outside 0..3');
    expect(refusal(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1' }))).toBe(
      'SLURM_ARRAY_TASK_ID=1 is set but SLURM_ARRAY_TASK_COUNT is not: set SLURM_ARRAY_TASK_COUNT to the number of shards, or give --shard I/N',
    );
  });

  it('comes from a Kubernetes Indexed Job index with TAOSIM_SHARD_COUNT, refused without the count', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2', TAOSIM_SHARD_COUNT: '3' })).toMatchObject({ index: 3, count: 3 });
    expect(refusal(() => shardFromEnv({ JOB_COMPLETION_INDEX: '2' }))).toContain('JOB_COMPLETION_INDEX=2 is set but TAOSIM_SHARD_COUNT is not');
    expect(refusal(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0', TAOSIM_SHARD_COUNT: '0' }))).toContain("TAOSIM_SHARD_COUNT: '0' is not a shard count");
  });

  it('comes from AWS Batch array variables', () => {
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '2' })).toMatchObject({ index: 1, count: 2 });
    expect(refusal(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: 'x', AWS_BATCH_JOB_ARRAY_SIZE: '2' }))).toContain("'x' is not a whole number");
  });

  it('the flag wins over the environment; no variables means the whole sweep', () => {
    expect(resolveShard('1/2', { SLURM_ARRAY_TASK_ID: '9' })).toMatchObject({ index: 1, count: 2 });
    expect(resolveShard(undefined, {})).toBeUndefined();
  });

  it('the N shards are disjoint and together hold every run', () => {
    fc.assert(
      fc.property(fc.nat({ max: 300 }), fc.integer({ min: 1, max: 12 }), (runs, n) => {
        const seen: number[] = [];
        for (let i = 1; i <= n; i++) seen.push(...runsOfShard(runs, { index: i, count: n, source: 't' }));
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: runs }, (_, r) => r));
      }),
      { numRuns: 100 },
    );
  });
});
