/**
 * The worker side of the pool: imports the runner by module URL once, then runs chunks of runs.
 * Each run applies its assignments to a copy of the base and returns its metrics in the
 * sweep's metric order.
 */
import { workerData } from 'node:worker_threads';
import { applyAssignments } from './paths.ts';
import { importRunner, type MetricValue, type SweepRunner } from './runner.ts';

export interface WorkerData {
  readonly runnerModule: string;
  readonly base: Record<string, unknown>;
  readonly metrics: readonly string[];
}

export interface RunTask {
  readonly run: number;
  readonly seed: number;
  readonly assignments: readonly (readonly [string, unknown])[];
}

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

export async function runChunk(runner: SweepRunner, data: WorkerData, tasks: readonly RunTask[]): Promise<ChunkResult> {
  const t0 = performance.now();
  const results: [number, MetricValue[]][] = [];
  for (const t of tasks) {
    const config = applyAssignments(data.base, t.assignments);
    let out: Record<string, MetricValue>;
    try {
      out = await runner.run(config, t.seed);
    } catch (e) {
      throw new Error(`run ${t.run} (seed ${t.seed}) failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    results.push([t.run, data.metrics.map((m) => checkMetric(t.run, m, out[m]))]);
  }
  return { results, ms: performance.now() - t0 };
}

export default async function handle(tasks: readonly RunTask[]): Promise<ChunkResult> {
  const data = workerData as WorkerData;
  runnerPromise ??= importRunner(data.runnerModule);
  return runChunk(await runnerPromise, data, tasks);
}
