/**
 * Running a sweep: load and check everything (sweep file, runner, base, metrics, every point's
 * configuration) before the first run, then run what the journal does not hold yet on the
 * worker pool, journalling each result as it arrives, and finally write the CSVs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { JOURNAL_FILE, openJournal } from './journal.ts';
import { RESOLVED_FILE, RUNS_FILE, SUMMARY_FILE, runsCsv, summaryCsv, writeFileAtomic } from './output.ts';
import { applyAssignments } from './paths.ts';
import { assignmentsOf, buildPlan, describePoint, type SweepPlan } from './plan.ts';
import { createRunPool } from './pool.ts';
import { importRunner, runnerModuleUrl, sweepDirOf, type SweepRunner } from './runner.ts';
import { SweepFileError, parseSweepYaml, sweepToPlain, type SweepSpec } from './schema.ts';
import { runsOfShard, shardDirName, type Shard } from './shard.ts';
import type { RunTask } from './worker.ts';

export interface PreparedSweep {
  readonly spec: SweepSpec;
  readonly plan: SweepPlan;
  readonly runner: SweepRunner;
  readonly runnerModule: string;
  readonly base: Record<string, unknown>;
  /** The text of sweep.resolved.yaml. */
  readonly resolvedText: string;
}

export interface SweepProgress {
  /** Runs of this shard with a result (resumed ones included). */
  readonly done: number;
  readonly total: number;
  /** Of `done`, the runs found in the journal at the start. */
  readonly resumed: number;
}

export interface SweepOptions {
  readonly file: string;
  readonly outDir: string;
  readonly workers: number;
  readonly shard?: Shard | undefined;
  readonly onProgress?: ((p: SweepProgress) => void) | undefined;
}

export interface SweepOutcome {
  readonly dir: string;
  readonly runs: number;
  readonly resumed: number;
  readonly ran: number;
  readonly files: readonly string[];
}

/** Chunks aim at this much work per task, so the pool's overhead stays small for cheap runs. */
const TARGET_CHUNK_MS = 40;
const MAX_CHUNK = 256;

function readSweepFile(file: string): string {
  if (!existsSync(file)) throw new SweepFileError(`${file}: no such sweep file`);
  return readFileSync(file, 'utf8');
}

function loadBase(spec: SweepSpec, runner: SweepRunner, sweepDir: string): Record<string, unknown> {
  if (typeof spec.base !== 'string') return spec.base;
  const path = resolve(sweepDir, spec.base);
  if (!existsSync(path)) throw new SweepFileError(`base: no file at ${path}: give a path relative to the sweep file`);
  try {
    return runner.loadBase(path);
  } catch (e) {
    throw new SweepFileError(`base: ${path} could not be loaded: ${(e as Error).message}`);
  }
}

function checkMetrics(spec: SweepSpec, runner: SweepRunner): void {
  const bad = spec.metrics
    .map((m, i) => [m, i] as const)
    .filter(([m]) => !runner.metrics.includes(m))
    .map(([m, i]) => `metrics[${i}]: '${m}' is not a metric of the ${runner.name} runner`);
  if (bad.length > 0) throw new SweepFileError(`${bad.join('; ')}: choose from ${runner.metrics.join(', ')}`);
}

/** Every point's configuration, built and validated by the runner before any run. */
function checkPoints(plan: SweepPlan, runner: SweepRunner, base: Record<string, unknown>): void {
  const failures: string[] = [];
  let failing = 0;
  for (let p = 0; p < plan.pointCount; p++) {
    let problems: string[];
    try {
      problems = runner.validate(applyAssignments(base, assignmentsOf(plan, p)));
    } catch (e) {
      problems = [(e as Error).message];
    }
    if (problems.length > 0) {
      failing++;
      if (failures.length < 1) failures.push(`point ${p} (${describePoint(plan, p)}): ${problems.join('; ')}`);
    }
  }
  if (failing > 0) {
    const more = failing > failures.length ? ` (and ${failing - failures.length} more points)` : '';
    throw new SweepFileError(`the ${runner.name} runner refuses ${failures.join(' | ')}${more}`);
  }
}

/** Loads and checks a sweep file; nothing runs yet. */
export async function prepareSweep(file: string): Promise<PreparedSweep> {
  const original = parseSweepYaml(readSweepFile(file), file);
  const sweepDir = sweepDirOf(file);
  const runnerModule = runnerModuleUrl(original.runner, sweepDir);
  const runner = await importRunner(runnerModule);
  const base = loadBase(original, runner, sweepDir);
  const resolvedText = YAML.stringify(sweepToPlain(original, base), { lineWidth: 0 });
  // The plan is built from the resolved text, exactly as `sweep merge` rebuilds it.
  const spec = parseSweepYaml(resolvedText, RESOLVED_FILE);
  checkMetrics(spec, runner);
  const plan = buildPlan(spec);
  checkPoints(plan, runner, base);
  return { spec, plan, runner, runnerModule, base, resolvedText };
}

export function sweepFingerprint(resolvedText: string, shard: Shard | undefined): string {
  const h = createHash('sha256').update(resolvedText);
  h.update(shard ? `\u0000shard ${shard.index}/${shard.count}` : '\u0000whole');
  return h.digest('hex');
}

/** Runs a sweep (or its shard) to completion, resuming from the journal in its directory. */
export async function runSweep(opts: SweepOptions): Promise<SweepOutcome> {
  const prepared = await prepareSweep(opts.file);
  return runPrepared(prepared, opts);
}

export async function runPrepared(prepared: PreparedSweep, opts: SweepOptions): Promise<SweepOutcome> {
  const { plan } = prepared;
  const dir = opts.shard ? join(opts.outDir, shardDirName(opts.shard)) : opts.outDir;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, RESOLVED_FILE), prepared.resolvedText);
  const journal = openJournal(
    join(dir, JOURNAL_FILE),
    sweepFingerprint(prepared.resolvedText, opts.shard),
    plan.metrics.length,
    dir,
  );
  try {
    const mine = runsOfShard(plan.runCount, opts.shard);
    const mineSet = new Set(mine);
    for (const run of journal.done.keys()) {
      if (!mineSet.has(run)) throw new SweepFileError(`${dir}: the journal holds run ${run}, which is not in this sweep or shard`);
    }
    const todo = mine.filter((r) => !journal.done.has(r));
    const resumed = mine.length - todo.length;
    const progress = () => opts.onProgress?.({ done: journal.done.size, total: mine.length, resumed });
    progress();
    if (todo.length > 0) await runAll(prepared, Math.min(opts.workers, todo.length), todo, journal.append, progress);
    const files = [join(dir, RESOLVED_FILE), join(dir, RUNS_FILE)];
    writeFileAtomic(join(dir, RUNS_FILE), runsCsv(plan, mine, journal.done));
    if (!opts.shard) {
      writeFileAtomic(join(dir, SUMMARY_FILE), summaryCsv(plan, journal.done));
      files.push(join(dir, SUMMARY_FILE));
    }
    return { dir, runs: mine.length, resumed, ran: todo.length, files };
  } finally {
    journal.close();
  }
}

type Append = (results: readonly (readonly [number, readonly import('./runner.ts').MetricValue[]])[]) => void;

/** Runs `todo` on the pool, a bounded number of chunks in flight; the first failure stops it. */
async function runAll(prepared: PreparedSweep, workers: number, todo: readonly number[], append: Append, progress: () => void): Promise<void> {
  const { plan } = prepared;
  const pool = createRunPool(workers, {
    runnerModule: prepared.runnerModule,
    base: prepared.base,
    metrics: plan.metrics,
    columns: plan.columns,
    points: plan.points,
    replicates: plan.replicates,
    sweepSeed: plan.spec.seed,
  });
  const window = workers * 2;
  let msPerRun = Infinity; // unknown until the first chunk returns: start with single runs
  let next = 0;
  let active = 0;
  let failure: Error | undefined;
  const chunkSize = () => {
    const byTime = Number.isFinite(msPerRun) ? Math.floor(TARGET_CHUNK_MS / Math.max(msPerRun, 1e-3)) : 1;
    const byBalance = Math.ceil((todo.length - next) / (workers * 4));
    return Math.max(1, Math.min(MAX_CHUNK, byTime, byBalance));
  };
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      const launch = () => {
        while (failure === undefined && active < window && next < todo.length) {
          const chunk: RunTask = todo.slice(next, next + chunkSize());
          next += chunk.length;
          active++;
          pool.runChunk(chunk).then(
            (res) => {
              active--;
              append(res.results);
              const per = res.ms / Math.max(1, res.results.length);
              msPerRun = Number.isFinite(msPerRun) ? 0.8 * msPerRun + 0.2 * per : per;
              progress();
              launch();
            },
            (err: unknown) => {
              active--;
              failure ??= err instanceof Error ? err : new Error(String(err));
              launch();
            },
          );
        }
        if (active === 0) {
          if (failure !== undefined) rejectAll(failure);
          else if (next >= todo.length) resolveAll();
        }
      };
      launch();
    });
  } finally {
    await pool.close();
  }
}
