/**
 * The sweep's files (docs/sweeps.md and OUTPUT-FORMATS.md):
 *   runs.csv     run, point, replicate, seed, <parameter columns>, <metric columns>
 *   summary.csv  point, <parameter columns>, metric, n, mean, sd, p5, p50, p95
 * Columns come from the plan (the sweep file), never from the data. Numbers are String(x)
 * (shortest round-trip form), bigints decimal, booleans true/false. Rows are in run / point
 * order, so the bytes do not depend on workers, shards or resumes.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Scalar } from './distributions.ts';
import type { MetricValue } from './runner.ts';
import { plannedRun, type SweepPlan } from './plan.ts';
import { summarize } from './stats.ts';

export const RUNS_FILE = 'runs.csv';
export const SUMMARY_FILE = 'summary.csv';
export const RESOLVED_FILE = 'sweep.resolved.yaml';

export function csvCell(v: Scalar | bigint): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(cells: readonly (Scalar | bigint)[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

export function runsHeader(plan: SweepPlan): string[] {
  return ['run', 'point', 'replicate', 'seed', ...plan.columns, ...plan.metrics];
}

export function summaryHeader(plan: SweepPlan): string[] {
  return ['point', ...plan.columns, 'metric', 'n', 'mean', 'sd', 'p5', 'p50', 'p95'];
}

/** runs.csv for `runs` (ascending run indices, each with results). */
export function runsCsv(plan: SweepPlan, runs: readonly number[], results: ReadonlyMap<number, readonly MetricValue[]>): string {
  const parts: string[] = [csvLine(runsHeader(plan))];
  for (const run of runs) {
    const r = plannedRun(plan, run);
    const values = results.get(run);
    if (values === undefined) throw new Error(`run ${run} has no result`);
    parts.push(csvLine([r.run, r.point, r.replicate, r.seed, ...plan.points[r.point], ...values]));
  }
  return parts.join('');
}

/** summary.csv over all runs of the plan (every run must have a result). */
export function summaryCsv(plan: SweepPlan, results: ReadonlyMap<number, readonly MetricValue[]>): string {
  const parts: string[] = [csvLine(summaryHeader(plan))];
  const column: number[] = new Array(plan.replicates);
  for (let p = 0; p < plan.pointCount; p++) {
    for (let m = 0; m < plan.metrics.length; m++) {
      for (let k = 0; k < plan.replicates; k++) {
        const values = results.get(p * plan.replicates + k);
        if (values === undefined) throw new Error(`run ${p * plan.replicates + k} has no result`);
        column[k] = Number(values[m]);
      }
      const s = summarize(column);
      parts.push(csvLine([p, ...plan.points[p], plan.metrics[m], s.n, s.mean, s.sd, s.p5, s.p50, s.p95]));
    }
  }
  return parts.join('');
}

/** Writes `<path>.tmp-<pid>` and renames it into place, so a reader never sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
