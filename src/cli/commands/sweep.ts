/**
 * `taosim sweep FILE --out DIR [--workers N] [--shard I/N]` runs a Monte Carlo sweep;
 * `taosim sweep merge DIR... --out DIR` joins shard outputs. See docs/sweeps.md.
 */
import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import {
  JournalError,
  MergeError,
  ShardError,
  SweepFileError,
  mergeSweepDirs,
  prepareSweep,
  resolveShard,
  runPrepared,
  type SweepProgress,
} from '../../sweep/index.ts';
import { createProgress } from '../../io/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { integerFlag } from '../flags.ts';

interface SweepArgs {
  file: string;
  dirs?: string[];
  out?: string;
  workers?: string;
  shard?: string;
}

const MAX_WORKERS = 1024;

function asCliError(e: unknown): unknown {
  if (e instanceof SweepFileError || e instanceof ShardError || e instanceof JournalError || e instanceof MergeError) {
    return new CliError(e.message);
  }
  return e;
}


async function merge(args: SweepArgs, io: CliIO): Promise<void> {
  if (args.workers !== undefined || args.shard !== undefined) {
    throw new CliError('sweep merge: --workers and --shard do not apply to merge: give only DIR... --out DIR');
  }
  const dirs = args.dirs ?? [];
  if (dirs.length === 0) throw new CliError('sweep merge: name the shard directories to merge, e.g. taosim sweep merge out/shard-* --out out');
  const res = mergeSweepDirs(dirs, args.out!);
  io.out(`merged ${dirs.length} directories: ${res.runs} runs -> ${res.files.join(', ')}\n`);
}

async function run(args: SweepArgs, io: CliIO): Promise<void> {
  if ((args.dirs ?? []).length > 0) {
    throw new CliError(`sweep: unexpected argument(s) ${args.dirs!.join(' ')}: give one sweep file (or use taosim sweep merge DIR...)`);
  }
  const workers = args.workers === undefined ? availableParallelism() : integerFlag('workers', args.workers, 1);
  if (workers > MAX_WORKERS) throw new CliError(`--workers: ${workers} is too many: give at most ${MAX_WORKERS}`);
  const shard = resolveShard(args.shard, process.env);
  const prepared = await prepareSweep(args.file);
  const progress = createProgress(io.isTTY, 'sweep', { unit: 'runs', rateFromFirst: true });
  const bar = { update: (p: SweepProgress) => progress.update(p.done, p.total), stop: () => progress.stop() };
  const t0 = performance.now();
  let outcome;
  try {
    outcome = await runPrepared(prepared, { file: args.file, outDir: args.out!, workers, shard, onProgress: bar.update });
  } catch (e) {
    if (e instanceof Error && !(e instanceof SweepFileError) && !(e instanceof JournalError)) {
      throw new CliError(`${e.message} (completed runs are kept: rerun the same command to resume)`);
    }
    throw e;
  } finally {
    bar.stop();
  }
  const secs = (performance.now() - t0) / 1000;
  const where = shard ? ` (shard ${shard.index}/${shard.count} from ${shard.source})` : '';
  io.out(
    `sweep ${prepared.spec.name}${where}: ${outcome.runs} runs (${outcome.ran} run now, ${outcome.resumed} resumed) ` +
      `on ${workers} worker${workers === 1 ? '' : 's'} in ${secs.toFixed(1)} s -> ${outcome.files.join(', ')}\n`,
  );
}

export function sweepCommand(io: CliIO): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <file> [dirs..]',
    describe: 'Run a Monte Carlo sweep (FILE) on worker threads, or join shard outputs (merge DIR...)',
    builder: (y) =>
      y
        .positional('file', { type: 'string', describe: 'the sweep file (YAML), or merge', demandOption: true })
        .positional('dirs', { type: 'string', array: true, describe: 'with merge: the shard output directories' })
        .option('out', { type: 'string', demandOption: 'give --out DIR, the output directory', describe: 'output directory (resumes the sweep found there)' })
        .option('workers', { type: 'string', describe: 'worker threads (default: every core)' })
        .option('shard', { type: 'string', describe: 'run shard I of N (I/N, from 1); default from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX + TAOSIM_SHARD_COUNT or AWS_BATCH_JOB_ARRAY_INDEX' })
        .example('$0 sweep scenarios/sweeps/emission-recycling.yaml --out results/recycling', 'run on every core')
        .example('$0 sweep FILE --out results/x --shard 2/3', 'the second of three shards, into results/x/shard-2-of-3')
        .example('$0 sweep merge results/x/shard-* --out results/x', 'join the shards'),
    handler: async (args) => {
      try {
        if (args.file === 'merge') await merge(args, io);
        else await run(args, io);
      } catch (e) {
        throw asCliError(e);
      }
    },
  };
}
