/**
 * The worker side of the study pool: the config arrives once as workerData; a task is one grid
 * row (major stake, W_H, replicate); the answer is its ratios and deviations over every W_C.
 * Each worker keeps its epoch memory and the last draws between tasks.
 */
import { workerData } from 'node:worker_threads';
import { createRowComputer, type StudyConfig } from './grid.ts';

const config = workerData as StudyConfig;
const computer = createRowComputer(config);

export default function runRow(row: number): Float64Array {
  return computer.compute(row, new Float64Array(2 * config.grid));
}
