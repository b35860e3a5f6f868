/**
 * The worker side of the pool: imports the runner by module URL once, then runs chunks of runs
 * given by run index. Each worker holds the plan's points, so a task is just run numbers: the
 * worker finds the point (run / replicates), applies its values to a copy of the base, derives
 * the run seed from (sweep seed, run), and returns the metrics in the sweep's metric order.
 */
import { workerData } from 'node:worker_threads';
import type { Scalar } from './distributions.ts';
import { setPath } from './paths.ts';
import { importRunner, type MetricValue, type SweepRunner } from './runner.ts';
import { runSeed, type SweepSeed } from './seeds.ts';

export interface WorkerData {
  readonly runnerModule: string;
  readonly base: Record<string, unknown>;
  readonly metrics: readonly string[];
  readonly columns: readonly string[];
  readonly points: readonly (readonly Scalar[])[];
  readonly replicates: number;
  readonly sweepSeed: SweepSeed;
}

/** The runs of one chunk. */
export type RunTask = readonly number[];

export interface ChunkResult {
  readonly results: readonly (readonly [number, readonly MetricValue[]])[];
  /** Wall time the chunk took inside the worker (ms). */
  readonly ms: number;
}

let runnerPromise: Promise<SweepRunner> | undefined;

/** A metric value as the sweep records it; throws naming the run and metric otherwise. */
export function checkMetric(run: number, name: string, v: unknown): MetricValue {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && (Number.isFinite(v) || Number.isNaN(v))) return v;
  const shown = v === undefined ? 'no value' : typeof v === 'number' ? String(v) : `a ${typeof v}`;
  throw new Error(`run ${run}: metric ${name} is ${shown}: a runner must report a finite number, NaN or a bigint`);
}

export async function runChunk(runner: SweepRunner, data: WorkerData, runs: RunTask): Promise<ChunkResult> {
  const t0 = performance.now();
  const results: [number, MetricValue[]][] = [];
  for (const run of runs) {
    const values = data.points[Math.floor(run / data.replicates)];
    const config = structuredClone(data.base);
    for (let c = 0; c < data.columns.length; c++) setPath(config, data.columns[c], values[c]);
    const seed = runSeed(data.sweepSeed, run);
    let out: Record<string, MetricValue>;
    try {
      out = await runner.run(config, seed);
    } catch (e) {
      throw new Error(`run ${run} (seed ${seed}) failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    results.push([run, data.metrics.map((m) => checkMetric(run, m, out[m]))]);
  }
  return { results, ms: performance.now() - t0 };
}

export default async function handle(tasks: RunTask): Promise<ChunkResult> {
  const data = workerData as WorkerData;
  runnerPromise ??= importRunner(data.runnerModule);
  return runChunk(await runnerPromise, data, tasks);
}
