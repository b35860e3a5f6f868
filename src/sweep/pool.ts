/**
 * A fixed pool of worker threads (piscina) running chunks of runs. Which worker runs which
 * chunk, and in which order chunks finish, never affects the output: results are keyed by run.
 */
import { Piscina } from 'piscina';
import type { ChunkResult, RunTask, WorkerData } from './worker.ts';

const WORKER_ENTRY = new URL('./worker-entry.js', import.meta.url).href;

export interface RunPool {
  runChunk(runs: RunTask): Promise<ChunkResult>;
  close(): Promise<void>;
}

export function createRunPool(workers: number, data: WorkerData): RunPool {
  const pool = new Piscina({
    filename: WORKER_ENTRY,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: data,
  });
  return {
    runChunk: (runs) => pool.run(runs) as Promise<ChunkResult>,
    close: () => pool.destroy(),
  };
}
