/**
 * Shards: `--shard I/N` (1 <= I <= N) runs the runs with run % N == I - 1, disjoint slices
 * whose union is the sweep. Round-robin rather than contiguous blocks, so that slow corners of
 * a grid are spread over all shards. Without the flag the shard comes from the environment:
 *   SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN, default 0) of SLURM_ARRAY_TASK_COUNT
 *   JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based) of TAOSIM_SHARD_COUNT
 *   AWS_BATCH_JOB_ARRAY_INDEX (0-based) of AWS_BATCH_JOB_ARRAY_SIZE
 */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /** Where it came from: '--shard' or the environment variables. */
  readonly source: string;
}

export const SHARD_COUNT_ENV = 'TAOSIM_SHARD_COUNT';

const WHOLE = /^\d+$/;

function whole(s: string): number | undefined {
  const t = s.trim();
  return WHOLE.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : undefined;
}

export function parseShardFlag(text: string): Shard {
  const m = /^\s*(\S+)\s*\/\s*(\S+)\s*$/.exec(text);
  const i = m ? whole(m[1]) : undefined;
  const n = m ? whole(m[2]) : undefined;
  if (i === undefined || n === undefined) {
    throw new ShardError(`--shard: '${text}' is not a shard: write I/N, e.g. 2/3 for the second of three shards`);
  }
  if (n < 1) throw new ShardError(`--shard: '${text}' has ${n} shards: N must be at least 1`);
  if (i < 1 || i > n) {
    throw new ShardError(`--shard: '${text}' is not allowed: shards count from 1, so give I/N with 1 <= I <= ${n}`);
  }
  return { index: i, count: n, source: '--shard' };
}

type Env = Readonly<Record<string, string | undefined>>;

function fromIndexAndCount(indexVar: string, countVar: string, env: Env, offset: number): Shard {
  const rawI = env[indexVar]!;
  const rawN = env[countVar];
  const what = `${indexVar}=${rawI}`;
  if (rawN === undefined || rawN.trim() === '') {
    throw new ShardError(`${what} is set but ${countVar} is not: set ${countVar} to the number of shards, or give --shard I/N`);
  }
  const i0 = whole(rawI);
  const n = whole(rawN);
  if (i0 === undefined) throw new ShardError(`${indexVar}: '${rawI}' is not a whole number`);
  if (n === undefined || n < 1) throw new ShardError(`${countVar}: '${rawN}' is not a shard count: give a whole number >= 1`);
  const i = i0 - offset;
  if (i < 0 || i >= n) {
    throw new ShardError(
      `${what}${offset ? ` (minus SLURM_ARRAY_TASK_MIN=${offset})` : ''} is outside 0..${n - 1} for ${countVar}=${n}: the array indices must run from 0 (or the minimum) with step 1`,
    );
  }
  return { index: i + 1, count: n, source: `${indexVar}/${countVar}` };
}

/** The shard given by a cluster's job-array variables, or undefined when none is set. */
export function shardFromEnv(env: Env): Shard | undefined {
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    let min = 0;
    if (env.SLURM_ARRAY_TASK_MIN !== undefined && env.SLURM_ARRAY_TASK_MIN !== '') {
      const m = whole(env.SLURM_ARRAY_TASK_MIN);
      if (m === undefined) throw new ShardError(`SLURM_ARRAY_TASK_MIN: '${env.SLURM_ARRAY_TASK_MIN}' is not a whole number`);
      min = m;
    }
    return fromIndexAndCount('SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', env, min);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    return fromIndexAndCount('JOB_COMPLETION_INDEX', SHARD_COUNT_ENV, env, 0);
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined && env.AWS_BATCH_JOB_ARRAY_INDEX !== '') {
    return fromIndexAndCount('AWS_BATCH_JOB_ARRAY_INDEX', 'AWS_BATCH_JOB_ARRAY_SIZE', env, 0);
  }
  return undefined;
}

/** The flag wins over the environment; undefined means the whole sweep. */
export function resolveShard(flag: string | undefined, env: Env): Shard | undefined {
  if (flag !== undefined) return parseShardFlag(flag);
  return shardFromEnv(env);
}

/** The runs of `shard` (all runs when undefined), ascending. */
export function runsOfShard(runCount: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  const step = shard ? shard.count : 1;
  for (let r = shard ? shard.index - 1 : 0; r < runCount; r += step) out.push(r);
  return out;
}

export function shardDirName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`;
}
