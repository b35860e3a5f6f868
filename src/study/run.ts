/**
 * Runs a whole study on N worker threads (piscina), or inline with one worker. Rows go out in
 * order; results are stored by row number, so the table (and every file written from it) is the
 * same for any worker count.
 */
import { Piscina } from 'piscina';
import { emptyTable, rowCount, runStudyInline, storeRow, type StudyConfig, type StudyTable } from './grid.ts';

const WORKER_ENTRY = new URL('./worker-entry.js', import.meta.url).href;

export interface StudyRunOptions {
  /** Worker threads; 1 runs in this thread. */
  readonly workers: number;
  /** Called as rows complete (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function runStudy(config: StudyConfig, opts: StudyRunOptions): Promise<StudyTable> {
  if (opts.workers <= 1) return runStudyInline(config, opts.onProgress);
  const total = rowCount(config);
  const table = emptyTable(config);
  const pool = new Piscina({
    filename: WORKER_ENTRY,
    minThreads: opts.workers,
    maxThreads: opts.workers,
    idleTimeout: 60_000,
    workerData: config,
  });
  let done = 0;
  try {
    const tasks: Promise<void>[] = [];
    for (let row = 0; row < total; row++) {
      tasks.push(
        (pool.run(row) as Promise<Float64Array>).then((values) => {
          storeRow(table, row, values);
          done += 1;
          opts.onProgress?.(done, total);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  return table;
}
